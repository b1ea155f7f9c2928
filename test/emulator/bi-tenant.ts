/**
 * Beyond Identity tenants for the emulators, built from the fixture generator's clean orgs (so the
 * two sides agree with the committed fixtures) in the shapes of Beyond Identity's
 * published API descriptions:
 *
 * - Secure Workforce: the Events API's change events (Event {id, correlation_id, service,
 *   event_occurred_millis, event_recorded_millis, outcome, attested, actor, event_type, data}) with a
 *   history per object (created, updated, other clients created and deleted), unrelated events
 *   around them, and SCIM users;
 * - Secure Access: realms, sso-configs (the Okta one and others), the Okta application's OIDC
 *   application, its group associations, and SCIM users.
 *
 * `forOrg` rewrites the fixture org (https://acme.okta.com) to the Okta emulator's address, as a
 * tenant integrated with that org would hold it.
 */
import * as path from 'node:path';
import { REPO_ROOT } from './org.js';

type Obj = Record<string, any>;

export interface Generator {
  cleanScim(): Obj;
  cleanEventHook(s?: Obj): Obj;
  withUsers(s?: Obj): Obj;
  cleanSecureAccess(s?: Obj): Obj;
  saSsoConfig(org?: string): Obj;
  saApplication(org?: string): Obj;
  saGroupAssociations(): Obj[];
  SA: Record<string, string>;
  SA_ISSUER: string;
  SA_AUTH: string;
}

export async function generator(): Promise<Generator> {
  return (await import(path.join(REPO_ROOT, 'fixtures', 'generate.mjs'))) as Generator;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** The fixture org's URL and host replaced by the Okta emulator's (callbacks keep https, as Okta builds them). */
export function forOrg<T>(v: T, oktaUrl: string): T {
  const host = new URL(oktaUrl).host;
  const text = JSON.stringify(v)
    .replace(/https:\/\/acme\.okta\.com\/oauth2\//g, `https://${host}/oauth2/`)
    .replace(/https:\/\/acme\.okta\.com/g, oktaUrl)
    .replace(/acme\.okta\.com/g, host);
  return JSON.parse(text) as T;
}

// ---------------------------------------------------------------------------------------------
// Secure Workforce: events

const T0 = Date.parse('2026-09-01T08:00:00Z');
const HOUR = 3600_000;
let serial = 0;

/** A UUID-shaped id, deterministic per label. */
export function uuid(label: string): string {
  let h = 0x811c9dc5;
  for (const c of label) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const hex = (n: number, w: number) => (n >>> 0).toString(16).padStart(w, '0').slice(-w);
  const a = hex(h, 8);
  const b = hex(Math.imul(h, 31) ^ 0x5bd1e995, 8);
  const c = hex(Math.imul(h, 131) ^ 0x27d4eb2d, 8);
  const d = hex(Math.imul(h, 257) ^ 0x165667b1, 8);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-8${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

const ACTOR = {
  type: 'User',
  display_name: 'Jordan Reyes',
  id: 'c6a8669e-ee95-4c42-9ef6-4a9b61380164',
  display_id: 'jordan.reyes@acme.com',
  tenant_id: 'acme-corp',
};

/** An event of the Events API, `hours` after the first one. */
function event(type: string, data: Obj, hours: number, extra: Obj = {}): Obj {
  const occurred = T0 + Math.round(hours * HOUR);
  return {
    id: uuid(`event-${type}-${hours}-${++serial}`),
    correlation_id: uuid(`corr-${serial}`).replace(/-/g, '').slice(0, 27),
    service: 'admin',
    event_occurred_millis: occurred,
    event_recorded_millis: occurred + 180,
    outcome: 'SUCCESS',
    attested: true,
    actor: ACTOR,
    event_type: type,
    data,
    ...extra,
  };
}

export const oidcClientEvent = (action: string, configuration: Obj, hours: number, extra?: Obj) =>
  event('OIDC_CLIENT_CHANGE', { type_name: 'OIDCClientChange', action, configuration }, hours, extra);
export const consoleEvent = (change: string, config: Obj, hours: number, extra?: Obj) =>
  event(
    'CONSOLE_SSO_OIDC_AUTH_CONFIG_CHANGE',
    { type_name: 'ConsoleSsoOIDCAuthConfigChange', console_sso_change_type: change, ...config },
    hours,
    extra,
  );
export const registrationEvent = (action: string, configuration: Obj, hours: number, extra?: Obj) =>
  event(
    'OKTA_REGISTRATION_ATTRIBUTE_CONFIGURATION_CHANGE',
    { type_name: 'OktaRegistrationAttributeConfigurationChange', action, configuration },
    hours,
    extra,
  );
const eventHookEvent = (action: string, configuration: Obj, hours: number, extra?: Obj) =>
  event(
    'OKTA_EVENT_HOOK_CONFIGURATION_CHANGE',
    { type_name: 'OktaEventHookConfigurationChange', action, configuration },
    hours,
    extra,
  );

/** An OIDC client as its change event carries it: the event has no client_id and no secret. */
export function eventClient(c: Obj): Obj {
  const { client_id: _id, client_secret: _secret, ...rest } = c;
  return rest;
}

export interface SwHistory {
  events: Obj[];
  /** what the collector must rebuild, before canaries */
  expected: {
    oidcClients: Obj[];
    consoleSso: Obj[];
    oktaRegistrationAttribute: Obj | null;
    oktaEventHook?: Obj | null;
  };
}

/**
 * The change history of a Secure Workforce tenant whose current state is `bi` (a snapshot's
 * beyondIdentity section): each object created with other values and updated to the current ones,
 * another client created and deleted, another still live, and unrelated events in between.
 */
export function swHistory(bi: Obj): SwHistory {
  const events: Obj[] = [];
  const expectedClients: Obj[] = [];
  const grafana = {
    id: uuid('client-grafana'),
    name: 'Grafana',
    redirect_uris: ['https://grafana.acme.com/login/generic_oauth'],
    id_token_signed_response_alg: 'RS256',
    token_endpoint_auth_method: 'client_secret_basic',
  };
  const legacy = {
    id: uuid('client-legacy'),
    name: 'Legacy portal',
    redirect_uris: ['https://portal.acme.com/cb'],
    id_token_signed_response_alg: 'ES256',
    token_endpoint_auth_method: 'client_secret_post',
  };
  events.push(oidcClientEvent('CREATE', legacy, 0), oidcClientEvent('CREATE', grafana, 1));
  expectedClients.push(grafana);
  for (const [i, c] of (bi.oidcClients ?? []).entries()) {
    const now = eventClient(c);
    const before = {
      ...now,
      redirect_uris: ['https://acme.oktapreview.com/oauth2/v1/authorize/callback'],
      token_endpoint_auth_method: 'client_secret_basic',
    };
    events.push(oidcClientEvent('CREATE', before, 2 + i), oidcClientEvent('UPDATE', now, 30 + i));
    expectedClients.push(now);
  }
  events.push(oidcClientEvent('DELETE', legacy, 40));
  const consoles: Obj[] = [];
  for (const [i, c] of (bi.consoleSso ?? []).entries()) {
    const before = { ...c, issuer: 'https://acme.oktapreview.com', token_field_lookup: 'USER_NAME' };
    events.push(consoleEvent('CREATE', before, 3 + i), consoleEvent('UPDATE', c, 31 + i));
    consoles.push(clone(c));
  }
  const reg = bi.oktaRegistrationAttribute;
  if (reg)
    events.push(registrationEvent('CREATE', { ...reg, enabled: false }, 4), registrationEvent('UPDATE', reg, 32));
  const hook = bi.oktaEventHook;
  if (hook) events.push(eventHookEvent('CREATE', hook, 5));
  // unrelated events the type filter leaves out
  events.push(
    event('USER_CHANGE', { type_name: 'UserChange', action: 'UPDATE' }, 33),
    event('OIDC_INBOUND', { type_name: 'OidcInbound' }, 34),
    event(
      'CONSOLE_SSO_IDP_CHANGE',
      {
        type_name: 'ConsoleSsoIdpChange',
        console_type: 'ADMIN',
        sso_protocol_type: 'OIDC',
        id: uuid('idp'),
        name: 'okta-oidc-idp',
      },
      35,
    ),
  );
  return {
    events,
    expected: {
      oidcClients: expectedClients.map(clone),
      consoleSso: consoles,
      oktaRegistrationAttribute: reg ? clone(reg) : null,
      ...(hook ? { oktaEventHook: clone(hook) } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Secure Access

export interface SaTenant {
  tenantId: string;
  realms: Obj[];
  /** full sso-configs (payload internally tagged), by realm */
  ssoConfigs: Array<{ realmId: string; config: Obj }>;
  applications: Array<{ realmId: string; app: Obj }>;
  groupAssociations: Record<string, Obj[]>;
  scimUsers: Obj[];
}

/** A Secure Access tenant holding `bi` (a secure-access snapshot's beyondIdentity section), with other sso-configs around it. */
export function saTenant(bi: Obj, scimUsers: Obj[] = []): SaTenant {
  const realmId = bi.realmId;
  const other = (id: string, display: string, payload: Obj) => ({
    realmId,
    config: { id: uuid(id), display_name: display, is_migrated: false, payload },
  });
  const configs = [
    other('bookmark', 'Okta dashboard', {
      type: 'bookmark',
      login_link: 'https://acme.okta.com/',
      icon: '',
      is_tile_visible: true,
    }),
    other('generic', 'Grafana', {
      type: 'generic_oidc',
      redirect_uris: ['https://grafana.acme.com/login/generic_oauth'],
      scopes: ['openid'],
      trusted_origins: [],
      confidentiality: 'confidential',
      pkce: 's256',
      oidc_configuration: {},
      client_id: 'GrafanaClient0000000001',
      client_secret: '[REDACTED]',
      application_id: uuid('grafana-app'),
      authenticator_config_id: uuid('grafana-auth'),
      resource_server_id: uuid('rs'),
    }),
  ];
  if (bi.ssoConfig) configs.splice(1, 0, { realmId, config: clone(bi.ssoConfig) });
  return {
    tenantId: bi.tenantId,
    realms: [
      {
        id: 'a0b1c2d3e4f5a6b7',
        tenant_id: bi.tenantId,
        display_name: 'Beyond Identity Admin',
        classification: 'SECURE_WORKFORCE',
        create_time: '2026-01-01T00:00:00Z',
        update_time: '2026-01-01T00:00:00Z',
      },
      {
        id: realmId,
        tenant_id: bi.tenantId,
        display_name: 'Workforce',
        classification: 'SECURE_WORKFORCE',
        create_time: '2026-01-01T00:00:00Z',
        update_time: '2026-01-01T00:00:00Z',
      },
    ],
    ssoConfigs: configs,
    applications: bi.application ? [{ realmId, app: clone(bi.application) }] : [],
    groupAssociations: bi.ssoConfig ? { [bi.ssoConfig.id]: clone(bi.groupAssociations ?? []) } : {},
    scimUsers: clone(scimUsers),
  };
}

/** `okta_sso_bi_idp` → `OktaSsoBiIdp` */
export function pascal(type: string): string {
  return type
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
