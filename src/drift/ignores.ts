import type { DriftIgnoreSpec, LoadedConfig } from '../config/load.js';
import type { RunWarning } from '../util/warnings.js';
import { getOwn } from '../util/pointer.js';
import { typeSpec } from './table.js';
import { valuesOf, type Resources } from './inventory.js';

/**
 * Fields that change without anyone changing the configuration: timestamps the APIs maintain,
 * HAL links, statistics. They are ignored by default, at any depth of any resource, by key name.
 * (The snapshot's own collectedAt and collector are not part of any resource.)
 */
export const VOLATILE_KEYS: readonly string[] = [
  'lastUpdated',
  'created',
  'lastMembershipUpdated',
  '_links',
  'expiresAt',
  'statistics',
  'lastPush',
  'lastLogin',
  'lastVerified',
  'passwordChanged',
  'statusChanged',
  'activated',
  'date_created',
  'date_modified',
  'create_time',
  'update_time',
  'lastModified',
];

const volatileKeys = new Set(VOLATILE_KEYS);

interface Compiled {
  spec: DriftIgnoreSpec;
  index: number;
  /** undefined: the whole resource type */
  segs?: string[];
}

/**
 * The ignore list of one comparison: the volatile fields, plus `drift.ignore` from the expectations
 * file (by resource type, `*` for every type, and a dotted field path where `*` is one segment and
 * `**` any number; a path covers everything beneath it).
 */
export class Ignores {
  private readonly byType = new Map<string, Compiled[]>();
  private readonly wholeTypes = new Set<string>();
  private readonly all: Compiled[];

  constructor(specs: readonly DriftIgnoreSpec[] = []) {
    this.all = specs.map((spec, index) => ({
      spec,
      index,
      segs: spec.path === undefined || spec.path === '' || spec.path === '**' ? undefined : segments(spec.path),
    }));
    for (const c of this.all) {
      if (!c.segs) {
        this.wholeTypes.add(c.spec.type);
        continue;
      }
      const list = this.byType.get(c.spec.type) ?? [];
      list.push(c);
      this.byType.set(c.spec.type, list);
    }
  }

  /** Is the whole resource type ignored? */
  typeIgnored(type: string): boolean {
    return this.wholeTypes.has(type) || this.wholeTypes.has('*');
  }

  /** A matcher for the field paths of one type; called with the key segments of every field visited. */
  forType(type: string): (keys: readonly string[]) => boolean {
    const own = [...(this.byType.get(type) ?? []), ...(this.byType.get('*') ?? [])];
    return (keys) => {
      const n = keys.length;
      if (n === 0) return false;
      if (volatileKeys.has(keys[n - 1])) return true;
      if (n >= 2 && keys[n - 2] === '_embedded' && keys[n - 1] === 'stats') return true;
      for (const c of own) if (globMatch(c.segs!, keys)) return true;
      return false;
    };
  }

  /**
   * One warning per configured ignore that matches nothing: a path that no resource of its type has
   * in either snapshot (a typo, or a field the API no longer returns), or a type with no resource.
   * Types whose section was not compared are left out: absence there proves nothing.
   */
  unused(
    resources: readonly Resources[],
    comparedTypes: ReadonlySet<string>,
    config: LoadedConfig | undefined,
  ): RunWarning[] {
    const warnings: RunWarning[] = [];
    for (const c of this.all) {
      const types = c.spec.type === '*' ? [...comparedTypes] : [c.spec.type];
      if (!types.some((t) => comparedTypes.has(t))) continue;
      const values = types.flatMap((t) => resources.flatMap((m) => valuesOf(m, t)));
      const found = c.segs ? values.some((v) => pathExists(v, c.segs!, 0)) : values.length > 0;
      if (found) continue;
      const pos = config?.yaml?.locate(`/drift/ignore/${c.index}`);
      const what = c.spec.type === '*' ? 'any resource' : `any ${typeSpec(c.spec.type).noun}`;
      const message = c.segs
        ? `drift.ignore[${c.index}] (${c.spec.type}: ${c.spec.path}) matches no field of ${what} in either snapshot; check ` +
          `the path (dotted API field names, e.g. protocol.credentials.client.client_id; * is one segment, ** any number)`
        : `drift.ignore[${c.index}] (${c.spec.type}) matches nothing: neither snapshot has ${what}`;
      warnings.push({ level: 'warning', message, file: config?.file, ...pos });
    }
    return warnings;
  }
}

/** A path's segments, with runs of ** merged (a.**.**.b means a.**.b) so that matching stays cheap. */
function segments(path: string): string[] {
  return path.split('.').filter((s, i, all) => !(s === '**' && all[i - 1] === '**'));
}

/**
 * Glob match of a pattern's segments against a path's key segments: `*` one segment, `**` any
 * number. The classic wildcard algorithm that retries only from the last `**`: time proportional
 * to the product of the two lengths at worst, where recursion at every `**` was exponential in
 * their number (a config's "**.**.**.…" stalled drift).
 */
function globMatch(pat: readonly string[], keys: readonly string[]): boolean {
  let i = 0;
  let j = 0;
  let star = -1;
  let starKey = 0;
  while (j < keys.length) {
    if (i < pat.length && pat[i] === '**') {
      star = i++;
      starKey = j;
    } else if (i < pat.length && (pat[i] === '*' || pat[i] === keys[j])) {
      i++;
      j++;
    } else if (star >= 0) {
      i = star + 1;
      j = ++starKey;
    } else {
      return false;
    }
  }
  while (i < pat.length && pat[i] === '**') i++;
  // The pattern is consumed: it names this field (the walk stops here, so everything beneath is covered).
  return i === pat.length;
}

/**
 * Does any value exist at the pattern's path? Arrays are looked through, as field paths never name
 * an index. Each (value, segment) pair is tried once, so a pattern with many `**` costs at most
 * the document's size times the pattern's length.
 */
function pathExists(v: unknown, pat: readonly string[], i: number, tried = new Map<object, Set<number>>()): boolean {
  if (i === pat.length) return v !== undefined;
  if (v === null || typeof v !== 'object') return false;
  let seen = tried.get(v);
  if (!seen) tried.set(v, (seen = new Set()));
  if (seen.has(i)) return false;
  seen.add(i);
  if (Array.isArray(v)) return v.some((e) => pathExists(e, pat, i, tried));
  const p = pat[i];
  if (p === '**')
    return pathExists(v, pat, i + 1, tried) || Object.keys(v).some((k) => pathExists(getOwn(v, k), pat, i, tried));
  if (p === '*') return Object.keys(v).some((k) => pathExists(getOwn(v, k), pat, i + 1, tried));
  return pathExists(getOwn(v, p), pat, i + 1, tried);
}
