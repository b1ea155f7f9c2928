// check --live --plan: the plan laid over an org collected from the Okta emulator, through the
// built CLI in a fresh process (as in CI: terraform show -json, then okta-bi-lint).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type OktaEmulator } from './emulator/okta-emulator.js';
import { cleanSnapshot, orgFromSnapshot, REPO_ROOT, type OktaOrg } from './emulator/org.js';
import { ensureBuilt, leaks, runCli, tempDir, type Run } from './emulator/harness.js';
import { validateSarif } from './helpers/sarif-validate.js';

const TOKEN = '00cliTokenForThePlanEmulator0123456789abcd';
const FAST = { OKTA_BI_LINT_RETRY_BASE_MS: '5', OKTA_BI_LINT_RETRY_MAX_MS: '40', OKTA_BI_LINT_TIMEOUT_MS: '5000' };
const PLANS = path.join(REPO_ROOT, 'fixtures', 'plans');
const plan = (name: string) => path.join(PLANS, `${name}.json`);

type Rule = {
  id: string;
  status: string;
  reason: string;
  findings: { message: string; plan?: { change: string; address?: string; file?: string; line?: number } }[];
};
type Report = {
  exitCode: number;
  snapshot: { path: string };
  plan: {
    alone: boolean;
    summary: string;
    introduced: Record<string, number>;
    complete: boolean;
    deferred: { address: string; reason: string }[];
    notEvaluated: { ruleId: string; cause: string }[];
  };
  rules: Rule[];
};

let org: OktaOrg;
let emu: OktaEmulator;

test.before(async () => {
  ensureBuilt();
  org = orgFromSnapshot(await cleanSnapshot());
  emu = await startEmulator({ org, tokens: [TOKEN], rateLimits: false });
});
test.after(async () => {
  // collecting for a plan is read-only like any collection
  assert.equal(emu.writes(), [], 'only GET requests');
  await emu.close();
});

async function cli(args: string[], files: string[], cwd: string): Promise<Run> {
  const r = await runCli(args, { env: { ...FAST, OKTA_ORG_URL: emu.url, OKTA_API_TOKEN: TOKEN }, cwd });
  const texts: Record<string, string> = { stdout: r.stdout, stderr: r.stderr };
  for (const f of files) if (existsSync(f)) texts[f] = readFileSync(f, 'utf8');
  assert.equal(leaks(texts, [...emu.canaries, TOKEN, 'tf-canary']), [], 'no secret in any output');
  return r;
}

test('check --live --plan: the plan is laid over the collected org, and what it introduces is marked', async () => {
  const dir = tempDir('okta-bi-lint-plan-live-');
  const out = path.join(dir, 'plan.json.report');
  const snap = path.join(dir, 'plan.json.snapshot.json');
  const r = await cli(
    [
      'check',
      '--live',
      '--bi-platform',
      'none',
      '--plan',
      plan('update'),
      '--tf-dir',
      path.join(PLANS, 'tf'),
      '--format',
      'json',
      '--output',
      out,
      '--snapshot-out',
      snap,
    ],
    [out, snap],
    dir,
  );
  assert.is(r.code, 1, r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  const rule = (id: string) => report.rules.find((x) => x.id === id)!;
  assert.is(report.plan.alone, false);
  assert.is(report.plan.complete, true);
  // the live org is clean; the plan adds a second scope to its IdP: one error, introduced, at the .tf line
  const scopes = rule('okta/idp-scopes-openid-only');
  assert.is(scopes.status, 'fail');
  assert.equal(scopes.findings[0].plan, {
    change: 'introduced',
    address: 'okta_idp_oidc.bi',
    // relative to where the run started, as code scanning resolves it
    file: path.relative(dir, path.join(PLANS, 'tf', 'main.tf')),
    line: 7,
  });
  assert.match(report.plan.summary, /^this plan introduces 1 error and fixes 0$/);
  // the org's own objects are read from the emulator: what a plan alone cannot know is evaluated
  for (const id of ['okta/group-defined', 'okta/routing-rule-first', 'okta/user-portal-app'])
    assert.is(rule(id).status, 'pass', id);
  assert.equal(
    report.plan.notEvaluated.map((n) => n.ruleId),
    [],
  );
  // the collected snapshot is written as with --live
  assert.ok(existsSync(snap));
  assert.is(JSON.parse(readFileSync(snap, 'utf8')).okta.orgUrl, emu.url);
});

test('check --live --plan with a deferred change: exit 3, the deferral is the reason, SARIF clean', async () => {
  const dir = tempDir('okta-bi-lint-plan-live-');
  const sarif = path.join(dir, 'plan.sarif');
  const snap = path.join(dir, 'snap.json');
  const r = await cli(
    [
      'check',
      '--live',
      '--bi-platform',
      'none',
      '--plan',
      plan('deferred'),
      '--format',
      'sarif',
      '--output',
      sarif,
      '--snapshot-out',
      snap,
    ],
    [sarif, snap],
    dir,
  );
  assert.is(r.code, 3, r.stderr);
  const text = readFileSync(sarif, 'utf8');
  const v = validateSarif(text);
  assert.equal(v.errors, [], v.output);
  const run = JSON.parse(text).runs[0];
  assert.is(run.invocations[0].executionSuccessful, false);
  const notes = run.invocations[0].toolExecutionNotifications as { message: { text: string } }[];
  assert.ok(
    notes.some((n) =>
      n.message.text.includes(
        'known after a later plan: Terraform deferred okta_idp_oidc.bi (provider_config_unknown)',
      ),
    ),
    JSON.stringify(notes),
  );
  // the routing rule of the live org still reads the IdP the plan deferred: not passed either
  assert.ok(notes.some((n) => n.message.text.includes('okta/routing-rule-defined')));
});

test.run();
