// unique: every item of a list, or a field of each item, is unique. Run through the real loader and
// engine (test/helpers/run-check.ts), as a rule would use it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../src/util/errors.ts';
import { runCheck } from '../helpers/run-check.ts';

const client = (uris: unknown) => ({ idps: [{ id: '0oa9', name: 'BI', redirect_uris: uris }] });
const uris = { field: 'okta.idps[0].redirect_uris', function: 'unique' };

test('a list of distinct values passes', () => {
  const r = runCheck(uris, client(['https://a.example/cb', 'https://b.example/cb']));
  assert.is(r.status, 'pass', r.reason);
});

test('a repeated value is named once, with the message id and data, pointing at the first repeat', () => {
  const r = runCheck(uris, client(['https://a.example/cb', 'x', 'https://a.example/cb', 'x', 'x']));
  assert.is(r.status, 'fail');
  assert.is(r.problems.length, 1);
  const p = r.problems[0];
  assert.is(p.messageId, 'repeated');
  assert.equal(p.data, { field: 'okta.idps[0].redirect_uris', repeated: '"https://a.example/cb", "x"', count: 2 });
  assert.is(p.detail, 'okta.idps[0].redirect_uris has "https://a.example/cb", "x" more than once');
  assert.is(p.pointer, '/okta/idps/0/redirect_uris/2');
});

test('objects compare by content, whatever the order of their keys', () => {
  const r = runCheck(uris, client([{ a: 1, b: 2 }, { b: 2, a: 1 }, { a: 2 }]));
  assert.is(r.problems[0]?.messageId, 'repeated');
  // named as repeated, where the pointer points
  assert.is(r.problems[0].data?.repeated, '{"b":2,"a":1}');
  assert.is(r.problems[0].pointer, '/okta/idps/0/redirect_uris/1');
  assert.is(runCheck(uris, client([{ a: 1 }, { a: 2 }])).status, 'pass');
});

test('by: a field of each item must be unique; items without it are not compared', () => {
  const check = { field: 'okta.idps', function: 'unique', options: { by: 'name' } };
  const idps = [
    { id: '1', name: 'Beyond Identity' },
    { id: '2', name: 'Other' },
    { id: '3' },
    { id: '4' },
    { id: '5', name: 'Beyond Identity' },
  ];
  const r = runCheck(check, { idps });
  assert.is(r.problems.length, 1);
  assert.is(r.problems[0].messageId, 'repeatedBy');
  assert.is(r.problems[0].detail, 'okta.idps has more than one item with name "Beyond Identity"');
  assert.is(r.problems[0].pointer, '/okta/idps/4');
  assert.is(runCheck(check, { idps: idps.slice(0, 4) }).status, 'pass');
});

test('a value that is not a list is reported, and a missing one too unless the check is optional', () => {
  const notList = runCheck(uris, client('https://a.example/cb'));
  assert.is(notList.problems[0].messageId, 'wrongType');
  assert.is(notList.problems[0].detail, 'okta.idps[0].redirect_uris is "https://a.example/cb", expected a list');
  const missing = runCheck(uris, { idps: [{ id: '0oa9' }] });
  assert.is(missing.problems[0].messageId, 'missing');
  assert.is(missing.problems[0].detail, 'okta.idps[0].redirect_uris is missing');
  assert.is(runCheck({ ...uris, optional: true }, { idps: [{ id: '0oa9' }] }).status, 'pass');
});

test('its options are validated when the rule loads', () => {
  try {
    runCheck({ ...uris, options: { key: 'name' } }, client([]));
    assert.unreachable('unknown option accepted');
  } catch (e) {
    assert.instance(e, InputError);
    assert.match((e as InputError).format(), /invalid options for unique: unknown key "key"/);
  }
});

test('a rule message may replace its words', () => {
  const r = runCheck({ ...uris, message: '{{field}} repeats itself' }, client(['a', 'a']));
  assert.is(r.problems[0].detail, 'okta.idps[0].redirect_uris repeats itself');
  assert.is(r.problems[0].messageId, 'repeated');
});

test.run();
