import type { SnapshotDoc } from '../snapshot/load.js';
import { escapeSegment, getOwn, joinPointer } from '../util/pointer.js';
import { getPath, str } from './table.js';
import type { DriftResource } from './types.js';

/** Keys of sub-resources the collector attached; they are resources of their own, not fields. */
const APP_SUBRESOURCES = ['_assignedGroups', '_assignedUsers', '_groupPushMappings'];

/**
 * The resources of one snapshot, by drift type, each with its identity (API id, else name), its
 * logical location (named as rule findings name it) and its pointer. Only sections present in the
 * snapshot yield resources; the caller decides which sections are comparable.
 */
export function resourcesOf(doc: SnapshotDoc): Map<string, DriftResource[]> {
  const out = new Map<string, DriftResource[]>();
  const add = (r: DriftResource) => {
    const list = out.get(r.type);
    if (list) list.push(r);
    else out.set(r.type, [r]);
  };
  const okta = doc.okta as Record<string, unknown>;
  const bi = (doc.beyondIdentity ?? {}) as Record<string, unknown>;

  // ---- Okta ----
  const schema = getOwn(okta, 'userSchema');
  if (isObject(schema)) {
    const props = getPath(schema, 'definitions.custom.properties');
    add({ type: 'user-schema', key: 'default', name: 'default', logical: 'okta/meta/schemas/user/default', pointer: '/okta/userSchema', value: withoutCustomProperties(schema) });
    if (isObject(props)) {
      for (const name of Object.keys(props)) {
        add({
          type: 'user-attribute',
          key: name,
          name,
          logical: `okta/meta/schemas/user/default#/definitions/custom/properties/${name}`,
          pointer: joinPointer('/okta/userSchema/definitions/custom/properties', name),
          value: props[name],
        });
      }
    }
  }

  const groupNames = new Map<string, string>();
  eachItem(getOwn(okta, 'groups'), '/okta/groups', (g, ptr) => {
    const r = item('group', g, ptr, 'okta/groups', 'id', 'profile.name');
    if (r.id && r.name) groupNames.set(r.id, r.name);
    add(r);
  });

  eachItem(getOwn(okta, 'apps'), '/okta/apps', (a, ptr) => {
    const app = item('app', omit(a, APP_SUBRESOURCES), ptr, 'okta/apps', 'id', 'label');
    add(app);
    eachItem(getOwn(a, '_assignedGroups'), `${ptr.pointer}/_assignedGroups`, (g, p) => {
      const r = item('app-group-assignment', g, p, `${app.logical}/groups`, 'id', undefined, app);
      r.name = r.id ? groupNames.get(r.id) : undefined;
      add(r);
    });
    eachItem(getOwn(a, '_assignedUsers'), `${ptr.pointer}/_assignedUsers`, (u, p) => add(item('app-user-assignment', u, p, `${app.logical}/users`, 'id', 'credentials.userName', app)));
    eachItem(getOwn(a, '_groupPushMappings'), `${ptr.pointer}/_groupPushMappings`, (m, p) => {
      const r = item('group-push-mapping', m, p, `${app.logical}/group-push/mappings`, 'id', undefined, app);
      const source = str(getOwn(m, 'sourceGroupId'));
      if (source && groupNames.has(source)) r.name = groupNames.get(source);
      add(r);
    });
  });

  eachItem(getOwn(okta, 'idps'), '/okta/idps', (i, ptr) => add(item('idp', i, ptr, 'okta/idps', 'id', 'name')));
  eachItem(getOwn(okta, 'idpDiscoveryPolicies'), '/okta/idpDiscoveryPolicies', (p, ptr) => {
    const policy = item('idp-discovery-policy', omit(p, ['_rules']), ptr, 'okta/policies', 'id', 'name');
    add(policy);
    eachItem(getOwn(p, '_rules'), `${ptr.pointer}/_rules`, (r, rp) => add(item('routing-rule', r, rp, `${policy.logical}/rules`, 'id', 'name', policy)));
  });
  eachItem(getOwn(okta, 'eventHooks'), '/okta/eventHooks', (h, ptr) => add(item('event-hook', h, ptr, 'okta/eventHooks', 'id', 'name')));
  eachItem(getOwn(okta, 'apiTokens'), '/okta/apiTokens', (t, ptr) => add(item('api-token', t, ptr, 'okta/api-tokens', 'id', 'name')));
  eachItem(getOwn(okta, 'users'), '/okta/users', (u, ptr) => add(item('user', u, ptr, 'okta/users', 'id', 'profile.login')));
  const members = getOwn(okta, 'groupMembers');
  if (isObject(members)) {
    for (const gid of Object.keys(members)) {
      add({
        type: 'group-membership',
        key: gid,
        id: gid,
        name: groupNames.get(gid),
        logical: `okta/groups/${gid}/users`,
        pointer: joinPointer('/okta/groupMembers', gid),
        value: { members: members[gid] },
      });
    }
  }

  // ---- Beyond Identity: object id, falling back to name ----
  eachItem(getOwn(bi, 'oidcClients'), '/beyondIdentity/oidcClients', (c, ptr) => add(item('oidc-client', c, ptr, 'beyondIdentity/oidc-clients', 'id', 'name')));
  // Both console SSO configurations of a tenant are usually named alike; the console type tells them apart.
  eachItem(getOwn(bi, 'consoleSso'), '/beyondIdentity/consoleSso', (c, ptr) => add(item('console-sso', c, ptr, 'beyondIdentity/console-sso', 'id', 'console_type')));
  singleton(add, bi, 'oktaRegistrationAttribute', 'registration-extension', 'beyondIdentity/extensions/okta-registration-attribute');
  singleton(add, bi, 'oktaEventHook', 'event-hook-extension', 'beyondIdentity/extensions/okta-event-hook');
  eachItem(getOwn(bi, 'scimUsers'), '/beyondIdentity/scimUsers', (u, ptr) => add(item('scim-user', u, ptr, 'beyondIdentity/scim/Users', 'id', 'userName')));
  singleton(add, bi, 'ssoConfig', 'sso-config', 'beyondIdentity/sso-config');
  singleton(add, bi, 'application', 'bi-application', 'beyondIdentity/application');
  eachItem(getOwn(bi, 'groupAssociations'), '/beyondIdentity/groupAssociations', (g, ptr) => add(item('group-association', g, ptr, 'beyondIdentity/group-associations', 'id', 'name')));
  return out;
}

/**
 * An element of a list section. Its logical location and pointer are strings built on demand: a
 * snapshot may hold hundreds of thousands of users, and only changed resources are ever named.
 */
class ListItem implements DriftResource {
  readonly key: string;
  readonly id?: string;
  name?: string;
  constructor(
    readonly type: string,
    readonly value: unknown,
    private readonly listPointer: string,
    private readonly index: number,
    private readonly logicalPrefix: string,
    idField: string,
    nameField: string | undefined,
    readonly parent?: DriftResource,
  ) {
    this.id = str(getOwn(value, idField));
    this.name = nameField ? str(nameField.includes('.') ? getPath(value, nameField) : getOwn(value, nameField)) : undefined;
    // An object with neither id nor name is keyed by its position: the one case where nothing better exists.
    this.key = this.id ?? this.name ?? `#${index}`;
  }
  get logical(): string {
    return `${this.logicalPrefix}/${this.key}`;
  }
  get pointer(): string {
    return `${this.listPointer}/${this.index}`;
  }
}

function item(type: string, v: unknown, at: { list: string; index: number }, logicalPrefix: string, idField: string, nameField: string | undefined, parent?: DriftResource): DriftResource {
  return new ListItem(type, v, at.list, at.index, logicalPrefix, idField, nameField, parent);
}

function singleton(add: (r: DriftResource) => void, bi: Record<string, unknown>, field: string, type: string, logical: string): void {
  const v = getOwn(bi, field);
  if (v === null || v === undefined) return;
  add({ type, key: field, id: str(getOwn(v, 'id')), name: str(getOwn(v, 'name')), logical, pointer: `/beyondIdentity/${escapeSegment(field)}`, value: v });
}

/** Where a list element is; its pointer is built only when asked for. */
class At {
  constructor(readonly list: string, readonly index: number) {}
  get pointer(): string {
    return `${this.list}/${this.index}`;
  }
}

function eachItem(list: unknown, pointer: string, fn: (v: unknown, at: At) => void): void {
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (isObject(v)) fn(v, new At(pointer, i));
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A shallow copy without the given keys (the collector's sub-resources). */
function omit(v: unknown, keys: readonly string[]): unknown {
  if (!isObject(v) || !keys.some((k) => Object.prototype.hasOwnProperty.call(v, k))) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) if (!keys.includes(k)) defineOwn(out, k, v[k]);
  return out;
}

function withoutCustomProperties(schema: Record<string, unknown>): unknown {
  const defs = getOwn(schema, 'definitions');
  const custom = getOwn(defs, 'custom');
  if (!isObject(defs) || !isObject(custom) || !Object.prototype.hasOwnProperty.call(custom, 'properties')) return schema;
  const c = omit(custom, ['properties']);
  const d: Record<string, unknown> = {};
  for (const k of Object.keys(defs)) defineOwn(d, k, k === 'custom' ? c : defs[k]);
  const s: Record<string, unknown> = {};
  for (const k of Object.keys(schema)) defineOwn(s, k, k === 'definitions' ? d : schema[k]);
  return s;
}

/** Assignment that treats `__proto__` as data, as JSON.parse does. */
function defineOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}
