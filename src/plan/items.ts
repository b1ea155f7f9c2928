type V = Record<string, unknown>;

/** The place of a removed item until the list is compacted. */
const HOLE: V = Object.freeze({});

/**
 * A list of the document a plan builds (a section, a policy's rules) whose items are found by
 * id. A removal leaves a hole instead of shifting every later item, and keeps the index instead
 * of dropping it to be made again: removing thousands of objects from a large org's list was a
 * shift and a scan of the whole list each. `compact()` closes the holes; positions that leave the
 * build (pointers, the final document) are read only after it.
 *
 * Lookups answer as before: `first(id)` as a scan of the live items does (findIndex), and
 * `byId(id)` as the section index the build used to keep: made by a lookup, then told of each
 * item appended while it existed, dropped by a removal and made again by the next lookup. The
 * index is kept equal to a fresh scan where it can be (every id once, no item written over with
 * another id); where it cannot, it is scanned again when a lookup needs it, as before.
 */
export class Items {
  private ix: Map<unknown, number> | undefined;
  /** ix is what a scan of the live items makes (by string id, for byId) */
  private fresh = false;
  /** no string id is held by two live items (known while fresh) */
  private unique = true;
  /** the former section index exists: made by a lookup, dropped by a removal */
  private held = false;
  private holes = 0;

  constructor(readonly list: V[]) {}

  private scan(): Map<unknown, number> {
    const ix = new Map<unknown, number>();
    let unique = true;
    for (let i = 0; i < this.list.length; i++) {
      const o = this.list[i];
      if (!o || o === HOLE) continue;
      if (!ix.has(o.id)) ix.set(o.id, i);
      else if (typeof o.id === 'string') unique = false;
    }
    this.ix = ix;
    this.fresh = true;
    this.unique = unique;
    return ix;
  }

  /** The slot of the item with this string id, as the section index finds it; -1 for none. */
  byId(id: unknown): number {
    if (typeof id !== 'string') return -1;
    const ix = this.held || this.fresh ? this.ix! : this.scan();
    this.held = true;
    return ix.get(id) ?? -1;
  }

  /** The slot of the first live item whose id is `id` (any value, as findIndex compares); -1 for none. */
  first(id: unknown): number {
    return ((this.fresh ? this.ix : undefined) ?? this.scan()).get(id) ?? -1;
  }

  at(i: number): V {
    return this.list[i];
  }

  /**
   * Appends an item; `indexed`: the section index learns of it while it exists (an object the
   * build writes), else it does not (what a deferral or an incomplete plan leaves).
   */
  push(item: V, indexed = true): number {
    const at = this.list.push(item) - 1;
    const ix = this.ix;
    if (!ix) return at;
    const id = item?.id;
    if (this.held) {
      if (indexed) {
        if (typeof id === 'string' && ix.has(id)) this.fresh = false;
        ix.set(id, at);
      } else if (typeof id === 'string') {
        if (!ix.has(id)) this.fresh = false;
        else this.unique = false;
      }
    } else if (this.fresh) {
      if (!ix.has(id)) ix.set(id, at);
      else if (typeof id === 'string') this.unique = false;
    }
    return at;
  }

  /** Writes over the item at a slot (the index is not told, as it never was). */
  set(i: number, item: V): void {
    const old = this.list[i];
    this.list[i] = item;
    if (old?.id !== item?.id) this.fresh = false;
  }

  /** Removes the item at a slot. */
  remove(i: number): void {
    const id = this.list[i]?.id;
    this.list[i] = HOLE;
    this.holes++;
    this.held = false;
    if (this.fresh && this.unique && typeof id === 'string' && this.ix!.get(id) === i) this.ix!.delete(id);
    else this.fresh = false;
  }

  /** Closes the holes; the list, whose positions are then the document's. */
  compact(): V[] {
    if (!this.holes) return this.list;
    const list = this.list;
    const moved = new Int32Array(list.length);
    let n = 0;
    for (let i = 0; i < list.length; i++) {
      moved[i] = list[i] === HOLE ? -1 : n;
      if (list[i] !== HOLE) list[n++] = list[i];
    }
    list.length = n;
    this.holes = 0;
    if (this.ix && !this.fresh && !this.held) this.ix = undefined;
    else if (this.ix)
      for (const [id, i] of this.ix) {
        if (moved[i] < 0) this.ix.delete(id);
        else this.ix.set(id, moved[i]);
      }
    return list;
  }
}

/**
 * A list rewritten one key at a time (an app's group assignments or push mappings, each resource
 * of the plan one group): each step drops every entry with the step's key and may append one.
 * The same list as filtering a copy at each step, without the copies: an app with thousands of
 * such resources was copied and filtered for each. Dropped entries leave holes; `list()` closes them.
 */
export class Rewritten {
  private readonly entries: unknown[];
  /** each key's entries, by place */
  private readonly places = new Map<unknown, number[]>();

  /** `entries`: the list's entries, a copy this takes over */
  constructor(
    entries: unknown[],
    private readonly keyOf: (entry: V) => unknown,
  ) {
    this.entries = entries;
    for (let i = 0; i < this.entries.length; i++) this.note(i);
  }

  private note(i: number): void {
    const key = this.keyOf(this.entries[i] as V);
    const at = this.places.get(key);
    if (at) at.push(i);
    else this.places.set(key, [i]);
  }

  /** Drops the entries whose key is `key`, then appends `entry` if given. */
  step(key: unknown, entry?: V): void {
    for (const i of this.places.get(key) ?? []) this.entries[i] = HOLE;
    this.places.delete(key);
    if (entry !== undefined) this.note(this.entries.push(entry) - 1);
  }

  list(): unknown[] {
    return this.entries.filter((e) => e !== HOLE);
  }
}
