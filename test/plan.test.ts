import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FIXTURES, REPO_ROOT, runCli } from './helpers/cli.js';
import { assertCleanSarif, validateSarif } from './helpers/sarif-validate.js';
import { validator } from '../src/util/ajv.js';

// check --plan: the plans in fixtures/plans were written by hand from Terraform's documented JSON
// format (terraform show -json); no Terraform binary is needed.

const PLANS = path.join(REPO_ROOT, 'fixtures', 'plans');
const TF = path.join(PLANS, 'tf');
const CLEAN = path.join(FIXTURES, 'clean-scim.json');
const plan = (name: string) => path.join(PLANS, `${name}.json`);
const CANARY = /tf-canary/;

type Report = {
  exitCode: number;
  plan?: {
    summary: string;
    introduced: Record<string, number>;
    fixed: { ruleId: string }[];
    complete: boolean;
    deferred: { address: string; reason: string }[];
    notEvaluated: { ruleId: string; cause: string; address?: string; reason: string }[];
  };
  rules: {
    id: string;
    status: string;
    reason: string;
    findings: { message: string; plan?: { change: string; address?: string; file?: string; line?: number } }[];
  }[];
};

let dir: string;
const test = suite('check --plan');
test.before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'okta-bi-lint-plan-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

function json(args: string[]): { code: number | null; report: Report; stderr: string } {
  const r = runCli(['check', ...args, '--format', 'json']);
  assert.ok(r.stdout.startsWith('{'), r.stderr);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}
const rule = (rep: Report, id: string) => rep.rules.find((r) => r.id === id)!;

test('each bad input is refused: exit 2, one line naming the file, nothing of the file echoed', () => {
  const cases: [string, RegExp][] = [
    [plan('bad-unknown-major'), /unsupported plan format_version "2\.0"/],
    [plan('bad-errored'), /the plan errored/],
    [plan('bad-hcp-redacted'), /HCP Terraform's redacted plan JSON/],
    [plan('bad-state'), /a Terraform state/],
    [plan('bad-truncated'), /not a JSON document/],
    [plan('bad-not-a-plan'), /not a Terraform plan: no format_version/],
    [CLEAN, /a snapshot of okta-bi-lint, not a Terraform plan/],
  ];
  for (const [file, why] of cases) {
    const r = runCli(['check', '--plan', file]);
    assert.is(r.code, 2, `${file}: ${r.stderr}`);
    assert.is(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.is(lines.length, 1, r.stderr);
    assert.ok(lines[0].includes(path.relative(REPO_ROOT, file)) || lines[0].includes(file), lines[0]);
    assert.match(lines[0], why);
    assert.not.match(r.stderr, CANARY);
  }
});

test('--tf-dir needs --plan', () => {
  const r = runCli(['check', '--snapshot', CLEAN, '--tf-dir', TF]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /--tf-dir needs --plan/);
});

test('a plan alone: org-only facts are not evaluated, with the reasons, and the exit is 3', () => {
  const { code, report } = json(['--plan', plan('no-op')]);
  assert.is(code, 3);
  assert.is(report.exitCode, 3);
  assert.is(rule(report, 'okta/idp-no-jit').status, 'pass');
  assert.is(rule(report, 'okta/routing-rule-value-true').status, 'pass');
  for (const id of [
    'okta/group-defined',
    'okta/routing-rule-first',
    'okta/user-portal-app',
    'okta/api-token-defined',
    'link/provisioning-exclusive',
  ]) {
    assert.is(rule(report, id).status, 'not-evaluated', id);
    assert.match(rule(report, id).reason, /a plan alone holds only what Terraform manages/, id);
  }
  assert.match(rule(report, 'bi/oidc-client-defined').reason, /holds no Beyond Identity side/);
  const text = runCli(['check', '--plan', plan('no-op')]);
  assert.is(text.code, 3);
  assert.match(text.stdout, /not evaluated +okta\/routing-rule-first +a plan alone holds only what Terraform manages/);
});

test('a plan alone exits 0 once the rules only the org can decide are off', () => {
  const cfg = path.join(dir, 'plan-only.yaml');
  const { report } = json(['--plan', plan('no-op')]);
  const off = report.rules.filter((r) => r.status === 'not-evaluated').map((r) => `  ${r.id}: off`);
  writeFileSync(cfg, `rules:\n${off.join('\n')}\n`);
  const r = runCli(['check', '--plan', plan('no-op'), '--config', cfg]);
  assert.is(r.code, 0, r.stdout);
});

test('a new IdP and its routing rule in one plan: the reference resolves to the new IdP, and the rule is checked', () => {
  const { code, report } = json(['--plan', plan('create-idp-and-rule'), '--tf-dir', TF]);
  assert.is(code, 1);
  assert.is(rule(report, 'okta/routing-rule-defined').status, 'pass');
  assert.is(rule(report, 'okta/routing-rule-value-true').status, 'pass');
  // provisioning_action left out: the provider's default AUTO is JIT on
  const jit = rule(report, 'okta/idp-no-jit');
  assert.is(jit.status, 'fail');
  assert.equal(jit.findings[0].plan, {
    change: 'introduced',
    address: 'okta_idp_oidc.bi',
    file: 'fixtures/plans/tf/main.tf',
    line: 7,
  });
  assert.match(report.plan!.summary, /^this plan introduces 1 error and fixes 0/);
});

test('a module: references are module-local and var. is followed through the call; the finding points into the module', () => {
  const { report } = json(['--plan', plan('module'), '--tf-dir', TF]);
  assert.is(rule(report, 'okta/routing-rule-defined').status, 'pass');
  const v = rule(report, 'okta/routing-rule-value-true');
  assert.is(v.status, 'fail');
  assert.equal(v.findings[0].plan, {
    change: 'introduced',
    address: 'module.bi.okta_policy_rule_idp_discovery.this',
    file: 'fixtures/plans/tf/modules/bi/main.tf',
    line: 9,
  });
});

test('unknown values are never a pass: a dynamic block leaves the group id unknown after apply', () => {
  for (const args of [
    ['--plan', plan('dynamic-block')],
    ['--snapshot', CLEAN, '--plan', plan('dynamic-block')],
  ]) {
    const { report } = json(args);
    const r = rule(report, 'okta/user-portal-app');
    assert.is(r.status, 'not-evaluated', args.join(' '));
    assert.is(r.reason, 'known after apply: okta_app_group_assignments.user_portal.group[0].id');
  }
  // without the plan the same org passes: the plan made it unknown
  assert.is(rule(json(['--snapshot', CLEAN]).report, 'okta/user-portal-app').status, 'pass');
});

test('laid over a snapshot: findings are introduced, unchanged or fixed, and the summary says so', () => {
  const { code, report } = json([
    '--snapshot',
    path.join(FIXTURES, 'idp-jit-auto.json'),
    '--plan',
    plan('update'),
    '--tf-dir',
    TF,
  ]);
  assert.is(code, 1);
  assert.is(rule(report, 'okta/idp-no-jit').status, 'pass');
  assert.equal(
    report.plan!.fixed.map((f) => f.ruleId),
    ['okta/idp-no-jit'],
  );
  assert.is(rule(report, 'okta/idp-scopes-openid-only').findings[0].plan!.change, 'introduced');
  assert.match(report.plan!.summary, /^this plan introduces 1 error and fixes 1$/);
  const validate = validator('report.schema.json');
  assert.ok(validate(report), JSON.stringify(validate.errors));
  const text = runCli([
    'check',
    '--snapshot',
    path.join(FIXTURES, 'idp-jit-auto.json'),
    '--plan',
    plan('update'),
    '--tf-dir',
    TF,
  ]);
  assert.match(text.stdout, /This plan introduces 1 error and fixes 1 \(against the org without it\)\./);
  assert.match(text.stdout, /Fixed by the plan\n {2}error okta\/idp-no-jit okta_idp_oidc\.bi: /);
  assert.match(text.stdout, /fixtures\/plans\/tf\/main\.tf:7 +error +okta\/idp-scopes-openid-only/);
  const md = runCli([
    'check',
    '--snapshot',
    path.join(FIXTURES, 'idp-jit-auto.json'),
    '--plan',
    plan('update'),
    '--format',
    'markdown',
  ]);
  assert.match(md.stdout, /\*\*Terraform plan:\*\* this plan introduces 1 error and fixes 1/);
  assert.match(md.stdout, /introduced by the plan: okta\\_idp\\_oidc\.bi|introduced by the plan: okta_idp_oidc\.bi/);
  const html = runCli([
    'check',
    '--snapshot',
    path.join(FIXTURES, 'idp-jit-auto.json'),
    '--plan',
    plan('update'),
    '--format',
    'html',
  ]);
  assert.match(html.stdout, /introduced by the plan: okta_idp_oidc\.bi/);
  assert.match(html.stdout, /Fixed by the plan/);
  const junit = runCli([
    'check',
    '--snapshot',
    path.join(FIXTURES, 'idp-jit-auto.json'),
    '--plan',
    plan('update'),
    '--format',
    'junit',
  ]);
  assert.match(junit.stdout, /Terraform: introduced by the plan: okta_idp_oidc\.bi/);
  // an unchanged finding: the same plan over an org that already had the second scope
  const unchanged = json(['--snapshot', path.join(FIXTURES, 'idp-extra-scope.json'), '--plan', plan('update')]).report;
  const f = rule(unchanged, 'okta/idp-scopes-openid-only').findings[0];
  assert.is(f.plan!.change, 'unchanged');
});

test('delete removes by before.id; forget-free replace in both orders puts the new rule in place of the old', () => {
  const del = json(['--snapshot', CLEAN, '--plan', plan('delete')]).report;
  assert.is(rule(del, 'okta/routing-rule-defined').status, 'fail');
  for (const p of ['replace', 'replace-create-first']) {
    const rep = json(['--snapshot', CLEAN, '--plan', plan(p)]).report;
    const v = rule(rep, 'okta/routing-rule-value-true');
    assert.is(v.status, 'fail', p);
    assert.match(v.findings[0].message, /"BI Auth" \(tf:okta_policy_rule_idp_discovery\.bi\).*"True"/);
    assert.is(rule(rep, 'okta/routing-rule-defined').findings[0].plan!.change, 'introduced');
  }
});

test('a canary secret in the plan appears in no output, in any format, alone or laid over a snapshot', () => {
  const cfg = path.join(dir, 'hook.yaml');
  writeFileSync(cfg, 'provisioning: event-hook\n');
  const raw = readFileSync(plan('sensitive'), 'utf8');
  assert.match(raw, /tf-canary-client-secret/);
  assert.match(raw, /tf-canary-hook-auth/);
  for (const base of [[], ['--snapshot', CLEAN]]) {
    for (const format of ['text', 'json', 'sarif', 'markdown', 'html', 'junit']) {
      const out = path.join(dir, `out.${format}`);
      const r = runCli([
        'check',
        ...base,
        '--plan',
        plan('sensitive'),
        '--config',
        cfg,
        '--format',
        format,
        '--verbose',
        '--output',
        out,
      ]);
      assert.ok(r.code === 1 || r.code === 3, `${format}: ${r.stderr}`);
      assert.not.match(r.stdout + r.stderr, CANARY, format);
      assert.not.match(readFileSync(out, 'utf8'), CANARY, format);
    }
  }
  for (const p of readdirSync(PLANS).filter((f) => f.endsWith('.json'))) {
    const r = runCli(['check', '--plan', path.join(PLANS, p), '--format', 'json', '--verbose']);
    assert.not.match(r.stdout + r.stderr, CANARY, p);
  }
});

test('SARIF from --plan is clean under the GitHub rules and points at the .tf line', () => {
  const out = path.join(dir, 'plan.sarif');
  const r = runCli([
    'check',
    '--plan',
    plan('create-idp-and-rule'),
    '--tf-dir',
    TF,
    '--format',
    'sarif',
    '--output',
    out,
  ]);
  assert.is(r.code, 1, r.stderr);
  const text = readFileSync(out, 'utf8');
  const log = assertCleanSarif(text);
  const res = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'okta/idp-no-jit');
  assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'fixtures/plans/tf/main.tf');
  assert.is(res.locations[0].physicalLocation.region.startLine, 7);
  assert.ok(
    res.locations[0].logicalLocations.some(
      (l: { fullyQualifiedName: string }) => l.fullyQualifiedName === 'okta_idp_oidc.bi',
    ),
  );
  assert.is(res.baselineState, 'new');
  assert.match(log.runs[0].properties.terraformPlan.summary, /this plan introduces 1 error/);
});

const IDP_RULES = [
  'okta/idp-defined',
  'okta/idp-endpoints',
  'okta/idp-issuer',
  'okta/idp-no-jit',
  'okta/idp-scopes-openid-only',
  'okta/idp-username-template',
  'okta/routing-rule-defined',
  'okta/routing-rule-value-true',
];

test('a deferred change (complete: false): the rules reading it are not evaluated with the deferral as reason, alone or laid over the org', () => {
  const validate = validator('report.schema.json');
  // the same plan without the deferral passes these rules: the deferral, not the values, keeps them from passing
  const noop = json(['--plan', plan('no-op')]).report;
  assert.is(rule(noop, 'okta/idp-no-jit').status, 'pass');
  for (const base of [[], ['--snapshot', CLEAN]]) {
    const { code, report } = json([...base, '--plan', plan('deferred')]);
    assert.is(code, 3, base.join(' '));
    for (const id of IDP_RULES) {
      assert.is(rule(report, id).status, 'not-evaluated', id);
      assert.is(
        rule(report, id).reason,
        'known after a later plan: Terraform deferred okta_idp_oidc.bi (provider_config_unknown)',
        id,
      );
      assert.is(rule(report, id).findings.length, 0, id);
    }
    // structurally: the plan is incomplete, what was deferred and why, and which rules it kept from being evaluated
    assert.is(report.plan!.complete, false);
    assert.equal(report.plan!.deferred, [{ address: 'okta_idp_oidc.bi', reason: 'provider_config_unknown' }]);
    const byDeferral = report.plan!.notEvaluated.filter((n) => n.cause === 'deferred');
    assert.equal(
      byDeferral
        .map((n) => n.ruleId)
        .filter((id) => IDP_RULES.includes(id))
        .sort(),
      [...IDP_RULES].sort(),
    );
    for (const n of byDeferral) assert.is(n.address, 'okta_idp_oidc.bi');
    const notEvaluated = report.rules.filter((r) => r.status === 'not-evaluated').map((r) => r.id);
    assert.equal(
      report.plan!.notEvaluated.map((n) => n.ruleId),
      notEvaluated,
    );
    assert.ok(validate(report), JSON.stringify(validate.errors));
  }
  const text = runCli(['check', '--plan', plan('deferred')]);
  assert.is(text.code, 3);
  assert.match(
    text.stdout,
    /known after a later plan: Terraform deferred okta_idp_oidc\.bi \(provider_config_unknown\)/,
  );
});

test('complete: false with nothing deferred listed: every Okta rule the plan could touch is not evaluated, never passed', () => {
  for (const base of [[], ['--snapshot', CLEAN]]) {
    const { code, report } = json([...base, '--plan', plan('incomplete')]);
    assert.is(code, 3);
    for (const id of [...IDP_RULES, 'okta/group-defined', 'okta/api-token-defined']) {
      assert.is(rule(report, id).status, 'not-evaluated', id);
      assert.match(
        rule(report, id).reason,
        /^known after a later plan: Terraform marked the plan incomplete \(complete: false/,
        id,
      );
    }
    assert.is(report.plan!.complete, false);
    assert.equal(report.plan!.deferred, []);
    assert.ok(report.plan!.notEvaluated.some((n) => n.cause === 'incomplete' && n.ruleId === 'okta/idp-no-jit'));
  }
  // a complete plan says so
  assert.is(json(['--plan', plan('no-op')]).report.plan!.complete, true);
});

test('deferred_changes that are not a list of {reason, resource_change} are refused with one line', () => {
  const bad = path.join(dir, 'bad-deferred.json');
  const doc = JSON.parse(readFileSync(plan('deferred'), 'utf8'));
  doc.deferred_changes = [{ reason: 'provider_config_unknown' }];
  writeFileSync(bad, JSON.stringify(doc));
  const r = runCli(['check', '--plan', bad]);
  assert.is(r.code, 2);
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /bad-deferred\.json.*deferred_changes\[0\] lacks reason, or resource_change/);
});

test('the JSON report names the unknown value that kept a rule from being evaluated, and its resource', () => {
  const { report } = json(['--plan', plan('dynamic-block')]);
  const n = report.plan!.notEvaluated.find((x) => x.ruleId === 'okta/user-portal-app')!;
  assert.equal(n, {
    ruleId: 'okta/user-portal-app',
    cause: 'unknown-value',
    address: 'okta_app_group_assignments.user_portal',
    reason: 'known after apply: okta_app_group_assignments.user_portal.group[0].id',
  });
  assert.is(report.plan!.notEvaluated.find((x) => x.ruleId === 'okta/routing-rule-first')!.cause, 'plan-alone');
  assert.is(report.plan!.notEvaluated.find((x) => x.ruleId === 'bi/oidc-client-defined')!.cause, 'beyond-identity');
});

test('SARIF: a finding the plan fixes is a result of kind pass, level none, baselineState absent, at its .tf line; the log stays clean', () => {
  const out = path.join(dir, 'fixed.sarif');
  const r = runCli([
    'check',
    '--snapshot',
    path.join(FIXTURES, 'idp-jit-auto.json'),
    '--plan',
    plan('update'),
    '--tf-dir',
    TF,
    '--format',
    'sarif',
    '--output',
    out,
  ]);
  assert.is(r.code, 1, r.stderr);
  const text = readFileSync(out, 'utf8');
  const log = assertCleanSarif(text);
  type Result = {
    ruleId: string;
    ruleIndex?: number;
    kind?: string;
    level: string;
    baselineState: string;
    message: { text: string };
    locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    partialFingerprints: Record<string, string>;
  };
  const results = log.runs[0].results as Result[];
  const fixed = results.filter((x) => x.baselineState === 'absent');
  assert.is(fixed.length, 1);
  assert.is(fixed[0].ruleId, 'okta/idp-no-jit');
  assert.is(fixed[0].kind, 'pass');
  assert.is(fixed[0].level, 'none');
  assert.is(log.runs[0].tool.driver.rules[fixed[0].ruleIndex!].id, 'okta/idp-no-jit');
  assert.match(fixed[0].message.text, /Fixed by the plan: okta_idp_oidc\.bi \(fixtures\/plans\/tf\/main\.tf:7\)\.$/);
  assert.is(fixed[0].locations[0].physicalLocation.artifactLocation.uri, 'fixtures/plans/tf/main.tf');
  assert.is(fixed[0].locations[0].physicalLocation.region.startLine, 7);
  // the fingerprint is the one the finding had without the plan, so code scanning closes that alert
  const without = JSON.parse(
    runCli(['check', '--snapshot', path.join(FIXTURES, 'idp-jit-auto.json'), '--format', 'sarif']).stdout,
  ).runs[0].results.find((x: Result) => x.ruleId === 'okta/idp-no-jit') as Result;
  assert.equal(fixed[0].partialFingerprints, without.partialFingerprints);
  // introduced is new, and a finding there with and without the plan is unchanged
  assert.equal(
    results.filter((x) => x.baselineState !== 'absent').map((x) => [x.ruleId, x.baselineState]),
    [['okta/idp-scopes-openid-only', 'new']],
  );
  const again = path.join(dir, 'unchanged.sarif');
  runCli([
    'check',
    '--snapshot',
    path.join(FIXTURES, 'idp-extra-scope.json'),
    '--plan',
    plan('update'),
    '--format',
    'sarif',
    '--output',
    again,
  ]);
  const u = JSON.parse(readFileSync(again, 'utf8')).runs[0].results as Result[];
  assert.is(u.find((x) => x.ruleId === 'okta/idp-scopes-openid-only')!.baselineState, 'unchanged');
  assert.equal(validateSarif(readFileSync(again, 'utf8')).errors, []);
});

test('a plan alone with --bi-from: the declared Beyond Identity side is audited against the plan', () => {
  const cfg = path.join(dir, 'acme.yaml');
  writeFileSync(cfg, 'okta:\n  orgUrl: https://acme.okta.com\n');
  const declared = path.join(PLANS, 'bi-declared.yaml');
  const { code, report } = json(['--plan', plan('no-op'), '--bi-from', declared, '--config', cfg]);
  assert.is(code, 1);
  // the IdP of the plan and the declared client agree on the client id
  assert.is(rule(report, 'link/idp-client-id').status, 'pass');
  assert.is(rule(report, 'bi/oidc-client-redirect-uri').status, 'pass');
  assert.is(rule(report, 'bi/registration-extension').status, 'pass');
  const alg = rule(report, 'bi/oidc-client-signing-alg');
  assert.is(alg.status, 'fail');
  assert.match(alg.findings[0].message, /"ES256".*declared in .*bi-declared\.yaml, not read from its API/);
  // what the file leaves out is a gap that says so
  assert.match(rule(report, 'bi/console-sso').reason, /not declared in .*bi-declared\.yaml \(add consoleSso/);
  // without --bi-from the same rules are not evaluated
  const alone = json(['--plan', plan('no-op'), '--config', cfg]).report;
  assert.is(rule(alone, 'link/idp-client-id').status, 'not-evaluated');
  // a plan names no org: without okta.orgUrl the declared side has nothing to be compared with
  const r = runCli(['check', '--plan', plan('no-op'), '--bi-from', declared]);
  assert.is(r.code, 2);
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /bi-declared\.yaml: a plan alone names no Okta org.*set okta\.orgUrl/);
  // laid over a snapshot, the snapshot holds the Beyond Identity side
  const both = runCli(['check', '--snapshot', CLEAN, '--plan', plan('no-op'), '--bi-from', declared]);
  assert.is(both.code, 2);
  assert.match(both.stderr, /--bi-from declares the Beyond Identity side, which the snapshot already holds/);
  // a declared file is Secure Workforce's shape: refused on any other platform, with where to change it
  for (const [platform, hint] of [
    ['none', /drop --bi-from, or the platform none \(--bi-platform, beyondIdentity\.platform\)/],
    ['secure-access', /drop --bi-from, or set the platform to secure-workforce/],
  ] as const) {
    const other = runCli([
      'check',
      '--plan',
      plan('no-op'),
      '--bi-from',
      declared,
      '--config',
      cfg,
      '--bi-platform',
      platform,
    ]);
    assert.is(other.code, 2, other.stderr);
    assert.is(other.stderr.trim().split('\n').length, 1, other.stderr);
    assert.match(
      other.stderr,
      new RegExp(
        `--bi-from declares a Secure Workforce configuration, but the Beyond Identity platform is ${platform}`,
      ),
    );
    assert.match(other.stderr, hint);
  }
});

test('a credential-shaped value the plan neither flags nor names as secret is caught by the secret scanner', () => {
  const canary = 'https://svc:tfScannerCanary01@siem.example.com/okta/events';
  const doc = JSON.parse(readFileSync(plan('no-op'), 'utf8'));
  const idp = (v: { address: string }) => v.address === 'okta_idp_oidc.bi';
  const change = doc.resource_changes.find(idp).change;
  change.before.issuer_url = canary;
  change.after.issuer_url = canary;
  doc.planned_values.root_module.resources.find(idp).values.issuer_url = canary;
  const file = path.join(dir, 'scanner.json');
  writeFileSync(file, JSON.stringify(doc));
  for (const base of [[], ['--snapshot', CLEAN]]) {
    const { report } = json([...base, '--plan', file, '--verbose']);
    // the issuer is wrong, and the finding says what it is: redacted
    const issuer = rule(report, 'okta/idp-issuer');
    assert.is(issuer.status, 'fail', base.join(' '));
    assert.match(issuer.findings[0].message, /\[REDACTED\]/);
    for (const format of ['text', 'json', 'sarif', 'markdown', 'html', 'junit']) {
      const r = runCli(['check', ...base, '--plan', file, '--format', format, '--verbose']);
      assert.not.match(r.stdout + r.stderr, /tfScannerCanary01/, format);
    }
  }
});

test.run();
