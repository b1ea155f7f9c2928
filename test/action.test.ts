import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { CLEAN, REPO_ROOT, failingDoc, writeDoc } from './helpers/audit-snapshots.js';

// Runs action.yml the way the runner does: each step's `run` script with
// `bash --noprofile --norc -eo pipefail`, its `env` and `working-directory` expressions evaluated
// against the inputs, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY pointed at files, stopping at the
// first failing step. Only the expressions the action may use are understood; anything else fails.

interface ActionStep {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
  if?: string;
}

interface ActionFile {
  name: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const ACTION = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionFile;

interface Run {
  steps: { name: string; code: number; stdout: string; stderr: string }[];
  /** the action's outputs, resolved from the step outputs */
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
  /** exit code of the last step that ran */
  code: number;
  log: string;
}

function workspace(): string {
  return mkdtempSync(path.join(tmpdir(), 'okta-bi-lint-action-'));
}

function runAction(
  ws: string,
  inputs: Record<string, string>,
  opts: { jobEnv?: Record<string, string>; actionPath?: string; summary?: string } = {},
): Run {
  for (const k of Object.keys(inputs))
    if (!ACTION.inputs[k]) throw new Error(`test passes an input action.yml does not declare: ${k}`);
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(ACTION.inputs)) values[k] = inputs[k] ?? v.default ?? '';
  const runner = mkdtempSync(path.join(tmpdir(), 'okta-bi-lint-runner-'));
  const files = {
    GITHUB_OUTPUT: path.join(runner, 'output'),
    GITHUB_STEP_SUMMARY: path.join(runner, 'summary.md'),
    GITHUB_ENV: path.join(runner, 'env'),
    GITHUB_PATH: path.join(runner, 'path'),
  };
  writeFileSync(files.GITHUB_STEP_SUMMARY, opts.summary ?? '');
  const stepOutputs: Record<string, Record<string, string>> = {};
  const actionPath = opts.actionPath ?? REPO_ROOT;
  const expr = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_m, e: string) => {
      let m: RegExpMatchArray | null;
      if ((m = e.match(/^inputs\.([A-Za-z0-9_-]+)$/))) {
        if (!(m[1] in values)) throw new Error(`action.yml uses undeclared input ${m[1]}`);
        return values[m[1]];
      }
      if (e === 'github.action_path') return actionPath;
      if ((m = e.match(/^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$/))) return stepOutputs[m[1]]?.[m[2]] ?? '';
      throw new Error(`the test runner does not understand the expression \${{ ${e} }}`);
    });
  const result: Run = { steps: [], outputs: {}, summary: '', workspace: ws, code: 0, log: '' };
  for (const step of ACTION.runs.steps) {
    assert.ok(step.run, `step ${step.name} is a run step`);
    writeFileSync(files.GITHUB_OUTPUT, '');
    const script = path.join(runner, `step-${result.steps.length}.sh`);
    writeFileSync(script, step.run!);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? runner,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: ws,
      GITHUB_ACTION_PATH: actionPath,
      RUNNER_TEMP: runner,
      ...files,
      ...(opts.jobEnv ?? {}),
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expr(String(v));
    const cwd = path.resolve(ws, expr(step['working-directory'] ?? '.'));
    const p = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const code = p.status ?? -1;
    result.steps.push({ name: step.name ?? '', code, stdout: p.stdout, stderr: p.stderr });
    result.log += p.stdout + p.stderr;
    if (step.id) stepOutputs[step.id] = parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8'));
    result.code = code;
    if (code !== 0) break;
  }
  for (const [k, v] of Object.entries(ACTION.outputs)) result.outputs[k] = expr(v.value);
  result.summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
  rmSync(runner, { recursive: true, force: true });
  return result;
}

/** `key=value` lines and `key<<DELIM` blocks, as the runner reads GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = lines[i].match(/^([^=<]+)<<(.+)$/);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]);
      out[heredoc[1]] = body.join('\n');
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      out[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return out;
}

function withFailing(ws: string): string {
  writeDoc(path.join(ws, 'snapshots', 'acme.json'), failingDoc());
  return 'snapshots/acme.json';
}

// ---- the file itself ----

const file = suite('action.yml');

file('should be a composite action whose steps are bash scripts', () => {
  assert.is(ACTION.runs.using, 'composite');
  assert.ok(ACTION.runs.steps.length >= 2);
  for (const s of ACTION.runs.steps) {
    assert.is(s.shell, 'bash', `${s.name} runs in bash`);
    assert.type(s.run, 'string', `${s.name} is a run step (the test runs every step)`);
    assert.not.ok(s.uses, `${s.name} uses no other action`);
  }
});

file('should never splice an expression into a script (inputs reach it only through env)', () => {
  for (const s of ACTION.runs.steps) assert.not.match(s.run ?? '', '${{', `${s.name} has no expression in its script`);
});

file('should declare the inputs docs/reports.md documents, each described, and use every one', () => {
  const text = readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8');
  for (const k of ['snapshot', 'config', 'format', 'fail-on', 'okta-url', 'okta-api-token', 'bi-api-token'])
    assert.ok(ACTION.inputs[k], `input ${k}`);
  for (const [k, v] of Object.entries(ACTION.inputs)) {
    assert.ok(v.description && v.description.length > 10, `input ${k} is described`);
    assert.ok(text.includes(`inputs.${k} }}`), `input ${k} is used`);
    assert.is(v.required ?? false, false, `input ${k} is optional`);
  }
  assert.is(ACTION.inputs['fail-on'].default, 'error');
  assert.is(ACTION.inputs['sarif-file'].default, 'okta-bi-lint.sarif');
});

file('should map every output to the audit step', () => {
  for (const [k, v] of Object.entries(ACTION.outputs))
    assert.match(v.value, /^\$\{\{ steps\.audit\.outputs\.[a-z-]+ \}\}$/, `output ${k}`);
  for (const k of ['exit-code', 'verdict', 'sarif-file', 'report-file', 'snapshot-file'])
    assert.ok(ACTION.outputs[k], `output ${k}`);
});

file('should be used by the example workflow with declared inputs and outputs only', () => {
  const wf = parse(readFileSync(path.join(REPO_ROOT, 'examples', 'github-actions', 'audit.yml'), 'utf8')) as {
    jobs: Record<string, { steps: { id?: string; uses?: string; with?: Record<string, string>; if?: string }[] }>;
  };
  let uses = 0;
  for (const [name, job] of Object.entries(wf.jobs)) {
    const step = job.steps.find((s) => s.uses?.startsWith('okta-bi-lint/okta-bi-lint@'));
    assert.ok(step, `job ${name} runs the action`);
    uses++;
    for (const k of Object.keys(step!.with ?? {}))
      assert.ok(ACTION.inputs[k], `job ${name} passes declared input ${k}`);
    const text = JSON.stringify(job);
    for (const m of text.matchAll(/steps\.audit\.outputs\.([a-z-]+)/g))
      assert.ok(ACTION.outputs[m[1]], `job ${name} reads declared output ${m[1]}`);
    assert.ok(
      job.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@') && s.if?.includes('always()')),
      `job ${name} uploads SARIF even when the audit fails`,
    );
  }
  assert.is(uses, 2);
});

file.run();

// ---- running it against fixtures ----

const run = suite('action.yml steps');

run('should fail on a failing snapshot, with the report in the log, SARIF written and the summary appended', () => {
  const ws = workspace();
  try {
    const r = runAction(ws, { snapshot: withFailing(ws) }, { summary: '# earlier step\n' });
    assert.is(r.steps.length, 2, r.log);
    assert.is(r.steps[0].code, 0, r.log);
    assert.is(r.code, 1, r.log);
    assert.equal(
      {
        code: r.outputs['exit-code'],
        verdict: r.outputs.verdict,
        sarif: r.outputs['sarif-file'],
        snapshot: r.outputs['snapshot-file'],
        report: r.outputs['report-file'],
      },
      { code: '1', verdict: 'failed', sarif: 'okta-bi-lint.sarif', snapshot: 'snapshots/acme.json', report: '' },
    );
    // the text report went to the log
    assert.match(r.steps[1].stdout, 'okta/idp-issuer');
    assert.match(r.steps[1].stdout, 'Audit failed');
    assert.match(r.log, '::error title=okta-bi-lint::findings at or above error');
    // SARIF for upload-sarif, with locations relative to the working directory
    const sarif = JSON.parse(readFileSync(path.join(ws, 'okta-bi-lint.sarif'), 'utf8'));
    assert.is(sarif.version, '2.1.0');
    const results = sarif.runs[0].results as {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
    assert.equal([...new Set(results.map((x) => x.ruleId))].sort(), [
      'bi/oidc-client-redirect-uri',
      'okta/api-token-defined',
      'okta/idp-issuer',
      'okta/user-portal-provisioning',
    ]);
    for (const x of results) assert.is(x.locations[0].physicalLocation.artifactLocation.uri, 'snapshots/acme.json');
    // the Markdown report was appended to what earlier steps wrote
    assert.ok(r.summary.startsWith('# earlier step\n'), 'the summary keeps what earlier steps wrote');
    assert.match(r.summary, 'okta/user-portal-provisioning');
    assert.match(r.summary, /audit .*failed/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

run('should pass a clean snapshot with exit code 0', () => {
  const ws = workspace();
  try {
    copyFileSync(CLEAN, path.join(ws, 'clean.json'));
    const r = runAction(ws, { snapshot: 'clean.json' });
    assert.is(r.code, 0, r.log);
    assert.is(r.outputs['exit-code'], '0');
    assert.is(r.outputs.verdict, 'passed');
    assert.not.match(r.log, '::error');
    const sarif = JSON.parse(readFileSync(path.join(ws, 'okta-bi-lint.sarif'), 'utf8'));
    assert.is(sarif.runs[0].results.length, 0);
    assert.match(r.summary, /audit .*passed/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

run('should write the report in the chosen format to output, from a working directory, with a config', () => {
  const ws = workspace();
  try {
    const dir = path.join(ws, 'audit');
    writeDoc(path.join(dir, 'snap.json'), failingDoc());
    // Declaring the token rule off and failing on warnings: the remaining errors still fail.
    writeFileSync(path.join(dir, 'expect.yaml'), 'rules:\n  okta/api-token-defined: off\n');
    const r = runAction(ws, {
      snapshot: 'snap.json',
      config: 'expect.yaml',
      format: 'json',
      output: 'out/report.json',
      'fail-on': 'warning',
      'working-directory': 'audit',
      'sarif-file': 'out/results.sarif',
      'job-summary': 'false',
    });
    assert.is(r.code, 1, r.log);
    assert.is(r.outputs['report-file'], 'out/report.json');
    assert.is(r.outputs['sarif-file'], 'out/results.sarif');
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8'));
    assert.is(report.exitCode, 1);
    assert.is(report.failOn, 'warning');
    assert.is(report.rules.find((x: { id: string }) => x.id === 'okta/api-token-defined').status, 'off');
    assert.ok(existsSync(path.join(dir, 'out', 'results.sarif')));
    assert.is(r.summary, '', 'job-summary false writes no summary');
    assert.not.match(r.steps[1].stdout, 'Audit failed', 'the report went to the file, not the log');
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

run('should fail an incomplete audit with exit code 3 even when findings do not fail it', () => {
  const ws = workspace();
  try {
    const r = runAction(ws, { snapshot: withFailing(ws), 'fail-on': 'never' });
    assert.is(r.code, 3, r.log);
    assert.is(r.outputs.verdict, 'incomplete');
    assert.match(r.log, 'not evaluated because data was missing');
    assert.ok(existsSync(path.join(ws, 'okta-bi-lint.sarif')), 'SARIF is still written for code scanning');
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

run(
  'should audit a Terraform plan (plan input): alone without credentials, over a snapshot with one, SARIF at the .tf line',
  () => {
    const ws = workspace();
    try {
      const plans = path.join(REPO_ROOT, 'fixtures', 'plans');
      copyFileSync(path.join(plans, 'create-idp-and-rule.json'), path.join(ws, 'plan.json'));
      copyFileSync(path.join(plans, 'tf', 'main.tf'), path.join(ws, 'main.tf'));
      const alone = runAction(ws, { plan: 'plan.json' });
      assert.is(alone.code, 1, alone.log);
      assert.is(alone.outputs['snapshot-file'], '', 'nothing collected: the plan is audited alone');
      assert.match(alone.log, /introduced by the plan: okta_idp_oidc\.bi \(main\.tf:7\)/);
      const sarif = JSON.parse(readFileSync(path.join(ws, 'okta-bi-lint.sarif'), 'utf8'));
      const jit = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'okta/idp-no-jit');
      assert.is(jit.locations[0].physicalLocation.artifactLocation.uri, 'main.tf');
      assert.is(jit.locations[0].physicalLocation.region.startLine, 7);
      assert.match(alone.summary, /this plan introduces 1 error and fixes 0/);
      copyFileSync(CLEAN, path.join(ws, 'clean.json'));
      copyFileSync(path.join(plans, 'no-op.json'), path.join(ws, 'no-op.json'));
      const over = runAction(ws, { plan: 'no-op.json', snapshot: 'clean.json' });
      assert.is(over.code, 0, over.log);
      assert.is(over.outputs['snapshot-file'], 'clean.json');
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  },
);

run('should stop with exit code 2 and no SARIF when the audit cannot run', () => {
  const ws = workspace();
  try {
    const missing = runAction(ws, { snapshot: 'nope.json' });
    assert.is(missing.code, 2, missing.log);
    assert.is(missing.outputs.verdict, 'error');
    assert.is(missing.outputs['sarif-file'], '');
    assert.match(missing.log, 'snapshot not found');
    assert.match(missing.log, '::error title=okta-bi-lint::the audit could not run');
    assert.not.ok(existsSync(path.join(ws, 'okta-bi-lint.sarif')));

    const badLevel = runAction(ws, { snapshot: withFailing(ws), 'fail-on': 'critical' });
    assert.is(badLevel.code, 2, badLevel.log);
    assert.match(badLevel.log, "fail-on must be error, warning, note or never, not 'critical'");

    const noCredentials = runAction(ws, {});
    assert.is(noCredentials.code, 2, noCredentials.log);
    assert.match(noCredentials.log, 'could not collect a snapshot');
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

run.run();

// ---- how it calls the CLI (a stand-in okta-bi-lint that records its calls) ----

const wiring = suite('action.yml wiring');

function stubCli(dir: string): string {
  mkdirSync(path.join(dir, 'bin'), { recursive: true });
  mkdirSync(path.join(dir, 'dist', 'cli'), { recursive: true });
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  writeFileSync(path.join(dir, 'dist', 'cli', 'main.js'), '');
  const stub = `import { appendFileSync, copyFileSync } from 'node:fs';
const argv = process.argv.slice(2);
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(OKTA|BI)_/.test(k) || k.startsWith('INPUT_')));
appendFileSync(${JSON.stringify(path.join(dir, 'calls.jsonl'))}, JSON.stringify({ argv, env }) + '\\n');
if (argv[0] === 'collect') { copyFileSync(${JSON.stringify(CLEAN)}, argv[argv.indexOf('--out') + 1]); process.exitCode = 3; }
else if (argv.includes('--output')) { copyFileSync(${JSON.stringify(CLEAN)}, argv[argv.indexOf('--output') + 1]); }
`;
  writeFileSync(path.join(dir, 'bin', 'okta-bi-lint.js'), stub);
  chmodSync(path.join(dir, 'bin', 'okta-bi-lint.js'), 0o755);
  return dir;
}

wiring('should collect live with credentials from inputs or the job, passed as env and never as arguments', () => {
  const ws = workspace();
  const stub = stubCli(mkdtempSync(path.join(tmpdir(), 'okta-bi-lint-stub-')));
  try {
    const r = runAction(
      ws,
      {
        'okta-api-token': 'ssws-secret-from-input',
        'bi-api-token': 'bi-secret',
        'bi-platform': 'secure-workforce',
        'include-users': 'true',
        config: 'okta-bi-lint.yaml',
      },
      {
        actionPath: stub,
        jobEnv: {
          OKTA_ORG_URL: 'https://acme.okta.com',
          OKTA_API_TOKEN: 'job-level-token',
          BI_TENANT_ID: 'tenant-from-job',
        },
      },
    );
    assert.is(r.code, 0, r.log);
    const calls = readFileSync(path.join(stub, 'calls.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { argv: string[]; env: Record<string, string> });
    const [collect, ...checks] = calls;
    assert.equal(collect.argv.slice(0, 2), ['collect', '--out']);
    assert.ok(collect.argv.includes('--include') && collect.argv.includes('users'), 'include-users asks for users');
    assert.equal(collect.argv.slice(collect.argv.indexOf('--config'), collect.argv.indexOf('--config') + 2), [
      '--config',
      'okta-bi-lint.yaml',
    ]);
    assert.equal(
      {
        url: collect.env.OKTA_ORG_URL,
        token: collect.env.OKTA_API_TOKEN,
        bi: collect.env.BI_API_TOKEN,
        tenant: collect.env.BI_TENANT_ID,
        platform: collect.env.BI_PLATFORM,
      },
      {
        url: 'https://acme.okta.com',
        token: 'ssws-secret-from-input',
        bi: 'bi-secret',
        tenant: 'tenant-from-job',
        platform: 'secure-workforce',
      },
    );
    assert.not.ok('OKTA_CLIENT_ID' in collect.env, 'an empty input sets no variable');
    assert.not.ok(
      Object.keys(collect.env).some((k) => /^INPUT_(OKTA|BI)_/.test(k)),
      'the INPUT_ copies of credentials are not passed on',
    );
    for (const c of calls)
      assert.not.ok(
        c.argv.some((a) => a.includes('secret')),
        'no secret on a command line',
      );
    const snapshot = collect.argv[2];
    assert.is(
      snapshot,
      'okta-bi-lint-snapshot.json',
      'collected into the working directory, so SARIF paths stay inside it',
    );
    assert.ok(existsSync(path.join(ws, snapshot)));
    assert.is(r.outputs['snapshot-file'], snapshot);
    assert.equal(
      checks.map((c) => c.argv[c.argv.indexOf('--format') + 1]),
      ['text', 'sarif', 'markdown'],
    );
    for (const c of checks) {
      assert.equal(c.argv.slice(0, 3), ['check', '--snapshot', snapshot]);
      assert.ok(
        c.argv.join(' ').includes('--fail-on error --config okta-bi-lint.yaml --bi-platform secure-workforce'),
        c.argv.join(' '),
      );
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
    rmSync(stub, { recursive: true, force: true });
  }
});

wiring('should treat input text as data, not shell', () => {
  const ws = workspace();
  const stub = stubCli(mkdtempSync(path.join(tmpdir(), 'okta-bi-lint-stub-')));
  try {
    const hostile = 'x"; touch pwned; echo "$(touch pwned2)';
    const r = runAction(ws, { snapshot: hostile, config: '$(touch pwned3)' }, { actionPath: stub });
    assert.is(r.code, 0, r.log);
    for (const f of ['pwned', 'pwned2', 'pwned3']) assert.not.ok(existsSync(path.join(ws, f)), `${f} was not created`);
    const calls = readFileSync(path.join(stub, 'calls.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { argv: string[] });
    assert.is(calls[0].argv[2], hostile);
  } finally {
    rmSync(ws, { recursive: true, force: true });
    rmSync(stub, { recursive: true, force: true });
  }
});

wiring('should refuse Node.js older than 20 with a clear message', () => {
  const ws = workspace();
  const fakeBin = mkdtempSync(path.join(tmpdir(), 'okta-bi-lint-node18-'));
  try {
    writeFileSync(
      path.join(fakeBin, 'node'),
      '#!/bin/sh\ncase "$1" in --version) echo v18.19.0 ;; *) exit 1 ;; esac\n',
    );
    chmodSync(path.join(fakeBin, 'node'), 0o755);
    const r = runAction(ws, { snapshot: 'x.json' }, { jobEnv: { PATH: `${fakeBin}:/usr/bin:/bin` } });
    assert.is(r.steps.length, 1);
    assert.is(r.code, 2);
    assert.match(r.log, 'Node.js 20 or later is required (found v18.19.0)');
  } finally {
    rmSync(ws, { recursive: true, force: true });
    rmSync(fakeBin, { recursive: true, force: true });
  }
});

wiring.run();
