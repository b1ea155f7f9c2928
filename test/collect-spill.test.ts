/**
 * The lists a collection keeps on disk once large (src/collect/spill.ts): what goes in comes back
 * in order, batch after batch, each item finished with its index; the writer lays such a list out
 * byte for byte as the array it stands for; and the set of user ids keeps exactly the strings apart
 * that a Set<string> does.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IdSet, ItemList, ListMaker } from '../src/collect/spill.js';
import { snapshotPieces } from '../src/collect/write.js';

const user = (i: number) => ({
  id: `00u${i.toString(36).padStart(13, '0')}a1d7`,
  status: i % 7 === 0 ? 'SUSPENDED' : 'ACTIVE',
  profile: { login: `user${i}@acme.com`, note: i % 1000 === 0 ? 'é\n"\\\u2028\u0000' : undefined, n: [i, null] },
});

test('a small list stays an array, as read', async () => {
  const list = new ItemList('okta.users', 3);
  await list.add([user(1), user(2)]);
  const done = await list.end();
  assert.ok(Array.isArray(done));
  assert.equal(done, [user(1), user(2)]);
  assert.is(list.length, 2);
  list.dispose();
});

test('a large list goes to disk in batches, each item finished with its index, and comes back in order', async () => {
  const batches: Array<[number, number]> = [];
  const list = new ItemList('okta.users', 5, async (items, from) => {
    batches.push([from, items.length]);
    return items.map((u, k) => ({ ...(u as object), at: from + k }));
  });
  const n = 25_003;
  for (let i = 0; i < n; i += 200) await list.add(Array.from({ length: Math.min(200, n - i) }, (_, k) => user(i + k)));
  const done = await list.end();
  assert.ok(done === list, 'the list itself, on disk');
  assert.is(list.length, n);
  assert.equal(
    batches.map(([from]) => from),
    [0, 10_000, 20_000],
  );
  assert.is(
    batches.reduce((s, [, k]) => s + k, 0),
    n,
  );
  const want = Array.from({ length: n }, (_, i) => JSON.parse(JSON.stringify({ ...user(i), at: i })));
  assert.equal([...list.items()], want);
  assert.equal(
    [...list.texts()],
    want.map((u) => JSON.stringify(u, null, 2)),
  );
  assert.throws(() => JSON.stringify(list), /okta\.users is kept in a temporary file/);
  list.dispose();
  assert.equal([...list.texts()], [], 'disposed: the file is gone');
});

test('the writer lays a list on disk out byte for byte as the array it stands for, at any piece size', async () => {
  const users = Array.from({ length: 3000 }, (_, i) => user(i));
  const ids = users.map((u) => u.id);
  const lists = new ListMaker(0, () => async (items) => items);
  const onDisk = lists.list(['okta', 'users']);
  const idsOnDisk = lists.list(['okta', 'groupMembers', '00g1']);
  const scim = lists.list(['beyondIdentity', 'scimUsers']);
  await onDisk.add(users);
  await idsOnDisk.add(ids);
  await scim.add([{ id: 'a', emails: [{ value: 'a@acme.com' }] }, null]);
  const doc = (u: unknown, g: unknown, s: unknown) => ({
    format: 'okta-bi-lint/snapshot@1',
    okta: { orgUrl: 'https://acme.okta.com', users: u, groupMembers: { '00g1': g, '00g2': [] } },
    beyondIdentity: { platform: 'secure-workforce', scimUsers: s },
    gaps: [],
  });
  const want = `${JSON.stringify(doc(users, ids, [{ id: 'a', emails: [{ value: 'a@acme.com' }] }, null]), null, 2)}\n`;
  const spilled = doc(await onDisk.end(), await idsOnDisk.end(), await scim.end());
  for (const size of [1, 4096, 1 << 16]) assert.is([...snapshotPieces(spilled, undefined, size)].join(''), want);
  lists.dispose();
});

test('IdSet keeps apart exactly what a Set<string> does: long ids, non-ASCII, unpaired surrogates, the empty id', () => {
  const ids = new IdSet();
  const set = new Set<string>();
  const tricky = [
    '',
    'a',
    'é',
    'e\u0301',
    '\uD800',
    '\uD801',
    '\uDC00',
    '\uD800\uDC00',
    '😀',
    'x'.repeat(300),
    'x'.repeat(301),
  ];
  const all: string[] = [...tricky, ...tricky];
  for (let i = 0; i < 50_000; i++) all.push(`00u${(i * 7919) % 30_011}`, `id-${i % 777}-é`);
  for (const id of all) assert.is(ids.add(id), !set.has(id) && Boolean(set.add(id)), JSON.stringify(id));
  for (const id of tricky) assert.is(ids.add(id), false);
});

test.run();
