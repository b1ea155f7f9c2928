// The loader keeps of each user only the members rules may read (engine/members-read.ts), whether
// the snapshot is read as one text or in pieces (where the other members are skipped unparsed).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadSnapshot } from '../src/snapshot/load.js';
import { loadRules } from '../src/engine/load-rules.js';
import { userMembersRead } from '../src/engine/members-read.js';
import { runCliAsync, tempDir } from './helpers/cli.js';
import type { Rule } from '../src/engine/types.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'snapshots');

/** users-clean.json with each user grown to a full Okta user (as GET /api/v1/users returns it). */
function fullUsers(): Record<string, any> {
  const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'users-clean.json'), 'utf8'));
  doc.okta.users = doc.okta.users.map((u: Record<string, unknown>, i: number) => ({
    ...u,
    created: '2025-06-26T15:51:35.000Z',
    lastLogin: i === 1 ? '2020-01-01T00:00:00.000Z' : '2026-11-20T08:00:00.000Z',
    passwordChanged: null,
    credentials: { provider: { type: 'FEDERATION', name: 'FEDERATION' } },
    _links: { self: { href: `https://acme.okta.com/api/v1/users/${u.id}` } },
  }));
  return doc;
}

const builtin = (): readonly Rule[] => loadRules([]);

test('the built-in rules read a user id, status and profile, and never its _links or lastLogin', () => {
  const members = userMembersRead(builtin());
  assert.ok(members);
  for (const m of ['id', 'status', 'profile', 'externalId']) assert.ok(members.has(m), m);
  for (const m of ['_links', 'lastLogin', 'passwordChanged']) assert.not.ok(members.has(m), m);
  // words of rules that never reach a user (an app's credentials, an IdP's type) are not kept
  for (const m of ['type', 'created', 'credentials', 'active']) assert.not.ok(members.has(m), m);
});

/** A rule of the built-in shape with `then` and `defines` replaced. */
function ruleWith(id: string, then: unknown[], defines?: Record<string, unknown>): Rule {
  return { ...builtin()[0], id, requires: [], then, defines, subject: undefined } as unknown as Rule;
}

test('only the words of a rule that may reach a user are kept', () => {
  const lastLogin = [{ field: 'lastLogin', function: 'defined' }];
  // prose that says "users" reaches none
  const prose = { ...ruleWith('a/prose', lastLogin), description: 'new users. users are never enrolled' };
  assert.not.ok(userMembersRead([prose])!.has('lastLogin'));
  // a path through a per-user section, in any option, does
  const viaPath = ruleWith('a/path', [
    { function: 'noneMatch', options: { from: 'beyondIdentity.scimUsers[*]', where: lastLogin } },
  ]);
  assert.ok(userMembersRead([viaPath])!.has('lastLogin'));
  const viaSnapshot = ruleWith('a/snap', [
    { field: 'id', function: 'oneOf', options: { values: { snapshot: 'okta.users[*].lastLogin' } } },
  ]);
  assert.ok(userMembersRead([viaSnapshot])!.has('lastLogin'));
  // so does a section named by a template, and a requires of a per-user section
  const viaTemplate = ruleWith('a/tpl', [
    { function: 'noneMatch', options: { from: 'okta.${expect.okta.section}[*]', where: lastLogin } },
  ]);
  assert.ok(userMembersRead([viaTemplate])!.has('lastLogin'));
  const viaRequires = { ...ruleWith('a/req', lastLogin), requires: ['okta.users'] } as Rule;
  assert.ok(userMembersRead([viaRequires])!.has('lastLogin'));
  // and a rule inspecting a subject defined from users, directly or by a template
  const definer = ruleWith('a/def', [], { name: 'someone', from: 'okta.users[*]', missing: 'nobody' });
  const inspector = { ...ruleWith('a/insp', lastLogin), subject: 'someone' } as Rule;
  assert.ok(userMembersRead([definer, inspector])!.has('lastLogin'));
  const byTemplate = ruleWith('a/tmpl', [
    { field: 'id', function: 'equals', options: { value: 'since ${subject.someone.lastLogin}' } },
  ]);
  assert.ok(userMembersRead([definer, byTemplate])!.has('lastLogin'));
  assert.not.ok(userMembersRead([inspector])!.has('lastLogin'));
});

test('a member named by a template keeps every member', () => {
  const rule = { ...builtin()[0], then: [{ field: '${expect.okta.registrationAttribute}', function: 'defined' }] };
  assert.is(userMembersRead([rule as Rule]), undefined);
  // a template inside a path (profile.${…}) names a member of profile, which is kept whole
  const inner = {
    ...builtin()[0],
    then: [{ field: 'profile.${expect.okta.registrationAttribute}', function: 'defined' }],
  };
  assert.ok(userMembersRead([inner as Rule]));
});

test('users keep the same members whether the snapshot is read as one text or in pieces, in any layout', () => {
  const t = tempDir();
  try {
    const doc = fullUsers();
    // an escaped key still spells the member it names
    const pretty = JSON.stringify(doc, null, 2).replace('"lastLogin": "2020', '"l\\u0061stLogin": "2020');
    writeFileSync(t.file('pretty.json'), pretty);
    writeFileSync(t.file('compact.json'), JSON.stringify(doc));
    const members = new Set(['id', 'status', 'profile', 'lastLogin']);
    const loads = [
      loadSnapshot(t.file('pretty.json'), { members }),
      loadSnapshot(t.file('pretty.json'), { members, keepTextBytes: 0 }),
      loadSnapshot(t.file('compact.json'), { members }),
      loadSnapshot(t.file('compact.json'), { members, keepTextBytes: 0 }),
    ];
    const users = loads.map((s) => s.doc.okta.users as Record<string, unknown>[]);
    for (const u of users) assert.equal(u, users[0]);
    assert.equal(Object.keys(users[0][1]).sort(), ['id', 'lastLogin', 'profile', 'status']);
    assert.is(users[0][1].lastLogin, '2020-01-01T00:00:00.000Z');
    // without a set of members every member is kept
    const all = loadSnapshot(t.file('pretty.json'), { keepTextBytes: 0 }).doc.okta.users as Record<string, unknown>[];
    assert.ok('_links' in all[0]);
  } finally {
    t.cleanup();
  }
});

test("a rule of the user's own reads the user members it names, from a snapshot read either way", async () => {
  const t = tempDir();
  try {
    writeFileSync(t.file('s.json'), JSON.stringify(fullUsers(), null, 2));
    mkdirSync(t.file('rules'));
    writeFileSync(
      t.file('rules/dormant.yaml'),
      [
        'id: acme/dormant-users',
        'title: No user has been dormant since 2020',
        'level: warning',
        'section: users',
        'description: No user last signed in before 2021.',
        'rationale: A dormant account is one nobody would notice being used.',
        'fix: Deactivate it.',
        'requires: [okta.users]',
        'message: "{{details}}"',
        'then:',
        '  - function: noneMatch',
        '    options:',
        '      from: okta.users[*]',
        '      where:',
        '        - { field: lastLogin, function: equals, options: { value: "2020-01-01T00:00:00.000Z" } }',
        '      show: profile.login',
        "      message: 'dormant users ({{count}}): {{examples}}'",
        '',
      ].join('\n'),
    );
    for (const pieces of [false, true]) {
      const r = await runCliAsync(['check', '--snapshot', 's.json', '--rules', 'rules', '--format', 'json'], {
        cwd: t.dir,
        env: { OKTA_BI_LINT_KEEP_TEXT_MB: pieces ? '0' : undefined },
      });
      const result = JSON.parse(r.stdout).rules.find((x: { id: string }) => x.id === 'acme/dormant-users');
      assert.is(result.status, 'fail', `read in pieces: ${pieces}; ${r.stderr}`);
      assert.match(result.findings[0].message, /^Dormant users \(1\): /);
    }
  } finally {
    t.cleanup();
  }
});

test.run();
