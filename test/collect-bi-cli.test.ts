/**
 * `collect` and `check --live` with Beyond Identity through the built CLI (node bin/okta-bi-lint.js),
 * as a user runs them, against the Okta emulator and the Beyond Identity emulators of both
 * platforms: exit codes, the snapshots and reports written, messages, the platform default from the
 * environment, the declared file, and canaries and credentials grepped in every output.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt, leaks, runCli, tempDir, type Run } from './emulator/harness.js';
import { expectedSnapshotOkta } from './emulator/expected.js';
import {
  EVENTS_KEY,
  OKTA_TOKEN,
  SW_TOKEN,
  redactedAsServed,
  scimUsersFor,
  startSecureAccess,
  startSecureWorkforce,
  type Scenario,
} from './emulator/bi-harness.js';
import { generator, type Generator } from './emulator/bi-tenant.js';

type Obj = Record<string, any>;

let gen: Generator;
const open: Scenario[] = [];
let secrets: string[] = [];

test.before(async () => {
  ensureBuilt();
  gen = await generator();
});

test.before.each(() => {
  secrets = [OKTA_TOKEN, EVENTS_KEY, SW_TOKEN];
});

test.after.each(async () => {
  for (const s of open.splice(0)) {
    assert.equal(s.writes(), [], 'only GET requests');
    await s.close();
  }
});

function track<T extends Scenario>(s: T): T {
  open.push(s);
  secrets.push(...Object.values(s.env).filter((v) => v.startsWith('eyJ')));
  return s;
}

/** Runs the CLI; fails the test if a canary or credential shows in stdout, stderr or a file named. */
async function cli(
  s: Scenario | undefined,
  args: string[],
  env: Record<string, string | undefined> = {},
  files: string[] = [],
  cwd?: string,
): Promise<Run> {
  const r = await runCli(args, { env: { ...(s?.env ?? {}), ...env }, cwd });
  const texts: Record<string, string> = { stdout: r.stdout, stderr: r.stderr };
  for (const f of files) if (existsSync(f)) texts[f] = readFileSync(f, 'utf8');
  assert.equal(leaks(texts, [...open.flatMap((x) => x.canaries()), ...secrets]), [], 'no secret in any output');
  return r;
}

const rules = (report: Obj) => Object.fromEntries(report.rules.map((r: Obj) => [r.id, r]));
const status = (report: Obj, ids: string[]) => Object.fromEntries(ids.map((id) => [id, rules(report)[id].status]));
const messages = (report: Obj, id: string) => rules(report)[id].findings.map((f: Obj) => f.message);
const BI_RULES = [
  'bi/oidc-client-defined',
  'bi/oidc-client-redirect-uri',
  'bi/oidc-client-signing-alg',
  'bi/oidc-client-auth-method',
  'bi/console-sso',
  'bi/registration-extension',
  'bi/event-hook-extension',
  'link/idp-client-id',
  'link/provisioning-exclusive',
  'users/group-member-not-in-bi',
];

// ---------------------------------------------------------------------------------------------

test('collect --bi-platform secure-workforce --include users: exit 0, one two-sided snapshot; check with the client id passes every Beyond Identity rule', async () => {
  const base = gen.cleanScim();
  const s = track(await startSecureWorkforce(base, { scimUsers: scimUsersFor(base) }));
  const dir = tempDir();
  const out = path.join(dir, 'snap.json');
  const r = await cli(s, ['collect', '--bi-platform', 'secure-workforce', '--include', 'users', '--out', out], {}, [
    out,
  ]);
  assert.is(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /^okta-bi-lint: collected 127\.0\.0\.1:\d+ and Beyond Identity \(secure-workforce, from its events\) into .*snap\.json: 13 sections, 0 gaps, \d+ requests in \d+\.\d s\nokta-bi-lint: redacted \d+ values: [^\n]+\n$/,
  );
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(doc.okta, expectedSnapshotOkta(s.okta.url, s.org, true));
  assert.equal(Object.keys(doc.beyondIdentity), [
    'platform',
    'source',
    'oidcClients',
    'consoleSso',
    'oktaRegistrationAttribute',
    'scimUsers',
  ]);
  assert.equal(
    doc.beyondIdentity.oidcClients,
    s.history.expected.oidcClients.map((c) => redactedAsServed(c)),
  );
  assert.equal(doc.gaps, []);
  const config = path.join(dir, 'okta-bi-lint.yaml');
  writeFileSync(config, 'beyondIdentity:\n  oidcClientId: bi-okta-sso-client-7f3a\n');
  const c = await cli(undefined, ['check', '--snapshot', out, '--config', config, '--format', 'json'], {}, []);
  assert.is(c.code, 0, c.stdout + c.stderr);
  const report = JSON.parse(c.stdout);
  assert.equal(status(report, BI_RULES), {
    'bi/oidc-client-defined': 'pass',
    'bi/oidc-client-redirect-uri': 'pass',
    'bi/oidc-client-signing-alg': 'pass',
    'bi/oidc-client-auth-method': 'pass',
    'bi/console-sso': 'pass',
    'bi/registration-extension': 'pass',
    'bi/event-hook-extension': 'off',
    'link/idp-client-id': 'pass',
    'link/provisioning-exclusive': 'pass',
    'users/group-member-not-in-bi': 'pass',
  });
  assert.equal(report.counts['not-evaluated'], 0);
  assert.is(report.snapshot.biPlatform, 'secure-workforce');
  // without the client id (the events do not carry it): not evaluated, exit 3
  const n = await cli(undefined, ['check', '--snapshot', out, '--format', 'json'], {}, []);
  assert.is(n.code, 3);
  assert.is(rules(JSON.parse(n.stdout))['link/idp-client-id'].status, 'not-evaluated');
});

test('check --live, the platform from BI_EVENTS_API_KEY: a misconfigured event-hook tenant fails every bi/* rule and the client id, exit 1', async () => {
  const bad = gen.cleanEventHook(gen.cleanScim());
  const c = bad.beyondIdentity.oidcClients[0];
  c.redirect_uris = ['https://acme.oktapreview.com/oauth2/v1/authorize/callback'];
  c.id_token_signed_response_alg = 'ES256';
  c.token_endpoint_auth_method = 'client_secret_basic';
  bad.beyondIdentity.consoleSso[0].issuer = 'https://acme-admin.okta.com';
  bad.beyondIdentity.oktaRegistrationAttribute.enabled = false;
  bad.beyondIdentity.oktaEventHook.okta_group_name = 'BI Users';
  const s = track(await startSecureWorkforce(bad, { scimUsers: scimUsersFor(bad, ['bob@acme.com']) }));
  const dir = tempDir();
  const config = path.join(dir, 'okta-bi-lint.yaml');
  writeFileSync(config, 'provisioning: event-hook\nbeyondIdentity:\n  oidcClientId: bi-okta-sso-client-2b91\n');
  const report = path.join(dir, 'results.json');
  const snap = path.join(dir, 'results.snapshot.json');
  const r = await cli(
    s,
    ['check', '--live', '--include', 'users', '--config', config, '--format', 'json', '--output', report],
    {},
    [report, snap],
    dir,
  );
  assert.is(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    'okta-bi-lint: note: Beyond Identity platform: secure-workforce, because BI_EVENTS_API_KEY is set (choose with --bi-platform)',
  );
  const rep = JSON.parse(readFileSync(report, 'utf8'));
  const host = new URL(s.okta.url).host;
  const client = `OIDC client "Okta SSO" (${c.id})`;
  assert.equal(messages(rep, 'bi/oidc-client-redirect-uri'), [
    `${client}: redirect_uris lacks "https://${host}/oauth2/v1/authorize/callback"`,
  ]);
  assert.equal(messages(rep, 'bi/oidc-client-signing-alg'), [
    `${client}: id_token_signed_response_alg is "ES256", expected "RS256"`,
  ]);
  assert.equal(messages(rep, 'bi/oidc-client-auth-method'), [
    `${client}: token_endpoint_auth_method is "client_secret_basic", expected "client_secret_post"`,
  ]);
  assert.equal(messages(rep, 'bi/console-sso'), [
    `Console SSO configuration "USER": issuer is "https://acme-admin.okta.com", expected "${s.okta.url}"`,
  ]);
  assert.equal(messages(rep, 'bi/registration-extension'), [
    'Okta Registration Attribute extension: enabled is false, expected true',
  ]);
  assert.equal(messages(rep, 'bi/event-hook-extension'), [
    'Okta event-hook extension: okta_group_name is "BI Users", expected "Beyond Identity"',
  ]);
  assert.equal(messages(rep, 'link/idp-client-id'), [
    `Identity provider "Beyond Identity" (0oabyndidp000000a1d7): the IdP's client id is "bi-okta-sso-client-7f3a", expected "bi-okta-sso-client-2b91"`,
  ]);
  assert.equal(messages(rep, 'users/group-member-not-in-bi'), [
    'Members of the group "Beyond Identity" do not exist in Beyond Identity, no SCIM user has their Okta id as externalId (1): bob@acme.com',
  ]);
  assert.is(rules(rep)['bi/oidc-client-defined'].status, 'pass');
  assert.is(rules(rep)['link/provisioning-exclusive'].status, 'pass');
  assert.is(rep.counts['not-evaluated'], 0);
  // the audited snapshot holds the extension from its event
  assert.is(JSON.parse(readFileSync(snap, 'utf8')).beyondIdentity.oktaEventHook.okta_group_name, 'BI Users');
});

test('check --live --format sarif, the platform from BI_TENANT_ID (secure-access): a clean two-sided audit, exit 0; rules without an equivalent are off', async () => {
  const s = track(await startSecureAccess(gen.cleanSecureAccess(gen.cleanScim()), { api: { encoding: 'external' } }));
  const dir = tempDir();
  const sarif = path.join(dir, 'results.sarif');
  const snap = path.join(dir, 'results.snapshot.json');
  const r = await cli(s, ['check', '--live', '--format', 'sarif', '--output', sarif], {}, [sarif, snap], dir);
  assert.is(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    'okta-bi-lint: note: Beyond Identity platform: secure-access, because BI_TENANT_ID is set (choose with --bi-platform)',
  );
  assert.match(
    r.stderr,
    /collected 127\.0\.0\.1:\d+ and Beyond Identity \(secure-access\) into .*results\.snapshot\.json: 10 sections, 0 gaps/,
  );
  const log = JSON.parse(readFileSync(sarif, 'utf8'));
  assert.equal(log.runs[0].results, []);
  assert.is(log.runs[0].invocations[0].executionSuccessful, true);
  const doc = JSON.parse(readFileSync(snap, 'utf8'));
  assert.is(doc.beyondIdentity.platform, 'secure-access');
  assert.is(doc.beyondIdentity.source.payloadEncoding, 'externally-tagged');
  assert.equal(
    doc.beyondIdentity.ssoConfig,
    redactedAsServed(s.state.ssoConfig, (c) => [c.payload]),
  );
  const j = await cli(undefined, ['check', '--snapshot', snap, '--format', 'json'], {}, []);
  const rep = JSON.parse(j.stdout);
  assert.equal(status(rep, BI_RULES), {
    'bi/oidc-client-defined': 'pass',
    'bi/oidc-client-redirect-uri': 'pass',
    'bi/oidc-client-signing-alg': 'pass',
    'bi/oidc-client-auth-method': 'off',
    'bi/console-sso': 'off',
    'bi/registration-extension': 'pass',
    'bi/event-hook-extension': 'off',
    'link/idp-client-id': 'pass',
    'link/provisioning-exclusive': 'pass',
    'users/group-member-not-in-bi': 'skipped',
  });
  assert.match(rules(rep)['bi/console-sso'].reason, 'Secure Access has no User Console SSO integration');
  assert.is(rep.snapshot.biTenant, s.state.tenantId);
});

test("collect --bi-platform secure-access on a misconfigured tenant, then check: the mapped rules fail with the platform's fields, exit 1", async () => {
  const snap = gen.cleanSecureAccess(gen.cleanScim());
  snap.beyondIdentity.application.protocol_config.redirect_uris = [
    'https://acme.okta.com/oauth2/v1/authorize/callback?x=1',
  ];
  snap.beyondIdentity.ssoConfig.payload.okta_registration.domain = 'https://acme-admin.okta.com';
  snap.okta.idps.find((i: Obj) => i.name === 'Beyond Identity').protocol.credentials.client.client_id =
    'Xq7LmN2pR4sT6vW8yZ0bC1dE';
  const s = track(await startSecureAccess(snap));
  const dir = tempDir();
  const out = path.join(dir, 'snap.json');
  const r = await cli(s, ['collect', '--bi-platform', 'secure-access', '--out', out], {}, [out]);
  assert.is(r.code, 0, r.stderr);
  const c = await cli(
    undefined,
    ['check', '--snapshot', out, '--format', 'json', '--bi-platform', 'secure-access'],
    {},
    [],
  );
  assert.is(c.code, 1);
  const rep = JSON.parse(c.stdout);
  const host = new URL(s.okta.url).host;
  assert.equal(messages(rep, 'bi/oidc-client-redirect-uri'), [
    `Application "Okta": redirect URI "https://${host}/oauth2/v1/authorize/callback?x=[REDACTED]" has a query string; protocol_config.redirect_uris lacks "https://${host}/oauth2/v1/authorize/callback"`,
  ]);
  assert.equal(messages(rep, 'bi/registration-extension'), [
    `Registration attribute sync of the Okta application: okta_registration.domain is "https://acme-admin.okta.com", expected one of "${s.okta.url}", "${host}"`,
  ]);
  assert.equal(messages(rep, 'link/idp-client-id'), [
    `Identity provider "Beyond Identity" (0oabyndidp000000a1d7): the IdP's client id is "Xq7LmN2pR4sT6vW8yZ0bC1dE", expected "AYYNcuOSpfqIf33JeegCzDIT"`,
  ]);
  assert.equal(
    Object.keys(rules(rep))
      .filter((id) => rules(rep)[id].status === 'fail')
      .sort(),
    ['bi/oidc-client-redirect-uri', 'bi/registration-extension', 'link/idp-client-id'],
  );
  const finding = rules(rep)['bi/oidc-client-redirect-uri'].findings[0];
  assert.equal(
    [finding.resource.logical, finding.pointer],
    [
      'beyondIdentity/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a',
      '/beyondIdentity/application/protocol_config/redirect_uris/0',
    ],
  );
  assert.ok(finding.location.line > 1, 'located in the snapshot file');
});

test('SCIM users kept on disk as their pages arrive, on both platforms: the same bytes and redactions as in memory', async () => {
  const base = gen.cleanScim();
  for (const [platform, s] of [
    ['secure-workforce', track(await startSecureWorkforce(base, { scimUsers: scimUsersFor(base) }))],
    ['secure-access', track(await startSecureAccess(gen.cleanSecureAccess(base), { scimUsers: scimUsersFor(base) }))],
  ] as const) {
    const dir = tempDir();
    const tmp = tempDir('okta-bi-lint-tmpdir-');
    const text: string[] = [];
    const summary: string[] = [];
    for (const from of ['1000000', '0']) {
      const out = path.join(dir, `snap-${from}.json`);
      const args = ['collect', '--bi-platform', platform, '--include', 'users', '--out', out];
      const r = await cli(s, args, { TMPDIR: tmp, OKTA_BI_LINT_STREAM_ITEMS: from }, [out]);
      assert.is(r.code, 0, r.stderr);
      text.push(readFileSync(out, 'utf8').replace(/"collectedAt": "[^"]+"/, '"collectedAt": ""'));
      summary.push(r.stderr.replace(out, 'OUT').replace(/ in \d+\.\d s\n/, '\n'));
    }
    assert.ok(JSON.parse(text[0]).beyondIdentity.scimUsers.length > 0, platform);
    assert.is(text[1], text[0], platform);
    assert.is(summary[1], summary[0], platform);
    assert.match(summary[0], 'beyondIdentity.scimUsers[*].', `${platform}: SCIM users redacted`);
    assert.equal(readdirSync(tmp), [], `${platform}: no temporary file left`);
  }
});

test('a rejected Beyond Identity credential after the Okta users went to disk: exit 2, nothing left, the previous snapshot stays', async () => {
  const s = track(await startSecureWorkforce(gen.cleanScim()));
  const dir = tempDir();
  const tmp = tempDir('okta-bi-lint-tmpdir-');
  const out = path.join(dir, 'snap.json');
  writeFileSync(out, 'the previous snapshot\n');
  const wrong = 'bi-revoked-events-key-000000000000';
  secrets.push(wrong);
  const r = await cli(
    s,
    ['collect', '--bi-platform', 'secure-workforce', '--include', 'users', '--out', out],
    { BI_EVENTS_API_KEY: wrong, TMPDIR: tmp, OKTA_BI_LINT_STREAM_ITEMS: '0' },
    [out],
  );
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, 'rejected BI_EVENTS_API_KEY');
  assert.ok(
    s.okta.log.some((e) => e.path.endsWith('/users')),
    'the Okta users were read first',
  );
  assert.equal(readdirSync(tmp), [], 'nothing left behind');
  assert.is(readFileSync(out, 'utf8'), 'the previous snapshot\n');
  assert.equal(readdirSync(dir), ['snap.json']);
});

test('a rejected Beyond Identity credential (401): exit 2, one line naming the variable, nothing written', async () => {
  const s = track(await startSecureWorkforce(gen.cleanScim()));
  const out = path.join(tempDir(), 'snap.json');
  const wrong = 'bi-revoked-events-key-000000000000';
  secrets.push(wrong);
  const r = await cli(s, ['collect', '--bi-platform', 'secure-workforce', '--out', out], { BI_EVENTS_API_KEY: wrong }, [
    out,
  ]);
  assert.is(r.code, 2);
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(
    r.stderr,
    /^okta-bi-lint: the Beyond Identity Events API rejected BI_EVENTS_API_KEY: HTTP 401: User unauthorized\. \(the key in BI_EVENTS_API_KEY is wrong, expired or revoked; Events API keys are issued by Beyond Identity support\)\n$/,
  );
  assert.not.ok(existsSync(out), 'nothing written');
  assert.is(s.events.log.length, 1, 'stopped after the one rejected request');
});

test('403 on the Events API: collect exit 3 with the gaps; check on it: the Beyond Identity rules not evaluated with the reason, exit 3', async () => {
  const s = track(
    await startSecureWorkforce(gen.cleanScim(), {
      events: {
        faults: [{ kind: 'status', path: '/v1/events', status: 403, message: 'Authorization token is not active' }],
      },
    }),
  );
  const dir = tempDir();
  const out = path.join(dir, 'snap.json');
  const r = await cli(s, ['collect', '--bi-platform', 'secure-workforce', '--out', out], {}, [out]);
  assert.is(r.code, 3, r.stderr);
  assert.match(
    r.stderr,
    'okta-bi-lint: gap beyondIdentity.oidcClients: GET /v1/events?ordering=desc&page_size=1000&event_type=OIDC_CLIENT_CHANGE',
  );
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(doc.okta, expectedSnapshotOkta(s.okta.url, s.org, false), 'the Okta half is kept');
  assert.equal(
    doc.gaps.map((g: Obj) => [g.section, g.status]),
    [
      ['beyondIdentity.oidcClients', 403],
      ['beyondIdentity.consoleSso', 403],
      ['beyondIdentity.oktaRegistrationAttribute', 403],
    ],
  );
  const c = await cli(undefined, ['check', '--snapshot', out, '--format', 'json'], {}, []);
  assert.is(c.code, 3);
  const rep = JSON.parse(c.stdout);
  for (const id of [
    'bi/oidc-client-defined',
    'bi/oidc-client-redirect-uri',
    'bi/oidc-client-signing-alg',
    'bi/oidc-client-auth-method',
    'bi/console-sso',
    'bi/registration-extension',
    'link/idp-client-id',
  ]) {
    assert.is(rules(rep)[id].status, 'not-evaluated', id);
    assert.match(rules(rep)[id].reason, 'could not be collected: GET /v1/events', id);
    assert.match(rules(rep)[id].reason, 'answered HTTP 403: Authorization token is not active', id);
  }
  assert.is(rep.counts.fail, 0);
});

test('collect --bi-from: the declared values are marked as declared, and so is every finding that rests on them', async () => {
  const base = gen.cleanScim();
  const s = track(await startSecureWorkforce(base));
  const dir = tempDir();
  const host = new URL(s.okta.url).host;
  writeFileSync(
    path.join(dir, 'bi-console.yaml'),
    `# copied from the Beyond Identity Admin Console
oidcClients:
  - name: Okta SSO
    client_id: bi-okta-sso-client-7f3a
    redirect_uris:
      - https://${host}/oauth2/v1/authorize/callback
    id_token_signed_response_alg: ES256
    token_endpoint_auth_method: client_secret_post
consoleSso:
  - console_type: USER
    issuer: ${s.okta.url}
    client_id: 0oabiadmin000000a1d7
    token_field: sub
    token_field_lookup: EXTERNAL_ID
oktaRegistrationAttribute:
  okta_domain: ${host}
  okta_registration_attribute_name: byndidRegistered
  enabled: true
`,
  );
  const out = path.join(dir, 'snap.json');
  // no Beyond Identity credentials at all: the file is the Beyond Identity side
  const r = await cli(
    s,
    ['collect', '--bi-from', 'bi-console.yaml', '--out', out],
    { BI_EVENTS_API_KEY: undefined, BI_API_TOKEN: undefined },
    [out],
    dir,
  );
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /collected 127\.0\.0\.1:\d+ and Beyond Identity \(secure-workforce, declared\) into/);
  assert.equal(s.events.log.length + s.api.log.length, 0, 'nothing sent to Beyond Identity');
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(doc.beyondIdentity.source, { kind: 'declared', file: 'bi-console.yaml' });
  const c = await cli(undefined, ['check', '--snapshot', out, '--format', 'json'], {}, [], dir);
  assert.is(c.code, 1);
  const rep = JSON.parse(c.stdout);
  const f = rules(rep)['bi/oidc-client-signing-alg'].findings;
  assert.equal(
    f.map((x: Obj) => [x.message, x.basis]),
    [
      [
        'OIDC client "Okta SSO": id_token_signed_response_alg is "ES256", expected "RS256" (Beyond Identity values declared in bi-console.yaml, not read from its API)',
        'declared',
      ],
    ],
  );
  assert.equal(
    status(rep, ['bi/oidc-client-redirect-uri', 'bi/console-sso', 'bi/registration-extension', 'link/idp-client-id']),
    {
      'bi/oidc-client-redirect-uri': 'pass',
      'bi/console-sso': 'pass',
      'bi/registration-extension': 'pass',
      'link/idp-client-id': 'pass',
    },
  );
  assert.is(rep.counts['not-evaluated'], 0);
});

test('collect --bi-from with an invalid file: exit 2, one line with file:line:column, before any request', async () => {
  const s = track(await startSecureWorkforce(gen.cleanScim()));
  const dir = tempDir();
  writeFileSync(
    path.join(dir, 'bi.yaml'),
    'oidcClients:\n  - name: Okta SSO\n    redirect_uri: https://acme.okta.com/oauth2/v1/authorize/callback\n',
  );
  const r = await cli(s, ['collect', '--bi-from', 'bi.yaml', '--out', 'snap.json'], {}, [], dir);
  assert.is(r.code, 2);
  assert.is(
    r.stderr,
    'okta-bi-lint: bi.yaml:3:5: invalid declared Beyond Identity configuration: unknown key "redirect_uri" in oidcClients[0] (did you mean "redirect_uris"?)\n',
  );
  assert.is(s.okta.log.length, 0, 'nothing sent');
  const missing = await cli(s, ['collect', '--bi-from', 'nope.yaml'], {}, [], dir);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, 'nope.yaml: declared Beyond Identity configuration not found');
});

test('no platform and no Beyond Identity credentials: a note, a gap, the rules not evaluated (exit 3); secrets on the command line refused', async () => {
  const s = track(await startSecureWorkforce(gen.cleanScim()));
  const out = path.join(tempDir(), 'snap.json');
  const r = await cli(s, ['collect', '--out', out], { BI_EVENTS_API_KEY: undefined, BI_API_TOKEN: undefined }, [out]);
  assert.is(r.code, 3, r.stderr);
  assert.match(
    r.stderr,
    'okta-bi-lint: note: no Beyond Identity platform and no Beyond Identity credentials: the Beyond Identity side is not read, and its rules will be reported as not evaluated',
  );
  assert.match(
    r.stderr,
    'okta-bi-lint: gap beyondIdentity: Beyond Identity collection is not available: no Beyond Identity platform was chosen',
  );
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.not.ok('beyondIdentity' in doc);
  const flag = await cli(s, ['collect', '--bi-platform', 'secure-access', '--bi-api-token', 'abcdef123456'], {}, []);
  assert.is(flag.code, 2);
  assert.match(
    flag.stderr,
    '--bi-api-token is not accepted: Beyond Identity credentials are read only from the environment (BI_API_TOKEN, BI_EVENTS_API_KEY)',
  );
});

test.run();
