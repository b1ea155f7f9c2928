/**
 * Where a plan's unknown values lie (src/engine/unknown.ts): the Unknown at or beneath a pointer,
 * found among sorted pointers whatever characters the keys hold, and the first Unknown of a list.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Unknown, unknownInList, unknownWithin, type PartialFacts } from '../src/engine/unknown.js';
import { resolvePointer } from '../src/util/pointer.js';

function factsOf(pointers: string[]): PartialFacts {
  return { unknownPointers: [...pointers].sort(), partial: new Map() };
}

test('unknownWithin: at the pointer, beneath it, never beside it', () => {
  const u = new Unknown('known after apply');
  // "x-y" and "x.y" sort between "x" and "x/": the search must not stop at them
  const doc = { a: { 'x-y': { v: 1 }, 'x.y': { v: 2 }, x: { b: u }, xz: { c: 3 } } };
  const facts = factsOf(['/a/x/b', '/a/x-y/v', '/a/x.y/v']);
  assert.is(unknownWithin(facts, doc, '/a/x', resolvePointer), u);
  assert.is(unknownWithin(facts, doc, '/a/x/b', resolvePointer), u);
  assert.is(unknownWithin(facts, doc, '/a', resolvePointer), u);
  assert.is(unknownWithin(facts, doc, '', resolvePointer), u);
  assert.is(unknownWithin(facts, doc, '/a/xz', resolvePointer), undefined);
  // listed, but no longer an Unknown in the document
  assert.is(unknownWithin(facts, doc, '/a/x-y', resolvePointer), undefined);
  assert.is(unknownWithin(undefined, doc, '/a/x', resolvePointer), undefined);
  assert.is(unknownWithin(factsOf([]), doc, '/a/x', resolvePointer), undefined);
});

test('unknownInList: the first Unknown of a list, or undefined', () => {
  const u = new Unknown('id of a new group');
  assert.is(unknownInList(['00g1', u, new Unknown('other')]), u);
  assert.is(unknownInList(['00g1', '00g2']), undefined);
  assert.is(unknownInList([]), undefined);
  const list: unknown[] = ['00g1'];
  assert.is(unknownInList(list), undefined);
  assert.is(unknownInList(list), undefined, 'asked again, the same answer');
});

test.run();
