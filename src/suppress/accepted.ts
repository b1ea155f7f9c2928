import { plural } from '../util/text.js';
import type { RuleResult } from '../engine/types.js';
import { InputError } from '../util/errors.js';
import { readTextFile } from '../util/files.js';
import { locatePointers, parseJsonWithPosition } from '../util/json-position.js';
import { describeError, errorPointer, sortErrors, validator } from '../util/ajv.js';
import { displayPath } from '../util/pointer.js';
import { TOOL } from '../version.js';
import type { RunWarning } from '../util/warnings.js';

const ACCEPTED_FORMAT = 'okta-bi-lint/accepted@1';

/** One accepted finding. Only the fingerprint decides; the rest is there for a reviewer of the file. */
interface AcceptedEntry {
  fingerprint: string;
  ruleId: string;
  resource: string;
  level: string;
  message: string;
}

/** The accepted-findings file (schemas/accepted.schema.json). */
export interface AcceptedDoc {
  format: typeof ACCEPTED_FORMAT;
  tool?: { name: string; version: string };
  createdAt?: string;
  orgUrl?: string;
  snapshot?: { path: string; sha256: string };
  findings: AcceptedEntry[];
}

/**
 * The accepted-findings document for a run: every finding not already suppressed, sorted so that a
 * re-recorded file diffs cleanly in review.
 */
export function acceptedDocument(
  results: readonly RuleResult[],
  snapshot: { orgUrl: string; path: string; sha256: string },
  createdAt = new Date().toISOString(),
): AcceptedDoc {
  const entries: AcceptedEntry[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    for (const f of r.findings) {
      if (f.suppressed || seen.has(f.fingerprint)) continue;
      seen.add(f.fingerprint);
      entries.push({
        fingerprint: f.fingerprint,
        ruleId: f.ruleId,
        resource: f.resource.logical,
        level: f.level,
        message: f.message,
      });
    }
  }
  entries.sort((a, b) => cmp(a.ruleId, b.ruleId) || cmp(a.resource, b.resource) || cmp(a.fingerprint, b.fingerprint));
  return {
    format: ACCEPTED_FORMAT,
    tool: { name: TOOL.name, version: TOOL.version },
    createdAt,
    orgUrl: snapshot.orgUrl,
    snapshot: { path: snapshot.path, sha256: snapshot.sha256 },
    findings: entries,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The text of an accepted-findings file, as --write-accepted writes it. */
export function acceptedText(doc: AcceptedDoc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Reads and validates an accepted-findings file; an InputError with file, line and fix on bad input. */
export function loadAccepted(file: string): AcceptedDoc {
  const text = readTextFile(file, 'accepted-findings file');
  const parsed = parseJsonWithPosition(text);
  if ('error' in parsed) {
    throw new InputError(`accepted-findings file is not valid JSON: ${parsed.error}`, {
      file,
      ...parsed.position,
      hint: 'write it with okta-bi-lint check --write-accepted FILE',
    });
  }
  const doc = parsed.value as Record<string, unknown> | null;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || doc.format !== ACCEPTED_FORMAT) {
    const found = doc && typeof doc === 'object' && !Array.isArray(doc) ? doc.format : undefined;
    const pos = locatePointers(text, ['/format']).get('/format');
    throw new InputError(
      found === undefined
        ? 'not an accepted-findings file: "format" is missing'
        : `not an accepted-findings file: format is ${JSON.stringify(found)}`,
      {
        file,
        ...(pos ?? { line: 1, column: 1 }),
        hint: `expected "format": "${ACCEPTED_FORMAT}"; write one with okta-bi-lint check --write-accepted FILE`,
      },
    );
  }
  const validate = validator('accepted.schema.json');
  if (!validate(doc)) {
    const e = sortErrors(validate.errors ?? [])[0];
    const ptr = errorPointer(e);
    const pos = locatePointers(text, [ptr]).get(ptr);
    const { message, hint } = describeError(e, displayPath(ptr));
    throw new InputError(message, { file, ...pos, hint: hint ?? 'see schemas/accepted.schema.json' });
  }
  return doc as unknown as AcceptedDoc;
}

/**
 * Leaves out of the report every finding whose fingerprint the accepted file lists ("report only
 * what is new"). A rule left with no findings this way is `suppressed`, never `pass`: it did fail.
 * Returns how many findings were left out and how many accepted fingerprints no longer occur.
 */
export function applyAccepted(results: RuleResult[], doc: AcceptedDoc): { count: number; stale: number } {
  const accepted = new Set(doc.findings.map((f) => f.fingerprint));
  const hit = new Set<string>();
  let count = 0;
  for (const r of results) {
    if (r.findings.length === 0) continue;
    const kept = r.findings.filter((f) => {
      if (!accepted.has(f.fingerprint)) return true;
      hit.add(f.fingerprint);
      if (!f.suppressed) {
        return false;
      }
      return true;
    });
    const left = r.findings.length - kept.length;
    if (left === 0) continue;
    count += left;
    r.findings = kept;
    const what = `${plural(left, 'finding')} accepted`;
    if (r.status === 'fail') {
      if (kept.length === 0) {
        r.status = 'suppressed';
        r.reason = `every finding is accepted (${what})`;
      } else if (kept.every((f) => f.suppressed)) {
        r.status = 'suppressed';
        r.reason = `every finding is suppressed or accepted (${what})`;
      } else {
        r.reason = `${r.reason} (${what})`;
      }
    }
  }
  return { count, stale: [...accepted].filter((fp) => !hit.has(fp)).length };
}

/** A warning when an accepted-findings file was recorded for another org (its fingerprints cannot match). */
export function otherOrgWarning(doc: AcceptedDoc, file: string, orgUrl: string): RunWarning[] {
  if (!doc.orgUrl || stripSlash(doc.orgUrl) === stripSlash(orgUrl)) return [];
  return [
    {
      level: 'warning',
      file,
      message: `the accepted findings were recorded for ${doc.orgUrl}, not ${orgUrl}; their fingerprints will not match this org's findings`,
    },
  ];
}

function stripSlash(s: string): string {
  return s.replace(/\/+$/, '').toLowerCase();
}
