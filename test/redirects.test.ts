/**
 * Redirects are never followed with the credentials: the Okta emulator and the Beyond Identity
 * emulators answer 302/307 to another local server that records whether anything reached it
 * (an Authorization header above all). Through the built CLI, as a user runs it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type EmulatorOptions, type OktaEmulator } from './emulator/okta-emulator.js';
import { cleanSnapshot, orgFromSnapshot, type OktaOrg } from './emulator/org.js';
import { ensureBuilt, leaks, runCli, tempDir, type Run } from './emulator/harness.js';
import { Recorder } from './emulator/recorder.js';
import { startSecureWorkforce, type Scenario } from './emulator/bi-harness.js';

const TOKEN = '00redirectTokenForTheEmulator0123456789ab';
const FAST = { OKTA_BI_LINT_RETRY_BASE_MS: '5', OKTA_BI_LINT_RETRY_MAX_MS: '40', OKTA_BI_LINT_TIMEOUT_MS: '5000' };

let org: OktaOrg;
let base: Record<string, unknown>;
const closing: Array<{ close(): Promise<void> }> = [];

test.before(async () => {
  ensureBuilt();
  base = await cleanSnapshot();
  org = orgFromSnapshot(base);
});

test.after.each(async () => {
  for (const c of closing.splice(0)) await c.close();
});

async function recorder(): Promise<Recorder> {
  const r = await new Recorder().start();
  closing.push(r);
  return r;
}

async function emulator(options: Partial<EmulatorOptions>): Promise<OktaEmulator> {
  const e = await startEmulator({ org, tokens: [TOKEN], rateLimits: false, ...options });
  closing.push(e);
  return e;
}

async function cli(
  args: string[],
  env: Record<string, string>,
  secrets: string[],
  files: string[],
  canaries: string[],
): Promise<Run> {
  const r = await runCli(args, { env: { ...FAST, ...env } });
  const texts: Record<string, string> = { stdout: r.stdout, stderr: r.stderr };
  for (const f of files) if (existsSync(f)) texts[f] = readFileSync(f, 'utf8');
  assert.equal(leaks(texts, [...canaries, ...secrets]), [], 'no secret in any output');
  return r;
}

test('Okta: the org URL redirecting to another origin stops collect with exit 2 and one line; the token is never sent there', async () => {
  const rec = await recorder();
  const emu = await emulator({ faults: [{ kind: 'redirect', path: /.*/, target: rec.url }] });
  const out = path.join(tempDir(), 'snap.json');
  const r = await cli(
    ['collect', '--bi-platform', 'none', '--out', out],
    { OKTA_ORG_URL: emu.url, OKTA_API_TOKEN: TOKEN },
    [TOKEN],
    [out],
    [...emu.canaries],
  );
  assert.is(r.code, 2, r.stderr);
  assert.equal(
    rec.requests.map((q) => `${q.method} ${q.path}`),
    [],
    'nothing reached the other origin',
  );
  const lines = r.stderr.trimEnd().split('\n');
  assert.is(lines.length, 1, r.stderr);
  assert.match(lines[0], `the Okta org URL ${emu.url} redirects (GET /api/v1/`);
  assert.match(lines[0], `to ${rec.url}; not followed, so the credentials were not sent there`);
  assert.match(lines[0], /set --okta-url \/ OKTA_ORG_URL to the org's own Okta URL/);
  assert.not.ok(existsSync(out), 'nothing written');
});

test('Okta OAuth: a 307 from the token endpoint is not followed (no client assertion, no token elsewhere); exit 2', async () => {
  const rec = await recorder();
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const emu = await emulator({
    oauthClients: [
      { clientId: '0oaserviceapp00a1d7', publicKey: pair.publicKey, kid: 'k1', scopes: ['okta.apps.read'] },
    ],
    faults: [{ kind: 'redirect', path: '/oauth2/v1/token', status: 307, target: rec.url }],
  });
  const out = path.join(tempDir(), 'snap.json');
  const r = await cli(
    ['collect', '--bi-platform', 'none', '--out', out],
    { OKTA_ORG_URL: emu.url, OKTA_CLIENT_ID: '0oaserviceapp00a1d7', OKTA_PRIVATE_KEY: pem, OKTA_KEY_ID: 'k1' },
    pem.split('\n').filter((l) => l.length > 20),
    [out],
    [...emu.canaries],
  );
  assert.is(r.code, 2, r.stderr);
  assert.equal(
    rec.requests.map((q) => `${q.method} ${q.path}`),
    [],
    'nothing reached the other origin',
  );
  assert.match(
    r.stderr,
    `the Okta org URL ${emu.url} redirects (POST /oauth2/v1/token answered HTTP 307) to ${rec.url}`,
    r.stderr,
  );
  assert.not.ok(existsSync(out));
});

test('Okta: a redirect within the org origin is a gap for its section, not followed; the rest is collected', async () => {
  const emu = await emulator({ faults: [{ kind: 'redirect', path: '/api/v1/eventHooks' }] });
  const out = path.join(tempDir(), 'snap.json');
  const r = await cli(
    ['collect', '--bi-platform', 'none', '--out', out],
    { OKTA_ORG_URL: emu.url, OKTA_API_TOKEN: TOKEN },
    [TOKEN],
    [out],
    [...emu.canaries],
  );
  assert.is(r.code, 3, 'exit 3: collected with a gap');
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(
    doc.gaps.map((g: { section: string; reason: string }) => [g.section, g.reason]),
    [['okta.eventHooks', 'GET /api/v1/eventHooks answered HTTP 302, a redirect to /api/v1/eventHooks; not followed']],
  );
  assert.is(emu.log.filter((e) => e.path === '/api/v1/eventHooks').length, 1, 'asked once, not followed in a loop');
  assert.ok(doc.okta.apps.length > 0);
});

test('Beyond Identity: a 302 to another origin is a gap naming it; the bearer credential is never sent there', async () => {
  const rec = await recorder();
  const s: Scenario = await startSecureWorkforce(base, {
    api: { faults: [{ kind: 'redirect', path: /.*/, target: rec.url }] },
    events: { faults: [{ kind: 'redirect', path: /.*/, target: rec.url }] },
  });
  closing.push(s);
  const out = path.join(tempDir(), 'snap.json');
  const r = await cli(
    ['collect', '--bi-platform', 'secure-workforce', '--out', out],
    s.env,
    Object.values(s.env).filter((v) => v.length > 20 && !v.startsWith('http')),
    [out],
    s.canaries(),
  );
  assert.is(r.code, 3, 'exit 3: collected with gaps');
  assert.equal(
    rec.requests.map((q) => `${q.method} ${q.path}`),
    [],
    'nothing reached the other origin',
  );
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.ok(doc.gaps.length > 0);
  for (const g of doc.gaps)
    assert.match(
      g.reason,
      new RegExp(`answered HTTP 302, a redirect to ${rec.url.replace(/\./g, '\\.')}/.*; not followed`),
    );
});

test.run();
