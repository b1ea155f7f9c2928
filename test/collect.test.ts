/**
 * The live collector against the Okta emulator (test/emulator), in process: the real SDK over real
 * HTTP on 127.0.0.1. Every test checks that nothing but GET (and the OAuth token POST) was sent and
 * that no canary secret reached the snapshot or any message.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  collectSnapshot,
  resolveSettings,
  normalizeOrgUrl,
  redactSecrets,
  type CollectResult,
} from '../src/collect/index.js';
import { parseLinks } from '../src/collect/okta/api.js';
import { oktaBucket } from '../src/collect/okta/buckets.js';
import { RateBudget, ClockSync } from '../src/collect/http/ratelimit.js';
import { InputError } from '../src/util/errors.js';
import {
  startEmulator,
  bucketOf,
  type EmulatorOptions,
  type OktaEmulator,
  type Fault,
} from './emulator/okta-emulator.js';
import { cleanSnapshot, orgFromSnapshot, orgWithRegisteredUsers, type OktaOrg } from './emulator/org.js';
import { REDACTED } from './emulator/canaries.js';
import { expectedSnapshotOkta } from './emulator/expected.js';
import { leaks } from './emulator/harness.js';

type Obj = Record<string, any>;
const TOKEN = '00goodTokenForTheEmulator0123456789abcdefg';
const FAST = { OKTA_BI_LINT_RETRY_BASE_MS: '5', OKTA_BI_LINT_RETRY_MAX_MS: '40', OKTA_BI_LINT_TIMEOUT_MS: '4000' };

let clean: Obj;
let org: OktaOrg;
const emulators: OktaEmulator[] = [];

test.before(async () => {
  clean = await cleanSnapshot();
  org = orgFromSnapshot(clean);
});

test.after.each(async () => {
  for (const e of emulators.splice(0)) {
    // READ-ONLY: nothing but GET and the OAuth token POST, ever
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

interface Outcome {
  result?: CollectResult;
  error?: Error;
  ms: number;
}

async function collect(emu: OktaEmulator, args: Obj = {}, env: Obj = {}): Promise<Outcome> {
  const started = Date.now();
  try {
    const settings = resolveSettings(
      { biPlatform: 'none', ...args },
      { OKTA_ORG_URL: emu.url, OKTA_API_TOKEN: TOKEN, ...FAST, ...env },
    );
    const result = await collectSnapshot(settings, { quiet: true, jitterMs: [5, 30] });
    noLeaks(emu, { snapshot: result.text, gaps: JSON.stringify(result.gaps) });
    return { result, ms: Date.now() - started };
  } catch (e) {
    noLeaks(emu, { error: String((e as Error).message) + String((e as Error).stack) });
    return { error: e as Error, ms: Date.now() - started };
  }
}

function noLeaks(emu: OktaEmulator, texts: Record<string, string>): void {
  assert.equal(leaks(texts, [...emu.canaries, TOKEN]), [], 'no secret leaks');
}

function expected(emu: OktaEmulator, o: OktaOrg, includeUsers: boolean): Obj {
  return expectedSnapshotOkta(emu.url, o, includeUsers);
}

function gapOf(r: CollectResult | undefined, section: string): Obj | undefined {
  return r?.gaps.find((g) => g.section === section);
}

// ---------------------------------------------------------------------------------------------

test('a full collection (with users) equals the expected snapshot, secrets redacted, schema-valid', async () => {
  const emu = await emulator();
  const { result, error } = await collect(emu, { include: ['users'] });
  assert.not.ok(error, error?.message);
  const doc = result!.doc as Obj;
  assert.equal(doc.format, 'okta-bi-lint/snapshot@1');
  assert.equal(doc.collector, {
    name: 'okta-bi-lint',
    version: JSON.parse((await import('node:fs')).readFileSync('package.json', 'utf8')).version,
  });
  assert.ok(!Number.isNaN(Date.parse(doc.collectedAt)));
  assert.equal(doc.gaps, []);
  assert.equal(doc.beyondIdentity, { platform: 'none' });
  assert.equal(doc.okta, expected(emu, org, true));
  // the fixture's secrets were served as real values and came back redacted
  const biIdp = doc.okta.idps.find((i: Obj) => i.name === 'Beyond Identity');
  assert.is(biIdp.protocol.credentials.client.client_secret, REDACTED);
  assert.ok(emu.canaries.size > 50, `canaries planted (${emu.canaries.size})`);
  assert.ok(result!.stats.redacted >= 40, `values redacted: ${result!.stats.redacted}`);
  // the users: registered ones by search (not a scan), plus the members, reduced
  const userReqs = emu.log.filter((e) => e.path === '/api/v1/users');
  assert.is(userReqs.length, 1);
  assert.match(decodeURIComponent(userReqs[0].search.replace(/\+/g, ' ')), 'search=profile.byndidRegistered eq true');
  for (const u of doc.okta.users) assert.equal(Object.keys(u).sort(), ['id', 'profile', 'status']);
  // the text written is the document, and it never holds a canary
  assert.equal(JSON.parse(result!.text), doc);
});

test('users kept on disk as their pages arrive: the same snapshot, each redaction recorded at the same path', async () => {
  // more than one batch of registered users, credentials in logins past the first batch and in a member's
  const large = orgWithRegisteredUsers(clean, 10_050);
  const emu = await emulator({ org: large });
  const runs: CollectResult[] = [];
  const before = process.env.OKTA_BI_LINT_STREAM_ITEMS;
  try {
    // in memory, then every list on disk
    for (const from of ['1000000', '0']) {
      process.env.OKTA_BI_LINT_STREAM_ITEMS = from;
      const { result, error } = await collect(emu, { include: ['users'] });
      assert.not.ok(error, error?.message);
      runs.push(result!);
    }
  } finally {
    if (before === undefined) delete process.env.OKTA_BI_LINT_STREAM_ITEMS;
    else process.env.OKTA_BI_LINT_STREAM_ITEMS = before;
  }
  const [memory, disk] = runs;
  assert.ok(
    Array.isArray(memory.doc.okta.users) && !Array.isArray(disk.doc.okta.users),
    'the second run kept them on disk',
  );
  const withoutTime = (t: string) => t.replace(/"collectedAt": "[^"]+"/, '');
  assert.is(withoutTime(disk.text), withoutTime(memory.text));
  assert.is(JSON.parse(disk.text).okta.users.length, 10_050 + 6);
  const userPaths = (r: CollectResult) => r.stats.redactedPaths.filter((p) => p.startsWith('okta.users')).sort();
  assert.equal(userPaths(memory), [
    'okta.users[10013].profile.login',
    'okta.users[10033].profile.login',
    'okta.users[10055].profile.login',
  ]);
  assert.equal(userPaths(disk), userPaths(memory));
  assert.equal([...disk.stats.redactedPaths].sort(), [...memory.stats.redactedPaths].sort());
  assert.is(disk.stats.redacted, memory.stats.redacted);
  for (const r of runs) r.dispose();
});

test('without --include users: no user sections, no user requests', async () => {
  const emu = await emulator();
  const { result } = await collect(emu);
  assert.equal(result!.doc.okta, expected(emu, org, false));
  assert.not.ok(
    emu.log.some((e) => e.path.includes('/users')),
    'no user endpoint read',
  );
});

test('pagination: pages of one item, Link rel="next" followed to the end, nothing lost or doubled', async () => {
  const emu = await emulator({ maxPageSize: 1 });
  const { result, error } = await collect(emu, { include: ['users'] });
  assert.not.ok(error, error?.message);
  assert.equal(result!.gaps, []);
  assert.equal(result!.doc.okta, expected(emu, org, true));
  const after = (p: string) => emu.log.filter((e) => e.path === p && e.search.includes('after=')).length;
  assert.ok(after('/api/v1/apps') >= org.apps.length - 1, 'apps paged');
  assert.ok(after('/api/v1/users') >= 2, 'users paged');
  assert.ok(after('/api/v1/idps') >= 1, 'idps paged (and the SAML IdP the next link lets in is dropped)');
  assert.not.ok(JSON.stringify(result!.doc.okta.idps).includes('Legacy SAML'));
  // the next links carried the server's parameters, never ones we made up
  const nextUsers = emu.log.filter((e) => e.path === '/api/v1/users' && e.search.includes('after='));
  for (const e of nextUsers) assert.match(e.search, /^\?after=00u[^&]+&limit=200&search=/);
});

test('rate limits: never more than share × limit of a bucket in any window (from the emulator log), no 429', async () => {
  const bigger = orgFromSnapshot(clean, undefined, 14);
  const limits = { apps: 10, groups: 10, users: 10, 'api-v1': 10 };
  const emu = await emulator({ org: bigger, maxPageSize: 2, rateLimits: { windowMs: 1000, limits } });
  const { result, error } = await collect(emu, { include: ['users'], rateLimitShare: 0.3, concurrency: 8 });
  assert.not.ok(error, error?.message);
  assert.equal(result!.gaps, []);
  assert.equal(result!.doc.okta, expected(emu, bigger, true));
  const cap = Math.floor(0.3 * 10);
  const windows = emu.windows();
  for (const [w, n] of windows) assert.ok(n <= cap, `${w}: ${n} requests > ${cap}`);
  assert.ok(
    [...windows.values()].some((n) => n === cap),
    'the budget was used, not just respected',
  );
  assert.not.ok(
    emu.log.some((e) => e.status === 429),
    'no 429',
  );
});

test("rate limits: other integrations' use of a bucket (Remaining) is respected too: no 429", async () => {
  const emu = await emulator({
    maxPageSize: 2,
    rateLimits: {
      windowMs: 1000,
      limits: { apps: 8, groups: 100, users: 100, 'api-v1': 100 },
      background: { apps: 5 },
    },
  });
  const { result, error } = await collect(emu, { include: ['users'], rateLimitShare: 0.5, concurrency: 6 });
  assert.not.ok(error, error?.message);
  assert.equal(result!.gaps, []);
  for (const [w, n] of emu.windows())
    if (w.startsWith('apps@')) assert.ok(n <= 3, `${w}: ${n} requests, but only 3 remained`);
  assert.not.ok(
    emu.log.some((e) => e.status === 429),
    'no 429',
  );
});

test("429: waits until the reset by the server's Date header (server clock 2 h behind), then completes", async () => {
  const skew = -2 * 3600_000;
  const emu = await emulator({
    clockSkewMs: skew,
    faults: [{ kind: '429', path: '/api/v1/eventHooks', times: 1, resetInMs: 1200 }],
  });
  const { result, error } = await collect(emu);
  assert.not.ok(error, error?.message);
  assert.equal(result!.gaps, []);
  const hooks = emu.log.filter((e) => e.path === '/api/v1/eventHooks');
  assert.is(hooks[0].status, 429);
  const resetMs = Math.ceil((hooks[0].serverMs + 1200) / 1000) * 1000;
  const retry = hooks.find((e) => e.status === 200)!;
  assert.ok(retry, 'retried');
  assert.ok(retry.serverMs >= resetMs, `retried ${resetMs - retry.serverMs} ms before the reset`);
  assert.ok(retry.serverMs - resetMs < 1500, `waited ${retry.serverMs - resetMs} ms too long after the reset`);
  // requests of that bucket already in flight met the same 429; after it, none was sent before the reset
  const limited = emu.log.filter((e) => e.status === 429);
  for (const e of limited)
    assert.ok(
      e.serverMs - hooks[0].serverMs < 300,
      `a 429 ${e.serverMs - hooks[0].serverMs} ms after the first: the bucket was not closed`,
    );
  const later = emu.log.filter((e) => e.bucket === 'api-v1' && e.seq > Math.max(...limited.map((l) => l.seq)));
  for (const e of later) assert.ok(e.serverMs >= resetMs, `${e.path} sent ${resetMs - e.serverMs} ms before the reset`);
  assert.is(result!.stats.rateLimited, limited.length);
});

test('5xx and dropped connections: retried with backoff, then the collection is complete', async () => {
  const faults: Fault[] = [
    { kind: 'status', path: '/api/v1/eventHooks', status: 500, times: 2 },
    { kind: 'html', path: '/api/v1/apps', status: 502, times: 1 },
    {
      kind: 'status',
      path: '/api/v1/idps',
      status: 503,
      errorCode: 'E0000009',
      errorSummary: 'Service Unavailable',
      times: 1,
    },
    { kind: 'drop', path: /^\/api\/v1\/policies\/[^/]+\/rules$/, times: 1 },
  ];
  const emu = await emulator({ faults });
  const { result, error } = await collect(emu);
  assert.not.ok(error, error?.message);
  assert.equal(result!.gaps, []);
  assert.equal(result!.doc.okta, expected(emu, org, false));
  assert.is(emu.log.filter((e) => e.path === '/api/v1/eventHooks').length, 3);
  assert.is(result!.stats.retries, 5);
});

test('retries exhausted: the section is a gap with the status and error code; the rest is collected', async () => {
  const emu = await emulator({
    faults: [
      { kind: 'status', path: '/api/v1/idps', status: 503, errorCode: 'E0000009', errorSummary: 'Service Unavailable' },
    ],
  });
  const { result, error } = await collect(emu, {}, { OKTA_BI_LINT_RETRIES: '2' });
  assert.not.ok(error, error?.message);
  const gap = gapOf(result, 'okta.idps')!;
  assert.ok(gap, 'okta.idps is a gap');
  assert.is(gap.status, 503);
  assert.is(gap.errorCode, 'E0000009');
  assert.match(
    gap.reason,
    'GET /api/v1/idps?type=OIDC&limit=200 answered HTTP 503 E0000009 Service Unavailable, still after 3 attempts',
  );
  assert.is(emu.log.filter((e) => e.path === '/api/v1/idps').length, 3);
  assert.not.ok('idps' in result!.doc.okta, 'a gap section is not written');
  assert.equal(
    result!.gaps.map((g) => g.section),
    ['okta.idps'],
  );
  assert.ok(Array.isArray((result!.doc.okta as Obj).apps));
});

test('a request that times out is retried, then becomes a gap', async () => {
  const emu = await emulator({ faults: [{ kind: 'slow', path: '/api/v1/api-tokens', delayMs: 1500 }] });
  const { result, ms } = await collect(emu, {}, { OKTA_BI_LINT_TIMEOUT_MS: '250', OKTA_BI_LINT_RETRIES: '1' });
  const gap = gapOf(result, 'okta.apiTokens')!;
  assert.ok(gap, 'okta.apiTokens is a gap');
  assert.match(gap.reason, /no complete response within 0\.3 s \(after 2 attempts\)/);
  assert.ok(ms < 3000, `took ${ms} ms`);
});

test('pagination loop: a next link already visited stops that section with a gap, at once', async () => {
  const emu = await emulator({ maxPageSize: 2, faults: [{ kind: 'loop', path: '/api/v1/apps' }] });
  const { result, ms } = await collect(emu);
  const gap = gapOf(result, 'okta.apps')!;
  assert.ok(gap, 'okta.apps is a gap');
  assert.match(gap.reason, 'pagination loop');
  assert.ok(emu.log.filter((e) => e.path === '/api/v1/apps').length <= 3);
  assert.ok(ms < 3000, `took ${ms} ms`);
  assert.equal(
    result!.gaps.map((g) => g.section),
    ['okta.apps'],
  );
});

test('endless pagination: more pages than the bound is a gap (no hang)', async () => {
  const emu = await emulator({ maxPageSize: 1, faults: [{ kind: 'endless', path: '/api/v1/users' }] });
  const { result } = await collect(emu, { include: ['users'] }, { OKTA_BI_LINT_MAX_PAGES: '12' });
  const gap = gapOf(result, 'okta.users')!;
  assert.ok(gap, 'okta.users is a gap');
  assert.match(gap.reason, 'more than 12 pages');
  assert.is(emu.log.filter((e) => e.path === '/api/v1/users').length, 12);
  assert.ok(result!.doc.okta.groupMembers, 'the members were still read');
});

test('a next link to another host is never followed (the credentials stay with the org)', async () => {
  const other = await emulator();
  const emu = await emulator({ faults: [{ kind: 'foreign-next', path: '/api/v1/api-tokens', target: other.url }] });
  const { result } = await collect(emu);
  assert.match(gapOf(result, 'okta.apiTokens')!.reason, 'points to another host');
  assert.is(other.log.length, 0, 'the other host got nothing');
});

test('malformed JSON is a gap, never a crash', async () => {
  const emu = await emulator({ faults: [{ kind: 'malformed', path: '/api/v1/api-tokens' }] });
  const { result, error } = await collect(emu);
  assert.not.ok(error, error?.message);
  const gap = gapOf(result, 'okta.apiTokens')!;
  assert.match(gap.reason, 'GET /api/v1/api-tokens answered HTTP 200 with a body that is not valid JSON');
  assert.equal(
    result!.gaps.map((g) => g.section),
    ['okta.apiTokens'],
  );
});

test('403 E0000006, 404 E0000007 and 401 E0000015 (feature not enabled) are per-section gaps with the code', async () => {
  const emu = await emulator({
    faults: [
      {
        kind: 'status',
        path: '/api/v1/eventHooks',
        status: 403,
        errorCode: 'E0000006',
        errorSummary: 'You do not have permission to perform the requested action',
      },
      {
        kind: 'status',
        path: /^\/api\/v1\/policies\/[^/]+\/rules$/,
        status: 404,
        errorCode: 'E0000007',
        errorSummary: 'Not found: Resource not found: 00p1 (Policy)',
      },
      {
        kind: 'status',
        path: '/api/v1/api-tokens',
        status: 401,
        errorCode: 'E0000015',
        errorSummary: 'You do not have permission to access the feature you are requesting',
      },
      { kind: 'html', path: '/api/v1/idps', status: 403 },
    ],
  });
  const { result, error } = await collect(emu);
  assert.not.ok(error, error?.message);
  const hooks = gapOf(result, 'okta.eventHooks')!;
  assert.is(hooks.status, 403);
  assert.is(hooks.errorCode, 'E0000006');
  assert.match(
    hooks.reason,
    'GET /api/v1/eventHooks answered HTTP 403 E0000006 You do not have permission to perform the requested action',
  );
  assert.match(hooks.reason, 'okta.eventHooks.read');
  assert.is(gapOf(result, 'okta.idpDiscoveryPolicies')!.errorCode, 'E0000007');
  const tokens = gapOf(result, 'okta.apiTokens')!;
  assert.is(tokens.status, 401);
  assert.is(tokens.errorCode, 'E0000015');
  assert.match(tokens.reason, 'not enabled');
  // a non-JSON error body (a proxy's HTML page) is named by its status only, never quoted
  const idps = gapOf(result, 'okta.idps')!;
  assert.is(idps.status, 403);
  assert.is(idps.errorCode, undefined);
  assert.match(idps.reason, /^GET \/api\/v1\/idps\?type=OIDC&limit=200 answered HTTP 403 \(the API token's admin role/);
  assert.equal(Object.keys(result!.doc.okta), ['orgUrl', 'userSchema', 'groups', 'apps']);
});

test('401 E0000011 (invalid token): stops at once, after one request, with a clear secret-free error', async () => {
  const emu = await emulator();
  const { error } = await collect(emu, {}, { OKTA_API_TOKEN: '00wrongTokenXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' });
  assert.ok(error, 'fails');
  assert.match(error!.message, 'Okta rejected the API token: HTTP 401 E0000011 Invalid token provided');
  assert.not.match(error!.message, '00wrongToken');
  assert.is(emu.log.length, 1);
});

test('the Beyond Identity side: not declared or declared but not collectable is a gap, never a silent pass', async () => {
  const emu = await emulator();
  const none = await collect(emu, { biPlatform: undefined });
  assert.equal(
    none.result!.gaps.map((g) => g.section),
    ['beyondIdentity'],
  );
  assert.not.ok('beyondIdentity' in none.result!.doc);
  const sa = await collect(emu, { biPlatform: 'secure-access' });
  assert.equal(sa.result!.doc.beyondIdentity, { platform: 'secure-access' });
  assert.match(gapOf(sa.result, 'beyondIdentity')!.reason, 'Beyond Identity collection is not available');
});

test('the expectations name what to look for (another group, apps and attribute)', async () => {
  const o = orgFromSnapshot(clean);
  for (const g of o.groups) if (g.profile?.name === 'Beyond Identity') g.profile.name = 'BI Users';
  for (const a of o.apps) if (a.app.label === 'Beyond Identity User Portal') a.app.label = 'BI Portal';
  for (const u of o.users)
    if ('byndidRegistered' in u.profile) {
      u.profile.biEnrolled = u.profile.byndidRegistered;
      delete u.profile.byndidRegistered;
    }
  const emu = await emulator({ org: o });
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const dir = mkdtempSync('/tmp/okta-bi-lint-cfg-');
  writeFileSync(
    `${dir}/okta-bi-lint.yaml`,
    'okta:\n  group: BI Users\n  userPortalApp: BI Portal\n  registrationAttribute: biEnrolled\n',
  );
  const { result, error } = await collect(emu, { include: ['users'], config: `${dir}/okta-bi-lint.yaml` });
  assert.not.ok(error, error?.message);
  assert.equal(
    (result!.doc.okta as Obj).groups.map((g: Obj) => g.profile.name),
    ['BI Users'],
  );
  const portal = (result!.doc.okta as Obj).apps.find((a: Obj) => a.label === 'BI Portal');
  assert.ok(portal._assignedGroups && portal._groupPushMappings, 'sub-resources of the renamed portal');
  assert.ok((result!.doc.okta as Obj).users.some((u: Obj) => u.profile.biEnrolled === true));
  assert.match(
    decodeURIComponent(emu.log.find((e) => e.path === '/api/v1/users')!.search.replace(/\+/g, ' ')),
    'profile.biEnrolled eq true',
  );
});

test('an Admin Portal assigned to no group: its individual assignments are read (_assignedUsers), and check passes it', async () => {
  const o = orgFromSnapshot(clean);
  const admin = o.apps.find((a) => a.app.label === 'Beyond Identity Admin Portal')!;
  admin.groups = [];
  admin.users = [
    {
      id: '00ujordan0000000a1d7',
      externalId: null,
      created: '2026-11-01T09:00:00.000Z',
      lastUpdated: '2026-11-01T09:00:00.000Z',
      scope: 'USER',
      status: 'ACTIVE',
      statusChanged: '2026-11-01T09:00:00.000Z',
      passwordChanged: null,
      syncState: 'DISABLED',
      credentials: { userName: 'jordan@acme.com' },
      profile: {},
      _links: {
        app: { href: `https://acme.okta.com/api/v1/apps/${admin.app.id}` },
        user: { href: 'https://acme.okta.com/api/v1/users/00ujordan0000000a1d7' },
      },
    },
  ];
  const emu = await emulator({ org: o });
  const { result, error } = await collect(emu);
  assert.not.ok(error, error?.message);
  assert.equal(result!.doc.okta, expected(emu, o, false));
  const app = (result!.doc.okta as Obj).apps.find((a: Obj) => a.label === 'Beyond Identity Admin Portal');
  assert.equal(app._assignedGroups, []);
  assert.is(app._assignedUsers.length, 1);
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const file = `${mkdtempSync('/tmp/okta-bi-lint-snap-')}/snap.json`;
  writeFileSync(file, result!.text);
  const { check } = await import('../src/api/check.js');
  const ctx = check({ snapshot: file, biPlatform: 'none', cwd: '/tmp' });
  const rule = ctx.results.find((r) => r.rule.id === 'okta/admin-portal-app');
  assert.is(rule?.status, 'pass');
  assert.is(ctx.exitCode, 0);
});

// --- units --------------------------------------------------------------------------------------

test('org URLs: https only (http for loopback), trailing slash and -admin normalised, paths refused', () => {
  assert.equal(normalizeOrgUrl('https://acme.okta.com/', 'x'), { url: 'https://acme.okta.com', note: undefined });
  assert.equal(normalizeOrgUrl('acme.okta.com', 'x').url, 'https://acme.okta.com');
  assert.equal(normalizeOrgUrl('https://acme-admin.okta.com', 'x').url, 'https://acme.okta.com');
  assert.match(normalizeOrgUrl('https://acme-admin.okta.com', 'x').note!, 'Admin Console');
  assert.equal(normalizeOrgUrl('http://127.0.0.1:8080', 'x').url, 'http://127.0.0.1:8080');
  assert.equal(normalizeOrgUrl('http://localhost:1', 'x').url, 'http://localhost:1');
  assert.equal(normalizeOrgUrl('http://[::1]:9/', 'x').url, 'http://[::1]:9');
  for (const bad of [
    'http://acme.okta.com',
    'https://acme.okta.com/oauth2/default',
    'https://acme.okta.com?x=1',
    'https://u:p@acme.okta.com',
    'ftp://acme.okta.com',
    'https://',
  ]) {
    assert.throws(
      () => normalizeOrgUrl(bad, '--okta-url'),
      (e: unknown) => e instanceof InputError,
      bad,
    );
  }
});

test('settings: OKTA_CLIENT_* other than ORGURL/TOKEN are ignored; flags and documented variables win', () => {
  const s = resolveSettings(
    { biPlatform: 'none' },
    {
      OKTA_CLIENT_ORGURL: 'https://acme.okta.com',
      OKTA_CLIENT_TOKEN: TOKEN,
      OKTA_CLIENT_AUTHORIZATIONMODE: 'PrivateKey',
      OKTA_CLIENT_CLIENTID: '0oapoison',
      OKTA_CLIENT_PRIVATEKEY: 'x',
      OKTA_CLIENT_SCOPES: 'okta.users.manage',
    },
  );
  assert.equal(s.auth, { mode: 'SSWS', token: TOKEN });
  const t = resolveSettings(
    { biPlatform: 'none', oktaUrl: 'https://b.okta.com' },
    { OKTA_ORG_URL: 'https://a.okta.com', OKTA_CLIENT_ORGURL: 'https://c.okta.com', OKTA_API_TOKEN: TOKEN },
  );
  assert.is(t.orgUrl, 'https://b.okta.com');
  assert.throws(() => resolveSettings({}, { OKTA_ORG_URL: 'https://a.okta.com' }), /no Okta credentials/);
  assert.throws(
    () => resolveSettings({ rateLimitShare: 0 }, { OKTA_ORG_URL: 'https://a.okta.com', OKTA_API_TOKEN: TOKEN }),
    /rate-limit-share/,
  );
  assert.throws(
    () => resolveSettings({ rateLimitShare: 1.5 }, { OKTA_ORG_URL: 'https://a.okta.com', OKTA_API_TOKEN: TOKEN }),
    /rate-limit-share/,
  );
  assert.throws(
    () => resolveSettings({ include: ['groups'] }, { OKTA_ORG_URL: 'https://a.okta.com', OKTA_API_TOKEN: TOKEN }),
    /--include groups/,
  );
  assert.throws(
    () => resolveSettings({ oktaClientId: '0oa1' }, { OKTA_ORG_URL: 'https://a.okta.com' }),
    /OKTA_PRIVATE_KEY is not/,
  );
});

test('redaction: secrets by name, context and shape, wherever they sit; free-form values and URL credentials by default; everything else untouched', () => {
  const input = {
    protocol: {
      credentials: { client: { client_id: 'abc', client_secret: 's3cr3t-value' } },
      endpoints: { token: { url: 'https://x/token', binding: 'HTTP-POST' } },
    },
    settings: {
      app: { clientSecret: 'x1x2x3x4', orgId: 'org-1' },
      oauthClient: { token_endpoint_auth_method: 'client_secret_post' },
    },
    channel: {
      config: {
        authScheme: { type: 'HEADER', key: 'Authorization', value: 'abcd1234' },
        headers: [
          { key: 'X-Trace', value: 'keep' },
          { key: 'X-Api-Key', value: 'k-123456' },
        ],
      },
    },
    tokenWindow: 'P30D',
    token_field: 'sub',
    okta_token: 'ot-123456',
    nested: [{ deep: { privateKey: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----' } }],
    note: 'Bearer eyJabc.def.ghi',
    link: 'https://x.example/cb?client_secret=zzz&a=1',
    jwk: { kty: 'RSA', n: 'public', e: 'AQAB', d: 'private' },
    hasSecret: true,
    password: {},
    nothing: null,
    client_secret: null,
    ['__proto__']: { polluted: true },
  } as Obj;
  const out = redactSecrets(input) as Obj;
  assert.is(out.protocol.credentials.client.client_secret, REDACTED);
  assert.is(out.protocol.credentials.client.client_id, 'abc');
  assert.equal(out.protocol.endpoints.token, { url: 'https://x/token', binding: 'HTTP-POST' });
  assert.is(out.settings.app.clientSecret, REDACTED);
  assert.is(out.settings.app.orgId, 'org-1');
  assert.is(out.settings.oauthClient.token_endpoint_auth_method, 'client_secret_post');
  assert.equal(out.channel.config.authScheme, { type: 'HEADER', key: 'Authorization', value: REDACTED });
  // a header list is free-form: names stay, every value goes (no header value is on the allowlist)
  assert.equal(out.channel.config.headers, [
    { key: 'X-Trace', value: REDACTED },
    { key: 'X-Api-Key', value: REDACTED },
  ]);
  assert.is(out.tokenWindow, 'P30D');
  assert.is(out.token_field, 'sub');
  assert.is(out.okta_token, REDACTED);
  assert.is(out.nested[0].deep.privateKey, REDACTED);
  assert.is(out.note, REDACTED);
  assert.is(out.link, 'https://x.example/cb?client_secret=[REDACTED]&a=[REDACTED]');
  assert.equal(out.jwk, { kty: 'RSA', n: 'public', e: 'AQAB', d: REDACTED });
  assert.is(out.hasSecret, true);
  assert.equal(out.password, {});
  assert.is(out.nothing, null);
  assert.is(out.client_secret, null);
  assert.is(({} as Obj).polluted, undefined);
});

test('Link headers: one value per relation or joined, with commas inside the URL', () => {
  const l = parseLinks([
    '<https://a/x?limit=1&search=a%2Cb>; rel="self"',
    '<https://a/x?after=1&search=a,b>; rel="next"',
  ]);
  assert.is(l.get('next'), 'https://a/x?after=1&search=a,b');
  const j = parseLinks(['<https://a/x?after=2>; rel="next", <https://a/x>; rel="self"']);
  assert.is(j.get('next'), 'https://a/x?after=2');
  assert.is(j.get('self'), 'https://a/x');
});

test("buckets: the collector's table matches the emulator's reading of Okta's", () => {
  for (const p of [
    '/api/v1/apps',
    '/api/v1/apps/0oa1',
    '/api/v1/apps/0oa1/groups',
    '/api/v1/apps/0oa1/group-push/mappings',
    '/api/v1/groups',
    '/api/v1/groups/00g1',
    '/api/v1/groups/00g1/users',
    '/api/v1/users',
    '/api/v1/users/00u1',
    '/api/v1/idps',
    '/api/v1/meta/schemas/user/default',
    '/oauth2/v1/token',
    '/api/v1/eventHooks',
  ]) {
    assert.is(oktaBucket(new URL(`https://a.okta.com${p}`)), bucketOf(p), p);
  }
});

test('clock sync: bounds on the server clock from Date headers', () => {
  const c = new ClockSync();
  // server 2 h ahead; Date truncated to the second
  c.observe(
    Date.parse('2026-01-01T12:00:05Z'),
    Date.parse('2026-01-01T10:00:05.100Z'),
    Date.parse('2026-01-01T10:00:05.300Z'),
  );
  assert.ok(c.lo <= 7200_000 && c.hi >= 7200_000);
  const b = new RateBudget({ share: 0.5 });
  assert.is(b.capacity(1200), 600);
  assert.is(b.capacity(1), 1);
  assert.is(new RateBudget({ share: 0.3 }).capacity(10), 3);
});

test.run();
