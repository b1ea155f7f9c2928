// The scheduled-run examples, run for real: examples/github-actions/drift.yml is parsed and its `run`
// steps executed the way the runner does (bash -eo pipefail, the job's env with its expressions
// evaluated, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, `if:` conditions), with `npx okta-bi-lint`
// being this checkout's CLI and the live org being the Okta emulator; examples/cron's script runs
// the same way, and its crontab line and systemd units are checked to call it.
// examples/github-actions/pr-gate.yml runs the same way in a clone of a temporary git repository
// with a base branch and a pull-request branch that changes snapshot fixtures. Needs a build.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { BIN, FIXTURES, REPO_ROOT, runCliAsync, tempDir } from './helpers/cli.ts';
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

interface Job {
  env: Record<string, string>;
  defaults?: { run?: { shell?: string } };
  steps: Step[];
}

const WORKFLOW = parse(readFileSync(path.join(REPO_ROOT, 'examples', 'github-actions', 'drift.yml'), 'utf8')) as Doc;
const JOB = WORKFLOW.jobs.drift as Job;
const TOKEN = 'drift-example-token';

const tmp = tempDir('okta-bi-lint-examples-');

/** A directory with an `npx` that runs this checkout's CLI, as `npm install okta-bi-lint` would provide. */
function shimDir(under = tmp): string {
  const dir = under.file('bin');
  mkdirSync(dir, { recursive: true });
  const npx = path.join(dir, 'npx');
  writeFileSync(
    npx,
    `#!/bin/sh\n[ "$1" = okta-bi-lint ] || { echo "unexpected npx $1" >&2; exit 127; }\nshift\nexec "${process.execPath}" "${BIN}" "$@"\n`,
  );
  chmodSync(npx, 0o755);
  return dir;
}

interface ExprContext {
  vars: Record<string, string>;
  secrets: Record<string, string>;
  outputs: Record<string, Record<string, string>>;
  /** the github context: base_ref of a pull_request event, run_id */
  github?: Record<string, string>;
}

/** Evaluates the few expressions the examples use; anything else is an error, so the test cannot pass by accident. */
function expr(text: string, ctx: ExprContext): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_m, e: string) => {
    const alt = /^(.+?)\s*\|\|\s*'([^']*)'$/.exec(e);
    const value = (ref: string): string | undefined => {
      let m = /^vars\.([A-Z_]+)$/.exec(ref);
      if (m) return ctx.vars[m[1]];
      m = /^secrets\.([A-Z_]+)$/.exec(ref);
      if (m) return ctx.secrets[m[1]];
      m = /^steps\.([a-z-]+)\.outputs\.([a-z-]+)$/.exec(ref);
      if (m) return ctx.outputs[m[1]]?.[m[2]];
      m = /^github\.([a-z_]+)$/.exec(ref);
      if (m && ctx.github && m[1] in ctx.github) return ctx.github[m[1]];
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
function exec(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env: Record<string, string>; timeoutMs?: number },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
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

/** Runs the drift job's `run` steps in `ws` against the emulated org. */
function runJob(ws: string, emu: OktaEmulator): Promise<JobRun> {
  return runSteps(JOB, ws, { vars: { OKTA_ORG_URL: emu.url }, secrets: { OKTA_API_TOKEN: TOKEN }, outputs: {} });
}

/**
 * Runs a job's `run` steps in `ws` as the runner does (skipping the install step, which the shim
 * replaces, and the `uses:` steps), each with bash -eo pipefail: what `shell: bash` runs, and what
 * the drift example's steps are written for.
 */
async function runSteps(
  job: Job,
  ws: string,
  ctx: ExprContext,
  opts: { shims?: typeof tmp; env?: Record<string, string> } = {},
): Promise<JobRun> {
  const summaryFile = path.join(ws, '..', `${path.basename(ws)}.summary.md`);
  writeFileSync(summaryFile, '');
  const result: JobRun = { steps: [], outputs: ctx.outputs, summary: '', failed: false };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  for (const k of ['OKTA_CLIENT_ID', 'OKTA_PRIVATE_KEY', 'OKTA_CLIENT_ORGURL', 'FORCE_COLOR']) delete env[k];
  env.NO_COLOR = '1';
  env.PATH = `${shimDir(opts.shims)}${path.delimiter}${env.PATH}`;
  Object.assign(env, opts.env);
  for (const [k, v] of Object.entries(job.env)) env[k] = expr(v, ctx);
  for (const step of job.steps) {
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
    result.steps.push({
      name: step.name ?? step.run.slice(0, 40),
      code: run.status ?? -1,
      output: `${run.stdout}${run.stderr}`,
    });
    if (run.status !== 0) result.failed = true;
  }
  result.summary = readFileSync(summaryFile, 'utf8');
  return result;
}

async function collectBaseline(emu: OktaEmulator, file: string): Promise<void> {
  const r = await runCliAsync(['collect', '--bi-platform', 'none', '--out', file, '--quiet'], {
    cwd: tmp.dir,
    env: { OKTA_ORG_URL: emu.url, OKTA_API_TOKEN: TOKEN, OKTA_CLIENT_ID: undefined, OKTA_PRIVATE_KEY: undefined },
  });
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
    writeFileSync(target, `${JSON.stringify(d, null, 2)}\n`);
  }
  return ws;
}

// ---- the workflow file ----

const file = suite('examples/github-actions/drift.yml');

file('should run on a schedule, upload SARIF to code scanning and write the job summary', () => {
  assert.ok(
    Array.isArray(WORKFLOW.on.schedule) && /^\S+ \S+ \S+ \S+ \S+$/.test(WORKFLOW.on.schedule[0].cron),
    'a cron schedule',
  );
  assert.is(WORKFLOW.permissions['security-events'], 'write');
  const upload = JOB.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload, 'an upload-sarif step');
  assert.is(upload!.with!.sarif_file, 'drift.sarif');
  const drift = JOB.steps.find((s) => s.id === 'drift')!;
  assert.match(drift.run!, '--output drift.sarif');
  assert.match(drift.run!, '>> "$GITHUB_STEP_SUMMARY"');
  assert.match(drift.run!, '--live');
  assert.ok(
    JOB.steps.some((s) => s.run && /^npm install\b.*okta-bi-lint/.test(s.run.trim())),
    'installs okta-bi-lint',
  );
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
  assert.equal(
    job.steps.map((s) => [s.name, s.code]),
    [['Compare the live org with the baseline', 0]],
  );
  assert.match(job.summary, /^## okta-bi-lint/m);
  const sarif = readFileSync(path.join(ws, 'drift.sarif'), 'utf8');
  const v = validateSarif(sarif);
  assert.equal([v.errors, v.warnings], [[], []], v.output);
  assert.equal(
    JSON.parse(sarif).runs[0].results.filter((r: Doc) => r.ruleId.startsWith('drift/')),
    [],
  );
  assert.ok(existsSync(path.join(ws, 'current.json')));
  assert.equal(emu.writes(), []);
});

run('should fail the job on drift, with the change in the summary and in SARIF', async () => {
  // the approved baseline had one more scope than the org has now
  const ws = workspace('drifted', baselineFile, (d) =>
    d.okta.idps.find((i: Doc) => i.name === 'Beyond Identity').protocol.scopes.push('profile'),
  );
  const job = await runJob(ws, emu);
  assert.equal(job.outputs.drift, { 'exit-code': '1' });
  assert.ok(job.failed);
  assert.equal(
    job.steps.map((s) => [s.name, s.code]),
    [
      ['Compare the live org with the baseline', 0],
      ['Fail on drift', 1],
    ],
  );
  assert.match(job.steps[1].output, '::error::okta-bi-lint drift exited 1');
  assert.match(
    job.summary,
    'drift/idp-changed',
    `summary:\n${job.summary}\nlog:\n${job.steps.map((s) => s.output).join('\n')}`,
  );
  assert.match(job.summary, 'protocol.scopes: removed');
  const log = JSON.parse(readFileSync(path.join(ws, 'drift.sarif'), 'utf8'));
  assert.equal(
    log.runs[0].results.filter((r: Doc) => r.ruleId.startsWith('drift/')).map((r: Doc) => [r.ruleId, r.level]),
    [['drift/idp-changed', 'error']],
  );
});

run('should fail the job with exit code 2 and say so when the baseline is of another org', async () => {
  const ws = workspace('other-org', baselineFile, (d) => (d.okta.orgUrl = 'https://globex.okta.com'));
  const job = await runJob(ws, emu);
  assert.equal(job.outputs.drift, { 'exit-code': '2' });
  assert.match(job.steps[0].output, 'the baseline is a snapshot of https://globex.okta.com');
  assert.match(job.summary, 'okta-bi-lint drift could not run (exit code 2)');
  assert.equal(
    job.steps.map((s) => [s.name, s.code]),
    [
      ['Compare the live org with the baseline', 0],
      ['Fail on drift', 2],
    ],
  );
});

run('should run the cron script, keep the reports and return the exit code', async () => {
  const ws = workspace(
    'cron',
    baselineFile,
    (d) =>
      (d.okta.groups.find((g: Doc) => g.profile.name === 'Beyond Identity').profile.description = 'changed by hand'),
  );
  const script = path.join(REPO_ROOT, 'examples', 'cron', 'okta-bi-lint-drift.sh');
  const r = await exec('sh', [script], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NO_COLOR: '1',
      OKTA_ORG_URL: emu.url,
      OKTA_API_TOKEN: TOKEN,
      BI_PLATFORM: 'none',
      OKTA_BI_LINT_DIR: ws,
      OKTA_BI_LINT: `${process.execPath} ${BIN}`,
    },
  });
  assert.is(r.status, 1, r.stderr);
  const day = new Date().toISOString().slice(0, 10);
  const report = JSON.parse(readFileSync(path.join(ws, 'reports', `drift-${day}.json`), 'utf8'));
  assert.equal(
    report.changes.map((c: Doc) => [c.driftId, c.level, c.field.path]),
    [['drift/group-changed', 'warning', 'profile.description']],
  );
  assert.match(readFileSync(path.join(ws, 'reports', `drift-${day}.md`), 'utf8'), 'drift/group-changed');
  assert.match(r.stderr, `okta-bi-lint drift: exit code 1; reports in reports/drift-${day}.json and .md`);
});

run('should have a crontab line and systemd units that run the script', () => {
  const dir = path.join(REPO_ROOT, 'examples', 'cron');
  const line = readFileSync(path.join(dir, 'crontab'), 'utf8')
    .split('\n')
    .find((l) => /^\d/.test(l))!;
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

// ---- examples/github-actions/pr-gate.yml ----

const PR_WORKFLOW = parse(
  readFileSync(path.join(REPO_ROOT, 'examples', 'github-actions', 'pr-gate.yml'), 'utf8'),
) as Doc;
const PR_JOB = PR_WORKFLOW.jobs.gate as Job;
const prStep = (id: string) => PR_JOB.steps.find((s) => s.id === id)!;

const prFile = suite('examples/github-actions/pr-gate.yml');

prFile('should run on pull requests that change the snapshot directory, with the base branch fetched', () => {
  const dir = PR_JOB.env.SNAPSHOTS;
  assert.is(dir, 'fixtures/snapshots');
  assert.equal(PR_WORKFLOW.on.pull_request.paths, [`${dir}/**`], 'the paths filter names the directory the job lists');
  assert.equal(Object.keys(PR_WORKFLOW.on), ['pull_request']);
  assert.is(PR_JOB.env.BASE_REF, '${{ github.base_ref }}');
  const checkout = PR_JOB.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
  assert.is(checkout?.with?.['fetch-depth'], 0, 'git diff and git show need the base branch');
  assert.is(PR_JOB.defaults?.run?.shell, 'bash', 'the steps are written for bash -eo pipefail');
  assert.ok(
    PR_JOB.steps.some((s) => s.run && /^npm install\b.*okta-bi-lint/.test(s.run.trim())),
    'installs okta-bi-lint',
  );
});

prFile(
  'should audit each changed snapshot to SARIF, compare it with the base branch, upload the SARIF and fail on findings',
  () => {
    const gate = prStep('gate').run!;
    assert.match(
      gate,
      /npx okta-bi-lint check --snapshot "\$path" --fail-on "\$FAIL_ON" \\\n\s+--format sarif --output/,
    );
    assert.match(gate, 'git show "origin/$BASE_REF:$old"');
    assert.match(gate, /npx okta-bi-lint drift --baseline "\$base" --current "\$path"/);
    assert.match(gate, '"$GITHUB_STEP_SUMMARY"');
    assert.match(prStep('changed').run!, '"origin/$BASE_REF...HEAD" -- "$SNAPSHOTS"');
    assert.is(PR_WORKFLOW.permissions['security-events'], 'write');
    const upload = PR_JOB.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'an upload-sarif step');
    assert.is(upload!.with!.sarif_file, 'okta-bi-lint.sarif');
    assert.ok(upload!.with!.category, 'a category of its own');
    assert.match(upload!.if!, 'always()');
    const fail = PR_JOB.steps[PR_JOB.steps.length - 1];
    assert.is(fail.if, "steps.gate.outputs.exit-code != '0'");
    assert.match(fail.run!, 'exit ${{ steps.gate.outputs.exit-code }}');
    for (const s of PR_JOB.steps) assert.not.match(s.run ?? '', /secrets\./);
  },
);

prFile.run();

// Running it: a repository with a main branch and a pull-request branch, cloned as actions/checkout
// with fetch-depth 0 leaves it (origin/main, the pull request's commit checked out).

const prTmp = tempDir('okta-bi-lint-pr-gate-');
/** git without the developer's configuration, hooks or templates. */
const GIT_ENV: Record<string, string> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_TERMINAL_PROMPT: '0',
};

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: prTmp.dir, ...GIT_ENV },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${r.stderr}`);
  return r.stdout;
}

const SNAP_DIR = 'fixtures/snapshots';
const clean = () => JSON.parse(readFileSync(path.join(FIXTURES, 'clean-scim.json'), 'utf8')) as Doc;
const pretty = (d: unknown) => `${JSON.stringify(d, null, 2)}\n`;

interface PrRepo {
  /** the files of the base branch, by path */
  base: Record<string, string>;
  /** what the pull request does to the working tree of the base branch */
  change: (dir: string) => void;
  /** what the base branch does after the pull request branched off (not part of the pull request) */
  mainAfter?: (dir: string) => void;
}

/** The workspace of the job: a clone of a repository with a main branch and a pull request `pr`. */
function prWorkspace(name: string, repo: PrRepo): string {
  const up = prTmp.file(`${name}-upstream`);
  mkdirSync(up, { recursive: true });
  git(up, 'init', '-q', '-b', 'main');
  for (const [p, text] of Object.entries(repo.base)) {
    mkdirSync(path.dirname(path.join(up, p)), { recursive: true });
    writeFileSync(path.join(up, p), text);
  }
  git(up, 'add', '-A');
  git(up, 'commit', '-q', '-m', 'base');
  git(up, 'switch', '-q', '-c', 'pr');
  repo.change(up);
  git(up, 'add', '-A');
  git(up, 'commit', '-q', '-m', 'the pull request');
  if (repo.mainAfter) {
    git(up, 'switch', '-q', 'main');
    repo.mainAfter(up);
    git(up, 'add', '-A');
    git(up, 'commit', '-q', '-m', 'main moves on');
  }
  const ws = prTmp.file(name);
  git(prTmp.dir, 'clone', '-q', '--branch', 'pr', up, ws);
  return ws;
}

function runPrJob(ws: string): Promise<JobRun> {
  return runSteps(
    PR_JOB,
    ws,
    { vars: {}, secrets: {}, outputs: {}, github: { base_ref: 'main' } },
    { shims: prTmp, env: { ...GIT_ENV, HOME: prTmp.dir } },
  );
}

const at = (dir: string, p: string) => path.join(dir, p);
const editJson = (file: string, fn: (d: Doc) => void) => {
  const d = JSON.parse(readFileSync(file, 'utf8'));
  fn(d);
  writeFileSync(file, pretty(d));
};
const biIdp = (d: Doc) => d.okta.idps.find((i: Doc) => i.name === 'Beyond Identity');
const biGroup = (d: Doc) => d.okta.groups.find((g: Doc) => g.profile.name === 'Beyond Identity');
const plainApp = (d: Doc) => d.okta.apps.find((a: Doc) => !/Beyond Identity/.test(a.label));
const logOf = (job: JobRun) => job.steps.map((s) => `--- ${s.name} (${s.code})\n${s.output}`).join('\n');

/** The summary's section for one snapshot: from its `## ` heading to the next snapshot's. */
function sectionOf(summary: string, file: string): string {
  const start = summary.indexOf(`## \`${file}\`\n`);
  assert.ok(start >= 0, `no section for ${file} in the summary:\n${summary}`);
  const next = summary.slice(start + 1).search(/^## `/m);
  return next < 0 ? summary.slice(start) : summary.slice(start, start + 1 + next);
}

/** The line of the snapshot a SARIF result points at, as text. */
function lineAt(ws: string, result: Doc): string {
  const loc = result.locations[0].physicalLocation;
  return readFileSync(at(ws, loc.artifactLocation.uri), 'utf8').split('\n')[loc.region.startLine - 1];
}

const prRun = suite('pr-gate.yml, run on a pull request');

prRun.after(() => prTmp.cleanup());

prRun(
  'should pass a pull request whose snapshots still pass, and show reviewers every change from the base branch',
  async () => {
    const base = clean();
    const ws = prWorkspace('passing', {
      base: {
        [`${SNAP_DIR}/acme.json`]: pretty(base),
        [`${SNAP_DIR}/partner.json`]: pretty(base),
        // small, so that git does not take new.json for a rename of it
        [`${SNAP_DIR}/old.json`]: pretty({
          format: 'okta-bi-lint/snapshot@1',
          okta: { orgUrl: 'https://old.okta.com' },
        }),
        [`${SNAP_DIR}/untouched.json`]: pretty(base),
        'README.md': '# fixtures\n',
      },
      change: (dir) => {
        editJson(at(dir, `${SNAP_DIR}/acme.json`), (d) => (biGroup(d).profile.description = 'Passwordless users'));
        // renamed and changed: compared with its old path on main
        renameSync(at(dir, `${SNAP_DIR}/partner.json`), at(dir, `${SNAP_DIR}/partner-eu.json`));
        editJson(at(dir, `${SNAP_DIR}/partner-eu.json`), (d) => (plainApp(d).label = 'Payroll (EU)'));
        rmSync(at(dir, `${SNAP_DIR}/old.json`));
        writeFileSync(at(dir, 'README.md'), '# fixtures, changed\n');
      },
      // not the pull request's change: the three-dot diff leaves it out
      mainAfter: (dir) =>
        editJson(at(dir, `${SNAP_DIR}/untouched.json`), (d) => (biIdp(d).protocol.scopes = ['openid', 'email'])),
    });
    const job = await runPrJob(ws);
    assert.equal(
      job.steps.map((s) => [s.name, s.code]),
      [
        ['List the changed snapshots', 0],
        ['Audit and compare the changed snapshots', 0],
      ],
      logOf(job),
    );
    assert.not.ok(job.failed);
    assert.equal(job.outputs.changed, { count: '3' });
    assert.equal(job.outputs.gate, { 'exit-code': '0' });
    const listed = readFileSync(at(ws, 'changed-snapshots.tsv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    assert.equal(listed.map((l) => [l[0].replace(/^R\d+$/, 'R'), ...l.slice(1)]).sort(), [
      ['D', `${SNAP_DIR}/old.json`],
      ['M', `${SNAP_DIR}/acme.json`],
      ['R', `${SNAP_DIR}/partner.json`, `${SNAP_DIR}/partner-eu.json`],
    ]);

    const acme = sectionOf(job.summary, `${SNAP_DIR}/acme.json`);
    assert.match(acme, /^### okta-bi-lint drift ✅ passed$/m);
    assert.match(acme, /^#### Drift since the baseline$/m, 'headings one level below the snapshot');
    assert.match(
      acme,
      '| `drift/group-changed` | okta/groups/00gbyndid0000000a1d7 | Group "Beyond Identity" (00gbyndid0000000a1d7): profile.description changed from "Beyond Identity Users Group" to "Passwordless users" |',
    );
    assert.equal(
      acme.match(/\| `drift\/[a-z-]+` \| okta\//g),
      ['| `drift/group-changed` | okta/'],
      "one change, and only the pull request's",
    );
    const eu = sectionOf(job.summary, `${SNAP_DIR}/partner-eu.json`);
    assert.match(eu, `Renamed from \`${SNAP_DIR}/partner.json\`.`);
    assert.match(eu, /drift\/app-changed.*label changed from "[^"]+" to "Payroll \(EU\)"/);
    assert.match(sectionOf(job.summary, `${SNAP_DIR}/old.json`), 'Deleted by this pull request.');
    assert.not.match(job.summary, 'untouched.json');

    // one SARIF run for the two snapshots that exist, valid for code scanning, with no findings
    const text = readFileSync(at(ws, 'okta-bi-lint.sarif'), 'utf8');
    const v = validateSarif(text);
    assert.equal([v.errors, v.warnings], [[], []], v.output);
    const log = JSON.parse(text);
    assert.is(log.runs.length, 1);
    assert.equal(
      log.runs[0].artifacts.map((a: Doc) => a.location.uri),
      [`${SNAP_DIR}/acme.json`, `${SNAP_DIR}/partner-eu.json`],
    );
    assert.equal(log.runs[0].results, []);
    assert.is(log.runs[0].invocations.length, 2);
    assert.equal(
      new Set(log.runs[0].tool.driver.rules.map((r: Doc) => r.id)).size,
      log.runs[0].tool.driver.rules.length,
      'each rule once',
    );
    // the base versions were taken from main, where reviewers can find them
    assert.is(readFileSync(at(ws, `.okta-bi-lint/main/${SNAP_DIR}/partner.json`), 'utf8'), pretty(base));
  },
);

prRun(
  'should fail on a finding in a changed snapshot, with the finding in SARIF at its line and the change in the summary',
  async () => {
    const ws = prWorkspace('failing', {
      base: { [`${SNAP_DIR}/acme.json`]: pretty(clean()), [`${SNAP_DIR}/globex.json`]: pretty(clean()) },
      change: (dir) => {
        editJson(at(dir, `${SNAP_DIR}/acme.json`), (d) => biIdp(d).protocol.scopes.push('profile'));
        editJson(at(dir, `${SNAP_DIR}/globex.json`), (d) => (biGroup(d).profile.description = 'still passes'));
        writeFileSync(at(dir, `${SNAP_DIR}/new.json`), pretty(clean()));
      },
    });
    const job = await runPrJob(ws);
    assert.equal(job.outputs.gate, { 'exit-code': '1' }, logOf(job));
    assert.ok(job.failed);
    assert.equal(
      job.steps.map((s) => [s.name, s.code]),
      [
        ['List the changed snapshots', 0],
        ['Audit and compare the changed snapshots', 0],
        ['Fail on findings', 1],
      ],
    );
    assert.match(job.steps[2].output, '::error::okta-bi-lint exited 1 on a changed snapshot');

    const log = JSON.parse(readFileSync(at(ws, 'okta-bi-lint.sarif'), 'utf8'));
    const run = log.runs[0];
    assert.equal(
      run.results.map((r: Doc) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri]),
      [['okta/idp-scopes-openid-only', 'error', `${SNAP_DIR}/acme.json`]],
    );
    const result = run.results[0];
    assert.is(run.tool.driver.rules[result.ruleIndex].id, result.ruleId, 'ruleIndex still points at its rule');
    assert.is(
      run.artifacts[result.locations[0].physicalLocation.artifactLocation.index].location.uri,
      `${SNAP_DIR}/acme.json`,
    );
    assert.match(lineAt(ws, result), '"scopes"');
    const v = validateSarif(JSON.stringify(log));
    assert.equal(v.errors, [], v.output);

    const acme = sectionOf(job.summary, `${SNAP_DIR}/acme.json`);
    assert.match(acme, /^### okta-bi-lint drift ❌ failed$/m);
    assert.match(acme, 'Identity provider "Beyond Identity" (0oabyndidp000000a1d7): protocol.scopes: added "profile"');
    assert.match(acme, '`okta/idp-scopes-openid-only`');
    const globex = sectionOf(job.summary, `${SNAP_DIR}/globex.json`);
    assert.match(globex, /^### okta-bi-lint drift ✅ passed$/m);
    assert.match(globex, 'profile.description changed from "Beyond Identity Users Group" to "still passes"');
    const added = sectionOf(job.summary, `${SNAP_DIR}/new.json`);
    assert.match(added, `New snapshot: \`main\` has no \`${SNAP_DIR}/new.json\` to compare it with.`);
    assert.match(added, /^### okta-bi-lint audit ✅ passed$/m);
    assert.not.match(added, 'drift/');
    assert.equal(
      run.artifacts.map((a: Doc) => a.location.uri),
      [`${SNAP_DIR}/acme.json`, `${SNAP_DIR}/globex.json`, `${SNAP_DIR}/new.json`],
    );
  },
);

prRun('should fail with exit code 2 on a snapshot that cannot be read, and still audit the others', async () => {
  const ws = prWorkspace('unreadable', {
    base: { [`${SNAP_DIR}/acme.json`]: pretty(clean()), [`${SNAP_DIR}/globex.json`]: pretty(clean()) },
    change: (dir) => {
      writeFileSync(at(dir, `${SNAP_DIR}/acme.json`), pretty(clean()).slice(0, 200));
      editJson(at(dir, `${SNAP_DIR}/globex.json`), (d) => biIdp(d).protocol.scopes.push('profile'));
    },
  });
  const job = await runPrJob(ws);
  assert.equal(job.outputs.gate, { 'exit-code': '2' }, logOf(job));
  assert.equal(
    job.steps.map((s) => [s.name, s.code]),
    [
      ['List the changed snapshots', 0],
      ['Audit and compare the changed snapshots', 0],
      ['Fail on findings', 2],
    ],
  );
  const acme = sectionOf(job.summary, `${SNAP_DIR}/acme.json`);
  assert.match(acme, 'okta-bi-lint could not read it (exit code 2):');
  assert.match(acme, /^ {4}okta-bi-lint: fixtures\/snapshots\/acme\.json:\d+:\d+: malformed JSON/m);
  assert.match(job.steps[1].output, 'malformed JSON', 'the error is in the log too');
  assert.match(sectionOf(job.summary, `${SNAP_DIR}/globex.json`), /^### okta-bi-lint drift ❌ failed$/m);
  const log = JSON.parse(readFileSync(at(ws, 'okta-bi-lint.sarif'), 'utf8'));
  assert.equal(
    log.runs[0].artifacts.map((a: Doc) => a.location.uri),
    [`${SNAP_DIR}/globex.json`],
  );
  assert.equal(
    log.runs[0].results.map((r: Doc) => r.ruleId),
    ['okta/idp-scopes-openid-only'],
  );
});

prRun('should audit a repaired snapshot alone when its version on the base branch cannot be read', async () => {
  const ws = prWorkspace('repaired', {
    base: { [`${SNAP_DIR}/acme.json`]: pretty(clean()).slice(0, 300) },
    change: (dir) => writeFileSync(at(dir, `${SNAP_DIR}/acme.json`), pretty(clean())),
  });
  const job = await runPrJob(ws);
  assert.equal(job.outputs.gate, { 'exit-code': '0' }, logOf(job));
  assert.not.ok(job.failed);
  const acme = sectionOf(job.summary, `${SNAP_DIR}/acme.json`);
  assert.match(acme, 'Not compared with `main`: its version could not be read as a baseline.');
  assert.match(
    acme,
    /^ {4}okta-bi-lint: \.okta-bi-lint\/main\/fixtures\/snapshots\/acme\.json:\d+:\d+: malformed JSON/m,
  );
  assert.match(acme, /^### okta-bi-lint audit ✅ passed$/m, 'the rules alone');
  assert.not.match(acme, 'drift/');
  assert.match(job.steps[1].output, 'malformed JSON', 'the error is in the log too');
});

prRun('should pass, and say so, when no snapshot changed', async () => {
  const ws = prWorkspace('no-snapshot', {
    base: { [`${SNAP_DIR}/acme.json`]: pretty(clean()), [`${SNAP_DIR}/README.md`]: 'fixtures\n' },
    change: (dir) => writeFileSync(at(dir, `${SNAP_DIR}/README.md`), 'fixtures, described\n'),
  });
  const job = await runPrJob(ws);
  assert.equal(job.outputs.changed, { count: '0' }, logOf(job));
  assert.equal(job.outputs.gate, { 'exit-code': '0' });
  assert.not.ok(job.failed);
  assert.is(job.summary, 'No snapshot under `fixtures/snapshots` changed.\n');
  assert.not.ok(existsSync(at(ws, 'okta-bi-lint.sarif')));
  assert.equal(readdirSync(at(ws, '.okta-bi-lint/sarif')), []);
});

prRun.run();
