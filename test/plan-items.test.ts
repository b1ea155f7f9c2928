// The lists a plan's build writes into (src/plan/items.ts) leave holes where items are removed and
// keep their index, instead of shifting the list and indexing it again per removal. This test runs
// random sequences of the build's operations on them and on the plain array the build used before
// (splice, an index dropped by each removal and made again by the next lookup, findIndex): every
// lookup must find the same item, and the compacted list must be the same list. An app's assignment
// and push-mapping lists, rewritten one group at a time, must be what filtering a copy per step made.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Items, Rewritten } from '../src/plan/items.ts';

type V = Record<string, unknown>;

/** The former semantics. */
class Plain {
  private ix: Map<unknown, number> | undefined;
  constructor(readonly list: V[]) {}
  byId(id: unknown): number {
    if (typeof id !== 'string') return -1;
    if (!this.ix) {
      this.ix = new Map();
      for (const [i, o] of this.list.entries()) if (o && !this.ix.has(o.id)) this.ix.set(o.id, i);
    }
    return this.ix.get(id) ?? -1;
  }
  first(id: unknown): number {
    return this.list.findIndex((r) => r.id === id);
  }
  push(item: V, indexed: boolean): void {
    const at = this.list.push(item) - 1;
    if (indexed) this.ix?.set(item.id, at);
  }
  set(i: number, item: V): void {
    this.list[i] = item;
  }
  remove(i: number): void {
    this.list.splice(i, 1);
    this.ix = undefined;
  }
}

const test = suite('plan: the lists the build writes into');

for (const [name, pool] of [
  ['few ids, often twice, and items without one', ['a', 'b', 'c', 'd', undefined, 7]],
  ['many ids, mostly once', Array.from({ length: 40 }, (_, i) => `id${i}`)],
] as const) {
  for (const mode of ['byId', 'first'] as const) {
    test(`${name}: ${mode} finds what the plain list found, and compact() leaves the same list`, () => {
      // mulberry32: a seeded generator whose low bits are as random as its high ones
      let seed = 7;
      const rnd = (n: number) => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) % n;
      };
      const item = (): V => ({ id: pool[rnd(pool.length)], n: rnd(1000) });
      for (let run = 0; run < 2000; run++) {
        const start = Array.from({ length: rnd(8) }, item);
        const plain = new Plain([...start]);
        const items = new Items([...start]);
        const ops: string[] = [];
        const same = (what: string) => {
          const list = items.compact();
          assert.is(list.length, plain.list.length, `${what} after ${ops.join('; ')}`);
          for (let i = 0; i < list.length; i++) assert.ok(list[i] === plain.list[i], `${what} after ${ops.join('; ')}`);
        };
        for (let step = 0; step < 30; step++) {
          const id = pool[rnd(pool.length)];
          const op = rnd(5);
          // a section is searched by byId, a policy's rules by first: a list is searched one way
          const a = mode === 'byId' ? plain.byId(id) : plain.first(id);
          const b = mode === 'byId' ? items.byId(id) : items.first(id);
          ops.push(`${mode} ${String(id)}`);
          assert.ok((a < 0 ? undefined : plain.list[a]) === (b < 0 ? undefined : items.at(b)), ops.join('; '));
          if (op === 0) {
            const x = item();
            const indexed = mode === 'first' || rnd(4) > 0;
            plain.push(x, indexed);
            items.push(x, indexed);
            ops.push(`push ${String(x.id)}${indexed ? '' : ' unindexed'}`);
          } else if (op === 1 && a >= 0) {
            const x = rnd(2) ? { id: plain.list[a].id } : item();
            plain.set(a, x);
            items.set(b, x);
            ops.push(`set to ${String(x.id)}`);
          } else if (op === 2 && a >= 0) {
            plain.remove(a);
            items.remove(b);
            ops.push('remove');
          } else if (op === 3) {
            same('mid-way');
            ops.push('compact');
          }
        }
        same('at the end');
      }
    });
  }
}

test('a list rewritten one key at a time is the list that filtering a copy at each step made', () => {
  let seed = 11;
  const rnd = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const keys = ['g1', 'g2', 'g3', 'g4', undefined];
  for (let run = 0; run < 2000; run++) {
    const start: V[] = Array.from({ length: rnd(6) }, () => ({ id: keys[rnd(keys.length)], n: rnd(100) }));
    let plain = [...start];
    const rewritten = new Rewritten([...start], (e) => e.id);
    for (let step = 0; step < 20; step++) {
      const key = keys[rnd(keys.length)];
      const entry = rnd(3) ? { id: key, n: rnd(100) } : undefined;
      plain = plain.filter((e) => e.id !== key);
      if (entry) plain.push(entry);
      rewritten.step(key, entry);
    }
    const list = rewritten.list();
    assert.is(list.length, plain.length);
    for (let i = 0; i < list.length; i++) assert.ok(list[i] === plain[i]);
  }
});

test.run();
