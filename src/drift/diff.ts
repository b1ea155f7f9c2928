import { escapeSegment } from '../util/pointer.js';
import { jsonEqual } from '../util/json-equal.js';
import type { FieldChange } from './types.js';

/** A field change as the walk finds it: the FieldChange plus the key segments the level table reads. */
export interface RawChange extends FieldChange {
  keys: string[];
}

/** Where a resource is: its pointer, built only when a change needs it. */
export interface Place {
  readonly pointer: string;
}

const hasOwn = (o: object, k: string) => Object.hasOwn(o, k);

/**
 * Field-level differences between two versions of one resource, never by array position:
 *
 * - objects are compared key by key (key order never matters);
 * - arrays of scalars (scopes, redirect URIs, event types) are compared as sets and report the items
 *   added and removed; order and repetition never matter;
 * - arrays of objects that all carry a unique `id` are matched by id, and each pair is compared field
 *   by field (path `providers[0oa1x2].type`); elements with no partner are added or removed items;
 * - other arrays of objects are compared as multisets of their (ignore-filtered) values.
 *
 * `ignored` is asked about every field path on the way down; an ignored field is not compared and
 * not looked into.
 */
export function diffResource(
  before: unknown,
  after: unknown,
  baseline: Place,
  current: Place,
  ignored: (keys: readonly string[]) => boolean,
): RawChange[] {
  // Most resources of a snapshot are unchanged: proving it allocates nothing and asks no ignore
  // question. Only the few that differ at all (a volatile field counts here) are walked.
  if (jsonEqual(before, after)) return NONE;
  const w = new Walker(baseline, current, ignored);
  w.walk(before, after);
  return w.out;
}

/**
 * The walk keeps its place in stacks (key segments, display segments, pointer segments on each
 * side) and builds strings only for a change: most fields of most resources are equal, and a
 * snapshot can hold hundreds of thousands of resources.
 */
class Walker {
  readonly out: RawChange[] = [];
  private readonly keys: string[] = [];
  private readonly display: string[] = [];
  private readonly bSegs: (string | number)[] = [];
  private readonly cSegs: (string | number)[] = [];

  constructor(
    private readonly bBase: Place,
    private readonly cBase: Place,
    private readonly ignored: (keys: readonly string[]) => boolean,
  ) {}

  walk(b: unknown, c: unknown): void {
    if (b === c) return;
    if (isPlainObject(b) && isPlainObject(c)) {
      for (const k of Object.keys(b)) {
        const inC = hasOwn(c, k);
        const bv = b[k];
        if (inC && c[k] === bv) continue;
        if (!this.enter(k)) continue;
        if (!inC) {
          const before = this.strip(bv);
          if (!onlyIgnored(bv, before)) this.record({ before });
        } else {
          this.walk(bv, c[k]);
        }
        this.leave();
      }
      for (const k of Object.keys(c)) {
        if (hasOwn(b, k)) continue;
        if (!this.enter(k)) continue;
        const after = this.strip(c[k]);
        if (!onlyIgnored(c[k], after)) this.record({ after });
        this.leave();
      }
      return;
    }
    if (Array.isArray(b) && Array.isArray(c)) {
      this.array(b, c);
      return;
    }
    if (
      b === null ||
      c === null ||
      typeof b !== 'object' ||
      typeof c !== 'object' ||
      canonical(b, this.keys, this.ignored) !== canonical(c, this.keys, this.ignored)
    ) {
      this.record({ before: this.strip(b), after: this.strip(c) });
    }
  }

  /** Steps into field k; false (and no step) when the field is ignored. */
  private enter(k: string): boolean {
    this.keys.push(k);
    if (this.ignored(this.keys)) {
      this.keys.pop();
      return false;
    }
    this.display.push(k);
    this.bSegs.push(k);
    this.cSegs.push(k);
    return true;
  }

  private leave(): void {
    this.keys.pop();
    this.display.pop();
    this.bSegs.pop();
    this.cSegs.pop();
  }

  private record(
    values: { before?: unknown; after?: unknown; added?: unknown[]; removed?: unknown[] },
    cIndex?: number,
  ): void {
    const path = this.display.reduce((acc, seg) => (seg.startsWith('[') ? acc + seg : acc ? `${acc}.${seg}` : seg), '');
    const cSegs = cIndex === undefined ? this.cSegs : [...this.cSegs, cIndex];
    const change: RawChange = {
      keys: [...this.keys],
      path,
      currentPointer: this.cBase.pointer + cSegs.map((s) => `/${escapeSegment(s)}`).join(''),
      baselinePointer: this.bBase.pointer + this.bSegs.map((s) => `/${escapeSegment(s)}`).join(''),
    };
    if ('before' in values) change.before = values.before;
    if ('after' in values) change.after = values.after;
    if (values.added) change.added = values.added;
    if (values.removed) change.removed = values.removed;
    this.out.push(change);
  }

  private strip(v: unknown): unknown {
    return strip(v, this.keys, this.ignored);
  }

  private array(b: unknown[], c: unknown[]): void {
    if (b.every(isScalar) && c.every(isScalar)) {
      if (b.length === c.length && b.every((x, i) => x === c[i])) return;
      const inB = new Set(b);
      const inC = new Set(c);
      const added = unique(c.filter((x) => !inB.has(x)));
      const removed = unique(b.filter((x) => !inC.has(x)));
      if (added.length === 0 && removed.length === 0) return;
      this.record({ before: b, after: c, added, removed }, added.length ? c.indexOf(added[0]) : undefined);
      return;
    }
    const bIds = idIndex(b);
    const cIds = idIndex(c);
    if (bIds && cIds) {
      const added: unknown[] = [];
      const removed: unknown[] = [];
      let firstAdded: number | undefined;
      for (const [id, i] of bIds) {
        const j = cIds.get(id);
        if (j === undefined) {
          removed.push(this.strip(b[i]));
          continue;
        }
        this.display.push(`[${id}]`);
        this.bSegs.push(i);
        this.cSegs.push(j);
        this.walk(b[i], c[j]);
        this.display.pop();
        this.bSegs.pop();
        this.cSegs.pop();
      }
      for (const [id, j] of cIds) {
        if (bIds.has(id)) continue;
        firstAdded ??= j;
        added.push(this.strip(c[j]));
      }
      if (added.length || removed.length)
        this.record({ before: this.strip(b), after: this.strip(c), added, removed }, firstAdded);
      return;
    }
    // The same values in the same order (the usual case) need no canonical text.
    if (b.length === c.length && b.every((x, i) => jsonEqual(x, c[i]))) return;
    // No identity to match by: compare as multisets of values, with ignored fields left out.
    const count = new Map<string, number>();
    const bCanon = b.map((x) => canonical(x, this.keys, this.ignored));
    const cCanon = c.map((x) => canonical(x, this.keys, this.ignored));
    for (const s of bCanon) count.set(s, (count.get(s) ?? 0) + 1);
    const added: unknown[] = [];
    let firstAdded: number | undefined;
    cCanon.forEach((s, j) => {
      const n = count.get(s) ?? 0;
      if (n > 0) count.set(s, n - 1);
      else {
        firstAdded ??= j;
        added.push(this.strip(c[j]));
      }
    });
    const removed: unknown[] = [];
    bCanon.forEach((s, i) => {
      const n = count.get(s) ?? 0;
      if (n > 0) {
        count.set(s, n - 1);
        removed.push(this.strip(b[i]));
      }
    });
    if (added.length === 0 && removed.length === 0) return;
    this.record({ before: this.strip(b), after: this.strip(c), added, removed }, firstAdded);
  }
}

/** id -> index when every element is an object with a unique scalar id; undefined otherwise. */
function idIndex(list: unknown[]): Map<string, number> | undefined {
  const m = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (!isPlainObject(e) || !hasOwn(e, 'id')) return undefined;
    const id = e.id;
    if (typeof id !== 'string' && typeof id !== 'number') return undefined;
    const k = String(id);
    if (m.has(k)) return undefined;
    m.set(k, i);
  }
  return m;
}

const NONE: RawChange[] = [];
Object.freeze(NONE);

/** Structural equality, nothing ignored: enough to prove two values equal, cheaply. */
export function sameValue(a: unknown, b: unknown): boolean {
  return jsonEqual(a, b);
}

/** JSON with sorted keys and ignored fields left out: equal values have equal text. */
export function canonical(
  v: unknown,
  keys: string[] = [],
  ignored: (k: readonly string[]) => boolean = () => false,
): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x, keys, ignored)).join(',')}]`;
  const parts: string[] = [];
  for (const k of Object.keys(v).sort()) {
    if (ignored([...keys, k])) continue;
    parts.push(`${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k], [...keys, k], ignored)}`);
  }
  return `{${parts.join(',')}}`;
}

/** A copy of a value without its ignored fields, for the report (an added object's _links are noise). */
function strip(v: unknown, keys: string[], ignored: (k: readonly string[]) => boolean): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => strip(x, keys, ignored));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const path = [...keys, k];
    if (ignored(path)) continue;
    Object.defineProperty(out, k, {
      value: strip((v as Record<string, unknown>)[k], path, ignored),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** An object that had content, all of it ignored (`_embedded: {stats}`): its appearance is not a change. */
function onlyIgnored(original: unknown, stripped: unknown): boolean {
  return (
    isPlainObject(original) &&
    isPlainObject(stripped) &&
    Object.keys(original).length > 0 &&
    Object.keys(stripped).length === 0
  );
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
