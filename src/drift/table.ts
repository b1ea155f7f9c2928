import type { Expectations } from '../config/expectations.js';
import type { Level } from '../util/levels.js';
import { getDotted, getOwn, stringOf } from '../util/pointer.js';
import type { ChangeKind, DriftResource } from './types.js';

/**
 * The drift resource types and the level table (docs/drift.md, "Levels"). Each type says which
 * snapshot section holds it, when one of its resources is part of the integration, and which of its
 * fields the rules check. The level of a change follows from that:
 *
 * - a change to a field the rules check, on an integration resource (or on any resource, for the
 *   fields listed under `checkedEverywhere`): error;
 * - any other change to an integration resource: warning;
 * - everything else: note.
 *
 * Adding or removing a resource takes the level in `addRemove` (integration resource, other).
 * Drift ids are `drift/<type>-changed`, `drift/<type>-added` and `drift/<type>-removed`: a public
 * contract, like rule ids. Add a type here, never rename one.
 */
export interface TypeSpec {
  type: string;
  /** how a resource of this type is named in messages */
  noun: string;
  /** the dotted snapshot section it lives in */
  section: string;
  /** in words, for the documentation: when a resource of this type belongs to the integration */
  integrationText: string;
  /** field paths the rules check ('*' = every field); a path covers everything beneath it */
  checked: string[];
  /** field paths checked on every resource of the type, integration or not */
  checkedEverywhere?: string[];
  /** the level of a change to another field of a resource outside the integration (default note) */
  otherLevel?: Level;
  /** the level of an addition or removal: [integration resource, other resource] */
  addRemove: [Level, Level];
}

export const TYPES: readonly TypeSpec[] = [
  {
    type: 'user-schema',
    noun: 'user schema',
    section: 'okta.userSchema',
    integrationText: 'never (its custom attributes are user-attribute resources)',
    checked: [],
    addRemove: ['note', 'note'],
  },
  {
    type: 'user-attribute',
    noun: 'custom user attribute',
    section: 'okta.userSchema',
    integrationText: 'its variable name is okta.registrationAttribute',
    checked: ['*'],
    addRemove: ['error', 'note'],
  },
  {
    type: 'group',
    noun: 'group',
    section: 'okta.groups',
    integrationText: 'its profile.name is okta.group',
    checked: ['profile.name', 'type'],
    addRemove: ['error', 'note'],
  },
  {
    type: 'app',
    noun: 'app',
    section: 'okta.apps',
    integrationText: 'its label is okta.adminPortalApp or okta.userPortalApp',
    checked: ['label', 'status', 'features'],
    addRemove: ['error', 'note'],
  },
  {
    type: 'app-group-assignment',
    noun: 'group assignment',
    section: 'okta.apps',
    integrationText: 'its app is an integration app',
    checked: [],
    addRemove: ['error', 'note'],
  },
  {
    type: 'app-user-assignment',
    noun: 'user assignment',
    section: 'okta.apps',
    integrationText: 'its app is an integration app',
    checked: [],
    addRemove: ['error', 'note'],
  },
  {
    type: 'group-push-mapping',
    noun: 'group push mapping',
    section: 'okta.apps',
    integrationText: 'its app is an integration app',
    checked: ['status', 'sourceGroupId', 'targetGroupId'],
    addRemove: ['error', 'note'],
  },
  {
    type: 'idp',
    noun: 'identity provider',
    section: 'okta.idps',
    integrationText: 'its name is okta.idp',
    checked: ['name', 'type', 'status', 'protocol', 'policy'],
    addRemove: ['error', 'note'],
  },
  {
    type: 'idp-discovery-policy',
    noun: 'IdP discovery policy',
    section: 'okta.idpDiscoveryPolicies',
    integrationText: 'always (it holds the routing rule)',
    checked: ['status'],
    addRemove: ['error', 'error'],
  },
  {
    type: 'routing-rule',
    noun: 'routing rule',
    section: 'okta.idpDiscoveryPolicies',
    integrationText:
      'its name is okta.routingRule, or it routes to the integration IdP; every other rule of the policy is ' +
      'compared too, since its priority and status decide whether the integration rule is evaluated first',
    checked: ['*'],
    checkedEverywhere: ['priority', 'status'],
    otherLevel: 'warning',
    addRemove: ['error', 'warning'],
  },
  {
    type: 'event-hook',
    noun: 'event hook',
    section: 'okta.eventHooks',
    integrationText: 'its channel.config.uri is okta.eventHookUri',
    checked: ['name', 'status', 'verificationStatus', 'channel', 'events'],
    addRemove: ['error', 'note'],
  },
  {
    type: 'api-token',
    noun: 'API token',
    section: 'okta.apiTokens',
    integrationText: 'its name is okta.apiToken',
    checked: ['name', 'expiresAt'],
    addRemove: ['error', 'note'],
  },
  {
    type: 'user',
    noun: 'user',
    section: 'okta.users',
    integrationText: 'never (users change every day; their registration is audited by the users/ rules)',
    checked: [],
    addRemove: ['note', 'note'],
  },
  {
    type: 'group-membership',
    noun: 'group membership',
    section: 'okta.groupMembers',
    integrationText: 'its group is the integration group',
    checked: [],
    addRemove: ['warning', 'note'],
  },
  {
    type: 'oidc-client',
    noun: 'OIDC client',
    section: 'beyondIdentity.oidcClients',
    integrationText: 'its name is beyondIdentity.oidcClient',
    checked: ['name', 'client_id', 'redirect_uris', 'id_token_signed_response_alg', 'token_endpoint_auth_method'],
    addRemove: ['error', 'note'],
  },
  {
    type: 'console-sso',
    noun: 'console SSO configuration',
    section: 'beyondIdentity.consoleSso',
    integrationText: 'always',
    checked: ['console_type', 'issuer', 'client_id', 'token_field', 'token_field_lookup'],
    addRemove: ['error', 'error'],
  },
  {
    type: 'registration-extension',
    noun: 'Okta Registration Attribute extension',
    section: 'beyondIdentity.oktaRegistrationAttribute',
    integrationText: 'always',
    checked: ['okta_domain', 'okta_registration_attribute_name', 'enabled'],
    addRemove: ['error', 'error'],
  },
  {
    type: 'event-hook-extension',
    noun: 'Okta event-hook extension',
    section: 'beyondIdentity.oktaEventHook',
    integrationText: 'always',
    checked: ['okta_domain', 'okta_group_name', 'enabled'],
    addRemove: ['error', 'error'],
  },
  {
    type: 'scim-user',
    noun: 'SCIM user',
    section: 'beyondIdentity.scimUsers',
    integrationText: 'never',
    checked: [],
    addRemove: ['note', 'note'],
  },
  {
    type: 'sso-config',
    noun: 'Beyond Identity SSO configuration',
    section: 'beyondIdentity.ssoConfig',
    integrationText: 'always (secure-access)',
    checked: [],
    addRemove: ['warning', 'warning'],
  },
  {
    type: 'bi-application',
    noun: 'Beyond Identity application',
    section: 'beyondIdentity.application',
    integrationText: 'always (secure-access)',
    checked: [],
    addRemove: ['warning', 'warning'],
  },
  {
    type: 'group-association',
    noun: 'Beyond Identity group association',
    section: 'beyondIdentity.groupAssociations',
    integrationText: 'always (secure-access)',
    checked: [],
    addRemove: ['warning', 'warning'],
  },
];

export const TYPE_NAMES: readonly string[] = TYPES.map((t) => t.type);
const byType = new Map(TYPES.map((t) => [t.type, t]));

export function typeSpec(type: string): TypeSpec {
  const t = byType.get(type);
  if (!t) throw new Error(`unknown drift resource type ${type}`);
  return t;
}

/** The sections drift compares, in report order, with the types each one holds. */
export const SECTION_TYPES: readonly { section: string; types: string[] }[] = (() => {
  const out: { section: string; types: string[] }[] = [];
  for (const t of TYPES) {
    const s = out.find((x) => x.section === t.section);
    if (s) s.types.push(t.type);
    else out.push({ section: t.section, types: [t.type] });
  }
  return out;
})();

export function driftId(type: string, kind: ChangeKind): string {
  return `drift/${type}-${kind}`;
}

/** Every drift id, for suppressions and the documentation. */
export const DRIFT_IDS: readonly string[] = TYPES.flatMap((t) =>
  (['changed', 'added', 'removed'] as const).map((k) => driftId(t.type, k)),
);

/** The ids of the integration's own resources in one snapshot, which other resources refer to. */
export interface IntegrationIds {
  idps: Set<string>;
  groups: Set<string>;
  apps: Set<string>;
}

/**
 * Whether a resource belongs to the integration, judged in the snapshot it comes from. A change is
 * judged on both sides: a rule renamed away from okta.routingRule is still the integration's rule.
 */
export function isIntegration(r: DriftResource, exp: Expectations, ids: IntegrationIds): boolean {
  const v = r.value;
  const e = exp.okta;
  switch (r.type) {
    case 'user-attribute':
      return r.key === e.registrationAttribute;
    case 'group':
      return stringOf(getDotted(v, 'profile.name')) === e.group;
    case 'app': {
      const label = stringOf(getOwn(v, 'label'));
      return label !== undefined && (label === e.adminPortalApp || label === e.userPortalApp);
    }
    case 'app-group-assignment':
    case 'app-user-assignment':
    case 'group-push-mapping':
      return r.parent !== undefined && r.parent.id !== undefined && ids.apps.has(r.parent.id);
    case 'idp':
      return stringOf(getOwn(v, 'name')) === e.idp;
    case 'idp-discovery-policy':
      return true;
    case 'routing-rule': {
      if (stringOf(getOwn(v, 'name')) === e.routingRule) return true;
      const providers = getDotted(v, 'actions.idp.providers');
      return Array.isArray(providers) && providers.some((p) => ids.idps.has(stringOf(getOwn(p, 'id')) ?? '\0'));
    }
    case 'event-hook':
      return stringOf(getDotted(v, 'channel.config.uri')) === e.eventHookUri;
    case 'api-token':
      return stringOf(getOwn(v, 'name')) === e.apiToken;
    case 'group-membership':
      return r.id !== undefined && ids.groups.has(r.id);
    case 'oidc-client':
      return stringOf(getOwn(v, 'name')) === exp.beyondIdentity.oidcClient;
    case 'console-sso':
    case 'registration-extension':
    case 'event-hook-extension':
    case 'sso-config':
    case 'bi-application':
    case 'group-association':
      return true;
    default:
      return false;
  }
}

/** Does a field path (key segments) lie under one of the listed paths? */
function underAny(keys: readonly string[], paths: readonly string[]): boolean {
  return paths.some((p) => {
    if (p === '*') return true;
    const segs = p.split('.');
    return segs.length <= keys.length && segs.every((s, i) => s === keys[i]);
  });
}

/** The level of a field change, and the row of the table it came from. */
export function fieldLevel(
  type: string,
  keys: readonly string[],
  integration: boolean,
  before: unknown,
  after: unknown,
): { level: Level; reason: string } {
  const t = typeSpec(type);
  const path = keys.join('.');
  if (integration && underAny(keys, t.checked))
    return { level: 'error', reason: `the rules check ${path} of the integration's ${t.noun}` };
  if (t.checkedEverywhere && underAny(keys, t.checkedEverywhere))
    return { level: 'error', reason: `the rules check ${path} of every ${t.noun}` };
  // Profile sourcing on any app decides what okta/registration-attribute-okta-sourced requires.
  if (type === 'app' && keys[0] === 'features' && hasProfileMastering(before) !== hasProfileMastering(after)) {
    return {
      level: 'error',
      reason: 'PROFILE_MASTERING on any app decides whether the registration attribute must be Okta-sourced',
    };
  }
  if (integration) return { level: 'warning', reason: `a change to the integration's ${t.noun}` };
  if (t.otherLevel) return { level: t.otherLevel, reason: `a change to a ${t.noun} the integration depends on` };
  return { level: 'note', reason: `a ${t.noun} outside the integration` };
}

export function addRemoveLevel(type: string, integration: boolean): { level: Level; reason: string } {
  const t = typeSpec(type);
  const level = t.addRemove[integration ? 0 : 1];
  return { level, reason: integration ? `the integration's ${t.noun}` : `a ${t.noun} outside the integration` };
}

function hasProfileMastering(v: unknown): boolean {
  return Array.isArray(v) && v.includes('PROFILE_MASTERING');
}

/** The level table as docs/drift.md shows it, one row per type (a test keeps the page in step). */
export function levelTableRows(): string[] {
  const code = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(', ');
  return TYPES.map((t) => {
    let checked = t.checked.length === 0 ? 'none' : t.checked[0] === '*' ? 'every field' : code(t.checked);
    if (t.checkedEverywhere) checked += `; on every ${t.noun}: ${code(t.checkedEverywhere)}`;
    return `| \`${t.type}\` | \`${t.section}\` | ${t.integrationText} | ${checked} | ${t.otherLevel ?? 'note'} | ${t.addRemove[0]} / ${t.addRemove[1]} |`;
  });
}
