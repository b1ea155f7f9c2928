// Every built-in rule against the fixture snapshots, RuleTester style. Each rule's cases live beside
// it in test/rules/<rule id>.ts: `valid` cases (a fixture and config where the rule passes, or is off
// or skipped as stated) and `invalid` cases with the exact findings (rule id, level, logical
// location, message, pointer). An invalid case also proves the fixture changes nothing else: every
// other rule whose status (or findings) differs from the clean org it was made from must be listed
// under `others`, with its exact status and reason. The table itself is checked first: a rule
// without a valid or an invalid case, an invalid case that expects no finding, or a duplicate case
// fails the run. test/rules/harness.ts runs the cases; test/rule-mutations.test.ts proves they pin
// every check of every rule.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { exitCode } from '../src/api/check.ts';
import { resolveExpectations } from '../src/config/expectations.ts';
import { evaluate } from '../src/engine/evaluate.ts';
import { loadRules } from '../src/engine/load-rules.ts';
import { type RuleResult, STATUSES, type Status } from '../src/engine/types.ts';
import { loadSnapshot, parseSnapshot } from '../src/snapshot/load.ts';
import {
  Auditor,
  baseOf,
  describeAudit,
  FIXTURES,
  findingComparisons,
  fixtureExists,
  loadCases,
  otherComparisons,
  type Run,
  tableProblems,
  validComparisons,
} from './rules/harness.ts';
import { dependsOn, EH, f, p, MODE_OFF_HOOK, MODE_OFF_SCIM, type RuleCases, SA_BASE, SA_OFF } from './rules/shared.ts';

const RULES = loadRules();
const TABLE = loadCases();
const auditor = new Auditor(RULES);
const audit = auditor.audit.bind(auditor);

// ---------------------------------------------------------------------------------------------
// The table's own rules: a case that cannot fail is rejected before anything runs.

const table = suite('rule table');

table('should cover every rule with a valid and an invalid case, and hold no case that cannot fail', () => {
  assert.equal(tableProblems(TABLE, RULES, fixtureExists), []);
});

table('should reject a rule without cases, a case that cannot fail, and duplicates', () => {
  const rules = [
    { id: 'x/a', examples: { pass: 'clean-scim.json', fail: 'a.json' } },
    { id: 'x/b', examples: {} },
    { id: 'x/c', examples: {} },
  ];
  const broken: Record<string, RuleCases> = {
    'x/a': {
      valid: [{ fixture: 'clean-scim.json' }, { fixture: 'clean-scim.json' }],
      invalid: [
        { fixture: 'a.json', findings: [] },
        { fixture: 'clean-scim.json', findings: [f('error', 'l', '/p', [p('x', {})], 'm')] },
      ],
    },
    'x/b': {
      valid: [],
      invalid: [
        {
          fixture: 'b.json',
          findings: [f('error', 'l', '/p', [p('x', {})], 'm')],
          others: { 'x/b': dependsOn('x/a'), 'x/z': { status: 'fail', reason: 'r' } },
        },
      ],
    },
    'x/gone': { valid: [{ fixture: 'clean-scim.json' }], invalid: [] },
  };
  assert.equal(
    tableProblems(broken, rules, (n) => n !== 'b.json'),
    [
      'x/gone: cases for a rule that does not exist',
      'x/a: valid case clean-scim.json {} duplicates a valid case',
      'x/a: invalid case a.json {} expects no finding, so it cannot fail',
      'x/a: invalid case clean-scim.json {} duplicates a valid case',
      'x/b: no valid case',
      'x/b: invalid case b.json {}: fixture b.json does not exist',
      'x/b: invalid case b.json {} lists the rule itself under others',
      'x/b: invalid case b.json {} lists an unknown rule x/z',
      'x/b: invalid case b.json {}: x/z fails without expected findings',
      'x/c: no cases',
    ],
  );
});

table('should reject a rule whose documented examples are not among its cases', () => {
  const rules = [{ id: 'x/a', examples: { pass: 'p.json', fail: 'f.json' } }];
  const cases: Record<string, RuleCases> = {
    'x/a': {
      valid: [{ fixture: 'p.json', status: 'off' }],
      invalid: [{ fixture: 'g.json', findings: [f('error', 'l', '/p', [p('x', {})], 'm')] }],
    },
  };
  assert.equal(
    tableProblems(cases, rules, () => true),
    [
      'x/a: its examples.pass p.json is not a passing valid case',
      'x/a: its examples.fail f.json is not an invalid case',
    ],
  );
});

table('should reject a rule none of whose cases asserts a rendered message', () => {
  const rules = [{ id: 'x/a', examples: {} }];
  const cases: Record<string, RuleCases> = {
    'x/a': {
      valid: [{ fixture: 'p.json' }],
      invalid: [{ fixture: 'f.json', findings: [f('error', 'l', '/p', [p('x', {})])] }],
    },
  };
  assert.equal(
    tableProblems(cases, rules, () => true),
    ["x/a: no invalid case asserts a finding's rendered message, so its wording is never seen"],
  );
});

table(
  'should refuse an edit or a gap of something the fixture does not have, so a case cannot silently test nothing',
  () => {
    const bad = [
      { fixture: 'clean-scim.json', edit: [{ op: 'replace' as const, path: '/okta/idps/9/name', value: 'x' }] },
      { fixture: 'clean-scim.json', edit: [{ op: 'remove' as const, path: '/okta/idps/1/nothing' }] },
      { fixture: 'clean-scim.json', edit: [{ op: 'add' as const, path: '/okta/nowhere/x', value: 1 }] },
      { fixture: 'clean-scim.json', gaps: ['okta.users'] },
    ];
    for (const a of bad)
      assert.throws(() => new Auditor(RULES).audit(a), /is not in clean-scim\.json/, JSON.stringify(a));
  },
);

table.run();

// ---------------------------------------------------------------------------------------------
// Running the cases

const rules = suite('rules');

for (const [id, cases] of Object.entries(TABLE)) {
  for (const c of cases.valid) {
    rules(`${id} should be ${c.status ?? 'pass'} on ${describeAudit(c)}`, () => {
      for (const x of validComparisons(id, c, auditor)) assert.equal(x.actual, x.expected, x.what);
    });
  }
  for (const c of cases.invalid) {
    rules(`${id} should report exactly its findings on ${describeAudit(c)}`, () => {
      for (const x of findingComparisons(id, c, auditor)) assert.equal(x.actual, x.expected, x.what);
    });
    rules(`${id} should leave every other rule as ${baseOf(c).fixture} has it, on ${describeAudit(c)}`, () => {
      for (const x of otherComparisons(id, c, auditor)) assert.equal(x.actual, x.expected, x.what);
    });
  }
}

rules.run();

// ---------------------------------------------------------------------------------------------
// The status contract (docs/contracts.md, "Rule status" and "Exit codes")

const statuses = suite('statuses');

const ofStatus = (run: Run, status: Status) =>
  Object.fromEntries(run.list.filter((r) => r.status === status).map((r) => [r.rule.id, r.reason]));
const EVENT_HOOK_RULES = [
  'okta/event-hook-active-verified',
  'okta/event-hook-auth-header',
  'okta/event-hook-defined',
  'okta/event-hook-events',
  'bi/event-hook-extension',
];
const BI_RULES = [
  'bi/console-sso',
  'bi/oidc-client-auth-method',
  'bi/oidc-client-defined',
  'bi/oidc-client-redirect-uri',
  'bi/oidc-client-signing-alg',
  'bi/registration-extension',
  'link/idp-client-id',
];
const SKIPPED_USERS = {
  'users/group-member-not-in-bi': 'okta.groupMembers was not collected (collect with --include users)',
  'users/registered-outside-group': 'okta.users was not collected (collect with --include users)',
};

statuses('should end every rule in exactly one status, once per rule, on every fixture', () => {
  for (const fixture of Object.keys(TABLE).flatMap((id) =>
    [...TABLE[id].valid, ...TABLE[id].invalid].map((c) => c.fixture),
  )) {
    const run = audit({ fixture });
    assert.equal(run.list.map((r) => r.rule.id).sort(), RULES.map((r) => r.id).sort(), fixture);
    for (const r of run.list) {
      assert.ok(STATUSES.includes(r.status), `${fixture} ${r.rule.id}: ${r.status}`);
      assert.ok(r.reason.length > 0, `${fixture} ${r.rule.id} has no reason`);
      assert.is(
        r.findings.length > 0,
        r.status === 'fail',
        `${fixture} ${r.rule.id}: ${r.status} with ${r.findings.length} findings`,
      );
    }
  }
});

statuses(
  'clean-scim.json should pass every rule with the default config: users skipped, event-hook rules off, exit 0',
  () => {
    const run = audit({ fixture: 'clean-scim.json' });
    assert.equal(ofStatus(run, 'skipped'), SKIPPED_USERS);
    assert.equal(ofStatus(run, 'off'), Object.fromEntries(EVENT_HOOK_RULES.map((id) => [id, MODE_OFF_SCIM])));
    const rest = RULES.length - Object.keys(SKIPPED_USERS).length - EVENT_HOOK_RULES.length;
    assert.is(Object.keys(ofStatus(run, 'pass')).length, rest);
    assert.is(run.exit(), 0);
    assert.is(run.exit('note'), 0);
  },
);

statuses('clean-event-hook.json should pass every rule with provisioning: event-hook: scim rules off, exit 0', () => {
  const run = audit({ fixture: 'clean-event-hook.json', config: EH });
  assert.equal(ofStatus(run, 'skipped'), SKIPPED_USERS);
  assert.equal(ofStatus(run, 'off'), {
    'okta/user-portal-group-push': MODE_OFF_HOOK,
    'okta/user-portal-provisioning': MODE_OFF_HOOK,
  });
  assert.is(Object.keys(ofStatus(run, 'pass')).length, RULES.length - 4);
  assert.is(run.exit('note'), 0);
});

statuses('users-clean.json should pass every rule, users rules included', () => {
  const run = audit({ fixture: 'users-clean.json' });
  assert.equal(ofStatus(run, 'skipped'), {});
  assert.is(ofStatus(run, 'pass')['users/registered-outside-group'], 'the snapshot: every check holds');
  assert.is(ofStatus(run, 'pass')['users/group-member-not-in-bi'], 'the snapshot: every check holds');
  assert.is(run.exit('note'), 0);
});

statuses(
  'clean-secure-access.json should pass every rule Secure Access has, the others off with the reason, exit 0',
  () => {
    const run = audit({ fixture: SA_BASE });
    assert.equal(ofStatus(run, 'skipped'), SKIPPED_USERS);
    const off = ofStatus(run, 'off');
    assert.equal(off, {
      ...Object.fromEntries(
        EVENT_HOOK_RULES.filter((id) => id !== 'bi/event-hook-extension').map((id) => [id, MODE_OFF_SCIM]),
      ),
      ...SA_OFF,
    });
    assert.is(
      Object.keys(ofStatus(run, 'pass')).length,
      RULES.length - Object.keys(SKIPPED_USERS).length - Object.keys(off).length,
    );
    assert.is(run.exit('note'), 0);
    // audited as Secure Workforce (--bi-platform), the snapshot has none of its sections
    const sw = audit({ fixture: SA_BASE, biPlatform: 'secure-workforce' });
    assert.equal(ofStatus(sw, 'not-evaluated'), {
      'bi/console-sso': 'beyondIdentity.consoleSso is absent from the snapshot',
      'bi/oidc-client-auth-method': 'beyondIdentity.oidcClients is absent from the snapshot',
      'bi/oidc-client-defined': 'beyondIdentity.oidcClients is absent from the snapshot',
      'bi/oidc-client-redirect-uri': 'beyondIdentity.oidcClients is absent from the snapshot',
      'bi/oidc-client-signing-alg': 'beyondIdentity.oidcClients is absent from the snapshot',
      'bi/registration-extension': 'beyondIdentity.oktaRegistrationAttribute is absent from the snapshot',
      'link/idp-client-id': 'beyondIdentity.oidcClients is absent from the snapshot',
    });
    assert.is(sw.exit(), 1, "the Okta IdP names the Secure Access issuer, not the guide's");
  },
);

statuses(
  'a Secure Access snapshot with a gap should leave exactly the rules that read the section not evaluated',
  () => {
    const snapText = readFileSync(path.join(FIXTURES, SA_BASE), 'utf8');
    const doc = JSON.parse(snapText);
    delete doc.beyondIdentity.application;
    doc.gaps = [
      {
        section: 'beyondIdentity.application',
        reason:
          'GET /v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a answered HTTP 403 forbidden',
        status: 403,
      },
    ];
    const snap = parseSnapshot(JSON.stringify(doc), 'sa-gap.json');
    const list = evaluate(RULES, snap, { expectations: resolveExpectations({}, doc.okta.orgUrl) });
    const ne = Object.fromEntries(list.filter((r) => r.status === 'not-evaluated').map((r) => [r.rule.id, r.reason]));
    const gap = `beyondIdentity.application could not be collected: ${doc.gaps[0].reason}`;
    assert.equal(ne, {
      'bi/oidc-client-defined': gap,
      'bi/oidc-client-redirect-uri': gap,
      'bi/oidc-client-signing-alg': gap,
    });
    assert.equal(
      list.filter((r) => r.status === 'fail').map((r) => r.rule.id),
      [],
    );
    assert.is(exitCode(list, 'error'), 3);
  },
);

statuses(
  'declared Beyond Identity values should pass like observed ones, and every finding resting on them should say so',
  () => {
    const run = audit({ fixture: 'bi-declared.json' });
    assert.equal(ofStatus(run, 'fail'), {});
    assert.equal(ofStatus(run, 'not-evaluated'), {});
    const failing = audit({ fixture: 'bi-declared-signing-alg-es256.json' });
    const findings = failing.list.flatMap((r) => r.findings);
    assert.equal(
      findings.map((x) => [x.ruleId, x.basis]),
      [['bi/oidc-client-signing-alg', 'declared']],
    );
    // Okta-only findings never carry the mark
    const mixed = audit({ fixture: 'bi-declared-signing-alg-es256.json', config: { okta: { group: 'BI Users' } } });
    for (const x of mixed.list.flatMap((r) => r.findings))
      assert.is(x.basis === 'declared', x.ruleId.startsWith('bi/'), x.ruleId);
  },
);

for (const [fixture, config] of [
  ['profile-source-okta-master.json', {}],
  ['routing-rule-inactive-rule-above.json', {}],
  ['event-hook-auth-header-lowercase.json', EH],
  ['sa-payload-externally-tagged.json', {}],
] as const) {
  statuses(`${fixture} should be as clean as the org it was made from`, () => {
    const run = audit({ fixture, config });
    assert.equal(ofStatus(run, 'fail'), {});
    assert.equal(ofStatus(run, 'not-evaluated'), {});
    assert.is(run.exit('note'), 0);
  });
}

statuses(
  'a missing subject should fail once and leave its dependents not-evaluated, "depends on <rule id>, which failed", never passed',
  () => {
    const run = audit({ fixture: 'idp-missing.json' });
    assert.equal(ofStatus(run, 'fail'), { 'okta/idp-defined': 'the resource it requires does not exist' });
    const dependents = ofStatus(run, 'not-evaluated');
    assert.is(Object.keys(dependents).length, 13);
    for (const [id, reason] of Object.entries(dependents))
      assert.is(reason, 'depends on okta/idp-defined, which failed', id);
    assert.is(run.exit(), 1);
  },
);

statuses('a definer turned off should leave its dependents not-evaluated with its reason', () => {
  const run = audit({ fixture: 'idp-missing.json', config: { rules: { 'okta/idp-defined': 'off' } } });
  assert.is(run.results.get('okta/idp-defined')!.status, 'off');
  assert.equal(
    run.results.get('okta/idp-issuer')!.reason,
    'depends on okta/idp-defined, which is off: turned off in the config (rules: okta/idp-defined: off)',
  );
  assert.equal(ofStatus(run, 'pass')['okta/idp-issuer'], undefined);
  assert.is(run.exit(), 3);
});

statuses(
  'a section listed in gaps should make the rules that read it not-evaluated with the gap reason, exit 3',
  () => {
    const gap =
      'okta.eventHooks could not be collected: 403 E0000006 You do not have permission to perform the requested action';
    const scim = audit({ fixture: 'gap-event-hooks.json' });
    assert.equal(ofStatus(scim, 'not-evaluated'), { 'link/provisioning-exclusive': gap });
    assert.equal(ofStatus(scim, 'fail'), {});
    assert.is(scim.exit(), 3);
    const hook = audit({ fixture: 'gap-event-hooks.json', config: EH });
    assert.equal(
      ofStatus(hook, 'not-evaluated'),
      Object.fromEntries(
        [
          'okta/event-hook-active-verified',
          'okta/event-hook-auth-header',
          'okta/event-hook-defined',
          'okta/event-hook-events',
          'link/provisioning-exclusive',
        ].map((id) => [id, gap]),
      ),
    );
  },
);

statuses('a Beyond Identity side that is simply missing should make its rules not-evaluated, exit 3', () => {
  const run = audit({ fixture: 'bi-absent.json' });
  assert.equal(ofStatus(run, 'not-evaluated'), {
    'bi/console-sso': 'beyondIdentity.consoleSso is absent from the snapshot',
    'bi/oidc-client-auth-method': 'beyondIdentity.oidcClients is absent from the snapshot',
    'bi/oidc-client-defined': 'beyondIdentity.oidcClients is absent from the snapshot',
    'bi/oidc-client-redirect-uri': 'beyondIdentity.oidcClients is absent from the snapshot',
    'bi/oidc-client-signing-alg': 'beyondIdentity.oidcClients is absent from the snapshot',
    'bi/registration-extension': 'beyondIdentity.oktaRegistrationAttribute is absent from the snapshot',
    'link/idp-client-id': 'beyondIdentity.oidcClients is absent from the snapshot',
  });
  assert.equal(ofStatus(run, 'fail'), {});
  assert.is(run.exit(), 3);
});

statuses('a Beyond Identity side declared absent should turn its rules off, exit 0', () => {
  const declared = 'the Beyond Identity side was declared absent (platform none)';
  const expected = Object.fromEntries([...BI_RULES, 'users/group-member-not-in-bi'].map((id) => [id, declared]));
  for (const a of [
    { fixture: 'bi-absent.json', config: { beyondIdentity: { platform: 'none' } } },
    { fixture: 'bi-absent.json', biPlatform: 'none' as const },
    { fixture: 'clean-scim.json', biPlatform: 'none' as const },
  ]) {
    const run = audit(a);
    const off = ofStatus(run, 'off');
    for (const id of EVENT_HOOK_RULES) delete off[id];
    assert.equal(off, expected, describeAudit(a));
    assert.is(run.exit(), 0, describeAudit(a));
  }
  const collected = audit({ fixture: 'bi-platform-none.json' });
  const off = ofStatus(collected, 'off');
  for (const id of EVENT_HOOK_RULES) delete off[id];
  assert.equal(
    off,
    Object.fromEntries(
      [...BI_RULES, 'users/group-member-not-in-bi'].map((id) => [
        id,
        'the Beyond Identity side was declared absent (the snapshot was collected with --bi-platform none)',
      ]),
    ),
  );
  assert.is(collected.exit(), 0);
});

statuses('a rule turned off in the config should be off with the config named, and not count for the exit code', () => {
  const run = audit({
    fixture: 'routing-rule-value-True.json',
    config: { rules: { 'okta/routing-rule-value-true': 'off' } },
  });
  assert.equal(
    ofStatus(run, 'off')['okta/routing-rule-value-true'],
    'turned off in the config (rules: okta/routing-rule-value-true: off)',
  );
  assert.is(run.exit(), 0);
  assert.is(audit({ fixture: 'routing-rule-value-True.json' }).exit(), 1);
});

statuses('a level override should change the level of the findings and the exit code with it', () => {
  const run = audit({
    fixture: 'routing-rule-value-True.json',
    config: { rules: { 'okta/routing-rule-value-true': 'warning' } },
  });
  const r = run.results.get('okta/routing-rule-value-true')!;
  assert.is(r.level, 'warning');
  assert.equal(
    r.findings.map((x) => x.level),
    ['warning'],
  );
  assert.is(run.exit('error'), 0);
  assert.is(run.exit('warning'), 1);
});

statuses('a note-level finding should fail the rule without failing the run at --fail-on error', () => {
  const run = audit({ fixture: 'routing-rule-renamed.json' });
  assert.is(run.results.get('okta/routing-rule-defined')!.status, 'fail');
  assert.is(run.exit('error'), 0);
  assert.is(run.exit('warning'), 0);
  assert.is(run.exit('note'), 1);
});

statuses(
  "users rules should be not-evaluated, never passed or failed, when the group's member list was not collected",
  () => {
    // users-group-members-missing.json holds members for the Admins group only.
    const run = audit({ fixture: 'users-group-members-missing.json' });
    for (const id of ['users/registered-outside-group', 'users/group-member-not-in-bi']) {
      const r = run.results.get(id)!;
      assert.is(
        r.status,
        'not-evaluated',
        `${id}: ${r.status} (${r.reason}) ${r.findings.map((x) => x.message).join(' | ')}`,
      );
      assert.match(
        r.reason,
        /00gbyndid0000000a1d7|"Beyond Identity"/,
        `${id}: the reason should name the group whose members are unknown`,
      );
    }
  },
);

statuses('should give the same results, fingerprints included, on every run', () => {
  const strip = (list: RuleResult[]) =>
    list.map((r) => ({ id: r.rule.id, status: r.status, reason: r.reason, findings: r.findings }));
  for (const fixture of ['clean-scim.json', 'idp-missing.json', 'users-registered-outside-group.json']) {
    const snap = loadSnapshot(path.join(FIXTURES, fixture));
    const again = evaluate(RULES, snap, { expectations: resolveExpectations({}, snap.doc.okta.orgUrl) });
    assert.equal(strip(again), strip(audit({ fixture }).list), fixture);
  }
});

statuses('should have audited every committed fixture (a fixture no test reads shows nothing)', () => {
  const unused = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && !auditor.audited.has(f));
  assert.equal(unused, []);
});

statuses.run();
