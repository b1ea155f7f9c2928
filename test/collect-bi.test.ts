/**
 * The Beyond Identity collector in process, against the Beyond Identity emulators (both platforms)
 * and the Okta emulator over real HTTP on 127.0.0.1: complete two-sided snapshots, the events
 * rebuild, SCIM and Secure Access pagination, both payload encodings, the shared rate-limit budget,
 * faults (401 stops, everything else a gap, the Okta half kept, never a hang), the platform default
 * and settings, and the rules evaluated on what was collected. Every test checks that only GET was
 * sent and that no canary or credential reached the snapshot, a gap or an error.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collectSnapshot, resolveSettings, CollectFatalError, type CollectResult } from '../src/collect/index.js';
import { rebuild } from '../src/collect/bi/events.js';
import { decodePayload, normalizeSsoConfig, snakeCase } from '../src/collect/bi/secure-access.js';
import { translateRateLimit, parseBiError } from '../src/collect/bi/http.js';
import { parseDeclared, declaredSnapshot } from '../src/collect/declared/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import { loadRules } from '../src/engine/load-rules.js';
import { parseSnapshot } from '../src/snapshot/load.js';
import { resolveExpectations } from '../src/config/expectations.js';
import { exitCode } from '../src/api/check.js';
import { InputError } from '../src/util/errors.js';
import type { RuleResult } from '../src/engine/types.js';
import { leaks } from './emulator/harness.js';
import { expectedSnapshotOkta } from './emulator/expected.js';
import {
  EVENTS_KEY,
  SW_TOKEN,
  redactedAsServed,
  scimUsersFor,
  startSecureAccess,
  startSecureWorkforce,
  type Scenario,
} from './emulator/bi-harness.js';
import {
  consoleEvent,
  eventClient,
  forOrg,
  generator,
  oidcClientEvent,
  registrationEvent,
  uuid,
  type Generator,
} from './emulator/bi-tenant.js';

type Obj = Record<string, any>;

let gen: Generator;
const RULES = loadRules();
const open: Scenario[] = [];

test.before(async () => {
  gen = await generator();
});

test.after.each(async () => {
  for (const s of open.splice(0)) {
    assert.equal(s.writes(), [], 'only GET requests');
    await s.close();
  }
});

function track<T extends Scenario>(s: T): T {
  open.push(s);
  return s;
}

interface Outcome {
  result?: CollectResult;
  error?: Error;
  ms: number;
}

/** Collects in process with the scenario's environment; fails the test on any leak. */
async function collect(s: Scenario, args: Obj = {}, env: Obj = {}): Promise<Outcome> {
  const started = Date.now();
  const secrets = [...s.canaries(), EVENTS_KEY, SW_TOKEN, ...Object.values(s.env).filter((v) => v.startsWith('eyJ'))];
  try {
    const settings = resolveSettings(args, { ...s.env, ...env });
    const result = await collectSnapshot(settings, { quiet: true, jitterMs: [5, 30] });
    assert.equal(
      leaks({ snapshot: result.text, gaps: JSON.stringify(result.gaps) }, secrets),
      [],
      'no secret in the snapshot',
    );
    return { result, ms: Date.now() - started };
  } catch (e) {
    assert.equal(
      leaks({ error: `${(e as Error).message} ${(e as { hint?: string }).hint ?? ''} ${(e as Error).stack}` }, secrets),
      [],
      'no secret in the error',
    );
    return { error: e as Error, ms: Date.now() - started };
  }
}

function audit(
  r: CollectResult,
  config: Obj = {},
): { list: RuleResult[]; byId: Record<string, RuleResult>; exit: number } {
  const snap = parseSnapshot(r.text, 'collected.json');
  const list = evaluate(RULES, snap, {
    expectations: resolveExpectations(config, snap.doc.okta.orgUrl),
    ruleLevels: config.rules,
  });
  return { list, byId: Object.fromEntries(list.map((x) => [x.rule.id, x])), exit: exitCode(list, 'error') };
}

const statusOf = (a: ReturnType<typeof audit>, ids: string[]) =>
  Object.fromEntries(ids.map((id) => [id, a.byId[id].status]));
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
];

// ---------------------------------------------------------------------------------------------
// Secure Workforce

test('secure-workforce: a complete two-sided snapshot, the configuration rebuilt from the events, SCIM users, schema-valid', async () => {
  const base = gen.cleanScim();
  const scimUsers = scimUsersFor(base);
  const s = track(await startSecureWorkforce(base, { events: { maxPageSize: 4 }, api: { maxPageSize: 2 }, scimUsers }));
  const { result } = await collect(s, { biPlatform: 'secure-workforce', include: ['users'] });
  assert.ok(result, 'collected');
  assert.equal(result!.gaps, []);
  const doc = result!.doc as Obj;
  assert.equal(doc.okta, expectedSnapshotOkta(s.okta.url, s.org, true));
  const bi = doc.beyondIdentity;
  const want = s.history.expected;
  assert.is(bi.platform, 'secure-workforce');
  // the newest event per client: Grafana (created), Okta SSO (created, then updated); Legacy portal deleted
  assert.equal(
    bi.oidcClients,
    want.oidcClients.map((c) => redactedAsServed(c)),
  );
  assert.equal(
    bi.oidcClients.map((c: Obj) => c.name),
    ['Grafana', 'Okta SSO'],
  );
  assert.not.ok('client_id' in bi.oidcClients[1], 'the change events carry no client id');
  assert.equal(
    bi.consoleSso,
    want.consoleSso.map((c) => redactedAsServed(c)),
  );
  assert.equal(bi.oktaRegistrationAttribute, redactedAsServed(want.oktaRegistrationAttribute));
  assert.not.ok('oktaEventHook' in bi, 'SCIM mode does not ask for the event-hook extension');
  assert.equal(bi.scimUsers, redactedAsServed(scimUsers));
  // source: the events it was rebuilt from, id and time
  assert.is(bi.source.kind, 'events');
  assert.is(bi.source.api, `${s.events.url}/v1/events`);
  const byObject = Object.fromEntries(bi.source.events.map((e: Obj) => [`${e.section}/${e.objectId}`, e]));
  const okta = s.history.events.find(
    (e) =>
      e.event_type === 'OIDC_CLIENT_CHANGE' && e.data.action === 'UPDATE' && e.data.configuration.name === 'Okta SSO',
  )!;
  assert.equal(byObject[`oidcClients/${okta.data.configuration.id}`], {
    section: 'oidcClients',
    objectId: okta.data.configuration.id,
    eventId: okta.id,
    eventType: 'OIDC_CLIENT_CHANGE',
    action: 'UPDATE',
    occurredAt: new Date(okta.event_occurred_millis).toISOString(),
    recordedAt: new Date(okta.event_recorded_millis).toISOString(),
    actor: {
      type: okta.actor.type,
      id: okta.actor.id,
      displayId: okta.actor.display_id,
      displayName: okta.actor.display_name,
    },
  });
  assert.equal(byObject[`oidcClients/${uuid('client-legacy')}`].deleted, true);
  assert.equal(bi.source.events.length, 6, 'three clients, two consoles, one extension');
  // requests: ordering and the type filter on every events page; count on every SCIM page
  const eventPages = s.events.log.filter((e) => e.path === '/v1/events');
  assert.is(eventPages.length, 3, 'eleven configuration events, four per page');
  for (const e of eventPages) {
    const q = new URLSearchParams(e.search);
    assert.is(q.get('ordering'), 'desc');
    assert.equal(q.getAll('event_type').sort(), [
      'CONSOLE_SSO_OIDC_AUTH_CONFIG_CHANGE',
      'OIDC_CLIENT_CHANGE',
      'OKTA_EVENT_HOOK_CONFIGURATION_CHANGE',
      'OKTA_REGISTRATION_ATTRIBUTE_CONFIGURATION_CHANGE',
    ]);
    assert.is(e.auth, 'Bearer');
  }
  assert.equal(
    s.api.log.map((e) => new URLSearchParams(e.search).get('startIndex')),
    ['1', '3'],
    'four users, two per page',
  );
  assert.ok(s.api.log.every((e) => new URLSearchParams(e.search).get('count') === '1000'));
  // audited with the client id declared in the config: every Beyond Identity rule passes
  const a = audit(result!, { beyondIdentity: { oidcClientId: 'bi-okta-sso-client-7f3a' } });
  assert.equal(statusOf(a, BI_RULES), {
    'bi/oidc-client-defined': 'pass',
    'bi/oidc-client-redirect-uri': 'pass',
    'bi/oidc-client-signing-alg': 'pass',
    'bi/oidc-client-auth-method': 'pass',
    'bi/console-sso': 'pass',
    'bi/registration-extension': 'pass',
    'bi/event-hook-extension': 'off',
    'link/idp-client-id': 'pass',
    'link/provisioning-exclusive': 'pass',
  });
  assert.is(a.byId['users/group-member-not-in-bi'].status, 'pass', a.byId['users/group-member-not-in-bi'].reason);
  // without it the client id is unknown: not evaluated, never passed
  const b = audit(result!);
  assert.is(b.byId['link/idp-client-id'].status, 'not-evaluated');
  assert.match(b.byId['link/idp-client-id'].reason, "the Beyond Identity OIDC client's client id is not known");
});

test('secure-workforce: every bi/* rule fails on what was collected from a misconfigured tenant', async () => {
  const bad = gen.cleanEventHook(gen.cleanScim());
  const c = bad.beyondIdentity.oidcClients[0];
  c.redirect_uris = ['https://acme.okta.com/oauth2/v1/authorize/callback/', 'https://*.acme.com/cb'];
  c.id_token_signed_response_alg = 'ES256';
  c.token_endpoint_auth_method = 'client_secret_basic';
  bad.beyondIdentity.consoleSso[0].token_field_lookup = 'USER_NAME';
  bad.beyondIdentity.oktaRegistrationAttribute.okta_registration_attribute_name = 'byndidregistered';
  bad.beyondIdentity.oktaEventHook.enabled = false;
  // and the User Portal app provisions as well: both channels live
  const portal = bad.okta.apps.find((x: Obj) => x.label === 'Beyond Identity User Portal');
  portal.features = ['GROUP_PUSH', 'PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION'];
  const s = track(await startSecureWorkforce(bad));
  const { result } = await collect(s, { biPlatform: 'secure-workforce' });
  assert.equal(result!.gaps, []);
  const a = audit(result!, { provisioning: 'event-hook', beyondIdentity: { oidcClientId: 'another-client' } });
  const messages = (id: string) => a.byId[id].findings.map((f) => f.message);
  const host = new URL(s.okta.url).host;
  assert.equal(messages('bi/oidc-client-redirect-uri'), [
    `OIDC client "Okta SSO" (${c.id}): redirect URI "https://${host}/oauth2/v1/authorize/callback/" ends with a slash; redirect URI "https://*.acme.com/cb" has a wildcard, has the path "/cb", not "/oauth2/v1/authorize/callback"; redirect_uris lacks "https://${host}/oauth2/v1/authorize/callback"`,
  ]);
  assert.equal(messages('bi/oidc-client-signing-alg'), [
    `OIDC client "Okta SSO" (${c.id}): id_token_signed_response_alg is "ES256", expected "RS256"`,
  ]);
  assert.equal(messages('bi/oidc-client-auth-method'), [
    `OIDC client "Okta SSO" (${c.id}): token_endpoint_auth_method is "client_secret_basic", expected "client_secret_post"`,
  ]);
  assert.equal(messages('bi/console-sso'), [
    'Console SSO configuration "USER": token_field_lookup is "USER_NAME", expected "EXTERNAL_ID"',
  ]);
  assert.equal(messages('bi/registration-extension'), [
    'Okta Registration Attribute extension: okta_registration_attribute_name is "byndidregistered", expected "byndidRegistered" (the comparison is case-sensitive)',
  ]);
  assert.equal(messages('bi/event-hook-extension'), ['Okta event-hook extension: enabled is false, expected true']);
  assert.equal(messages('link/idp-client-id'), [
    `Identity provider "Beyond Identity" (0oabyndidp000000a1d7): the IdP's client id is "bi-okta-sso-client-7f3a", expected "another-client"`,
  ]);
  assert.equal(messages('link/provisioning-exclusive'), [
    'Both SCIM provisioning (app "Beyond Identity User Portal" (0oabiuser0000000a1d7)) and the event hook (event hook "Beyond Identity" (whobyndid0000000a1d7)) are live, so every membership change is applied twice (declared mode: event-hook)',
  ]);
  assert.is(a.byId['bi/oidc-client-defined'].status, 'pass');
  assert.is(a.exit, 1);
});

test("secure-workforce rebuild: newest event per object whatever the order, deletes dropped, failed changes ignored, the org's extension chosen", () => {
  const client = {
    id: 'c1',
    name: 'Okta SSO',
    redirect_uris: ['https://acme.okta.com/oauth2/v1/authorize/callback'],
    id_token_signed_response_alg: 'RS256',
    token_endpoint_auth_method: 'client_secret_post',
  };
  const user = {
    console_type: 'USER',
    sso_protocol_type: 'OIDC',
    id: 'u1',
    name: 'Okta',
    issuer: 'https://acme.okta.com',
    client_id: '0oa1',
    token_field: 'sub',
    token_field_lookup: 'EXTERNAL_ID',
  };
  const events = [
    oidcClientEvent('UPDATE', { ...client, id_token_signed_response_alg: 'ES256' }, 10),
    oidcClientEvent('CREATE', client, 1),
    oidcClientEvent('UPDATE', { ...client, token_endpoint_auth_method: 'none' }, 20, { outcome: 'FAILURE' }),
    oidcClientEvent('CREATE', { ...client, id: 'c2', name: 'Old' }, 2),
    oidcClientEvent('DELETE', { ...client, id: 'c2', name: 'Old' }, 3),
    consoleEvent('CREATE', user, 4),
    consoleEvent('DELETE', { ...user, id: 'a1', console_type: 'ADMIN' }, 5),
    registrationEvent(
      'CREATE',
      { id: 'r1', okta_domain: 'other.okta.com', okta_registration_attribute_name: 'x', enabled: true },
      30,
    ),
    registrationEvent(
      'CREATE',
      { id: 'r2', okta_domain: 'acme.okta.com', okta_registration_attribute_name: 'byndidRegistered', enabled: true },
      6,
    ),
  ];
  for (const order of [
    events,
    [...events].reverse(),
    [events[4], events[1], events[8], events[0], events[2], events[7], events[3], events[6], events[5]],
  ]) {
    const r = rebuild(order, { orgHost: 'acme.okta.com', clientName: 'Okta SSO', provisioning: 'scim' });
    assert.equal(r.data.oidcClients, [{ ...client, id_token_signed_response_alg: 'ES256' }]);
    assert.equal(r.data.consoleSso, [user]);
    assert.equal((r.data.oktaRegistrationAttribute as Obj).id, 'r2', 'the extension for this org, not the newest');
    assert.equal(r.gaps, []);
    assert.equal(
      r.events
        .filter((e) => e.deleted)
        .map((e) => e.objectId)
        .sort(),
      ['a1', 'c2'],
    );
    assert.equal(r.events.find((e) => e.objectId === 'r1')!.notChosen, true);
  }
  // equal times: the server's order (descending) decides
  const tie = rebuild(
    [oidcClientEvent('UPDATE', { ...client, name: 'Okta SSO' }, 7), oidcClientEvent('DELETE', client, 7)].map((e) => ({
      ...e,
      event_recorded_millis: 1,
    })),
    { orgHost: 'acme.okta.com', clientName: 'Okta SSO', provisioning: 'scim' },
  );
  assert.equal(tie.data.oidcClients, [client]);
});

test('secure-workforce rebuild: where no event concerns what the rules read, a gap says why (retention or never configured), never "not configured"', () => {
  const r = rebuild(
    [
      oidcClientEvent(
        'CREATE',
        {
          id: 'g',
          name: 'Grafana',
          redirect_uris: [],
          id_token_signed_response_alg: 'RS256',
          token_endpoint_auth_method: 'none',
        },
        1,
      ),
      consoleEvent(
        'CREATE',
        {
          console_type: 'ADMIN',
          id: 'a',
          issuer: 'x',
          client_id: 'y',
          token_field: 'sub',
          token_field_lookup: 'EXTERNAL_ID',
        },
        1,
      ),
    ],
    {
      orgHost: 'acme.okta.com',
      clientName: 'Okta SSO',
      provisioning: 'event-hook',
    },
  );
  assert.equal(r.data, {});
  assert.equal(
    r.gaps.map((g) => g.section),
    [
      'beyondIdentity.oidcClients',
      'beyondIdentity.consoleSso',
      'beyondIdentity.oktaRegistrationAttribute',
      'beyondIdentity.oktaEventHook',
    ],
  );
  assert.match(
    r.gaps[0].reason,
    'no OIDC_CLIENT_CHANGE event names an OIDC client "Okta SSO" (events were found for "Grafana")',
  );
  assert.match(r.gaps[0].reason, 'outside the retention window) or was never configured');
  assert.match(r.gaps[1].reason, 'no CONSOLE_SSO_OIDC_AUTH_CONFIG_CHANGE event concerns the User Console');
  assert.match(r.gaps[2].reason, 'no OKTA_REGISTRATION_ATTRIBUTE_CONFIGURATION_CHANGE event found in the Events API');
  assert.match(r.gaps[2].reason, '--bi-from FILE');
  // SCIM mode does not ask for the event-hook extension
  assert.equal(rebuild([], { orgHost: 'a', clientName: 'Okta SSO', provisioning: 'scim' }).gaps.length, 3);
});

test('secure-workforce: a tenant without events for the client collects a gap; its rules are not evaluated; a deleted client fails', async () => {
  const base = gen.cleanScim();
  const s = track(
    await startSecureWorkforce(base, {
      history: (h) =>
        (h.events = h.events.filter(
          (e) => !(e.event_type === 'OIDC_CLIENT_CHANGE' && e.data.configuration.name === 'Okta SSO'),
        )),
    }),
  );
  const { result } = await collect(s, { biPlatform: 'secure-workforce' });
  assert.equal(
    result!.gaps.map((g) => g.section),
    ['beyondIdentity.oidcClients'],
  );
  assert.not.ok('oidcClients' in result!.doc.beyondIdentity!, 'a section with a gap is not written');
  const a = audit(result!);
  for (const id of [
    'bi/oidc-client-defined',
    'bi/oidc-client-redirect-uri',
    'bi/oidc-client-signing-alg',
    'bi/oidc-client-auth-method',
    'link/idp-client-id',
  ]) {
    assert.is(a.byId[id].status, 'not-evaluated', id);
    assert.match(
      a.byId[id].reason,
      'beyondIdentity.oidcClients could not be collected: no OIDC_CLIENT_CHANGE event names an OIDC client "Okta SSO"',
      id,
    );
  }
  assert.is(a.exit, 3);
  // deleted: its newest event is a DELETE, which is a fact
  const del = track(
    await startSecureWorkforce(base, {
      history: (h) =>
        h.events.push(
          oidcClientEvent('DELETE', eventClient(forOrg(base.beyondIdentity.oidcClients[0], s.okta.url)), 100),
        ),
    }),
  );
  const d = await collect(del, { biPlatform: 'secure-workforce' });
  assert.equal(d.result!.gaps, []);
  const b = audit(d.result!);
  assert.is(b.byId['bi/oidc-client-defined'].status, 'fail');
  assert.equal(
    b.byId['bi/oidc-client-defined'].findings.map((f) => f.message),
    ['No OIDC client is named "Okta SSO"'],
  );
  assert.is(b.byId['bi/oidc-client-signing-alg'].reason, 'depends on bi/oidc-client-defined, which failed');
});

test('secure-workforce faults: 403, a malformed body, a cursor loop and endless pages are gaps, the Okta half is kept, nothing hangs', async () => {
  const base = gen.cleanScim();
  const cases: Array<[string, Obj, Obj, RegExp]> = [
    [
      '403',
      { kind: 'status', path: '/v1/events', status: 403, message: 'Authorization token is not active' },
      {},
      /^GET \/v1\/events\?ordering=desc&page_size=1000&event_type=OIDC_CLIENT_CHANGE.* answered HTTP 403: Authorization token is not active \(BI_EVENTS_API_KEY is not allowed to read this\)$/,
    ],
    [
      'malformed',
      { kind: 'malformed', path: '/v1/events' },
      {},
      /answered HTTP 200 with a body that is not valid JSON \(error at byte \d+ of \d+\)$/,
    ],
    [
      'loop',
      { kind: 'loop', path: '/v1/events' },
      {},
      /^pagination loop: the cursor returned only events already read of GET \/v1\/events\?.* after 2 pages; stopped$/,
    ],
    [
      'endless',
      { kind: 'endless', path: '/v1/events' },
      { OKTA_BI_LINT_MAX_PAGES: '6' },
      /had more than 6 pages; stopped/,
    ],
    [
      'redirect',
      { kind: 'redirect', path: '/v1/events' },
      {},
      /answered HTTP 302, a redirect to http:\/\/127\.0\.0\.2:9\/v1\/events.*; not followed/,
    ],
    [
      '5xx',
      { kind: 'html', path: '/v1/events', status: 503 },
      { OKTA_BI_LINT_RETRIES: '1' },
      /answered HTTP 503, still after 2 attempts$/,
    ],
  ];
  for (const [name, fault, env, reason] of cases) {
    const s = track(await startSecureWorkforce(base, { events: { faults: [fault as never], maxPageSize: 3 } }));
    const { result, ms } = await collect(s, { biPlatform: 'secure-workforce' }, env);
    assert.ok(result, name);
    assert.ok(ms < 10_000, `${name}: ${ms} ms`);
    assert.equal(
      result!.gaps.map((g) => g.section),
      ['beyondIdentity.oidcClients', 'beyondIdentity.consoleSso', 'beyondIdentity.oktaRegistrationAttribute'],
      name,
    );
    assert.match(result!.gaps[0].reason, reason, name);
    assert.equal(result!.doc.okta, expectedSnapshotOkta(s.okta.url, s.org, false), `${name}: the Okta half is kept`);
    assert.equal(result!.doc.beyondIdentity, { platform: 'secure-workforce' }, name);
  }
});

test('secure-workforce: a slow Events API times out into a gap; a dropped connection too', async () => {
  const base = gen.cleanScim();
  const slow = track(
    await startSecureWorkforce(base, { events: { faults: [{ kind: 'slow', path: '/v1/events', delayMs: 3000 }] } }),
  );
  const { result, ms } = await collect(
    slow,
    { biPlatform: 'secure-workforce' },
    { OKTA_BI_LINT_TIMEOUT_MS: '250', OKTA_BI_LINT_RETRIES: '1' },
  );
  assert.ok(ms < 2500, `${ms} ms`);
  assert.match(result!.gaps[0].reason, /failed: no complete response within 0\.3 s \(after 2 attempts\)/);
  const drop = track(await startSecureWorkforce(base, { events: { faults: [{ kind: 'drop', path: '/v1/events' }] } }));
  const d = await collect(drop, { biPlatform: 'secure-workforce' }, { OKTA_BI_LINT_RETRIES: '1' });
  assert.match(d.result!.gaps[0].reason, /failed: .* \(after 2 attempts\)/);
});

test('secure-workforce: a rejected Events API key or API token stops the run (401), naming the variable, without the key', async () => {
  const s = track(await startSecureWorkforce(gen.cleanScim()));
  const { error } = await collect(
    s,
    { biPlatform: 'secure-workforce' },
    { BI_EVENTS_API_KEY: 'bi-wrong-events-key-0000000000' },
  );
  assert.ok(error instanceof CollectFatalError, String(error));
  assert.is(error!.message, 'the Beyond Identity Events API rejected BI_EVENTS_API_KEY: HTTP 401: User unauthorized.');
  assert.match((error as CollectFatalError).hint!, 'Events API keys are issued by Beyond Identity support');
  assert.not.match(error!.message, 'bi-wrong');
  const u = await collect(
    s,
    { biPlatform: 'secure-workforce', include: ['users'] },
    { BI_API_TOKEN: 'bi-wrong-api-token-000000000' },
  );
  assert.is(
    u.error!.message,
    'the Beyond Identity API rejected BI_API_TOKEN: HTTP 401: The authorization header is invalid or missing.',
  );
});

test('secure-workforce SCIM: count and startIndex on every page; repeated pages and short lists are gaps; no token is a gap', async () => {
  const base = gen.withUsers(gen.cleanScim());
  const loop = track(
    await startSecureWorkforce(base, {
      api: { maxPageSize: 2, faults: [{ kind: 'loop', path: '/scim/v2/Users', query: 'startIndex=3' }] },
    }),
  );
  const { result } = await collect(loop, { biPlatform: 'secure-workforce', include: ['users'] });
  assert.equal(
    result!.gaps.map((g) => g.section),
    ['beyondIdentity.scimUsers'],
  );
  assert.match(
    result!.gaps[0].reason,
    /^pagination loop: startIndex 3 returned only users already read of GET \/scim\/v2\/Users\?startIndex=3&count=1000 after 2 pages; stopped$/,
  );
  assert.ok('oidcClients' in result!.doc.beyondIdentity!, 'the other sections are kept');
  const a = audit(result!);
  assert.is(a.byId['users/group-member-not-in-bi'].status, 'not-evaluated');
  const noToken = track(await startSecureWorkforce(base));
  const n = await collect(noToken, { biPlatform: 'secure-workforce', include: ['users'] }, { BI_API_TOKEN: '' });
  assert.equal(n.result!.gaps, [
    {
      section: 'beyondIdentity.scimUsers',
      reason:
        'the SCIM users need BI_API_TOKEN (a Secure Workforce API token with the scope scim:users:read), which is not set',
    },
  ]);
  assert.equal(noToken.api.log, [], 'no request without a token');
});

test('rate limits: RateLimit-* headers feed the shared budget (never more than the share of a window), a 429 waits for the reset', async () => {
  const base = gen.cleanScim();
  const s = track(
    await startSecureWorkforce(base, { events: { maxPageSize: 1, rateLimit: { windowMs: 1000, limit: 6 } } }),
  );
  const { result, ms } = await collect(s, { biPlatform: 'secure-workforce', rateLimitShare: 0.5 });
  assert.equal(result!.gaps, []);
  const pages = s.events.log.length;
  assert.ok(pages >= 8, `${pages} pages`);
  for (const [end, n] of s.events.windows())
    assert.ok(n <= 3, `window ending ${end}: ${n} requests, more than 0.5 × 6`);
  assert.ok(
    s.events.log.every((e) => e.status === 200),
    'no 429',
  );
  assert.ok(ms >= 1000, `${ms} ms: the budget waited for new windows`);
  // a 429 with RateLimit-Reset: wait for it, then go on
  const t = track(
    await startSecureWorkforce(base, {
      events: { faults: [{ kind: '429', path: '/v1/events', times: 1, resetInMs: 1000 }] },
    }),
  );
  const r = await collect(t, { biPlatform: 'secure-workforce' });
  assert.equal(r.result!.gaps, []);
  assert.ok(r.result!.stats.rateLimited >= 1);
  const [first, second] = t.events.log;
  assert.is(first.status, 429);
  assert.ok(second.serverMs - first.serverMs >= 900, `waited ${second.serverMs - first.serverMs} ms for the reset`);
  // 429s that never end: a gap, not a hang
  const u = track(
    await startSecureWorkforce(base, { events: { faults: [{ kind: '429', path: '/v1/events', resetInMs: 1000 }] } }),
  );
  const g = await collect(u, { biPlatform: 'secure-workforce' }, { OKTA_BI_LINT_MAX_429_WAITS: '1' });
  assert.match(g.result!.gaps[0].reason, 'rate limited (HTTP 429) 2 times in a row');
});

test('translateRateLimit: RateLimit-Reset seconds become the epoch reset the budget reads, from the Date header; Retry-After stands in', () => {
  const date = 'Sun, 29 Nov 2026 10:00:00 GMT';
  const at = Date.parse(date) / 1000;
  assert.equal(
    translateRateLimit({
      date: [date],
      'ratelimit-limit': ['30, 30;w=60'],
      'ratelimit-remaining': ['0'],
      'ratelimit-reset': ['7'],
    })['x-rate-limit-reset'],
    [String(at + 7)],
  );
  assert.equal(translateRateLimit({ date: [date], 'retry-after': ['12'] })['x-rate-limit-reset'], [String(at + 12)]);
  const now = Date.parse('2026-11-29T10:00:00.500Z');
  const h = translateRateLimit(
    { 'ratelimit-limit': ['5'], 'ratelimit-remaining': ['4'], 'ratelimit-reset': ['1'] },
    now,
  );
  assert.equal(h.date, [new Date(now).toUTCString()]);
  assert.equal(h['x-rate-limit-limit'], ['5']);
  assert.equal(h['x-rate-limit-reset'], [String(at + 1)]);
  assert.equal(
    parseBiError(
      '{"code":"bad_request","message":"invalid parameters","details":[{"type":"FieldViolations","field_violations":[{"field":"page_size","description":"too big"}]}]}',
    ),
    { code: 'bad_request', message: 'invalid parameters; page_size: too big' },
  );
  assert.equal(
    parseBiError(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidValue","detail":"bad"}',
    ),
    { code: 'invalidValue', message: 'bad' },
  );
  assert.equal(parseBiError('{"message":"User unauthorized."}'), { code: undefined, message: 'User unauthorized.' });
});

// ---------------------------------------------------------------------------------------------
// Secure Access

async function saClean(options: Parameters<typeof startSecureAccess>[1] = {}) {
  return track(await startSecureAccess(gen.cleanSecureAccess(gen.cleanScim()), options));
}

test('secure-access: the Okta sso-config (GET after the summary list), its application and group associations, SCIM users; every rule passes', async () => {
  const users = gen.withUsers(gen.cleanScim()).beyondIdentity.scimUsers;
  const s = await saClean({ scimUsers: users, api: { maxPageSize: 1 } });
  const { result } = await collect(s, { biPlatform: 'secure-access', include: ['users'] });
  assert.equal(result!.gaps, []);
  const bi = result!.doc.beyondIdentity as Obj;
  assert.equal(Object.keys(bi), [
    'platform',
    'tenantId',
    'realmId',
    'source',
    'ssoConfig',
    'application',
    'groupAssociations',
    'scimUsers',
  ]);
  assert.equal(
    bi.ssoConfig,
    redactedAsServed(s.state.ssoConfig, (c) => [c.payload]),
  );
  assert.is(bi.ssoConfig.payload.client_secret, '[REDACTED]');
  assert.is(bi.ssoConfig.payload.okta_registration.okta_token, '[REDACTED]');
  assert.equal(bi.application, redactedAsServed(s.state.application));
  assert.equal(bi.groupAssociations, redactedAsServed(s.state.groupAssociations));
  assert.equal(bi.scimUsers, redactedAsServed(forOrg(users, s.okta.url)));
  assert.equal(bi.source, {
    kind: 'api',
    api: s.api.url,
    ssoConfigId: s.state.ssoConfig.id,
    payloadEncoding: 'internally-tagged',
  });
  const paths = s.api.log.map((e) => e.path + e.search);
  const realm = `/v1/tenants/${s.state.tenantId}/realms/${s.state.realmId}`;
  assert.ok(paths.includes(`${realm}/sso-configs?type=okta_sso_bi_idp&page_size=200`), paths.join('\n'));
  assert.ok(paths.includes(`${realm}/sso-configs/${s.state.ssoConfig.id}`));
  assert.ok(paths.includes(`${realm}/applications/${s.state.application.id}`));
  assert.ok(paths.includes(`${realm}/sso-configs/${s.state.ssoConfig.id}:listGroupAssociations`));
  assert.ok(
    paths.some((p) => p.startsWith(`${realm}/scim/v2/Users?startIndex=2&count=1000`)),
    'SCIM paged by startIndex',
  );
  const a = audit(result!);
  assert.equal(statusOf(a, [...BI_RULES, 'okta/idp-issuer', 'okta/idp-endpoints']), {
    'bi/oidc-client-defined': 'pass',
    'bi/oidc-client-redirect-uri': 'pass',
    'bi/oidc-client-signing-alg': 'pass',
    'bi/oidc-client-auth-method': 'off',
    'bi/console-sso': 'off',
    'bi/registration-extension': 'pass',
    'bi/event-hook-extension': 'off',
    'link/idp-client-id': 'pass',
    'link/provisioning-exclusive': 'pass',
    'okta/idp-issuer': 'pass',
    'okta/idp-endpoints': 'pass',
  });
});

test('secure-access: the externally tagged payload (payload.OktaSsoBiIdp), an unfiltered list and one item per page give the same snapshot', async () => {
  const s = await saClean({ api: { encoding: 'external', ignoreTypeFilter: true, maxPageSize: 1 } });
  const { result } = await collect(s, { biPlatform: 'secure-access' });
  assert.equal(result!.gaps, []);
  const bi = result!.doc.beyondIdentity as Obj;
  assert.equal(
    bi.ssoConfig,
    redactedAsServed(s.state.ssoConfig, (c) => [c.payload]),
  );
  assert.is(bi.source.payloadEncoding, 'externally-tagged');
  // the summaries of other types were not read in full
  const gets = s.api.log.filter((e) => /\/sso-configs\/[^/:]+$/.test(e.path)).map((e) => e.path.split('/').pop());
  assert.equal(gets, [s.state.ssoConfig.id]);
  assert.equal(audit(result!).exit, 0);
});

test("sso-config payloads: both encodings decode to the spec's form", () => {
  assert.is(snakeCase('OktaSsoBiIdp'), 'okta_sso_bi_idp');
  assert.is(snakeCase('GenericOidcIdp'), 'generic_oidc_idp');
  assert.equal(decodePayload('OktaSsoBiIdp'), { type: 'okta_sso_bi_idp', fields: {}, encoding: 'externally-tagged' });
  assert.equal(decodePayload({ OktaSsoBiIdp: { client_id: 'c' } }), {
    type: 'okta_sso_bi_idp',
    fields: { client_id: 'c' },
    encoding: 'externally-tagged',
  });
  assert.equal(decodePayload({ okta_sso_bi_idp: { client_id: 'c' } }), {
    type: 'okta_sso_bi_idp',
    fields: { client_id: 'c' },
    encoding: 'externally-tagged',
  });
  assert.equal(decodePayload({ type: 'bookmark', login_link: 'x' }), {
    type: 'bookmark',
    fields: { login_link: 'x' },
    encoding: 'internally-tagged',
  });
  assert.equal(decodePayload({ a: 1, b: 2 }).type, undefined);
  assert.equal(normalizeSsoConfig({ id: '1', payload: { OktaSsoBiIdp: { client_id: 'c' } } }).config, {
    id: '1',
    payload: { type: 'okta_sso_bi_idp', client_id: 'c' },
  });
});

test('secure-access: without BI_REALM_ID the realms are searched for the Okta application', async () => {
  const s = await saClean({ realmInEnv: false });
  const { result } = await collect(s, { biPlatform: 'secure-access' });
  assert.equal(result!.gaps, []);
  const bi = result!.doc.beyondIdentity as Obj;
  assert.is(bi.realmId, s.state.realmId);
  assert.equal(bi.source.realmSearched, ['a0b1c2d3e4f5a6b7', s.state.realmId]);
  assert.equal(audit(result!).exit, 0);
});

test('secure-access: a realm without the Okta application: the definer fails once, its dependents are not evaluated', async () => {
  const snap = gen.cleanSecureAccess(gen.cleanScim());
  snap.beyondIdentity.ssoConfig = null;
  snap.beyondIdentity.application = null;
  const s = track(await startSecureAccess(snap));
  const { result } = await collect(s, { biPlatform: 'secure-access' });
  assert.equal(result!.gaps, []);
  const bi = result!.doc.beyondIdentity as Obj;
  assert.equal([bi.ssoConfig, bi.application, bi.groupAssociations], [null, null, []]);
  const a = audit(result!);
  assert.equal(
    a.byId['bi/oidc-client-defined'].findings.map((f) => f.message),
    [
      'The realm has no Okta application: no sso-config of type okta_sso_bi_idp with the OIDC application it names (Access Control > Applications > Okta)',
    ],
  );
  assert.is(a.byId['bi/oidc-client-redirect-uri'].reason, 'depends on bi/oidc-client-defined, which failed');
  assert.is(a.byId['link/idp-client-id'].status, 'not-evaluated');
});

test('secure-access: wrong values on both sides fail the mapped rules on collected data', async () => {
  const snap = gen.cleanSecureAccess(gen.cleanScim());
  snap.beyondIdentity.application.protocol_config.redirect_uris = [
    'https://acme-admin.okta.com/oauth2/v1/authorize/callback',
  ];
  snap.beyondIdentity.application.protocol_config.token_configuration.token_signing_algorithm = 'ES256';
  snap.beyondIdentity.ssoConfig.payload.okta_registration.is_enabled = false;
  snap.beyondIdentity.ssoConfig.payload.okta_registration.attribute_name = 'byndidRegistration';
  const idp = snap.okta.idps.find((i: Obj) => i.name === 'Beyond Identity');
  idp.protocol.credentials.client.client_id = 'wrongClientId0000000000';
  idp.protocol.issuer.url = 'https://auth.byndid.com/v2';
  idp.protocol.endpoints.jwks.url = 'http://auth-us.beyondidentity.com/keys';
  // and provisioning was switched off in Okta: no channel is live
  snap.okta.apps.find((x: Obj) => x.label === 'Beyond Identity User Portal').status = 'INACTIVE';
  const s = track(await startSecureAccess(snap));
  const { result } = await collect(s, { biPlatform: 'secure-access' });
  const a = audit(result!);
  const msg = (id: string) => a.byId[id].findings.map((f) => f.message);
  const host = new URL(s.okta.url).host;
  assert.equal(msg('bi/oidc-client-redirect-uri'), [
    `Application "Okta": protocol_config.redirect_uris lacks "https://${host}/oauth2/v1/authorize/callback"`,
  ]);
  assert.equal(msg('bi/oidc-client-signing-alg'), [
    'Application "Okta": protocol_config.token_configuration.token_signing_algorithm is "ES256", expected "RS256"',
  ]);
  assert.equal(msg('bi/registration-extension'), [
    'Registration attribute sync of the Okta application: okta_registration.is_enabled is false, expected true; okta_registration.attribute_name is "byndidRegistration", expected "byndidRegistered"',
  ]);
  assert.equal(msg('link/idp-client-id'), [
    'Identity provider "Beyond Identity" (0oabyndidp000000a1d7): the IdP\'s client id is "wrongClientId0000000000", expected "AYYNcuOSpfqIf33JeegCzDIT"',
  ]);
  assert.match(
    msg('okta/idp-issuer')[0],
    `protocol.issuer.url is "https://auth.byndid.com/v2", expected "${gen.SA_ISSUER.slice(0, 40)}`,
  );
  assert.match(
    msg('okta/idp-endpoints')[0],
    'protocol.endpoints.jwks.url "http://auth-us.beyondidentity.com/keys" uses http, not https',
  );
  assert.equal(msg('link/provisioning-exclusive'), [
    'Neither SCIM provisioning nor the event hook is live, so new users are never enrolled in Beyond Identity (declared mode: scim)',
  ]);
  assert.is(a.exit, 1);
});

test('secure-access faults: 404 application, 403 group associations (scope named), a page-token loop: gaps; 401: stop', async () => {
  const s = await saClean({
    api: {
      faults: [
        { kind: 'status', path: /\/applications\//, status: 404, code: 'not_found', message: 'application not found' },
        {
          kind: 'status',
          path: /:listGroupAssociations$/,
          status: 403,
          code: 'forbidden',
          message: 'insufficient scope',
        },
      ],
    },
  });
  const { result } = await collect(s, { biPlatform: 'secure-access' });
  assert.equal(
    result!.gaps.map((g) => [g.section, g.status, g.errorCode]),
    [
      ['beyondIdentity.application', 404, 'not_found'],
      ['beyondIdentity.groupAssociations', 403, 'forbidden'],
    ],
  );
  assert.match(
    result!.gaps[1].reason,
    /answered HTTP 403 forbidden: insufficient scope \(BI_API_TOKEN is not allowed to read this; it needs the scopes sso-configs:read and groups:read\)$/,
  );
  const a = audit(result!);
  assert.is(a.byId['bi/oidc-client-defined'].status, 'not-evaluated');
  assert.is(a.byId['bi/registration-extension'].status, 'pass', 'what was read is still audited');
  assert.is(a.exit, 3);
  const loop = await saClean({
    api: { maxPageSize: 1, ignoreTypeFilter: true, faults: [{ kind: 'loop', path: /\/sso-configs$/ }] },
  });
  const l = await collect(loop, { biPlatform: 'secure-access' });
  assert.equal(
    l.result!.gaps.map((g) => g.section),
    ['beyondIdentity.ssoConfig', 'beyondIdentity.application', 'beyondIdentity.groupAssociations'],
  );
  assert.match(
    l.result!.gaps[0].reason,
    /^pagination loop: next_page_token points back to a page already read of GET .*\/sso-configs\?type=okta_sso_bi_idp&page_size=200&page_token=.* after 2 pages; stopped$/,
  );
  assert.is(l.result!.gaps[1].reason, 'depends on beyondIdentity.ssoConfig, which could not be read');
  const bad = await saClean();
  const { error } = await collect(bad, { biPlatform: 'secure-access' }, { BI_API_TOKEN: 'not-the-token-0000000000' });
  assert.is(
    error!.message,
    'the Beyond Identity API rejected BI_API_TOKEN: HTTP 401 unauthorized: The authorization header is invalid or missing.',
  );
});

// ---------------------------------------------------------------------------------------------
// Settings: the platform, URLs and credentials

const OKTA = { OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: '00settingsToken0123456789abcdefghijklmnop' };

test('the platform default: secure-workforce with BI_EVENTS_API_KEY, else secure-access with BI_TENANT_ID, else none read, with a note', () => {
  const sw = resolveSettings({}, { ...OKTA, BI_EVENTS_API_KEY: 'k-0123456789', BI_TENANT_ID: 't1' });
  assert.is(sw.biPlatform, 'secure-workforce');
  assert.equal(sw.bi, {
    kind: 'secure-workforce',
    apiUrl: 'https://api.byndid.com',
    eventsUrl: 'https://dataexport-public.byndid.com',
    apiToken: undefined,
    eventsKey: 'k-0123456789',
  });
  assert.match(sw.notes.join('\n'), 'Beyond Identity platform: secure-workforce, because BI_EVENTS_API_KEY is set');
  const sa = resolveSettings(
    {},
    { ...OKTA, BI_TENANT_ID: '0001f1f460b1ace6', BI_API_TOKEN: 'tok-0123456789', BI_REALM_ID: 'r1' },
  );
  assert.equal(sa.bi, {
    kind: 'secure-access',
    apiUrl: 'https://api-us.beyondidentity.com',
    apiToken: 'tok-0123456789',
    tenantId: '0001f1f460b1ace6',
    realmId: 'r1',
  });
  const none = resolveSettings({}, { ...OKTA });
  assert.is(none.biPlatform, undefined);
  assert.is(none.bi.kind, 'missing');
  assert.match(none.notes.join('\n'), 'its rules will be reported as not evaluated');
  assert.is(resolveSettings({}, { ...OKTA, BI_EVENTS_API_KEY: 'k-0123456789', BI_PLATFORM: 'none' }).bi.kind, 'none');
  // explicit platform without its credentials: a gap, not an error
  const noKey = resolveSettings({ biPlatform: 'secure-workforce' }, { ...OKTA });
  assert.equal(
    noKey.bi.kind === 'missing' && [
      noKey.bi.platform,
      noKey.bi.reason.startsWith('Beyond Identity collection is not available without an Events API key'),
    ],
    ['secure-workforce', true],
  );
  // the tenant from the token's bi_t claim, the realm from bi_r
  const jwt = `e30.${Buffer.from(JSON.stringify({ bi_t: '0001abc', bi_r: 'r9' })).toString('base64url')}.sig`;
  const fromToken = resolveSettings(
    { biPlatform: 'secure-access', biUrl: 'https://api-eu.beyondidentity.com/' },
    { ...OKTA, BI_API_TOKEN: jwt },
  );
  assert.equal(fromToken.bi, {
    kind: 'secure-access',
    apiUrl: 'https://api-eu.beyondidentity.com',
    apiToken: jwt,
    tenantId: '0001abc',
    realmId: 'r9',
  });
});

test('settings refuse what cannot work: http to a remote host, a path, a token with whitespace, a malformed tenant, --bi-from with another platform', () => {
  const bad: Array<[Obj, Obj, RegExp]> = [
    [
      { biPlatform: 'secure-access', biUrl: 'http://api.example.com' },
      { BI_API_TOKEN: 'x-0123456789', BI_TENANT_ID: 't' },
      /--bi-url must use https/,
    ],
    [
      { biPlatform: 'secure-workforce' },
      { BI_EVENTS_API_KEY: 'k-0123456789', BI_EVENTS_URL: 'https://dataexport-public.byndid.com/v1/events' },
      /BI_EVENTS_URL must be the API's base address without a path/,
    ],
    [
      { biPlatform: 'secure-workforce' },
      { BI_EVENTS_API_KEY: 'Bearer k-0123456789' },
      /BI_EVENTS_API_KEY contains whitespace/,
    ],
    [
      { biPlatform: 'secure-access' },
      { BI_API_TOKEN: 'x-0123456789', BI_TENANT_ID: 'a/b' },
      /BI_TENANT_ID is malformed/,
    ],
    [
      { biPlatform: 'secure-access', biFrom: 'x.yaml' },
      {},
      /--bi-from declares a Secure Workforce configuration, but the Beyond Identity platform is secure-access/,
    ],
  ];
  for (const [args, env, re] of bad)
    assert.throws(
      () => resolveSettings(args, { ...OKTA, ...env }),
      (e: Error) => e instanceof InputError && re.test(e.message),
    );
});

// ---------------------------------------------------------------------------------------------
// Declared configuration (--bi-from)

test('a declared file: validated with file and line, secrets refused, values marked declared, sections left out are gaps', () => {
  const ok = parseDeclared(
    `platform: secure-workforce
oidcClients:
  - name: Okta SSO
    client_id: bi-okta-sso-client-7f3a
    redirect_uris: [https://acme.okta.com/oauth2/v1/authorize/callback]
    id_token_signed_response_alg: RS256
    token_endpoint_auth_method: client_secret_post
oktaRegistrationAttribute: { okta_domain: acme.okta.com, okta_registration_attribute_name: byndidRegistered, enabled: true }
`,
    'bi-console.yaml',
  );
  const snap = declaredSnapshot(ok, 'scim');
  assert.equal(snap.beyondIdentity.source, { kind: 'declared', file: 'bi-console.yaml' });
  assert.equal(snap.gaps, [
    {
      section: 'beyondIdentity.consoleSso',
      reason: 'not declared in bi-console.yaml (add consoleSso to it to have the rules that read it evaluated)',
    },
  ]);
  assert.equal(
    declaredSnapshot(ok, 'event-hook').gaps.map((g) => g.section),
    ['beyondIdentity.consoleSso', 'beyondIdentity.oktaEventHook'],
  );
  const bad: Array<[string, string]> = [
    [
      'oidcClients:\n  - name: Okta SSO\n    redirect_uri: https://x\n',
      'bi.yaml:3:5: invalid declared Beyond Identity configuration: unknown key "redirect_uri" in oidcClients[0] (did you mean "redirect_uris"?)',
    ],
    [
      'oidcClients:\n  - name: Okta SSO\n    client_secret: s3cr3t-value\n',
      'bi.yaml:3:5: declared Beyond Identity configuration holds a secret (oidcClients[0].client_secret); remove it (okta-bi-lint never needs the client secret or the Okta API token, and a snapshot must not carry them)',
    ],
    [
      'oktaRegistrationAttribute:\n  okta_domain: acme.okta.com\n  enabled: yes\n',
      'bi.yaml:2:3: invalid declared Beyond Identity configuration: oktaRegistrationAttribute is missing the required key "okta_registration_attribute_name"',
    ],
    [
      'consoleSso:\n  - console_type: user\n',
      'bi.yaml:2:19: invalid declared Beyond Identity configuration: consoleSso[0].console_type is "user", which is not one of "USER", "ADMIN" (did you mean "USER"?)',
    ],
    [
      'platform: secure-workforce\n',
      'bi.yaml:1:1: declared Beyond Identity configuration declares nothing (add at least one of oidcClients, consoleSso, oktaRegistrationAttribute, oktaEventHook (see docs/beyond-identity.md))',
    ],
    ['oidcClients: [\n', 'bi.yaml:2:1: declared Beyond Identity configuration is not valid YAML'],
  ];
  for (const [text, want] of bad) {
    try {
      parseDeclared(text, 'bi.yaml');
      assert.unreachable(want);
    } catch (e) {
      assert.ok(e instanceof InputError, String(e));
      assert.ok((e as InputError).format().startsWith(want), `${(e as InputError).format()}\n  !=\n${want}`);
      assert.not.match((e as InputError).format(), 's3cr3t');
    }
  }
});

test('docs/beyond-identity.md names every bi/* and link/* rule, and its declared example is a valid file', async () => {
  const { readFileSync } = await import('node:fs');
  const doc = readFileSync(new URL('../docs/beyond-identity.md', import.meta.url), 'utf8');
  for (const r of RULES.filter((x) => /^(bi|link)\//.test(x.id))) assert.match(doc, `| \`${r.id}\` |`, r.id);
  const example = /```yaml\n(# bi-console\.yaml[\s\S]*?)```/.exec(doc)![1];
  const d = parseDeclared(example, 'bi-console.yaml');
  assert.equal(Object.keys(d.sections), ['oidcClients', 'consoleSso', 'oktaRegistrationAttribute', 'oktaEventHook']);
});

test.run();
