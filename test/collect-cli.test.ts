/**
 * `okta-bi-lint collect` and `check --live` through the built CLI (node bin/okta-bi-lint.js), as a
 * user runs them, against the Okta emulator: exit codes, files written, messages, both auth modes,
 * the ignored ~/.okta/okta.yaml, and secret canaries grepped in every output.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type EmulatorOptions, type OktaEmulator } from './emulator/okta-emulator.js';
import { cleanSnapshot, oktaId, orgFromSnapshot, orgWithRegisteredUsers, type OktaOrg } from './emulator/org.js';
import { expectedSnapshotOkta } from './emulator/expected.js';
import { ensureBuilt, leaks, runCli, tempDir, type Run } from './emulator/harness.js';

type Obj = Record<string, any>;
const TOKEN = '00cliTokenForTheEmulator0123456789abcdefgh';
const FAST = { OKTA_BI_LINT_RETRY_BASE_MS: '5', OKTA_BI_LINT_RETRY_MAX_MS: '40', OKTA_BI_LINT_TIMEOUT_MS: '5000' };
const ALL_SCOPES = [
  'okta.schemas.read',
  'okta.groups.read',
  'okta.apps.read',
  'okta.idps.read',
  'okta.policies.read',
  'okta.eventHooks.read',
  'okta.apiTokens.read',
  'okta.users.read',
];

let org: OktaOrg;
/** more registered users than one batch of a list on disk (orgWithRegisteredUsers) */
let large: OktaOrg;
let rsa: { privateKey: KeyObject; publicKey: KeyObject; pem: string; jwk: Obj };
const emulators: OktaEmulator[] = [];
/** every secret the runs of a test could leak */
let secrets: string[] = [];

test.before(async () => {
  ensureBuilt();
  const clean = await cleanSnapshot();
  org = orgFromSnapshot(clean);
  large = orgWithRegisteredUsers(clean, 10_050);
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(pair.privateKey.export({ format: 'jwk' }) as Obj), kid: 'jwk-kid-1' };
  rsa = { ...pair, pem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), jwk };
});

test.before.each(() => {
  secrets = [TOKEN, ...rsa.pem.split('\n').filter((l) => l.length > 20), rsa.jwk.d, rsa.jwk.p, rsa.jwk.q];
});

test.after.each(async () => {
  for (const e of emulators.splice(0)) {
    assert.equal(e.writes(), [], 'only GET requests (and the OAuth token POST)');
    await e.close();
  }
});

async function emulator(options: Partial<EmulatorOptions> = {}): Promise<OktaEmulator> {
  const e = await startEmulator({
    org,
    tokens: [TOKEN],
    rateLimits: { windowMs: 1000, limits: { apps: 1000, groups: 1000, users: 1000, 'api-v1': 1000 } },
    ...options,
  });
  emulators.push(e);
  return e;
}

/** Runs the CLI and fails the test if a secret shows in stdout, stderr or any file named. */
async function cli(
  args: string[],
  env: Record<string, string | undefined>,
  files: string[] = [],
  cwd?: string,
): Promise<Run> {
  const r = await runCli(args, { env: { ...FAST, ...env }, cwd });
  const texts: Record<string, string> = { stdout: r.stdout, stderr: r.stderr };
  for (const f of files) if (existsSync(f)) texts[f] = readFileSync(f, 'utf8');
  assert.equal(leaks(texts, [...emulators.flatMap((e) => [...e.canaries]), ...secrets]), [], 'no secret in any output');
  return r;
}

const sswsEnv = (emu: OktaEmulator) => ({ OKTA_ORG_URL: emu.url, OKTA_API_TOKEN: TOKEN });

// ---------------------------------------------------------------------------------------------

test('collect --out: exit 0, the snapshot written atomically equals the expected one, a summary on stderr', async () => {
  const emu = await emulator();
  const dir = tempDir();
  const out = path.join(dir, 'snaps', 'acme.json');
  const r = await cli(['collect', '--bi-platform', 'none', '--include', 'users', '--out', out], sswsEnv(emu), [out]);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, '');
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(doc.okta, expectedSnapshotOkta(emu.url, org, true));
  assert.equal(doc.gaps, []);
  assert.match(
    r.stderr,
    /^okta-bi-lint: collected 127\.0\.0\.1:\d+ into .*acme\.json: 9 sections, 0 gaps, \d+ requests in \d+\.\d s\nokta-bi-lint: redacted \d+ values: [^\n]+\n$/,
  );
  // where values were redacted, by JSON path (indices folded), never what they were
  assert.match(r.stderr, /redacted \d+ values: okta\.\w+\[\*\]\.[\w.[\]*]+ \(\d+\), /);
  // no temporary file left behind
  assert.equal(readFileSync(out, 'utf8').endsWith('\n'), true);
  assert.equal((await import('node:fs')).readdirSync(path.dirname(out)), ['acme.json']);
});

test('a large org is written in pieces: the same bytes as one text, atomically, to a file and to stdout', async () => {
  const emu = await emulator();
  const dir = tempDir();
  const whole = path.join(dir, 'whole.json');
  const streamed = path.join(dir, 'streamed.json');
  const args = ['collect', '--bi-platform', 'none', '--include', 'users', '--quiet', '--out'];
  const a = await cli([...args, whole], sswsEnv(emu), [whole]);
  assert.is(a.code, 0, a.stderr);
  // every collected list counts as large: the snapshot is written from pieces
  const b = await cli([...args, streamed], { ...sswsEnv(emu), OKTA_BI_LINT_STREAM_ITEMS: '0' }, [streamed]);
  assert.is(b.code, 0, b.stderr);
  const withoutTime = (t: string) => t.replace(/"collectedAt": "[^"]+"/, '"collectedAt": ""');
  const text = readFileSync(streamed, 'utf8');
  assert.is(withoutTime(text), withoutTime(readFileSync(whole, 'utf8')));
  assert.equal(JSON.parse(text).okta, expectedSnapshotOkta(emu.url, org, true));
  assert.equal((await import('node:fs')).readdirSync(dir).sort(), ['streamed.json', 'whole.json']);
  const c = await cli(['collect', '--bi-platform', 'none', '--include', 'users', '--quiet'], {
    ...sswsEnv(emu),
    OKTA_BI_LINT_STREAM_ITEMS: '0',
  });
  assert.is(c.code, 0, c.stderr);
  assert.is(withoutTime(c.stdout), withoutTime(text));
});

test('users kept on disk as their pages arrive: the same bytes and summary as in memory, nothing left in TMPDIR', async () => {
  const emu = await emulator({ org: large });
  const dir = tempDir();
  const tmp = tempDir('okta-bi-lint-tmpdir-');
  const memory = path.join(dir, 'memory.json');
  const disk = path.join(dir, 'disk.json');
  const args = ['collect', '--bi-platform', 'none', '--include', 'users', '--out'];
  const a = await cli([...args, memory], { ...sswsEnv(emu), TMPDIR: tmp, OKTA_BI_LINT_STREAM_ITEMS: '1000000' }, [
    memory,
  ]);
  assert.is(a.code, 0, a.stderr);
  const b = await cli([...args, disk], { ...sswsEnv(emu), TMPDIR: tmp, OKTA_BI_LINT_STREAM_ITEMS: '0' }, [disk]);
  assert.is(b.code, 0, b.stderr);
  const withoutTime = (t: string) => t.replace(/"collectedAt": "[^"]+"/, '').replace(/ in \d+\.\d s\n/, '\n');
  assert.is(withoutTime(readFileSync(disk, 'utf8')), withoutTime(readFileSync(memory, 'utf8')));
  assert.is(withoutTime(b.stderr).replace('disk.json', 'memory.json'), withoutTime(a.stderr));
  assert.match(b.stderr, 'okta.users[*].profile.login (3)');
  assert.is(JSON.parse(readFileSync(disk, 'utf8')).okta.users.length, 10_056);
  assert.equal(readdirSync(tmp), [], 'no temporary file left');
  assert.equal(readdirSync(dir).sort(), ['disk.json', 'memory.json']);
});

test('a TMPDIR that cannot hold the users: exit 2, one clear line, the previous snapshot untouched', async () => {
  const emu = await emulator();
  const dir = tempDir();
  const out = path.join(dir, 'snap.json');
  writeFileSync(out, 'the previous snapshot\n');
  const r = await cli(
    ['collect', '--bi-platform', 'none', '--include', 'users', '--out', out],
    { ...sswsEnv(emu), TMPDIR: path.join(dir, 'missing'), OKTA_BI_LINT_STREAM_ITEMS: '0' },
    [out],
  );
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /^okta-bi-lint: cannot keep okta\.users in a temporary file in .*missing: ENOENT/);
  assert.match(r.stderr, 'set TMPDIR to a directory with room');
  assert.is(readFileSync(out, 'utf8'), 'the previous snapshot\n');
  assert.equal(readdirSync(dir), ['snap.json']);
});

test('SIGTERM while users are on disk: their file has no name to leave behind; the previous snapshot stays', async () => {
  if (!existsSync('/proc/self/fd')) return; // the open files of a process are read from /proc
  // the page after the first batch written (10,000 users) is slow: the collection is stopped there
  const emu = await emulator({
    org: large,
    faults: [{ kind: 'slow', path: '/api/v1/users', query: `after=${oktaId('00u', 'reg010196')}`, delayMs: 6000 }],
  });
  const dir = tempDir();
  const tmp = tempDir('okta-bi-lint-tmpdir-');
  const out = path.join(dir, 'snap.json');
  writeFileSync(out, 'the previous snapshot\n');
  let pid: number | undefined;
  const run = runCli(['collect', '--bi-platform', 'none', '--include', 'users', '--quiet', '--out', out], {
    env: { ...FAST, ...sswsEnv(emu), TMPDIR: tmp, OKTA_BI_LINT_STREAM_ITEMS: '0' },
    onSpawn: (child) => {
      pid = child.pid;
    },
  });
  const spilled = (): boolean => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
          return target.startsWith(path.join(tmp, '.okta-bi-lint-')) && target.endsWith(' (deleted)');
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  };
  const until = Date.now() + 20_000;
  while (!spilled() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  assert.ok(spilled(), 'the users went to a file in TMPDIR, removed as soon as it was opened');
  assert.equal(readdirSync(tmp), []);
  process.kill(pid!, 'SIGTERM');
  const r = await run;
  assert.is(r.code, null);
  assert.equal(readdirSync(tmp), [], 'nothing left behind');
  assert.is(readFileSync(out, 'utf8'), 'the previous snapshot\n');
  assert.equal(readdirSync(dir), ['snap.json']);
});

test('collect without --out writes the snapshot to stdout; --quiet prints nothing else', async () => {
  const emu = await emulator();
  const r = await cli(['collect', '--bi-platform', 'none', '--quiet'], sswsEnv(emu));
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, '');
  assert.equal(JSON.parse(r.stdout).okta, expectedSnapshotOkta(emu.url, org, false));
});

test('401 E0000011: exit 2, one clear line, one request, nothing written', async () => {
  const emu = await emulator();
  const out = path.join(tempDir(), 'snap.json');
  const bad = '00revokedTokenXXXXXXXXXXXXXXXXXXXXXXXXXXXX';
  secrets.push(bad);
  const r = await cli(
    ['collect', '--bi-platform', 'none', '--out', out],
    { OKTA_ORG_URL: emu.url, OKTA_API_TOKEN: bad },
    [out],
  );
  assert.is(r.code, 2);
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(
    r.stderr,
    'okta-bi-lint: Okta rejected the API token: HTTP 401 E0000011 Invalid token provided (the token in OKTA_API_TOKEN is wrong, expired or revoked',
  );
  assert.is(emu.log.length, 1);
  assert.not.ok(existsSync(out), 'nothing written');
});

test('403 on event hooks: exit 3 with the gap; check on it reports the event-hook rules not evaluated, exit 3', async () => {
  const emu = await emulator({
    faults: [
      {
        kind: 'status',
        path: '/api/v1/eventHooks',
        status: 403,
        errorCode: 'E0000006',
        errorSummary: 'You do not have permission to perform the requested action',
      },
    ],
  });
  const dir = tempDir();
  const out = path.join(dir, 'snap.json');
  const r = await cli(['collect', '--bi-platform', 'none', '--out', out], sswsEnv(emu), [out]);
  assert.is(r.code, 3, r.stderr);
  assert.match(
    r.stderr,
    'okta-bi-lint: gap okta.eventHooks: GET /api/v1/eventHooks answered HTTP 403 E0000006 You do not have permission to perform the requested action',
  );
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(
    doc.gaps.map((g: Obj) => [g.section, g.status, g.errorCode]),
    [['okta.eventHooks', 403, 'E0000006']],
  );
  const config = path.join(dir, 'okta-bi-lint.yaml');
  writeFileSync(config, 'provisioning: event-hook\n');
  const c = await cli(['check', '--snapshot', out, '--config', config, '--format', 'json'], {}, []);
  assert.is(c.code, 3, c.stderr);
  const report = JSON.parse(c.stdout);
  const status = Object.fromEntries(report.rules.map((x: Obj) => [x.id, x]));
  for (const id of [
    'okta/event-hook-defined',
    'okta/event-hook-active-verified',
    'okta/event-hook-auth-header',
    'okta/event-hook-events',
    'link/provisioning-exclusive',
  ]) {
    assert.is(status[id].status, 'not-evaluated', id);
    assert.match(
      status[id].reason,
      'okta.eventHooks could not be collected: GET /api/v1/eventHooks answered HTTP 403 E0000006',
      id,
    );
  }
  assert.is(status['okta/idp-defined'].status, 'pass');
  assert.is(report.counts.fail, 0);
});

test('check --live: collects, writes the snapshot next to the report, audits it (exit 0)', async () => {
  const emu = await emulator();
  const dir = tempDir();
  const report = path.join(dir, 'out', 'results.json');
  const snap = path.join(dir, 'out', 'results.snapshot.json');
  const r = await cli(
    ['check', '--live', '--bi-platform', 'none', '--format', 'json', '--output', report],
    sswsEnv(emu),
    [report, snap],
    dir,
  );
  assert.is(r.code, 0, r.stderr);
  const rep = JSON.parse(readFileSync(report, 'utf8'));
  assert.is(rep.exitCode, 0);
  assert.is(rep.counts['not-evaluated'], 0);
  assert.ok(rep.counts.pass >= 20, `passes: ${rep.counts.pass}`);
  assert.is(rep.snapshot.path, 'out/results.snapshot.json');
  const text = readFileSync(snap, 'utf8');
  assert.is(rep.snapshot.sha256, (await import('node:crypto')).createHash('sha256').update(text).digest('hex'));
  assert.equal(JSON.parse(text).okta, expectedSnapshotOkta(emu.url, org, false));
});

test('check --live with a Beyond Identity platform that cannot be collected: SARIF, BI rules not evaluated, exit 3', async () => {
  const emu = await emulator();
  const dir = tempDir();
  const sarif = path.join(dir, 'results.sarif');
  const snap = path.join(dir, 'audited.json');
  const r = await cli(
    [
      'check',
      '--live',
      '--bi-platform',
      'secure-workforce',
      '--format',
      'sarif',
      '--output',
      sarif,
      '--snapshot-out',
      snap,
    ],
    sswsEnv(emu),
    [sarif, snap],
  );
  assert.is(r.code, 3, r.stderr);
  const log = JSON.parse(readFileSync(sarif, 'utf8'));
  const run = log.runs[0];
  assert.is(run.invocations[0].executionSuccessful, false);
  const notes = JSON.stringify(run.invocations[0].toolExecutionNotifications ?? []);
  assert.match(notes, 'bi/oidc-client-defined');
  assert.match(notes, 'Beyond Identity collection is not available');
  assert.equal(JSON.parse(readFileSync(snap, 'utf8')).beyondIdentity, { platform: 'secure-workforce' });
});

test('OAuth service app, private key JWT with an inline PEM: one token request, then Bearer GETs only', async () => {
  const emu = await emulator({
    oauthClients: [{ clientId: '0oaserviceapp00a1d7', publicKey: rsa.publicKey, kid: 'pem-kid-1', scopes: ALL_SCOPES }],
  });
  const out = path.join(tempDir(), 'snap.json');
  const r = await cli(
    ['collect', '--bi-platform', 'none', '--include', 'users', '--okta-client-id', '0oaserviceapp00a1d7', '--out', out],
    { OKTA_ORG_URL: emu.url, OKTA_PRIVATE_KEY: rsa.pem, OKTA_KEY_ID: 'pem-kid-1' },
    [out],
  );
  assert.is(r.code, 0, r.stderr);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).okta, expectedSnapshotOkta(emu.url, org, true));
  assert.is(emu.log[0].method, 'POST');
  assert.is(emu.log[0].path, '/oauth2/v1/token');
  assert.is(emu.log.filter((e) => e.method === 'POST').length, 1);
  assert.ok(
    emu.log.slice(1).every((e) => e.method === 'GET' && e.auth === 'Bearer'),
    'Bearer GETs',
  );
});

test('OAuth with a JWK key file and fewer scopes: the section without its scope is a 403 gap (exit 3)', async () => {
  const emu = await emulator({
    oauthClients: [{ clientId: '0oaserviceapp00a1d7', publicKey: rsa.jwk, kid: 'jwk-kid-1', scopes: ALL_SCOPES }],
  });
  const dir = tempDir();
  const keyFile = path.join(dir, 'key.json');
  writeFileSync(keyFile, JSON.stringify(rsa.jwk));
  const out = path.join(dir, 'snap.json');
  const scopes =
    'okta.schemas.read okta.groups.read okta.apps.read okta.idps.read okta.policies.read okta.apiTokens.read';
  const r = await cli(
    ['collect', '--bi-platform', 'none', '--out', out],
    { OKTA_ORG_URL: emu.url, OKTA_CLIENT_ID: '0oaserviceapp00a1d7', OKTA_PRIVATE_KEY: keyFile, OKTA_SCOPES: scopes },
    [out],
  );
  assert.is(r.code, 3, r.stderr);
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(
    doc.gaps.map((g: Obj) => g.section),
    ['okta.eventHooks'],
  );
  assert.match(doc.gaps[0].reason, 'HTTP 403 E0000006');
  assert.match(doc.gaps[0].reason, 'it needs okta.eventHooks.read');
});

test("OAuth with a key the app does not know: exit 2, the token endpoint's reason, nothing written", async () => {
  const emu = await emulator({
    oauthClients: [{ clientId: '0oaserviceapp00a1d7', publicKey: rsa.publicKey, scopes: ALL_SCOPES }],
  });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = other.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  secrets.push(...pem.split('\n').filter((l) => l.length > 20));
  const out = path.join(tempDir(), 'snap.json');
  const r = await cli(
    ['collect', '--bi-platform', 'none', '--out', out],
    { OKTA_ORG_URL: emu.url, OKTA_CLIENT_ID: '0oaserviceapp00a1d7', OKTA_PRIVATE_KEY: pem },
    [out],
  );
  assert.is(r.code, 2);
  assert.match(
    r.stderr,
    'okta-bi-lint: Okta refused the OAuth access token request (HTTP 401 invalid_client: The client_assertion signature is invalid.)',
  );
  assert.not.ok(existsSync(out));
  assert.ok(
    emu.log.every((e) => e.path === '/oauth2/v1/token'),
    'no API request without a token',
  );
});

test('~/.okta/okta.yaml, ./okta.yaml and OKTA_CLIENT_* variables are ignored', async () => {
  const good = await emulator();
  const poison = await emulator({ tokens: ['00poisonToken0000000000000000000000000000'] });
  const home = tempDir('okta-bi-lint-home-');
  mkdirSync(path.join(home, '.okta'));
  const yaml = `okta:\n  client:\n    orgUrl: ${poison.url}\n    token: 00poisonToken0000000000000000000000000000\n    authorizationMode: SSWS\n`;
  writeFileSync(path.join(home, '.okta', 'okta.yaml'), yaml);
  const cwd = tempDir('okta-bi-lint-cwd-');
  writeFileSync(path.join(cwd, 'okta.yaml'), yaml);
  const r = await cli(
    ['collect', '--bi-platform', 'none', '--out', 'snap.json'],
    {
      HOME: home,
      OKTA_ORG_URL: good.url,
      OKTA_API_TOKEN: TOKEN,
      OKTA_CLIENT_AUTHORIZATIONMODE: 'PrivateKey',
      OKTA_CLIENT_CLIENTID: '0oapoison000000a1d7',
      OKTA_CLIENT_SCOPES: 'okta.users.manage',
      OKTA_CLIENT_PRIVATEKEY: 'not a key',
      OKTA_CLIENT_KEYID: 'poison',
      OKTA_CLIENT_USERAGENT: 'poison',
    },
    [path.join(cwd, 'snap.json')],
    cwd,
  );
  assert.is(r.code, 0, r.stderr);
  assert.is(poison.log.length, 0, 'the poisoned org was never called');
  assert.ok(
    good.log.length > 5 && good.log.every((e) => e.auth === 'SSWS' && e.status === 200),
    'SSWS with OKTA_API_TOKEN',
  );
});

test('bad input: a token on the command line, http to a remote host, no credentials, a bad share: exit 2, one line each', async () => {
  const cases: Array<[string[], Record<string, string>, string]> = [
    [
      ['collect', '--okta-token', TOKEN],
      { OKTA_ORG_URL: 'https://acme.okta.com' },
      '--okta-token is not accepted: the API token is read only from the environment (OKTA_API_TOKEN)',
    ],
    [
      ['collect', '--okta-url', 'http://acme.okta.com'],
      { OKTA_API_TOKEN: TOKEN },
      '--okta-url must use https: http://acme.okta.com (use https://acme.okta.com',
    ],
    [
      ['collect', '--okta-url', 'https://acme.okta.com/oauth2/default'],
      { OKTA_API_TOKEN: TOKEN },
      "must be the org's address without a path",
    ],
    [['collect', '--okta-url', 'https://acme.okta.com'], {}, 'no Okta credentials (set OKTA_API_TOKEN'],
    [
      ['collect', '--rate-limit-share', '0'],
      { OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: TOKEN },
      '--rate-limit-share must be a number greater than 0 and at most 1',
    ],
    [
      ['check', '--live', '--snapshot', 'x.json'],
      { OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: TOKEN },
      '--live and --snapshot exclude each other',
    ],
  ];
  const runs = await Promise.all(cases.map(([args, env]) => cli(args, env)));
  runs.forEach((r, i) => {
    assert.is(r.code, 2, `${cases[i][0].join(' ')}: ${r.stderr}`);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, cases[i][2]);
  });
});

test('a usage error (a mistyped flag) never starts a live collection', async () => {
  const emu = await emulator();
  const out = path.join(tempDir(), 'snap.json');
  const r = await cli(['collect', '--bi-platform', 'none', '--rate-limit-shar', '0.1', '--out', out], sswsEnv(emu), [
    out,
  ]);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'Unknown argument');
  assert.is(emu.log.length, 0, 'no request');
  assert.not.ok(existsSync(out), 'nothing written');
});

test.run();
