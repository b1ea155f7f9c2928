/**
 * Two-sided scenarios for the Beyond Identity tests: an Okta emulator serving a snapshot's okta side
 * and Beyond Identity emulators serving the matching tenant (Secure Workforce: an Events API host and
 * an admin API host; Secure Access: one API host), plus what a correct collection of them holds.
 */
import { startEmulator, type OktaEmulator } from './okta-emulator.js';
import { orgFromSnapshot, type OktaOrg } from './org.js';
import { plant, expectRedacted } from './canaries.js';
import { startBiEmulator, type BiEmulator, type BiEmulatorOptions } from './bi-emulator.js';
import { forOrg, saTenant, swHistory, type SwHistory } from './bi-tenant.js';

type Obj = Record<string, any>;

export const OKTA_TOKEN = '00oktaTokenForTheBiTests0123456789abcdefgh';
export const EVENTS_KEY = 'bi-events-key-7Q2xL9mN4pR8sT1vW6yZ3aB5cD0eF';
export const SW_TOKEN = 'bi-sw-token-K3jH8gF2dS7aP1oI9uY4tR6eW5qZ';
/** A Secure Access Management API token is a JWT whose bi_t claim is the tenant. */
function saToken(tenantId: string, realm = '*'): string {
  const b64 = (o: Obj) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ iss: `https://auth-us.beyondidentity.com/v1/tenants/${tenantId}/realms/a0b1c2d3e4f5a6b7/applications/mgmt`, bi_t: tenantId, bi_r: realm, scope: 'sso-configs:read applications:read groups:read realms:read scim:users:read' })}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}
const FAST = {
  OKTA_BI_LINT_RETRY_BASE_MS: '5',
  OKTA_BI_LINT_RETRY_MAX_MS: '40',
  OKTA_BI_LINT_TIMEOUT_MS: '5000',
};

export interface Scenario {
  okta: OktaEmulator;
  org: OktaOrg;
  bi: BiEmulator[];
  env: Record<string, string>;
  /** every canary any emulator planted */
  canaries(): string[];
  close(): Promise<void>;
  /** nothing but GET to any emulator (and no OAuth POST: these tests use an API token) */
  writes(): unknown[];
}

async function okta(snapshot: Obj): Promise<{ okta: OktaEmulator; org: OktaOrg }> {
  const org = orgFromSnapshot(snapshot);
  const e = await startEmulator({
    org,
    tokens: [OKTA_TOKEN],
    rateLimits: { windowMs: 1000, limits: { apps: 1000, groups: 1000, users: 1000, 'api-v1': 1000 } },
  });
  return { okta: e, org };
}

function scenario(o: { okta: OktaEmulator; org: OktaOrg }, bi: BiEmulator[], env: Record<string, string>): Scenario {
  return {
    ...o,
    bi,
    env: { OKTA_ORG_URL: o.okta.url, OKTA_API_TOKEN: OKTA_TOKEN, ...FAST, ...env },
    canaries: () => [o.okta, ...bi].flatMap((e) => [...e.canaries]),
    close: async () => {
      for (const e of [o.okta, ...bi]) await e.close();
    },
    writes: () => [...o.okta.writes(), ...bi.flatMap((e) => e.writes())],
  };
}

/**
 * SCIM users for the members of the Okta org's Beyond Identity group, as Okta's provisioning creates
 * them (externalId = the Okta user id, userName = the login), except the logins in `missing`.
 */
export function scimUsersFor(snapshot: Obj, missing: string[] = []): Obj[] {
  const org = orgFromSnapshot(snapshot);
  const group = org.groups.find((g) => g.profile?.name === 'Beyond Identity');
  const ids = group ? (org.members[group.id] ?? []) : [];
  return ids
    .map((id) => org.users.find((u) => u.id === id)!)
    .filter((u) => !missing.includes(u.profile.login))
    .map((u, i) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: `5c0d${String(i).padStart(4, '0')}-1e2f-4a3b-8c4d-5e6f7a8b9c0d`,
      externalId: u.id,
      userName: u.profile.login,
      displayName: `${u.profile.firstName} ${u.profile.lastName}`,
      active: true,
      emails: [{ primary: true, value: u.profile.login, type: 'work' }],
      name: { givenName: u.profile.firstName, familyName: u.profile.lastName },
      meta: {
        resourceType: 'User',
        created: '2026-11-02T10:00:00Z',
        lastModified: '2026-11-02T10:00:00Z',
        location: `Users/5c0d${String(i).padStart(4, '0')}`,
        version: 'W/0',
      },
    }));
}

export interface SwScenario extends Scenario {
  events: BiEmulator;
  api: BiEmulator;
  history: SwHistory;
}

/**
 * A Secure Workforce tenant integrated with the Okta org of `snapshot` (its beyondIdentity section is
 * the current state), events served with the history of swHistory().
 */
export async function startSecureWorkforce(
  snapshot: Obj,
  options: {
    events?: Partial<BiEmulatorOptions>;
    api?: Partial<BiEmulatorOptions>;
    history?: (h: SwHistory) => void;
    scimUsers?: Obj[];
  } = {},
): Promise<SwScenario> {
  const o = await okta(snapshot);
  const bi = forOrg(snapshot.beyondIdentity, o.okta.url);
  const history = swHistory(bi);
  options.history?.(history);
  const events = await startBiEmulator({
    role: 'sw-events',
    tokens: [EVENTS_KEY],
    events: history.events,
    ...options.events,
  });
  const api = await startBiEmulator({
    role: 'sw-api',
    tokens: [SW_TOKEN],
    scimUsers: options.scimUsers ?? bi.scimUsers ?? [],
    ...options.api,
  });
  const s = scenario(o, [events, api], {
    BI_EVENTS_API_KEY: EVENTS_KEY,
    BI_API_TOKEN: SW_TOKEN,
    BI_EVENTS_URL: events.url,
    BI_API_URL: api.url,
  });
  return { ...s, events, api, history };
}

export interface SaScenario extends Scenario {
  api: BiEmulator;
  token: string;
  /** the tenant's beyondIdentity section, on the emulator's org */
  bi: BiEmulator[];
  state: Obj;
}

/** A Secure Access tenant integrated with the Okta org of `snapshot` (a secure-access snapshot). */
export async function startSecureAccess(
  snapshot: Obj,
  options: { api?: Partial<BiEmulatorOptions>; scimUsers?: Obj[]; realmInEnv?: boolean } = {},
): Promise<SaScenario> {
  const o = await okta(snapshot);
  const state = forOrg(snapshot.beyondIdentity, o.okta.url);
  const tenant = saTenant(state, options.scimUsers ?? []);
  const token = saToken(state.tenantId);
  const api = await startBiEmulator({
    role: 'sa',
    tokens: [token],
    sa: tenant,
    scimUsers: tenant.scimUsers,
    ...options.api,
  });
  const env: Record<string, string> = { BI_API_TOKEN: token, BI_TENANT_ID: state.tenantId, BI_API_URL: api.url };
  if (options.realmInEnv !== false) env.BI_REALM_ID = state.realmId;
  const s = scenario(o, [api], env);
  return { ...s, api, token, state };
}

/** The objects as a correct collection writes them: the emulator's planted canaries redacted at the same places. */
export function redactedAsServed<T>(v: T, nested: (o: Obj) => Obj[] = () => []): T {
  const out = JSON.parse(JSON.stringify(v)) as T;
  const items = Array.isArray(out) ? out : [out];
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    plant([item], expectRedacted);
    for (const n of nested(item as Obj)) plant([n], expectRedacted);
  }
  return out;
}
