/**
 * No secret leaves the tenant. Distinct canaries are planted in every place a tenant admin can put
 * a secret (event-hook header values, a hook URI's query and user info, webhook URLs whose path is
 * the credential, free-form app settings), in every credential property of Okta's management
 * OpenAPI spec, and in every response the emulators send (their own rotating sites). The org is
 * collected twice with the canaries rotated; then `check` (of both snapshots) and `drift` (between
 * them) run in all six formats, to stdout and to files. No byte printed or written may hold a
 * canary. Also: a hand-written snapshot's secret-shaped values reach no report.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt, leaks, runCli, tempDir, type Run } from './emulator/harness.js';
import { startSecureWorkforce } from './emulator/bi-harness.js';
import { cleanSnapshot } from './emulator/org.js';
import { canarySource, oktaSecretPlacements, plantFreeFormSecrets, type SecretProperty } from './emulator/canaries.js';

type Obj = Record<string, any>;
const FORMATS = ['text', 'json', 'sarif', 'markdown', 'html', 'junit'] as const;
const spec = JSON.parse(readFileSync(new URL('./data/okta-secret-properties.json', import.meta.url), 'utf8')) as {
  properties: SecretProperty[];
};

test.before(() => ensureBuilt());

/** Every text a run printed, and every file it wrote. */
function texts(name: string, r: Run, files: string[] = []): Record<string, string> {
  const out: Record<string, string> = { [`${name} stdout`]: r.stdout, [`${name} stderr`]: r.stderr };
  for (const f of files) if (existsSync(f)) out[`${name} ${path.basename(f)}`] = readFileSync(f, 'utf8');
  return out;
}

/** A snapshot of the clean org with this round's canaries planted (ids and names the same every round). */
function planted(base: Obj, make: ReturnType<typeof canarySource>['make']): { snapshot: Obj; sites: number } {
  const snapshot = JSON.parse(JSON.stringify(base)) as Obj;
  let sites = 0;
  const count = (template: (c: string) => string) => {
    sites++;
    return make(template, '');
  };
  plantFreeFormSecrets(snapshot, count);
  // each credential property of the spec, on an app of its own key (the collector keeps apps whole)
  const carrier = snapshot.okta.apps[1] as Obj;
  oktaSecretPlacements(spec.properties, () => count((c) => c)).forEach(({ object }, i) => {
    carrier[`specProperty${i}`] = object;
  });
  return { snapshot, sites };
}

test('canaries planted everywhere, collected twice, rotated: no canary in any byte check or drift prints or writes, in all six formats', async () => {
  const base = await cleanSnapshot();
  const dir = tempDir('okta-bi-lint-canaries-');
  const all: Record<string, string> = {};
  const canaries: string[] = [];
  const credentials: string[] = [];
  const snaps: string[] = [];
  for (const round of [1, 2]) {
    const src = canarySource();
    const { snapshot, sites } = planted(base, src.make);
    assert.ok(sites >= 16 + spec.properties.length - 4, `${sites} sites planted`);
    const s = await startSecureWorkforce(snapshot);
    try {
      const out = path.join(dir, `snap${round}.json`);
      const r = await runCli(['collect', '--bi-platform', 'secure-workforce', '--out', out], { env: s.env });
      assert.ok(r.code === 0 || r.code === 3, `collect round ${round}: exit ${r.code}: ${r.stderr}`);
      Object.assign(all, texts(`collect ${round}`, r, [out]));
      canaries.push(...src.all, ...s.canaries());
      credentials.push(...Object.values(s.env).filter((v) => v.length > 20 && !v.startsWith('http')));
      snaps.push(out);
      // the planted resources are in the snapshot (redacted), so the reports below do see them
      const doc = JSON.parse(readFileSync(out, 'utf8')) as Obj;
      const hooks = (doc.okta.eventHooks as Obj[]).map((h) => h.name);
      assert.ok(
        ['Azure Function', 'SIEM with user info', 'Slack', 'Teams', 'Zapier', 'Discord'].every((n) =>
          hooks.includes(n),
        ),
        hooks.join(', '),
      );
      assert.equal(doc.okta.apps[0].settings.app.secretKey, '[REDACTED]');
      assert.match(r.stderr, /okta-bi-lint: redacted \d+ values: /);
      // the paths name a planted setting whose name holds a newline and a bidi override: escaped
      assert.match(r.stderr, 'settings.app["note\\n::warning::planted\\u202e"]');
      assert.not.match(r.stderr, /^::|[\u202e]/m);
    } finally {
      await s.close();
    }
  }
  assert.is(new Set(canaries).size, canaries.length, 'every canary distinct (rotated between the rounds)');

  for (const format of FORMATS) {
    for (const [i, snap] of snaps.entries()) {
      const file = path.join(dir, `check${i + 1}.${format}`);
      const toStdout = await runCli([
        'check',
        '--snapshot',
        snap,
        '--bi-platform',
        'secure-workforce',
        '--format',
        format,
        '--verbose',
      ]);
      const toFile = await runCli([
        'check',
        '--snapshot',
        snap,
        '--bi-platform',
        'secure-workforce',
        '--format',
        format,
        '--verbose',
        '--output',
        file,
      ]);
      assert.ok([0, 1, 3].includes(toStdout.code ?? -1), `check ${format}: ${toStdout.stderr}`);
      Object.assign(
        all,
        texts(`check ${i + 1} ${format}`, toStdout),
        texts(`check ${i + 1} ${format} -o`, toFile, [file]),
      );
    }
    const file = path.join(dir, `drift.${format}`);
    const toStdout = await runCli([
      'drift',
      '--baseline',
      snaps[0],
      '--current',
      snaps[1],
      '--force',
      '--format',
      format,
      '--verbose',
    ]);
    const toFile = await runCli([
      'drift',
      '--baseline',
      snaps[0],
      '--current',
      snaps[1],
      '--force',
      '--format',
      format,
      '--verbose',
      '--output',
      file,
    ]);
    assert.ok([0, 1, 3].includes(toStdout.code ?? -1), `drift ${format}: exit ${toStdout.code} ${toStdout.stderr}`);
    Object.assign(all, texts(`drift ${format}`, toStdout), texts(`drift ${format} -o`, toFile, [file]));
  }
  // not vacuous: the reports are there and speak of the planted resources
  assert.ok(Object.keys(all).length >= 6 * 2 * 6, `${Object.keys(all).length} outputs`);
  assert.match(all['drift json stdout'], /"sections"|"changes"|"findings"/);
  assert.equal(leaks(all, [...canaries, ...credentials]), [], 'no canary in any output');
});

test('a hand-written snapshot: secret-shaped values reach no report of check or drift, in any format', async () => {
  const base = JSON.parse(readFileSync('fixtures/snapshots/clean-scim.json', 'utf8')) as Obj;
  const dir = tempDir('okta-bi-lint-handmade-');
  const secrets = {
    bearer: 'Bearer CANARYhandBearer0123456789',
    jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.CANARYhandJwtSig0123',
    pem: '-----BEGIN PRIVATE KEY-----\nCANARYhandPem0123456789\n-----END PRIVATE KEY-----',
    userinfo: 'https://svc:CANARYhandUserinfo01@siem.example.com/x',
    slack: 'https://hooks.slack.com/services/T0/B0/CANARYhandSlack0123',
    query: 'https://fn.example.net/api/x?client_secret=CANARYhandQuery0123&code=CANARYhandCode0123',
    // opaque values: only the header's name says they are credentials
    subscriptionKey: 'CANARYhandSubscriptionKey0123',
    signature: 'CANARYhandSignature0123',
  };
  const write = (name: string, label: string) => {
    const s = JSON.parse(JSON.stringify(base)) as Obj;
    const hook = s.okta.eventHooks[0] ?? {};
    s.okta.apps[0].label = `${s.okta.apps[0].label}`;
    s.okta.apps[0].notes = { admin: secrets.bearer, enduser: secrets.jwt };
    s.okta.apps[0].settings = {
      ...(s.okta.apps[0].settings ?? {}),
      app: { privateKeyPem: secrets.pem, note: `${label} ${secrets.userinfo}` },
    };
    s.okta.eventHooks = [
      {
        ...hook,
        id: 'whohandmade00000a1d7',
        name: 'Hand-made',
        channel: {
          type: 'HTTP',
          version: '1.0.0',
          config: {
            uri: label === 'b' ? secrets.slack : secrets.query,
            headers: [
              { key: 'x-functions-key', value: secrets.bearer },
              { key: 'Ocp-Apim-Subscription-Key', value: `${label}${secrets.subscriptionKey}` },
              { key: 'X-Hook-Signature', value: `${label}${secrets.signature}` },
            ],
          },
        },
      },
      ...(s.okta.eventHooks ?? []),
    ];
    const f = path.join(dir, name);
    writeFileSync(f, JSON.stringify(s, null, 2));
    return f;
  };
  const a = write('a.json', 'a');
  const b = write('b.json', 'b');
  const all: Record<string, string> = {};
  for (const format of FORMATS) {
    Object.assign(
      all,
      texts(`check ${format}`, await runCli(['check', '--snapshot', b, '--format', format, '--verbose'])),
    );
    Object.assign(
      all,
      texts(
        `drift ${format}`,
        await runCli(['drift', '--baseline', a, '--current', b, '--format', format, '--verbose']),
      ),
    );
  }
  assert.match(all['drift text stdout'], /Hand-made/, 'the changed hook is reported');
  assert.equal(leaks(all, []), [], 'no secret-shaped value echoed');
});

test.run();
