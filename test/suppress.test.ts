// Suppressions from the expectations file and accepted-findings files: the library functions
// (expiry in UTC, matching, statuses) and then everything through the real CLI, as a team meets it:
// active, expired, unused and invalid suppressions, SARIF and JSON output, and the accepted-findings
// round trip for check and drift. Needs a build (npm test builds first).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseConfig } from '../src/config/load.ts';
import type { Finding, Rule, RuleResult } from '../src/engine/types.ts';
import { applySuppressions, expiryInstant, validateSuppressions } from '../src/suppress/suppressions.ts';
import { applyAccepted, type AcceptedDoc } from '../src/suppress/accepted.ts';
import { validator } from '../src/util/ajv.ts';
import { InputError } from '../src/util/errors.ts';
import { cleanSnapshot, pool, runCli, runCliAsync, tempDir, writeJson, type CliResult } from './helpers/cli.ts';
import { validateSarif } from './helpers/sarif-validate.ts';

type Doc = Record<string, any>;

const IDP = 'okta/idps/0oabyndidp000000a1d7';
const RULE_RES = 'okta/policies/00p5qwjvjjpuZBaOR1d7/rules/0prbyndid0000000a1d7';

// ---- library ----

function rule(id: string): Rule {
  return {
    id,
    title: id,
    level: 'error',
    section: 'okta-idp',
    description: '',
    rationale: '',
    fix: '',
    requires: [],
    then: [],
    file: `${id}.yaml`,
    builtin: true,
  };
}

function finding(ruleId: string, logical: string): Finding {
  return {
    ruleId,
    level: 'error',
    message: `${ruleId} on ${logical}`,
    resource: { kind: 'x', logical, pointer: '' },
    pointer: '',
    problems: [],
    fingerprint: `${ruleId}|${logical}`,
  };
}

function results(): RuleResult[] {
  return [
    {
      rule: rule('okta/idp-issuer'),
      level: 'error',
      status: 'fail',
      reason: 'failed',
      findings: [finding('okta/idp-issuer', 'okta/idps/a'), finding('okta/idp-issuer', 'okta/idps/b')],
    },
    { rule: rule('okta/idp-defined'), level: 'error', status: 'pass', reason: 'ok', findings: [] },
  ];
}

const lib = suite('suppressions (library)');

lib('should interpret an expires date in UTC: expired from 00:00 UTC on that date', () => {
  assert.is(expiryInstant('2027-01-31')!.toISOString(), '2027-01-31T00:00:00.000Z');
  assert.is(expiryInstant('2027-01-31T12:30:00+02:00')!.toISOString(), '2027-01-31T10:30:00.000Z');
  assert.is(expiryInstant('2027-02-30'), undefined);
  assert.is(expiryInstant('2027-13-01'), undefined);
  assert.is(expiryInstant('31/01/2027'), undefined);
  const cfg = parseConfig(
    'suppressions:\n  - id: okta/idp-issuer\n    justification: j\n    expires: 2027-01-31\n',
    'c.yaml',
  );
  const at = (iso: string) => {
    const r = results();
    const w = applySuppressions(r, cfg, { now: new Date(iso) });
    return [r[0].status, w.length];
  };
  assert.equal(at('2027-01-30T23:59:59.999Z'), ['suppressed', 0]);
  assert.equal(at('2027-01-31T00:00:00.000Z'), ['fail', 1]);
});

lib('should suppress by id, or by id and resource, and settle the rule status', () => {
  const byId = parseConfig(
    'suppressions:\n  - id: okta/idp-issuer\n    justification: all of them\n    owner: iam\n',
    'c.yaml',
  );
  const r1 = results();
  assert.equal(applySuppressions(r1, byId), []);
  assert.equal([r1[0].status, r1[0].reason], ['suppressed', 'every finding is suppressed: all of them']);
  assert.equal(r1[0].findings[0].suppressed, { justification: 'all of them', owner: 'iam' });

  const byRes = parseConfig(
    'suppressions:\n  - id: okta/idp-issuer\n    resource: okta/idps/b\n    justification: only b\n',
    'c.yaml',
  );
  const r2 = results();
  assert.equal(applySuppressions(r2, byRes), []);
  assert.equal([r2[0].status, r2[0].reason], ['fail', 'failed (1 of 2 findings suppressed)']);
  assert.equal(
    r2[0].findings.map((f) => f.suppressed?.justification),
    [undefined, 'only b'],
  );
});

lib('should warn about expired and unused suppressions, with the file and line of each', () => {
  const cfg = parseConfig(
    [
      'suppressions:',
      '  - id: okta/idp-issuer',
      '    justification: old',
      '    expires: 2000-01-01',
      '  - id: okta/idp-defined',
      '    justification: passes anyway',
      '  - id: drift/idp-changed',
      '    justification: not judged in check',
      '',
    ].join('\n'),
    'c.yaml',
  );
  const r = results();
  const w = applySuppressions(r, cfg, { now: new Date('2026-11-29T00:00:00Z') });
  assert.equal(r[0].status, 'fail');
  assert.equal(
    w.map((x) => [x.file, x.line, x.message]),
    [
      [
        'c.yaml',
        2,
        'suppression okta/idp-issuer expired on 2000-01-01 (UTC) and no longer applies; it would cover 2 findings, which now count again (renew its expires date with a new justification, or remove it)',
      ],
      [
        'c.yaml',
        5,
        'suppression okta/idp-defined matched no finding (okta/idp-defined is pass); remove it if the problem is fixed, or correct its id or resource',
      ],
    ],
  );
  assert.equal(
    applySuppressions(results(), cfg, { now: new Date('2026-11-29T00:00:00Z'), reportUnused: false }).length,
    1,
  );
});

lib('should refuse an unknown id and an invalid date, naming the place', () => {
  const unknown = parseConfig('suppressions:\n  - id: okta/idp-isuer\n    justification: j\n', 'c.yaml');
  try {
    validateSuppressions(unknown, ['okta/idp-issuer'], ['drift/idp-changed']);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, InputError);
    assert.is(
      (e as InputError).format(),
      'c.yaml:2:9: suppressions[0] names the unknown id "okta/idp-isuer" (did you mean "okta/idp-issuer"?)',
    );
  }
  const date = parseConfig(
    'suppressions:\n  - id: okta/idp-issuer\n    justification: j\n    expires: 2027-02-30\n',
    'c.yaml',
  );
  assert.throws(
    () => validateSuppressions(date, ['okta/idp-issuer'], []),
    /suppressions\[0\]\.expires is "2027-02-30", which is not a valid date/,
  );
});

lib('should leave accepted findings out and count them, and never let a rule pass because of it', () => {
  const r = results();
  const doc: AcceptedDoc = {
    format: 'okta-bi-lint/accepted@1',
    findings: [
      { fingerprint: 'okta/idp-issuer|okta/idps/a', ruleId: '', resource: '', level: 'error', message: '' },
      { fingerprint: 'gone', ruleId: '', resource: '', level: 'error', message: '' },
    ],
  };
  assert.equal(applyAccepted(r, doc), { count: 1, stale: 1 });
  assert.equal([r[0].status, r[0].findings.length, r[0].reason], ['fail', 1, 'failed (1 finding accepted)']);
  const all: AcceptedDoc = {
    format: 'okta-bi-lint/accepted@1',
    findings: [{ fingerprint: 'okta/idp-issuer|okta/idps/b' } as AcceptedDoc['findings'][0]],
  };
  applyAccepted(r, all);
  assert.equal(
    [r[0].status, r[0].findings.length, r[0].reason],
    ['suppressed', 0, 'every finding is accepted (1 finding accepted)'],
  );
});

lib.run();

// ---- through the CLI ----

const tmp = tempDir('okta-bi-lint-suppress-');
const at = (name: string) => tmp.file(name);

/** Two rules fail: the routing rule value "True" and the extra IdP scopes. */
function failing(): Doc {
  const d = cleanSnapshot();
  d.okta.idpDiscoveryPolicies[0]._rules[0].conditions.userIdentifier.patterns[0].value = 'True';
  d.okta.idps.find((i: Doc) => i.name === 'Beyond Identity').protocol.scopes.push('profile');
  return d;
}
writeJson(at('bad.json'), failing());
writeJson(at('clean.json'), cleanSnapshot());

function yaml(name: string, lines: string[]): string {
  writeFileSync(at(name), `${lines.join('\n')}\n`);
  return name;
}

function check(...args: string[]): CliResult {
  return runCli(['check', ...args], { cwd: tmp.dir });
}

function rules(r: CliResult): Record<string, Doc> {
  const doc = JSON.parse(r.stdout);
  assert.ok(validator('report.schema.json')(doc), 'the JSON report does not match its schema');
  return Object.fromEntries(doc.rules.map((x: Doc) => [x.id, x]));
}

function exit2(r: CliResult, line: string): void {
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.is(r.stdout, '');
  assert.is(r.stderr, `okta-bi-lint: ${line}\n`);
}

const cli = suite('suppressions (CLI)');

cli('should fail without suppressions (the scenario the other cases suppress)', () => {
  const r = check('--snapshot', 'bad.json', '--format', 'json');
  assert.is(r.code, 1);
  const byId = rules(r);
  assert.is(byId['okta/routing-rule-value-true'].status, 'fail');
  assert.is(byId['okta/idp-scopes-openid-only'].status, 'fail');
});

cli(
  'should suppress by rule id: the finding stays in JSON and SARIF with its justification, the rule is suppressed, the exit code ignores it',
  () => {
    const cfg = yaml('by-id.yaml', [
      'suppressions:',
      '  - id: okta/routing-rule-value-true',
      '    justification: fixed in CHG-1 next week',
      '    owner: iam-team',
      '    expires: 2999-12-31',
      '  - id: okta/idp-scopes-openid-only',
      '    justification: profile scope approved in CHG-2',
    ]);
    const r = check('--snapshot', 'bad.json', '--config', cfg, '--format', 'json');
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stderr, '');
    const byId = rules(r);
    const rr = byId['okta/routing-rule-value-true'];
    assert.equal([rr.status, rr.reason], ['suppressed', 'every finding is suppressed: fixed in CHG-1 next week']);
    assert.equal(rr.findings[0].suppressed, {
      justification: 'fixed in CHG-1 next week',
      owner: 'iam-team',
      expires: '2999-12-31',
    });
    assert.equal(byId['okta/idp-scopes-openid-only'].findings[0].suppressed, {
      justification: 'profile scope approved in CHG-2',
    });

    const s = check('--snapshot', 'bad.json', '--config', cfg, '--format', 'sarif');
    assert.is(s.code, 0);
    const log = JSON.parse(s.stdout);
    const res = log.runs[0].results.find((x: Doc) => x.ruleId === 'okta/routing-rule-value-true');
    assert.equal(res.suppressions, [
      {
        kind: 'external',
        status: 'accepted',
        justification: 'fixed in CHG-1 next week',
        properties: { owner: 'iam-team', expires: '2999-12-31' },
      },
    ]);
    const v = validateSarif(s.stdout);
    assert.equal([v.errors, v.warnings], [[], []], v.output);
  },
);

cli('should suppress by id and resource only that resource', () => {
  const cfg = yaml('by-res.yaml', [
    'suppressions:',
    '  - id: okta/idp-scopes-openid-only',
    `    resource: ${IDP}`,
    '    justification: approved',
    '  - id: okta/routing-rule-value-true',
    '    resource: okta/policies/other/rules/x',
    '    justification: another rule',
  ]);
  const r = check('--snapshot', 'bad.json', '--config', cfg, '--format', 'json');
  assert.is(r.code, 1);
  const byId = rules(r);
  assert.is(byId['okta/idp-scopes-openid-only'].status, 'suppressed');
  assert.is(byId['okta/routing-rule-value-true'].status, 'fail');
  assert.is(
    r.stderr,
    `okta-bi-lint: warning: by-res.yaml:5:5: suppression okta/routing-rule-value-true on okta/policies/other/rules/x matched no finding; remove it if the problem is fixed, or correct its id or resource\n`,
  );
});

cli('should stop suppressing when expired, and say so with the file and line', () => {
  const cfg = yaml('expired.yaml', [
    'suppressions:',
    '  - id: okta/routing-rule-value-true',
    '    justification: was temporary',
    '    expires: 2020-06-30',
    '  - id: okta/idp-scopes-openid-only',
    '    justification: approved',
  ]);
  const r = check('--snapshot', 'bad.json', '--config', cfg, '--format', 'json');
  assert.is(r.code, 1);
  assert.is(rules(r)['okta/routing-rule-value-true'].status, 'fail');
  assert.equal(rules(r)['okta/routing-rule-value-true'].findings[0].suppressed, undefined);
  assert.is(
    r.stderr,
    'okta-bi-lint: warning: expired.yaml:2:5: suppression okta/routing-rule-value-true expired on 2020-06-30 (UTC) and no longer applies; it would cover 1 finding, which now counts again (renew its expires date with a new justification, or remove it)\n',
  );
  // --quiet keeps the warning: it is about accountability
  assert.match(check('--snapshot', 'bad.json', '--config', cfg, '--quiet').stderr, 'expired on 2020-06-30');
});

cli('should warn about a suppression that matches nothing, unless --no-report-unused-suppressions', () => {
  const cfg = yaml('unused.yaml', [
    'suppressions:',
    '  - id: okta/idp-issuer',
    '    justification: kept from last year',
    '  - id: drift/idp-changed',
    '    justification: a drift suppression, not judged by check',
  ]);
  const r = check('--snapshot', 'clean.json', '--config', cfg);
  assert.is(r.code, 0);
  assert.is(
    r.stderr,
    'okta-bi-lint: warning: unused.yaml:2:5: suppression okta/idp-issuer matched no finding (okta/idp-issuer is pass); remove it if the problem is fixed, or correct its id or resource\n',
  );
  const off = check('--snapshot', 'clean.json', '--config', cfg, '--no-report-unused-suppressions');
  assert.equal([off.code, off.stderr], [0, '']);
});

cli('should refuse invalid suppressions before anything runs: no justification, an unknown id, an invalid date', () => {
  exit2(
    check(
      '--snapshot',
      'bad.json',
      '--config',
      yaml('nojust.yaml', ['suppressions:', '  - id: okta/idp-issuer', '    owner: iam-team']),
      '--output',
      'x.json',
    ),
    'nojust.yaml:2:5: suppressions[0] is missing the required key "justification" (every suppression needs a justification: say why the finding is accepted)',
  );
  assert.not.ok(existsSync(at('x.json')));
  exit2(
    check(
      '--snapshot',
      'bad.json',
      '--config',
      yaml('blank.yaml', ['suppressions:', '  - id: okta/idp-issuer', '    justification: ""']),
    ),
    'blank.yaml:3:20: suppressions[0].justification must NOT have fewer than 1 characters (every suppression needs a justification: say why the finding is accepted)',
  );
  exit2(
    check(
      '--snapshot',
      'bad.json',
      '--config',
      yaml('unknown.yaml', ['suppressions:', '  - id: okta/routing-rule-value-tru', '    justification: x']),
    ),
    'unknown.yaml:2:9: suppressions[0] names the unknown id "okta/routing-rule-value-tru" (did you mean "okta/routing-rule-value-true"?)',
  );
  exit2(
    check(
      '--snapshot',
      'bad.json',
      '--config',
      yaml('date.yaml', [
        'suppressions:',
        '  - id: okta/idp-issuer',
        '    justification: x',
        '    expires: 2027-02-30',
      ]),
    ),
    'date.yaml:4:14: suppressions[0].expires is "2027-02-30", which is not a valid date (write a calendar date such as 2027-01-31; it is interpreted in UTC)',
  );
  const form = check(
    '--snapshot',
    'bad.json',
    '--config',
    yaml('form.yaml', ['suppressions:', '  - id: okta/idp-issuer', '    justification: x', '    expires: next week']),
  );
  assert.is(form.code, 2);
  assert.match(
    form.stderr,
    /^okta-bi-lint: form\.yaml:4:14: suppressions\[0\]\.expires is "next week", which does not have the expected form/,
  );
  const key = check(
    '--snapshot',
    'bad.json',
    '--config',
    yaml('key.yaml', ['suppressions:', '  - id: okta/idp-issuer', '    justification: x', '    expiry: 2027-01-01']),
  );
  assert.is(key.code, 2);
  assert.match(
    key.stderr,
    /^okta-bi-lint: key\.yaml:4:5: unknown key "expiry" in suppressions\[0\] \(did you mean "expires"\?\)/,
  );
});

cli('should suppress drift changes by drift id and resource', () => {
  const base = cleanSnapshot();
  const cur = cleanSnapshot();
  cur.okta.idps.find((i: Doc) => i.name === 'Beyond Identity').protocol.scopes.push('profile');
  writeJson(at('d.base.json'), base);
  writeJson(at('d.cur.json'), cur);
  const cfg = yaml('drift.yaml', [
    'suppressions:',
    '  - id: drift/idp-changed',
    `    resource: ${IDP}`,
    '    justification: approved in CHG-3',
    '  - id: okta/idp-scopes-openid-only',
    '    justification: approved in CHG-3',
    '  - id: drift/group-removed',
    '    justification: nothing to match',
  ]);
  const r = runCli(
    ['drift', '--baseline', 'd.base.json', '--current', 'd.cur.json', '--config', cfg, '--format', 'json'],
    { cwd: tmp.dir },
  );
  assert.is(r.code, 0, r.stdout + r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(
    [doc.summary.changes, doc.summary.suppressed, doc.changes[0].suppressed],
    [0, 1, { justification: 'approved in CHG-3' }],
  );
  assert.is(
    r.stderr,
    'okta-bi-lint: warning: drift.yaml:7:5: suppression drift/group-removed matched no finding; remove it if the problem is fixed, or correct its id or resource\n',
  );
});

cli.run();

// ---- accepted findings ----

const accepted = suite('accepted findings');

accepted('should record the current findings, then report only new ones and say how many were accepted', () => {
  const w = check('--snapshot', 'bad.json', '--write-accepted', 'accepted.json', '--format', 'json');
  assert.is(w.code, 0, w.stderr);
  assert.is(
    w.stderr,
    'okta-bi-lint: recorded 2 findings in accepted.json\nokta-bi-lint: 2 findings are accepted in accepted.json and not reported\n',
  );
  const file = JSON.parse(readFileSync(at('accepted.json'), 'utf8'));
  assert.ok(validator('accepted.schema.json')(file));
  assert.is(file.format, 'okta-bi-lint/accepted@1');
  assert.equal(
    file.findings.map((f: Doc) => [f.ruleId, f.resource, f.level]),
    [
      ['okta/idp-scopes-openid-only', IDP, 'error'],
      ['okta/routing-rule-value-true', RULE_RES, 'error'],
    ],
  );
  assert.ok(file.findings.every((f: Doc) => /^[0-9a-f]{32}$/.test(f.fingerprint)));

  // the same findings: accepted, exit 0, the rules are suppressed (not pass)
  const r = check('--snapshot', 'bad.json', '--accepted', 'accepted.json', '--format', 'json');
  assert.is(r.code, 0);
  assert.is(r.stderr, 'okta-bi-lint: 2 findings are accepted in accepted.json and not reported\n');
  const byId = rules(r);
  assert.equal(
    [byId['okta/routing-rule-value-true'].status, byId['okta/routing-rule-value-true'].findings],
    ['suppressed', []],
  );

  // a new problem is reported; a fixed one is counted as no longer occurring
  const worse = failing();
  worse.okta.idps.find((i: Doc) => i.name === 'Beyond Identity').protocol.scopes = ['openid'];
  worse.okta.idps.find((i: Doc) => i.name === 'Beyond Identity').protocol.issuer.url = 'https://auth.byndid.com/v2/';
  writeJson(at('worse.json'), worse);
  const n = check('--snapshot', 'worse.json', '--accepted', 'accepted.json', '--format', 'json');
  assert.is(n.code, 1);
  assert.is(
    n.stderr,
    'okta-bi-lint: 1 finding is accepted in accepted.json and not reported; 1 accepted finding no longer occurs (refresh the file with --write-accepted)\n',
  );
  const nb = rules(n);
  assert.is(nb['okta/idp-issuer'].status, 'fail');
  assert.is(nb['okta/routing-rule-value-true'].status, 'suppressed');
  assert.is(nb['okta/idp-scopes-openid-only'].status, 'pass');

  // recording again is deterministic apart from the time it was recorded
  check('--snapshot', 'bad.json', '--write-accepted', 'accepted2.json', '--quiet');
  const again = JSON.parse(readFileSync(at('accepted2.json'), 'utf8'));
  assert.equal({ ...again, createdAt: 0 }, { ...file, createdAt: 0 });
});

accepted('should not record suppressed findings, and keep them visible as suppressed', () => {
  const cfg = yaml('acc.yaml', ['suppressions:', '  - id: okta/routing-rule-value-true', '    justification: known']);
  check('--snapshot', 'bad.json', '--config', cfg, '--write-accepted', 'acc.json', '--quiet');
  assert.equal(
    JSON.parse(readFileSync(at('acc.json'), 'utf8')).findings.map((f: Doc) => f.ruleId),
    ['okta/idp-scopes-openid-only'],
  );
});

accepted('should refuse a bad accepted-findings file with its place and the fix', () => {
  writeFileSync(at('acc-bad.json'), '{"format": "okta-bi-lint/accepted@1", "findings": [{"ruleId": "x"}]}\n');
  exit2(
    check('--snapshot', 'bad.json', '--accepted', 'acc-bad.json'),
    'acc-bad.json:1:52: findings[0] is missing the required key "fingerprint" (see schemas/accepted.schema.json)',
  );
  writeFileSync(at('acc-other.json'), '{"format": "okta-bi-lint/report@1"}\n');
  exit2(
    check('--snapshot', 'bad.json', '--accepted', 'acc-other.json'),
    'acc-other.json:1:12: not an accepted-findings file: format is "okta-bi-lint/report@1" (expected "format": "okta-bi-lint/accepted@1"; write one with okta-bi-lint check --write-accepted FILE)',
  );
  exit2(
    check('--snapshot', 'bad.json', '--accepted', 'nope.json'),
    'nope.json: accepted-findings file not found (check the path)',
  );
});

accepted('should accept drift changes too', async () => {
  const base = cleanSnapshot();
  const cur = cleanSnapshot();
  cur.okta.idps.find((i: Doc) => i.name === 'Beyond Identity').protocol.scopes.push('profile');
  writeJson(at('a.base.json'), base);
  writeJson(at('a.cur.json'), cur);
  const [w] = await pool([
    () =>
      runCliAsync(
        [
          'drift',
          '--baseline',
          'a.base.json',
          '--current',
          'a.cur.json',
          '--write-accepted',
          'drift-acc.json',
          '--quiet',
        ],
        { cwd: tmp.dir },
      ),
  ]);
  assert.is(w.code, 0, w.stderr + w.stdout);
  const recorded = JSON.parse(readFileSync(at('drift-acc.json'), 'utf8')).findings.map((f: Doc) => f.ruleId);
  assert.equal(recorded, ['drift/idp-changed', 'okta/idp-scopes-openid-only']);
  const r = runCli(
    [
      'drift',
      '--baseline',
      'a.base.json',
      '--current',
      'a.cur.json',
      '--accepted',
      'drift-acc.json',
      '--format',
      'json',
    ],
    { cwd: tmp.dir },
  );
  assert.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(
    [doc.summary.accepted, doc.changes, doc.accepted],
    [2, [], { file: 'drift-acc.json', count: 2, stale: 0 }],
  );
});

accepted.after(() => tmp.cleanup());
accepted.run();
