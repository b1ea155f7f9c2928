import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FIXTURES, REPO_ROOT, runCli } from './helpers/cli.js';
import { validateSarif, validateSarifSchema } from './helpers/sarif-validate.js';
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
  plan?: { summary: string; introduced: Record<string, number>; fixed: { ruleId: string }[] };
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
  const v = validateSarif(text);
  assert.equal(v.errors, [], v.output);
  assert.equal(v.warnings, [], v.output);
  const log = JSON.parse(text);
  assert.ok(validateSarifSchema(log), JSON.stringify(validateSarifSchema.errors));
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

test.run();
