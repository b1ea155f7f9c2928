/**
 * The collected snapshot written in pieces (src/collect/write.ts): the pieces join to exactly
 * JSON.stringify(doc, null, 2) and a newline, whatever the piece size, for every fixture snapshot
 * and for values JSON treats specially; every piece is scrubbed and cut right after a newline.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { listItems, snapshotPieces } from '../src/collect/write.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'snapshots');

function written(doc: unknown, pieceChars: number): string[] {
  return [...snapshotPieces(doc, undefined, pieceChars)];
}

test('every fixture snapshot: the pieces join to JSON.stringify(doc, null, 2) + newline, at any piece size', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
  assert.ok(files.length > 5);
  for (const f of files) {
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8'));
    const want = `${JSON.stringify(doc, null, 2)}\n`;
    for (const size of [1, 64, 4096, 1 << 20])
      assert.is(written(doc, size).join(''), want, `${f} in pieces of ${size}`);
  }
});

test('values JSON treats specially: undefined, functions, symbols, NaN, toJSON, empty containers, escapes', () => {
  const doc = {
    format: 'x',
    gone: undefined,
    fn: () => 1,
    okta: {
      orgUrl: 'https://acme.okta.com',
      users: [undefined, () => 1, Symbol('s'), Number.NaN, new Date(0), { toJSON: () => undefined }, 'a\nb\u2028"\\'],
      empty: {},
      none: [],
      allGone: { a: undefined },
      groupMembers: { g1: ['00u1', '00u2'], g2: [], g3: [[1, [2]], {}] },
      custom: { toJSON: () => ({ replaced: true }) },
    },
  };
  const want = `${JSON.stringify(doc, null, 2)}\n`;
  for (const size of [1, 7, 1 << 20]) assert.is(written(doc, size).join(''), want);
  assert.is(written([1, { a: [1, 2] }], 1).join(''), `${JSON.stringify([1, { a: [1, 2] }], null, 2)}\n`);
  assert.is(written('text', 1).join(''), '"text"\n');
});

test('a large list is cut into pieces, each after a newline, each scrubbed', () => {
  const users = Array.from({ length: 2000 }, (_, i) => ({ id: `00u${i}`, profile: { login: `u${i}@acme.com` } }));
  const doc = { format: 'f', okta: { orgUrl: 'https://acme.okta.com', users } };
  const scrubbed: string[] = [];
  const pieces = [
    ...snapshotPieces(
      doc,
      (s) => {
        scrubbed.push(s);
        return s.replaceAll('u1999@acme.com', '[REDACTED]');
      },
      4096,
    ),
  ];
  assert.ok(pieces.length > 20, `${pieces.length} pieces`);
  assert.is(scrubbed.length, pieces.length);
  for (const p of scrubbed.slice(0, -1)) assert.ok(p.endsWith('\n'), 'cut right after a newline');
  for (const p of pieces) assert.ok(p.length < 4096 + 200, 'about the piece size');
  const text = pieces.join('');
  assert.is(text, `${JSON.stringify(doc, null, 2)}\n`.replace('u1999@acme.com', '[REDACTED]'));
});

test('listItems counts the elements of the lists at the top of a snapshot', () => {
  const doc = {
    okta: { users: [1, 2, 3], apps: [{ x: [1, 2, 3, 4] }], groupMembers: { g: [1, 2], h: [3] } },
    beyondIdentity: { scimUsers: [1] },
  };
  assert.is(listItems(doc), 3 + 1 + 2 + 1 + 1);
  assert.is(listItems(null), 0);
});

test.run();
