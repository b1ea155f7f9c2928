// Table-driven tests of the general check functions, run through a real Evaluation via a one-rule
// rule set, so the functions are exercised exactly as rules use them (value expressions included).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCheck as run } from './helpers/run-check.ts';

const idp = (fields: Record<string, unknown>) => ({ idps: [{ id: '0oa1', name: 'Beyond Identity', ...fields }] });

interface Case {
  name: string;
  check: Record<string, unknown>;
  data: Record<string, unknown>;
  /** problem details expected, exactly; [] means pass */
  details: string[];
}

const cases: Case[] = [
  // equals: case- and type-sensitive
  {
    name: 'equals passes on the same string',
    check: { field: 'idps[0].name', function: 'equals', options: { value: 'Beyond Identity' } },
    data: idp({}),
    details: [],
  },
  {
    name: 'equals is case-sensitive',
    check: { field: 'idps[0].v', function: 'equals', options: { value: 'true' } },
    data: idp({ v: 'True' }),
    details: ['idps[0].v is "True", expected "true" (the comparison is case-sensitive)'],
  },
  {
    name: 'equals compares objects by content, whatever the order of their keys',
    check: { field: 'idps[0].v', function: 'equals', options: { value: { literal: { a: 1, b: [1, 2] } } } },
    data: idp({ v: { b: [1, 2], a: 1 } }),
    details: [],
  },
  {
    name: 'equals tells objects of other content apart',
    check: { field: 'idps[0].v', function: 'equals', options: { value: { literal: { a: 1, b: [1, 2] } } } },
    data: idp({ v: { b: [2, 1], a: 1 } }),
    details: ['idps[0].v is {"b":[2,1],"a":1}, expected {"a":1,"b":[1,2]}'],
  },
  {
    name: 'equals is type-sensitive',
    check: { field: 'idps[0].v', function: 'equals', options: { value: 'true' } },
    data: idp({ v: true }),
    details: ['idps[0].v is true, expected "true" (a boolean, not a string)'],
  },
  {
    name: 'equals names whitespace',
    check: { field: 'idps[0].v', function: 'equals', options: { value: 'true' } },
    data: idp({ v: ' true' }),
    details: ['idps[0].v is " true", expected "true" (remove the leading space)'],
  },
  {
    name: 'equals names whitespace at both ends',
    check: { field: 'idps[0].v', function: 'equals', options: { value: 'true' } },
    data: idp({ v: '\ttrue  ' }),
    details: ['idps[0].v is "\\ttrue  ", expected "true" (remove the leading whitespace and trailing spaces)'],
  },
  {
    name: 'equals reports a missing value',
    check: { field: 'idps[0].v', function: 'equals', options: { value: 'x' } },
    data: idp({}),
    details: ['idps[0].v is missing, expected "x"'],
  },
  {
    name: 'equals caseInsensitive',
    check: { field: 'idps[0].v', function: 'equals', options: { value: 'Authorization', caseInsensitive: true } },
    data: idp({ v: 'authorization' }),
    details: [],
  },
  {
    name: 'equals reads expectations',
    check: { field: 'idps[0].v', function: 'equals', options: { value: { expect: 'okta.group' } } },
    data: idp({ v: 'Beyond identity' }),
    details: ['idps[0].v is "Beyond identity", expected "Beyond Identity" (the comparison is case-sensitive)'],
  },
  {
    name: 'equals with a template',
    check: {
      field: 'idps[0].v',
      function: 'equals',
      options: { value: { template: '${expect.beyondIdentity.issuer}/token' } },
    },
    data: idp({ v: 'https://auth.byndid.com/v2/token/' }),
    details: [
      'idps[0].v is "https://auth.byndid.com/v2/token/", expected "https://auth.byndid.com/v2/token" (remove the trailing slash)',
    ],
  },
  {
    name: 'optional field may be absent',
    check: { field: 'idps[0].v', function: 'equals', optional: true, options: { value: 'x' } },
    data: idp({}),
    details: [],
  },
  {
    name: 'wildcard over an empty list fails',
    check: { field: 'idps[0].list[*]', function: 'equals', options: { value: 'x' } },
    data: idp({ list: [] }),
    details: ['idps[0].list[*] is empty'],
  },
  {
    name: 'wildcard checks every item',
    check: { field: 'idps[0].list[*]', function: 'equals', options: { value: 'x' } },
    data: idp({ list: ['x', 'y'] }),
    details: ['idps[0].list[*] is "y", expected "x"'],
  },
  // oneOf
  {
    name: 'oneOf passes',
    check: { field: 'idps[0].v', function: 'oneOf', options: { values: ['a', 'b'] } },
    data: idp({ v: 'b' }),
    details: [],
  },
  {
    name: 'oneOf fails',
    check: { field: 'idps[0].v', function: 'oneOf', options: { values: ['a', 'b'] } },
    data: idp({ v: 'c' }),
    details: ['idps[0].v is "c", expected one of "a", "b"'],
  },
  {
    name: 'oneOf not',
    check: { field: 'idps[0].v', function: 'oneOf', options: { values: ['a'], not: true } },
    data: idp({ v: 'a' }),
    details: ['idps[0].v is "a", which it must not be'],
  },
  // sets
  {
    name: 'setEquals ignores order',
    check: { field: 'idps[0].s', function: 'setEquals', options: { value: ['a', 'b'] } },
    data: idp({ s: ['b', 'a'] }),
    details: [],
  },
  {
    name: 'setEquals names extra and missing',
    check: { field: 'idps[0].s', function: 'setEquals', options: { value: ['openid'] } },
    data: idp({ s: ['profile', 'email'] }),
    details: [
      'idps[0].s has "profile", "email", which are not expected and lacks "openid" (expected exactly ["openid"])',
    ],
  },
  {
    name: 'setEquals on a non-list',
    check: { field: 'idps[0].s', function: 'setEquals', options: { value: ['openid'] } },
    data: idp({ s: 'openid' }),
    details: ['idps[0].s is "openid", expected a list'],
  },
  {
    name: 'includes passes with extras',
    check: { field: 'idps[0].s', function: 'includes', options: { value: ['a'] } },
    data: idp({ s: ['a', 'z'] }),
    details: [],
  },
  {
    name: 'includes reports missing and extras at their level',
    check: { field: 'idps[0].s', function: 'includes', options: { value: ['a', 'b'], extraLevel: 'warning' } },
    data: idp({ s: ['a', 'z'] }),
    details: ['idps[0].s lacks "b"', 'idps[0].s also has "z", which is not expected'],
  },
  {
    name: 'excludes',
    check: { field: 'idps[0].s', function: 'excludes', options: { value: ['OKTA'] } },
    data: idp({ s: ['OKTA', 'x'] }),
    details: ['idps[0].s has "OKTA", which is not allowed'],
  },
  // pattern
  {
    name: 'pattern match',
    check: { field: 'idps[0].v', function: 'pattern', options: { match: '^0oa' } },
    data: idp({ v: '0oa123' }),
    details: [],
  },
  {
    name: 'pattern mismatch',
    check: { field: 'idps[0].v', function: 'pattern', options: { match: '^0oa' } },
    data: idp({ v: '00g1' }),
    details: ['idps[0].v is "00g1", which does not match /^0oa/'],
  },
  {
    name: 'pattern notMatch',
    check: { field: 'idps[0].v', function: 'pattern', options: { notMatch: '\\s' } },
    data: idp({ v: 'a b' }),
    details: ['idps[0].v is "a b", which must not match /\\s/'],
  },
  // url
  {
    name: 'url passes',
    check: {
      field: 'idps[0].u',
      function: 'url',
      options: { https: true, noWildcard: true, noQuery: true, noFragment: true, noTrailingSlash: true, path: '/cb' },
    },
    data: idp({ u: 'https://a.example.com/cb' }),
    details: [],
  },
  {
    name: 'url names every defect',
    check: {
      field: 'idps[0].u',
      function: 'url',
      options: { https: true, noWildcard: true, noQuery: true, noFragment: true, noTrailingSlash: true },
    },
    data: idp({ u: 'http://*.example.com/cb/?a=1#f' }),
    details: [
      'idps[0].u "http://*.example.com/cb/?a=1#f" has a wildcard, uses http, not https, has a query string, has a fragment, ends with a slash',
    ],
  },
  {
    name: 'url query and fragment',
    check: {
      field: 'idps[0].u',
      function: 'url',
      options: { https: true, noQuery: true, noFragment: true, noTrailingSlash: true },
    },
    data: idp({ u: 'http://a.example.com/cb/?a=1#f' }),
    details: [
      'idps[0].u "http://a.example.com/cb/?a=1#f" uses http, not https, has a query string, has a fragment, ends with a slash',
    ],
  },
  {
    name: 'url path',
    check: { field: 'idps[0].u', function: 'url', options: { path: '/oauth2/v1/authorize/callback' } },
    data: idp({ u: 'https://a.example.com/callback' }),
    details: [
      'idps[0].u "https://a.example.com/callback" has the path "/callback", not "/oauth2/v1/authorize/callback"',
    ],
  },
  // count
  {
    name: 'count equals',
    check: { field: 'idps[0].s', function: 'count', options: { equals: 1 } },
    data: idp({ s: [1, 2] }),
    details: ['idps[0].s has 2 items, expected exactly 1'],
  },
  {
    name: 'count min',
    check: { field: 'idps[0].s', function: 'count', options: { min: 1 } },
    data: idp({ s: [] }),
    details: ['idps[0].s has 0 items, expected at least 1'],
  },
  {
    name: 'count max 0',
    check: { field: 'idps[0].s', function: 'count', options: { max: 0 } },
    data: idp({ s: ['x'] }),
    details: ['idps[0].s is not empty (1 item)'],
  },
  {
    name: 'count missing, not optional',
    check: { field: 'idps[0].s', function: 'count', options: { max: 0 } },
    data: idp({}),
    details: ['idps[0].s is missing'],
  },
  // dateAfter (now = collectedAt 2026-11-29T10:00:00Z)
  {
    name: 'dateAfter future',
    check: { field: 'idps[0].d', function: 'dateAfter' },
    data: idp({ d: '2026-12-01T00:00:00.000Z' }),
    details: [],
  },
  {
    name: 'dateAfter past',
    check: { field: 'idps[0].d', function: 'dateAfter' },
    data: idp({ d: '2026-11-01T00:00:00.000Z' }),
    details: ['idps[0].d is "2026-11-01T00:00:00.000Z", which is not after 2026-11-29T10:00:00.000Z (expired)'],
  },
  {
    name: 'dateAfter not a date',
    check: { field: 'idps[0].d', function: 'dateAfter' },
    data: idp({ d: 'soon' }),
    details: ['idps[0].d is "soon", expected a date'],
  },
  // defined
  {
    name: 'defined null',
    check: { field: 'idps[0].d', function: 'defined' },
    data: idp({ d: null }),
    details: ['idps[0].d is null'],
  },
  // reference
  {
    name: 'reference found',
    check: { field: 'idps[0].refs', function: 'reference', options: { value: 'g1', itemField: 'id' } },
    data: idp({ refs: [{ id: 'g0' }, { id: 'g1' }] }),
    details: [],
  },
  {
    name: 'reference missing',
    check: {
      field: 'idps[0].refs',
      function: 'reference',
      options: { value: 'g1', itemField: 'id', noun: 'the group' },
    },
    data: idp({ refs: [{ id: 'g0' }] }),
    details: ['idps[0].refs does not include the group ("g1"); it has "g0"'],
  },
  {
    name: 'reference empty',
    check: {
      field: 'idps[0].refs',
      function: 'reference',
      options: { value: 'g1', itemField: 'id', noun: 'the group' },
    },
    data: idp({ refs: [] }),
    details: ['idps[0].refs is empty: the group ("g1") is not among them'],
  },
  // someItem
  {
    name: 'someItem with a passing candidate',
    check: {
      field: 'idps[0].m',
      function: 'someItem',
      options: {
        missing: 'none',
        where: [{ field: 'g', function: 'equals', options: { value: 1 } }],
        then: [{ field: 's', function: 'equals', options: { value: 'ACTIVE' } }],
      },
    },
    data: idp({
      m: [
        { g: 2, s: 'ERROR' },
        { g: 1, s: 'ACTIVE' },
      ],
    }),
    details: [],
  },
  {
    name: 'someItem reports the candidate problem',
    check: {
      field: 'idps[0].m',
      function: 'someItem',
      options: {
        missing: 'none',
        where: [{ field: 'g', function: 'equals', options: { value: 1 } }],
        then: [{ field: 's', function: 'equals', options: { value: 'ACTIVE' } }],
      },
    },
    data: idp({ m: [{ g: 1, s: 'ERROR' }] }),
    details: ['s is "ERROR", expected "ACTIVE"'],
  },
  {
    name: 'someItem with no candidate',
    check: {
      field: 'idps[0].m',
      function: 'someItem',
      options: {
        missing: 'no mapping for ${expect.okta.group}',
        where: [{ field: 'g', function: 'equals', options: { value: 1 } }],
      },
    },
    data: idp({ m: [{ g: 2 }] }),
    details: ['no mapping for Beyond Identity'],
  },
  // anyOf
  {
    name: 'anyOf passes when one holds',
    check: {
      function: 'anyOf',
      options: {
        checks: [
          { field: 'okta.idps[0].a', function: 'count', options: { min: 1 } },
          { field: 'okta.idps[0].b', function: 'count', options: { min: 1 } },
        ],
      },
    },
    data: idp({ a: [], b: [1] }),
    details: [],
  },
  {
    name: 'anyOf fails when none holds',
    check: {
      function: 'anyOf',
      options: {
        checks: [
          { field: 'okta.idps[0].a', function: 'count', options: { min: 1 } },
          { field: 'okta.idps[0].b', function: 'count', options: { min: 1 } },
        ],
      },
    },
    data: idp({ a: [] }),
    details: ['idps[0].a has 0 items, expected at least 1, and idps[0].b is missing'],
  },
  // exactlyOne
  {
    name: 'exactlyOne none',
    check: {
      function: 'exactlyOne',
      options: {
        of: [
          { label: 'A', from: 'idps[*]', where: [{ field: 'k', function: 'equals', options: { value: 'a' } }] },
          { label: 'B', from: 'idps[*]', where: [{ field: 'k', function: 'equals', options: { value: 'b' } }] },
        ],
        none: 'neither ({{mode}})',
        many: 'both {{live}}',
      },
    },
    data: idp({ k: 'c' }),
    details: ['neither (scim)'],
  },
  {
    name: 'exactlyOne many',
    check: {
      function: 'exactlyOne',
      options: {
        of: [
          { label: 'A', from: 'idps[*]' },
          { label: 'B', from: 'idps[*]' },
        ],
        none: 'neither',
        many: 'both {{live}}',
      },
    },
    data: idp({}),
    details: ['both A (identity provider "Beyond Identity" (0oa1)) and B (identity provider "Beyond Identity" (0oa1))'],
  },
  // noneMatch
  {
    name: 'noneMatch reports once with count and examples',
    check: {
      function: 'noneMatch',
      options: {
        from: 'idps[*]',
        where: [{ field: 'r', function: 'equals', options: { value: true } }],
        show: 'name',
        limit: 2,
        message: '{{count}}: {{examples}}',
      },
    },
    data: {
      idps: [
        { id: '1', name: 'a', r: true },
        { id: '2', name: 'b', r: false },
        { id: '3', name: 'c', r: true },
        { id: '4', name: 'd', r: true },
      ],
    },
    details: ['3: a, c, and 1 more'],
  },
];

for (const c of cases) {
  test(`${c.check.function}: ${c.name}`, () => {
    const check = { ...c.check, field: c.check.field ? `okta.${c.check.field}` : undefined };
    if (!check.field) delete check.field;
    const rewrite = (v: unknown): unknown =>
      JSON.parse(JSON.stringify(v).replace(/"from":"idps/g, '"from":"okta.idps'));
    const r = run(rewrite(check) as Record<string, unknown>, c.data);
    const details = r.findings.flatMap((f) => f.problems.map((p) => p.detail.replace(/okta\./g, '')));
    assert.equal(details, c.details, `${r.status}: ${r.reason}`);
    assert.is(r.status, c.details.length ? 'fail' : 'pass');
  });
}

test('lowest: a rule behind an earlier active one fails; inactive and system rules do not count', () => {
  const rules = [
    { id: 'r1', name: 'inactive', priority: 1, status: 'INACTIVE' },
    { id: 'r2', name: 'target', priority: 3, status: 'ACTIVE' },
    { id: 'r3', name: 'earlier', priority: 2, status: 'ACTIVE' },
    { id: 'r4', name: 'Default Rule', priority: 0, status: 'ACTIVE', system: true },
  ];
  const check = {
    field: 'okta.idps[0].rules[1]',
    function: 'lowest',
    options: {
      field: 'priority',
      noun: 'rule',
      where: [
        { field: 'status', function: 'equals', options: { value: 'ACTIVE' } },
        { field: 'system', function: 'oneOf', options: { values: [true], not: true } },
      ],
    },
  };
  const r = run(check, idp({ rules }));
  assert.equal(
    r.findings[0].problems.map((p) => p.detail),
    ['priority is 3, but the rule "earlier" (priority 2) comes first'],
  );
  rules[2].priority = 4;
  assert.is(run(check, idp({ rules })).status, 'pass');
});

test('a missing subject makes dependants not-evaluated, never pass', () => {
  const snapOkta = idp({});
  const r = run({ field: 'v', function: 'equals', options: { value: { subject: 'nothing', field: 'id' } } }, snapOkta);
  assert.is(r.status, 'not-evaluated');
});

test('first falls back to the next known value, and is not-evaluated when none is known', () => {
  const check = {
    field: 'okta.idps[0].v',
    function: 'equals',
    options: {
      value: { first: [{ expect: 'beyondIdentity.oidcClientId' }, { expect: 'okta.group' }], unknown: 'nothing known' },
    },
  };
  assert.is(run(check, idp({ v: 'Beyond Identity' })).status, 'pass');
  const none = {
    field: 'okta.idps[0].v',
    function: 'equals',
    options: { value: { first: [{ expect: 'beyondIdentity.oidcClientId' }], unknown: 'the client id is not known' } },
  };
  const r = run(none, idp({ v: 'x' }));
  assert.is(r.status, 'not-evaluated');
  assert.is(r.reason, 'the client id is not known');
});

test('a problem carries its message id and the data the message was rendered from', () => {
  const r = run({ field: 'okta.idps[0].name', function: 'equals', options: { value: 'beyond identity' } }, idp({}));
  const p = r.findings[0].problems[0];
  assert.is(p.messageId, 'mismatch');
  assert.equal(p.data, {
    field: 'okta.idps[0].name',
    found: '"Beyond Identity"',
    expected: '"beyond identity"',
    hint: ' (the comparison is case-sensitive)',
  });
  assert.is(
    p.detail,
    'okta.idps[0].name is "Beyond Identity", expected "beyond identity" (the comparison is case-sensitive)',
  );
  assert.is(r.findings[0].messageId, 'mismatch');
  assert.equal(r.findings[0].data, p.data);
  const missing = run({ field: 'okta.idps[0].gone', function: 'pattern', options: { match: 'x' } }, idp({}));
  assert.is(missing.findings[0].messageId, 'missing');
  assert.equal(missing.findings[0].data, { field: 'okta.idps[0].gone' });
});

test('a rule-worded message still renders, and the problem keeps the id of what was found', () => {
  const r = run(
    { field: 'okta.idps[0].name', function: 'equals', options: { value: 'x' }, message: 'named {{found}}{{hint}}' },
    idp({}),
  );
  const p = r.findings[0].problems[0];
  assert.is(p.detail, 'named "Beyond Identity"');
  assert.is(p.messageId, 'mismatch');
});

test.run();
