import type { SnapshotDoc } from '../snapshot/load.js';
import type { Provisioning } from '../config/load.js';

/** A value read from the snapshot, and where it came from (shown as a comment in the file). */
interface Inferred {
  value: string;
  source: string;
}

/** What `init --from` learnt: values by dotted config key (okta.group), and notes for keys it could not fill. */
export interface Inference {
  values: Record<string, Inferred>;
  /** why a key kept the guide's value, or something the user should look at */
  notes: Record<string, string>;
}

type Obj = Record<string, unknown>;

/** Hosts of Beyond Identity's own services (Secure Workforce, Secure Access, FedRAMP). */
const BI_HOST = /(^|\.)(byndid\.com|beyondidentity\.com|beyondidentity-gov\.com)$/i;
/** Okta's own domains: a callback on one of these that is not the org is a mistake, not a custom domain. */
const OKTA_HOST = /(^|\.)(okta\.com|oktapreview\.com|okta-emea\.com|okta-gov\.com|okta\.mil|trexcloud\.com)$/i;
const CALLBACK_PATH = '/oauth2/v1/authorize/callback';

/**
 * Reads what an org has from a snapshot: the org URL, a custom domain if Beyond Identity's side names
 * one, the names of the group, apps, IdP, routing rule, API token, attribute and OIDC client the
 * integration actually uses, and the provisioning channel that is live. Only names and the mode are
 * inferred; settings the rules check (issuer, scopes, algorithms) keep the guide's values, or `init`
 * would write a misconfiguration down as the expectation and the audit would pass it.
 */
export function inferFromSnapshot(
  doc: SnapshotDoc,
  defaults: { okta: Record<string, string>; beyondIdentity: Record<string, string>; provisioning: Provisioning },
): Inference {
  const values: Record<string, Inferred> = {};
  const notes: Record<string, string> = {};
  const okta = doc.okta as Obj;
  const bi = (doc.beyondIdentity ?? undefined) as Obj | undefined;
  const gaps = new Map((doc.gaps ?? []).map((g) => [g.section, g.reason]));
  const section = (dotted: string): unknown[] | undefined => {
    const [top, key] = dotted.split('.');
    if (gaps.has(dotted) || gaps.has(top)) return undefined;
    const v = (top === 'okta' ? okta : bi)?.[key];
    return Array.isArray(v) ? v : undefined;
  };
  const missing = (dotted: string) =>
    gaps.has(dotted) ? `${dotted} could not be collected (${gaps.get(dotted)})` : `${dotted} is not in the snapshot`;
  const set = (key: string, value: string | undefined, source: string) => {
    if (value !== undefined && value !== '') values[key] = { value, source };
  };

  const orgUrl = String(okta.orgUrl).replace(/\/+$/, '');
  const orgHost = hostOf(orgUrl);
  set('okta.orgUrl', orgUrl, 'okta.orgUrl');

  const groups = section('okta.groups') as Obj[] | undefined;
  const apps = section('okta.apps') as Obj[] | undefined;
  const idps = section('okta.idps') as Obj[] | undefined;
  const policies = section('okta.idpDiscoveryPolicies') as Obj[] | undefined;
  const hooks = section('okta.eventHooks') as Obj[] | undefined;
  const tokens = section('okta.apiTokens') as Obj[] | undefined;
  const oidcClients = section('beyondIdentity.oidcClients') as Obj[] | undefined;
  const consoleSso = section('beyondIdentity.consoleSso') as Obj[] | undefined;
  const regExt =
    bi && !gaps.has('beyondIdentity') && !gaps.has('beyondIdentity.oktaRegistrationAttribute')
      ? (bi.oktaRegistrationAttribute as Obj | null | undefined)
      : undefined;
  const hookExt =
    bi && !gaps.has('beyondIdentity') && !gaps.has('beyondIdentity.oktaEventHook')
      ? (bi.oktaEventHook as Obj | null | undefined)
      : undefined;

  // ---- custom domain: a callback or issuer Beyond Identity was given on a host that is not the org's
  const domainVotes = new Map<string, number>();
  const vote = (host: string | undefined) => {
    if (!host || host === orgHost || host.includes('*') || OKTA_HOST.test(host) || BI_HOST.test(host)) return;
    if (!/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(host)) return;
    domainVotes.set(host, (domainVotes.get(host) ?? 0) + 1);
  };
  for (const c of oidcClients ?? [])
    for (const u of arr(get(c, 'redirect_uris')))
      if (typeof u === 'string' && pathOf(u) === CALLBACK_PATH) vote(hostOf(u));
  for (const c of consoleSso ?? []) if (typeof c.issuer === 'string') vote(hostOf(c.issuer));
  for (const ext of [regExt, hookExt])
    if (ext && typeof ext.okta_domain === 'string') vote(ext.okta_domain.toLowerCase());
  const domains = [...domainVotes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (domains.length) {
    set('okta.customDomain', domains[0][0], 'a callback or issuer Beyond Identity was given for this org');
    if (domains.length > 1)
      notes['okta.customDomain'] = `other hosts seen: ${domains
        .slice(1)
        .map((d) => d[0])
        .join(', ')}`;
  }

  // ---- the identity provider: the one whose issuer is Beyond Identity's, else by name
  let idp: Obj | undefined;
  if (idps) {
    const byIssuer = idps.filter((i) => BI_HOST.test(hostOf(str(get(i, 'protocol.issuer.url')) ?? '')));
    idp =
      preferActive(byIssuer) ??
      idps.find((i) => i.name === defaults.okta.idp) ??
      preferActive(idps.filter((i) => /beyond\s*identity|byndid/i.test(str(i.name) ?? '')));
    if (idp)
      set(
        'okta.idp',
        str(idp.name),
        byIssuer.includes(idp)
          ? 'the identity provider whose issuer is Beyond Identity’s'
          : 'an identity provider of that name',
      );
    else notes['okta.idp'] = 'no identity provider with Beyond Identity’s issuer or name was found';
    const issuer = str(get(idp, 'protocol.issuer.url'));
    if (issuer && issuer !== defaults.beyondIdentity.issuer)
      notes['beyondIdentity.issuer'] =
        `the identity provider names the issuer ${JSON.stringify(issuer)}; okta/idp-issuer ` +
        `will report it unless that is your tenant's issuer (then write it here)`;
  } else notes['okta.idp'] = missing('okta.idps');

  // ---- the routing rule: the discovery rule that sends users to that IdP
  if (policies) {
    const rules = policies.flatMap((p) => arr(p._rules) as Obj[]);
    const toIdp = idp
      ? rules.filter((r) => arr(get(r, 'actions.idp.providers')).some((p) => (p as Obj)?.id === idp!.id))
      : [];
    toIdp.sort(
      (a, b) => Number(a.status !== 'ACTIVE') - Number(b.status !== 'ACTIVE') || num(a.priority) - num(b.priority),
    );
    const rule =
      toIdp[0] ??
      rules.find((r) => r.name === defaults.okta.routingRule) ??
      rules.find((r) => /beyond\s*identity|byndid/i.test(str(r.name) ?? ''));
    if (rule)
      set(
        'okta.routingRule',
        str(rule.name),
        toIdp.includes(rule)
          ? 'the routing rule that sends users to that identity provider'
          : 'a routing rule of that name',
      );
    else notes['okta.routingRule'] = 'no routing rule sends users to the Beyond Identity identity provider';
    // The attribute that rule routes on is the registration attribute in use.
    const routedOn = rule ? str(get(rule, 'conditions.userIdentifier.attribute')) : undefined;
    inferAttribute(routedOn);
  } else {
    notes['okta.routingRule'] = missing('okta.idpDiscoveryPolicies');
    inferAttribute(undefined);
  }

  function inferAttribute(routedOn: string | undefined): void {
    const schema = gaps.has('okta.userSchema') ? undefined : (okta.userSchema as Obj | undefined);
    const custom = (get(schema, 'definitions.custom.properties') ?? {}) as Record<string, Obj>;
    const booleans = Object.keys(custom).filter((k) => custom[k]?.type === 'boolean');
    const fromBi = str(regExt?.okta_registration_attribute_name);
    const candidates: [string | undefined, string][] = [
      [fromBi, 'the attribute Beyond Identity’s Registration Attribute extension writes'],
      [routedOn, 'the attribute the routing rule matches on'],
      [defaults.okta.registrationAttribute, 'a boolean attribute of that name'],
      [
        booleans.find((k) => /byndid|beyond/i.test(k) || /beyond identity/i.test(str(custom[k]?.title) ?? '')),
        'a boolean attribute named for Beyond Identity',
      ],
    ];
    const hit = candidates.find(([name]) => name && (schema ? booleans.includes(name) : true));
    if (hit?.[0] && schema) set('okta.registrationAttribute', hit[0], hit[1]);
    else
      notes['okta.registrationAttribute'] = schema
        ? 'no boolean custom attribute for Beyond Identity was found on the user profile'
        : missing('okta.userSchema');
  }

  // ---- the two catalog apps: by label, else by what they do
  let userPortal: Obj | undefined;
  if (apps) {
    const biApps = apps.filter((a) =>
      arr(get(a, 'settings.oauthClient.redirect_uris')).some((u) => typeof u === 'string' && BI_HOST.test(hostOf(u))),
    );
    const ssoClientIds = new Set((consoleSso ?? []).map((c) => str(c.client_id)).filter(Boolean));
    const pushes = (a: Obj) => arr(a.features).includes('PUSH_NEW_USERS');
    const admin =
      apps.find((a) => a.label === defaults.okta.adminPortalApp) ??
      preferActive(
        apps.filter(
          (a) => ssoClientIds.has(str(a.id)) || ssoClientIds.has(str(get(a, 'credentials.oauthClient.client_id'))),
        ),
      ) ??
      preferActive(
        apps.filter((a) => /beyond\s*identity/i.test(str(a.label) ?? '') && /admin/i.test(str(a.label) ?? '')),
      );
    userPortal =
      apps.find((a) => a.label === defaults.okta.userPortalApp) ??
      preferActive(biApps.filter((a) => a !== admin && pushes(a))) ??
      preferActive(biApps.filter((a) => a !== admin)) ??
      preferActive(
        apps.filter(
          (a) =>
            a !== admin && /beyond\s*identity/i.test(str(a.label) ?? '') && /user|portal/i.test(str(a.label) ?? ''),
        ),
      );
    if (admin)
      set(
        'okta.adminPortalApp',
        str(admin.label),
        admin.label === defaults.okta.adminPortalApp
          ? 'an app of that label'
          : 'the app Beyond Identity’s console sign-in uses',
      );
    else notes['okta.adminPortalApp'] = 'no Admin Portal app was found';
    if (userPortal)
      set(
        'okta.userPortalApp',
        str(userPortal.label),
        userPortal.label === defaults.okta.userPortalApp
          ? 'an app of that label'
          : pushes(userPortal)
            ? 'the Beyond Identity app that provisions users'
            : 'the other app that signs in to Beyond Identity',
      );
    else notes['okta.userPortalApp'] = 'no User Portal app was found';
  } else {
    notes['okta.adminPortalApp'] = notes['okta.userPortalApp'] = missing('okta.apps');
  }

  // ---- the group: the one pushed to (or assigned to) the User Portal app, else the one Beyond Identity listens to, else by name
  if (groups) {
    const byId = (id: unknown) => groups.find((g) => g.id === id);
    const nameOf = (g: Obj | undefined) => str(get(g, 'profile.name'));
    const pushed = arr(userPortal?._groupPushMappings)
      .map((m) => byId((m as Obj)?.sourceGroupId))
      .find(Boolean);
    const assigned = arr(userPortal?._assignedGroups)
      .map((a) => byId((a as Obj)?.id))
      .filter((g) => g && g.type !== 'BUILT_IN');
    const listened = groups.find((g) => nameOf(g) === str(hookExt?.okta_group_name));
    const choice: [Obj | undefined, string][] = [
      [pushed, 'the group pushed to the User Portal app'],
      [assigned.length === 1 ? assigned[0] : undefined, 'the group assigned to the User Portal app'],
      [listened, 'the group Beyond Identity’s event-hook extension listens to'],
      [groups.find((g) => nameOf(g) === defaults.okta.group), 'a group of that name'],
      [groups.find((g) => /beyond\s*identity|byndid/i.test(nameOf(g) ?? '')), 'a group named for Beyond Identity'],
    ];
    const hit = choice.find(([g]) => g);
    if (hit) set('okta.group', nameOf(hit[0]), hit[1]);
    else notes['okta.group'] = 'no Beyond Identity group was found';
  } else notes['okta.group'] = missing('okta.groups');

  // ---- the API token Beyond Identity was given (guides name it "Beyond Identity" or "Beyond Identity API Token")
  if (tokens) {
    const token =
      tokens.find((t) => t.name === defaults.okta.apiToken) ??
      tokens.find((t) => /^beyond identity/i.test(str(t.name) ?? '')) ??
      tokens.find((t) => /beyond|byndid/i.test(str(t.name) ?? ''));
    if (token) set('okta.apiToken', str(token.name), 'an API token named for Beyond Identity');
    else notes['okta.apiToken'] = 'no API token named for Beyond Identity was found';
  } else notes['okta.apiToken'] = missing('okta.apiTokens');

  // ---- the OIDC client on the Beyond Identity side: the one the IdP's client id belongs to
  if (oidcClients) {
    const clientId = str(get(idp, 'protocol.credentials.client.client_id'));
    const client =
      oidcClients.find((c) => clientId && c.client_id === clientId) ??
      oidcClients.find((c) => c.name === defaults.beyondIdentity.oidcClient) ??
      (oidcClients.length === 1 ? oidcClients[0] : undefined);
    if (client)
      set(
        'beyondIdentity.oidcClient',
        str(client.name),
        client.client_id === clientId
          ? 'the OIDC client whose client id the identity provider uses'
          : 'an OIDC client of that name',
      );
    else notes['beyondIdentity.oidcClient'] = 'no OIDC client matches the identity provider’s client id';
  } else if (bi) notes['beyondIdentity.oidcClient'] = missing('beyondIdentity.oidcClients');

  const platform = str(bi?.platform);
  if (platform) set('beyondIdentity.platform', platform, 'beyondIdentity.platform');

  // ---- provisioning: what is live (the definitions of link/provisioning-exclusive)
  const liveHooks = (hooks ?? []).filter(
    (h) =>
      h.status === 'ACTIVE' &&
      h.verificationStatus === 'VERIFIED' &&
      isBiHook(str(get(h, 'channel.config.uri')), defaults.okta.eventHookUri),
  );
  const scimLive = Boolean(
    userPortal && userPortal.status === 'ACTIVE' && arr(userPortal.features).includes('PUSH_NEW_USERS'),
  );
  const hookLive = liveHooks.length > 0;
  const hookUri = str(get(liveHooks[0], 'channel.config.uri'));
  if (hookLive && hookUri) set('okta.eventHookUri', hookUri, 'the live event hook to Beyond Identity');
  if (!apps || !hooks) {
    notes.provisioning = `${missing(!apps ? 'okta.apps' : 'okta.eventHooks')}, so the live channel is unknown`;
  } else if (scimLive && hookLive) {
    notes.provisioning =
      'both SCIM provisioning and the event hook are live; link/provisioning-exclusive will report it until one is turned off';
  } else if (scimLive) {
    set('provisioning', 'scim', 'the User Portal app is ACTIVE and pushes new users (SCIM)');
  } else if (hookLive) {
    set(
      'provisioning',
      'event-hook',
      `the event hook ${JSON.stringify(str(liveHooks[0].name) ?? '')} is ACTIVE and VERIFIED`,
    );
  } else {
    notes.provisioning = 'neither SCIM provisioning nor the event hook is live yet';
  }
  return { values, notes };
}

function isBiHook(uri: string | undefined, guideUri: string): boolean {
  if (!uri) return false;
  return uri === guideUri || (BI_HOST.test(hostOf(uri)) && /\/okta_events\/?$/.test(pathOf(uri)));
}

function preferActive(list: Obj[]): Obj | undefined {
  return list.find((x) => x.status === 'ACTIVE') ?? list[0];
}

function get(obj: unknown, dotted: string): unknown {
  let cur: unknown = obj;
  for (const k of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, k)) return undefined;
    cur = (cur as Obj)[k];
  }
  return cur;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number.MAX_SAFE_INTEGER;
}

function hostOf(url: string): string {
  try {
    return new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`).host.toLowerCase();
  } catch {
    return '';
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
