// The scheduled-run examples, run for real: examples/github-actions/drift.yml is parsed and its `run`
// steps executed the way the runner does (bash -eo pipefail, the job's env with its expressions
// evaluated, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, `if:` conditions), with `npx okta-bi-lint`
// being this checkout's CLI and the live org being the Okta emulator; examples/cron's script runs
// the same way, and its crontab line and systemd units are checked to call it. Needs a build.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { BIN, REPO_ROOT, runCliAsync, tempDir } from './helpers/cli.ts';
import { validateSarif } from './helpers/sarif-validate.ts';
import { startEmulator, type OktaEmulator } from './emulator/okta-emulator.ts';
import { orgFromSnapshot, cleanSnapshot as emulatorSnapshot } from './emulator/org.ts';

type Doc = Record<string, any>;

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

const WORKFLOW = parse(readFileSync(path.join(REPO_ROOT, 'examples', 'github-actions', 'drift.yml'), 'utf8')) as Doc;
const JOB = WORKFLOW.jobs.drift as { env: Record<string, string>; steps: Step[] };
const TOKEN = 'drift-example-token';

const tmp = tempDir('okta-bi-lint-examples-');

/** A directory with an `npx` that runs this checkout's CLI, as `npm install okta-bi-lint` would provide. */
function shimDir(): string {
  const dir = tmp.file('bin');
  mkdirSync(dir, { recursive: true });
  const npx = path.join(dir, 'npx');
  writeFileSync(npx, `#!/bin/sh\n[ "$1" = okta-bi-lint ] || { echo "unexpected npx $1" >&2; exit 127; }\nshift\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(npx, 0o755);
  return dir;
}

/** Evaluates the few expressions the example uses; anything else is an error, so the test cannot pass by accident. */
function expr(text: string, ctx: { vars: Record<string, string>; secrets: Record<string, string>; outputs: Record<string, Record<string, string>> }): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_m, e: string) => {
    const alt = /^(.+?)\s*\|\|\s*'([^']*)'$/.exec(e);
    const value = (ref: string): string | undefined => {
      let m = /^vars\.([A-Z_]+)$/.exec(ref);
      if (m) return ctx.vars[m[1]];
      m = /^secrets\.([A-Z_]+)$/.exec(ref);
      if (m) return ctx.secrets[m[1]];
      m = /^steps\.([a-z-]+)\.outputs\.([a-z-]+)$/.exec(ref);
      if (m) return ctx.outputs[m[1]]?.[m[2]];
      if (ref === 'github.run_id') return '1';
      throw new Error(`the example uses an expression this test does not understand: ${ref}`);
    };
    if (alt) return value(alt[1]) || alt[2];
    return value(e) ?? '';
  });
}

interface JobRun {
  steps: { name: string; code: number; output: string }[];
  outputs: Record<string, Record<string, string>>;
  summary: string;
  failed: boolean;
}

/**
 * Runs a process without blocking the event loop: the emulator answers from this same process, so a
 * synchronous spawn would deadlock.
 */
function exec(cmd: string, args: string[], opts: { cwd?: string; env: Record<string, string>; timeoutMs?: number }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs the job's `run` steps in `ws` (skipping the install step, which the shim replaces). */
async function runJob(ws: string, emu: OktaEmulator): Promise<JobRun> {
  const ctx = { vars: { OKTA_ORG_URL: emu.url } as Record<string, string>, secrets: { OKTA_API_TOKEN: TOKEN } as Record<string, string>, outputs: {} as Record<string, Record<string, string>> };
  const summaryFile = path.join(ws, '..', `${path.basename(ws)}.summary.md`);
  writeFileSync(summaryFile, '');
  const result: JobRun = { steps: [], outputs: ctx.outputs, summary: '', failed: false };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  for (const k of ['OKTA_CLIENT_ID', 'OKTA_PRIVATE_KEY', 'OKTA_CLIENT_ORGURL', 'FORCE_COLOR']) delete env[k];
  env.NO_COLOR = '1';
  env.PATH = `${shimDir()}${path.delimiter}${env.PATH}`;
  for (const [k, v] of Object.entries(JOB.env)) env[k] = expr(v, ctx);
  for (const step of JOB.steps) {
    if (!step.run) continue;
    if (/^npm install\b/.test(step.run.trim())) continue;
    if (step.if) {
      const cond = expr(step.if.replace(/^\$\{\{\s*|\s*\}\}$/g, ''), ctx);
      const m = /^steps\.([a-z-]+)\.outputs\.([a-z-]+) != '(.*)'$/.exec(step.if.trim());
      if (!m) throw new Error(`the example uses a condition this test does not understand: ${cond}`);
      if ((ctx.outputs[m[1]]?.[m[2]] ?? '') === m[3]) continue;
    }
    if (result.failed) break;
    const outFile = path.join(ws, '..', `${path.basename(ws)}.${step.id ?? 'step'}.out`);
    writeFileSync(outFile, '');
    const run = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expr(step.run, ctx)], {
      cwd: ws,
      env: { ...env, GITHUB_OUTPUT: outFile, GITHUB_STEP_SUMMARY: summaryFile },
    });
    const outputs: Record<string, string> = {};
    for (const line of readFileSync(outFile, 'utf8').split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) outputs[line.slice(0, i)] = line.slice(i + 1);
    }
    if (step.id) ctx.outputs[step.id] = outputs;
    result.steps.push({ name: step.name ?? step.run.slice(0, 40), code: run.status ?? -1, output: `${run.stdout}${run.stderr}` });
    if (run.status !== 0) result.failed = true;
  }
  result.summary = readFileSync(summaryFile, 'utf8');
  return result;
}

async function collectBaseline(emu: OktaEmulator, file: string): Promise<void> {
  const r = await runCliAsync(['collect', '--bi-platform', 'none', '--out', file, '--quiet'], { cwd: tmp.dir, env: { OKTA_ORG_URL: emu.url, OKTA_API_TOKEN: TOKEN, OKTA_CLIENT_ID: undefined, OKTA_PRIVATE_KEY: undefined } });
  assert.is(r.code, 0, r.stderr);
}

function workspace(name: string, baseline: string, change?: (d: Doc) => void): string {
  const ws = tmp.file(name);
  mkdirSync(path.join(ws, 'baseline'), { recursive: true });
  const target = path.join(ws, JOB.env.BASELINE);
  copyFileSync(baseline, target);
  if (change) {
    const d = JSON.parse(readFileSync(target, 'utf8'));
    change(d);
    writeFileSync(target, JSON.stringify(d, null, 2) + '\n');
  }
  return ws;
}

// ---- the workflow file ----

const file = suite('examples/github-actions/drift.yml');

file('should run on a schedule, upload SARIF to code scanning and write the job summary', () => {
  assert.ok(Array.isArray(WORKFLOW.on.schedule) && /^\S+ \S+ \S+ \S+ \S+$/.test(WORKFLOW.on.schedule[0].cron), 'a cron schedule');
  assert.is(WORKFLOW.permissions['security-events'], 'write');
  const upload = JOB.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload, 'an upload-sarif step');
  assert.is(upload!.with!.sarif_file, 'drift.sarif');
  const drift = JOB.steps.find((s) => s.id === 'drift')!;
  assert.match(drift.run!, '--output drift.sarif');
  assert.match(drift.run!, '>> "$GITHUB_STEP_SUMMARY"');
  assert.match(drift.run!, '--live');
  assert.ok(JOB.steps.some((s) => s.run && /^npm install\b.*okta-bi-lint/.test(s.run.trim())), 'installs okta-bi-lint');
  // secrets reach the tool through the environment only, never on a command line
  for (const s of JOB.steps) assert.not.match(s.run ?? '', /secrets\./);
});

file.run();

// ---- running it ----

const run = suite('drift.yml and the cron script, run');

let emu: OktaEmulator;
const baselineFile = tmp.file('collected-baseline.json');

run.before(async () => {
  emu = await startEmulator({ org: orgFromSnapshot(await emulatorSnapshot()), tokens: [TOKEN], rateLimits: false });
  await collectBaseline(emu, baselineFile);
});

run.after(async () => {
  await emu.close();
  tmp.cleanup();
});

run('should pass, with a summary and a valid SARIF log, when the org matches the baseline', async () => {
  const ws = workspace('clean', baselineFile);
  const job = await runJob(ws, emu);
  assert.equal(job.outputs.drift, { 'exit-code': '0' }, job.steps.map((s) => s.output).join('\n'));
  assert.not.ok(job.failed);
  assert.equal(job.steps.map((s) => [s.name, s.code]), [['Compare the live org with the baseline', 0]]);
  assert.match(job.summary, /^## okta-bi-lint/m);
  const sarif = readFileSync(path.join(ws, 'drift.sarif'), 'utf8');
  const v = validateSarif(sarif);
  assert.equal([v.errors, v.warnings], [[], []], v.output);
  assert.equal(JSON.parse(sarif).runs[0].results.filter((r: Doc) => r.ruleId.startsWith('drift/')), []);
  assert.ok(existsSync(path.join(ws, 'current.json')));
  assert.equal(emu.writes(), []);
});

run('should fail the job on drift, with the change in the summary and in SARIF', async () => {
  // the approved baseline had one more scope than the org has now
  const ws = workspace('drifted', baselineFile, (d) => d.okta.idps.find((i: Doc) => i.name === 'Beyond Identity').protocol.scopes.push('profile'));
  const job = await runJob(ws, emu);
  assert.equal(job.outputs.drift, { 'exit-code': '1' });
  assert.ok(job.failed);
  assert.equal(job.steps.map((s) => [s.name, s.code]), [['Compare the live org with the baseline', 0], ['Fail on drift', 1]]);
  assert.match(job.steps[1].output, '::error::okta-bi-lint drift exited 1');
  assert.match(job.summary, 'drift/idp-changed', `summary:\n${job.summary}\nlog:\n${job.steps.map((s) => s.output).join('\n')}`);
  assert.match(job.summary, 'protocol.scopes: removed');
  const log = JSON.parse(readFileSync(path.join(ws, 'drift.sarif'), 'utf8'));
  assert.equal(log.runs[0].results.filter((r: Doc) => r.ruleId.startsWith('drift/')).map((r: Doc) => [r.ruleId, r.level]), [['drift/idp-changed', 'error']]);
});

run('should fail the job with exit code 2 and say so when the baseline is of another org', async () => {
  const ws = workspace('other-org', baselineFile, (d) => (d.okta.orgUrl = 'https://globex.okta.com'));
  const job = await runJob(ws, emu);
  assert.equal(job.outputs.drift, { 'exit-code': '2' });
  assert.match(job.steps[0].output, 'the baseline is a snapshot of https://globex.okta.com');
  assert.match(job.summary, 'okta-bi-lint drift could not run (exit code 2)');
  assert.equal(job.steps.map((s) => [s.name, s.code]), [['Compare the live org with the baseline', 0], ['Fail on drift', 2]]);
});

run('should run the cron script, keep the reports and return the exit code', async () => {
  const ws = workspace('cron', baselineFile, (d) => (d.okta.groups.find((g: Doc) => g.profile.name === 'Beyond Identity').profile.description = 'changed by hand'));
  const script = path.join(REPO_ROOT, 'examples', 'cron', 'okta-bi-lint-drift.sh');
  const r = await exec('sh', [script], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', OKTA_ORG_URL: emu.url, OKTA_API_TOKEN: TOKEN, BI_PLATFORM: 'none', OKTA_BI_LINT_DIR: ws, OKTA_BI_LINT: `${process.execPath} ${BIN}` },
  });
  assert.is(r.status, 1, r.stderr);
  const day = new Date().toISOString().slice(0, 10);
  const report = JSON.parse(readFileSync(path.join(ws, 'reports', `drift-${day}.json`), 'utf8'));
  assert.equal(report.changes.map((c: Doc) => [c.driftId, c.level, c.field.path]), [['drift/group-changed', 'warning', 'profile.description']]);
  assert.match(readFileSync(path.join(ws, 'reports', `drift-${day}.md`), 'utf8'), 'drift/group-changed');
  assert.match(r.stderr, `okta-bi-lint drift: exit code 1; reports in reports/drift-${day}.json and .md`);
});

run('should have a crontab line and systemd units that run the script', () => {
  const dir = path.join(REPO_ROOT, 'examples', 'cron');
  const line = readFileSync(path.join(dir, 'crontab'), 'utf8').split('\n').find((l) => /^\d/.test(l))!;
  const fields = line.split(/\s+/);
  assert.equal(fields.slice(0, 5), ['17', '6', '*', '*', '*']);
  assert.match(line, '/examples/cron/okta-bi-lint-drift.sh');
  const service = readFileSync(path.join(dir, 'okta-bi-lint-drift.service'), 'utf8');
  assert.match(service, /^ExecStart=\S+\/examples\/cron\/okta-bi-lint-drift\.sh$/m);
  assert.match(service, /^EnvironmentFile=/m);
  assert.match(readFileSync(path.join(dir, 'okta-bi-lint-drift.timer'), 'utf8'), /^OnCalendar=\*-\*-\* 06:17:00 UTC$/m);
  const sh = spawnSync('sh', ['-n', path.join(dir, 'okta-bi-lint-drift.sh')], { encoding: 'utf8' });
  assert.is(sh.status, 0, sh.stderr);
});

run.run();
