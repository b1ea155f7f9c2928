import { UnknownValue } from './scope.js';

/**
 * A value that will be known only later (a Terraform plan's "known after apply"), kept in the
 * document at the place of the value so that no reader can take it for null, empty or absent:
 * `select` refuses to read beneath it and the evaluation turns every read of it into "not
 * evaluated" with its reason.
 */
export class Unknown {
  constructor(readonly reason: string) {}
  /** what a report prints, should the value ever be shown */
  toJSON(): string {
    return '(known after apply)';
  }
  toString(): string {
    return '(known after apply)';
  }
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/**
 * What the evaluation must know of a document built from a partial source (a Terraform plan):
 * where its unknown values lie, and which collections hold only part of what the org holds.
 */
export interface PartialFacts {
  /** JSON Pointers of every Unknown in the document, sorted */
  unknownPointers: readonly string[];
  /** collection pointer -> why its absent items prove nothing (a plan alone lists only what Terraform manages) */
  partial: ReadonlyMap<string, string>;
}

/**
 * Every pointer that is, or holds, an Unknown of `facts` (each unknown pointer and its ancestors),
 * computed once per document: a target that holds none, the usual case, is answered by one lookup.
 */
const holders = new WeakMap<PartialFacts, Set<string>>();
function holdersOf(facts: PartialFacts): Set<string> {
  let set = holders.get(facts);
  if (!set) {
    set = new Set();
    for (const p of facts.unknownPointers) {
      for (let q = p; q !== '' && !set.has(q); q = q.slice(0, q.lastIndexOf('/'))) set.add(q);
    }
    holders.set(facts, set);
  }
  return set;
}

/** The Unknown at or beneath `pointer`, if any. */
export function unknownWithin(
  facts: PartialFacts | undefined,
  doc: unknown,
  pointer: string,
  resolve: (doc: unknown, p: string) => unknown,
): Unknown | undefined {
  if (!facts || facts.unknownPointers.length === 0) return undefined;
  if (pointer !== '' && !holdersOf(facts).has(pointer)) return undefined;
  // the pointers that start with `pointer` are consecutive in the sorted list (binary search for the first)
  const ps = facts.unknownPointers;
  let lo = 0;
  let hi = ps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ps[mid] < pointer) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < ps.length && ps[i].startsWith(pointer); i++) {
    if (ps[i] !== pointer && ps[i][pointer.length] !== '/') continue;
    const v = resolve(doc, ps[i]);
    if (v instanceof Unknown) return v;
  }
  return undefined;
}

/** The first Unknown among the items of a list, if any. */
export function unknownInList(list: readonly unknown[]): Unknown | undefined {
  for (const x of list) if (x instanceof Unknown) return x;
  return undefined;
}

/** The reason a collection at `pointer`, or one it lies in, is partial. */
export function partialAt(facts: PartialFacts | undefined, pointer: string): string | undefined {
  if (!facts || facts.partial.size === 0) return undefined;
  let p = pointer;
  for (;;) {
    const r = facts.partial.get(p);
    if (r) return r;
    if (p === '') return undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

export function throwUnknown(u: Unknown): never {
  throw new UnknownValue(u.reason);
}
