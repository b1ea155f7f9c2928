/**
 * The last line of redaction (layer 4 of redact.ts): secretlint's recommended rule set, a
 * maintained catalogue of credential formats (cloud keys, chat and webhook tokens, private keys,
 * basic-auth URLs, …), over every string of a collected snapshot before it is written. In its own
 * module so that only `collect` loads it.
 */
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { childPath, note, REDACTED, type RedactStats } from './redact.js';

/** Every string of a document with where it sits, for a scan over all of them. */
interface Site {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  path: string;
  start: number;
}

function stringSites(root: unknown): { sites: Site[]; text: string } {
  const sites: Site[] = [];
  const parts: string[] = [];
  let offset = 0;
  const visit = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        if (typeof x === 'string') add(v, i, childPath(path, i), x);
        else visit(x, childPath(path, i));
      });
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[k];
        if (typeof x === 'string') add(v as Record<string, unknown>, k, childPath(path, k), x);
        else visit(x, childPath(path, k));
      }
    }
  };
  const add = (holder: Site['holder'], key: string | number, path: string, s: string): void => {
    if (s.length < 8 || s === REDACTED) return; // no secret is that short
    sites.push({ holder, key, path, start: offset });
    parts.push(s);
    offset += s.length + 1;
  };
  visit(root, '');
  return { sites, text: parts.join('\n') };
}

/**
 * Layer 4: secretlint's recommended rules over every string of `doc` (changed in place). A string
 * any rule flags is replaced whole. The strings are scanned as one text, one per line, so the cost
 * is one secretlint run, not one per string.
 */
export async function scanWithSecretlint(doc: object, stats: RedactStats): Promise<void> {
  const { sites, text } = stringSites(doc);
  if (sites.length === 0) return;
  const result = await lintSource({
    source: { content: text, filePath: 'snapshot.txt', ext: '.txt', contentType: 'text' },
    options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] } },
  });
  const hit = new Set<Site>();
  for (const m of result.messages) {
    const [from, to] = m.range;
    // the sites a flagged range overlaps (binary search for the first)
    let lo = 0;
    let hi = sites.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sites[mid].start <= from) lo = mid;
      else hi = mid - 1;
    }
    for (let i = lo; i < sites.length && sites[i].start < Math.max(to, from + 1); i++) hit.add(sites[i]);
  }
  for (const s of hit) {
    (s.holder as Record<string | number, unknown>)[s.key] = REDACTED;
    note(stats, s.path);
  }
}
