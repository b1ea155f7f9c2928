/**
 * Secure Access (api-us / api-eu.beyondidentity.com): the Okta integration is the realm's sso-config
 * of type `okta_sso_bi_idp` (Access Control > Applications > Okta).
 *
 * | section            | requests (under /v1/tenants/{t}/realms/{r})                                          |
 * |--------------------|---------------------------------------------------------------------------------------|
 * | (realm)            | without BI_REALM_ID: GET /v1/tenants/{t}/realms (every page), then each realm's sso-configs |
 * | ssoConfig          | GET /sso-configs?type=okta_sso_bi_idp&page_size=200 (every page: summaries only), then GET /sso-configs/{id} for each candidate |
 * | application        | GET /applications/{payload.application_id} (the OIDC application behind it)           |
 * | groupAssociations  | GET /sso-configs/{id}:listGroupAssociations (following next_page_token)               |
 * | scimUsers (--include users) | GET /scim/v2/Users?startIndex=…&count=1000                                   |
 *
 * Lists page with `page_size`, `page_token` and `next_page_token`. The sso-config's payload arrives
 * either internally tagged as the spec says (`payload.type == "okta_sso_bi_idp"`) or, as BI's own CLI
 * reads the live API, externally tagged (`payload.OktaSsoBiIdp`, or the bare string for a summary);
 * the snapshot always holds the spec's internally tagged form, and `source.payloadEncoding` says
 * which one the API sent.
 */
import type { GapInfo } from '../errors.js';
import { SectionError } from '../errors.js';
import type { BiHttp } from './http.js';
import { describe, isObj } from './http.js';
import { readScimUsers } from './scim.js';
import type { ListMaker } from '../spill.js';
import { hostOf } from './http.js';

type Obj = Record<string, unknown>;

const OKTA_TYPE = 'okta_sso_bi_idp';
const SSO_CONFIG_TYPES = [
  'bookmark',
  'entra_id_external_auth_methods',
  'generic_oidc',
  'generic_oidc_idp',
  'generic_saml',
  'okta_idp',
  'okta_sso_bi_idp',
  'scim',
  'ws_fed',
  'nametag_oauth2',
  'saml',
];
const PAGE_SIZE = 200;

export type PayloadEncoding = 'internally-tagged' | 'externally-tagged';

/** `OktaSsoBiIdp` → `okta_sso_bi_idp` */
export function snakeCase(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** The type and fields of an sso-config payload in either encoding; undefined type when it cannot be told. */
export function decodePayload(p: unknown): { type?: string; fields: Obj; encoding?: PayloadEncoding } {
  if (typeof p === 'string' && p.trim() !== '') {
    const t = /[A-Z]/.test(p) ? snakeCase(p) : p;
    return { type: t, fields: {}, encoding: 'externally-tagged' };
  }
  if (!isObj(p)) return { fields: {} };
  if (typeof p.type === 'string') {
    const { type, ...fields } = p;
    return { type: type as string, fields, encoding: 'internally-tagged' };
  }
  const keys = Object.keys(p);
  if (keys.length === 1) {
    const k = keys[0];
    const inner = p[k];
    const t = /^[A-Z]/.test(k) ? snakeCase(k) : SSO_CONFIG_TYPES.includes(k) ? k : undefined;
    if (t && (isObj(inner) || inner === null))
      return { type: t, fields: isObj(inner) ? inner : {}, encoding: 'externally-tagged' };
  }
  return { fields: p };
}

/** The sso-config with its payload in the spec's form: `{type, …fields}`. */
export function normalizeSsoConfig(c: Obj): { config: Obj; type?: string; encoding?: PayloadEncoding } {
  const d = decodePayload(c.payload);
  if (!d.type) return { config: c };
  return { config: { ...c, payload: { type: d.type, ...d.fields } }, type: d.type, encoding: d.encoding };
}

const seg = (s: string) => encodeURIComponent(s);

/** Every item of a Secure Access list (`{<key>: [...], total_size, next_page_token}`). */
async function listAll(
  http: BiHttp,
  section: string,
  path: string,
  key: string,
  params: Array<[string, string]> = [],
  pageSize = true,
): Promise<unknown[]> {
  const out: unknown[] = [];
  const tokens = new Set<string>();
  let token: string | undefined;
  let pages = 0;
  for (;;) {
    const q = new URLSearchParams(params);
    if (pageSize) q.set('page_size', String(PAGE_SIZE));
    if (token !== undefined) q.set('page_token', token);
    const qs = q.toString();
    const page = qs ? `${path}?${qs}` : path;
    if (++pages > http.options.maxPages) throw http.tooManyPages(section, page);
    const body = await http.getObject(section, page);
    const items = body[key] ?? [];
    if (!Array.isArray(items))
      throw http.shapeError(section, page, `${key} that is ${describe(items)}, expected a list`);
    if (body[key] === undefined && body.total_size === undefined)
      throw http.shapeError(
        section,
        page,
        `a JSON object without ${key}, expected {${key}, total_size, next_page_token}`,
      );
    out.push(...items);
    const next =
      typeof body.next_page_token === 'string' && body.next_page_token !== '' ? body.next_page_token : undefined;
    if (next === undefined) return out;
    if (tokens.has(next)) throw http.loop(section, page, pages, 'next_page_token points back to a page already read');
    tokens.add(next);
    token = next;
  }
}

export interface SecureAccessOptions {
  api: BiHttp;
  tenantId: string;
  realmId?: string;
  orgHost: string;
  includeUsers: boolean;
  /** where the SCIM users go (to disk, once many) */
  lists: ListMaker;
}

interface Found {
  config: Obj;
  encoding?: PayloadEncoding;
  /** the other Okta sso-configs of the realm, by id */
  others: string[];
}

/** The realm's Okta sso-config (full), or null when it has none. */
async function findOktaConfig(o: SecureAccessOptions, realmId: string): Promise<Found | null> {
  const api = o.api;
  const section = 'beyondIdentity.ssoConfig';
  const base = `/v1/tenants/${seg(o.tenantId)}/realms/${seg(realmId)}/sso-configs`;
  const summaries = await listAll(api, section, base, 'sso_configs', [['type', OKTA_TYPE]]);
  // a summary whose type cannot be told is read in full as well
  const candidates = summaries.filter(
    (s): s is Obj => isObj(s) && typeof s.id === 'string' && (decodePayload(s.payload).type ?? OKTA_TYPE) === OKTA_TYPE,
  );
  const full: Array<{ config: Obj; encoding?: PayloadEncoding }> = [];
  for (const c of await Promise.all(candidates.map((s) => api.getObject(section, `${base}/${seg(String(s.id))}`)))) {
    const n = normalizeSsoConfig(c);
    if (n.type === OKTA_TYPE) full.push({ config: n.config, encoding: n.encoding });
  }
  if (full.length === 0) return null;
  const registrationHost = (c: Obj) =>
    hostOf(isObj(c.payload) && isObj(c.payload.okta_registration) ? c.payload.okta_registration.domain : undefined);
  const chosen = full.find((f) => registrationHost(f.config) === o.orgHost.toLowerCase()) ?? full[0];
  return { ...chosen, others: full.filter((f) => f !== chosen).map((f) => String(f.config.id)) };
}

export async function collectSecureAccess(o: SecureAccessOptions): Promise<{ beyondIdentity: Obj; gaps: GapInfo[] }> {
  const api = o.api;
  const gaps: GapInfo[] = [];
  const bi: Obj = { platform: 'secure-access', tenantId: o.tenantId };
  const source: Obj = { kind: 'api', api: api.origin };
  const gap = (section: string, e: SectionError) => gaps.push({ ...e.gap, section: `beyondIdentity.${section}` });
  const done = () => {
    bi.source = source;
    // the snapshot's key order, whatever finished first
    const ordered: Obj = {};
    for (const k of [
      'platform',
      'tenantId',
      'realmId',
      'source',
      'ssoConfig',
      'application',
      'groupAssociations',
      'scimUsers',
    ])
      if (k in bi) ordered[k] = bi[k];
    return { beyondIdentity: ordered, gaps };
  };
  const dependentGaps = (why: string) => {
    for (const s of ['application', 'groupAssociations'])
      gaps.push({
        section: `beyondIdentity.${s}`,
        reason: `depends on beyondIdentity.ssoConfig, which could not be read${why ? ` (${why})` : ''}`,
      });
  };

  const usersTask = (realmId: string | undefined) =>
    (async () => {
      if (!o.includeUsers) return;
      if (!realmId) {
        gaps.push({
          section: 'beyondIdentity.scimUsers',
          reason: 'the SCIM users are read from the realm of the Okta application, which could not be determined',
        });
        return;
      }
      try {
        bi.scimUsers = await readScimUsers(
          api,
          `/v1/tenants/${seg(o.tenantId)}/realms/${seg(realmId)}/scim/v2/Users`,
          o.lists,
        );
      } catch (e) {
        if (e instanceof SectionError) gap('scimUsers', e);
        else throw e;
      }
    })();

  // --- the realm and the sso-config
  let realmId = o.realmId;
  let found: Found | null | undefined;
  try {
    if (realmId) {
      found = await findOktaConfig(o, realmId);
    } else {
      const realms = (
        await listAll(api, 'beyondIdentity.ssoConfig', `/v1/tenants/${seg(o.tenantId)}/realms`, 'realms')
      ).filter((r): r is Obj => isObj(r) && typeof r.id === 'string');
      const hits: Array<{ realm: string; found: Found }> = [];
      for (const r of realms) {
        const f = await findOktaConfig(o, String(r.id));
        if (f) hits.push({ realm: String(r.id), found: f });
      }
      const registrationHost = (c: Obj) =>
        hostOf(isObj(c.payload) && isObj(c.payload.okta_registration) ? c.payload.okta_registration.domain : undefined);
      const pick = hits.find((h) => registrationHost(h.found.config) === o.orgHost.toLowerCase()) ?? hits[0];
      source.realmSearched = realms.map((r) => r.id);
      if (pick) {
        realmId = pick.realm;
        found = pick.found;
      } else {
        found = null;
      }
    }
  } catch (e) {
    if (!(e instanceof SectionError)) throw e;
    gap('ssoConfig', e);
    dependentGaps('');
    if (realmId) bi.realmId = realmId;
    await usersTask(realmId);
    return done();
  }
  if (realmId) bi.realmId = realmId;
  const users = usersTask(realmId);

  if (!found) {
    // no Okta application in the realm: the rules say so (bi/oidc-client-defined fails)
    bi.ssoConfig = null;
    bi.application = null;
    bi.groupAssociations = [];
    source.note = `no sso-config of type ${OKTA_TYPE} in ${realmId ? `realm ${realmId}` : `any realm of tenant ${o.tenantId}`}`;
    await users;
    return done();
  }

  const config = found.config;
  bi.ssoConfig = config;
  source.ssoConfigId = config.id;
  if (found.encoding) source.payloadEncoding = found.encoding;
  if (found.others.length) source.otherOktaSsoConfigs = found.others;
  const payload = isObj(config.payload) ? config.payload : {};
  const realmBase = `/v1/tenants/${seg(o.tenantId)}/realms/${seg(realmId!)}`;

  const appTask = (async () => {
    const appId = payload.application_id;
    if (typeof appId !== 'string' || appId === '') {
      bi.application = null;
      source.applicationNote = 'the sso-config names no application_id';
      return;
    }
    try {
      bi.application = await api.getObject('beyondIdentity.application', `${realmBase}/applications/${seg(appId)}`);
    } catch (e) {
      if (e instanceof SectionError) gap('application', e);
      else throw e;
    }
  })();
  const groupsTask = (async () => {
    try {
      // the spec gives this endpoint no page_size: none is sent, a next_page_token is followed
      bi.groupAssociations = await listAll(
        api,
        'beyondIdentity.groupAssociations',
        `${realmBase}/sso-configs/${seg(String(config.id))}:listGroupAssociations`,
        'groups',
        [],
        false,
      );
    } catch (e) {
      if (e instanceof SectionError) gap('groupAssociations', e);
      else throw e;
    }
  })();
  await Promise.all([appTask, groupsTask, users]);
  return done();
}
