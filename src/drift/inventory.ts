import type { SnapshotDoc } from '../snapshot/load.js';
import { sectionInfo } from '../snapshot/section-info.js';
import { escapeSegment, getDotted, getOwn, joinPointer, stringOf } from '../util/pointer.js';
import type { DriftResource } from './types.js';

/** Keys of sub-resources the collector attached; they are resources of their own, not fields. */
const APP_SUBRESOURCES = ['_assignedGroups', '_assignedUsers', '_groupPushMappings'];

/**
 * The resources of one snapshot by drift type: a list of resources, or for the sections that make
 * most of a large snapshot (users, SCIM users) a LazyList over the snapshot's own array.
 */
export type Resources = Map<string, DriftResource[] | LazyList>;

/**
 * A list section kept as the snapshot's own array, its resources made only when asked for: two
 * snapshots of a large org hold hundreds of thousands of users, nearly all of them unchanged, and
 * compare.ts passes over those without making a resource for either side.
 */
export class LazyList {
  constructor(
    readonly type: string,
    /** the section's array; elements that are not objects are not resources */
    readonly values: readonly unknown[],
    readonly listPointer: string,
    readonly logicalPrefix: string,
    readonly idField: string,
    readonly nameField: string,
  ) {}

  /** Is element i a resource (an object)? */
  has(i: number): boolean {
    return isObject(this.values[i]);
  }

  /** The identity of element i, as its resource's `id` would be, without making the resource. */
  idAt(i: number): string | undefined {
    return stringOf(getOwn(this.values[i], this.idField));
  }

  /** The resource of element i (an object). */
  at(i: number): DriftResource {
    return new ListItem(
      this.type,
      this.values[i],
      this.listPointer,
      i,
      this.logicalPrefix,
      this.idField,
      this.nameField,
    );
  }

  /** How many resources: the elements that are objects. */
  count(): number {
    let n = 0;
    for (let i = 0; i < this.values.length; i++) if (isObject(this.values[i])) n++;
    return n;
  }

  /** Every resource, in list order. */
  all(): DriftResource[] {
    const out: DriftResource[] = [];
    for (let i = 0; i < this.values.length; i++) if (isObject(this.values[i])) out.push(this.at(i));
    return out;
  }
}

/** The resources of one type, made if need be. */
export function listOf(res: Resources, type: string): DriftResource[] {
  const l = res.get(type);
  return l === undefined ? [] : l instanceof LazyList ? l.all() : l;
}

/** The values of the resources of one type, without making resources of a lazy list. */
export function valuesOf(res: Resources, type: string): unknown[] {
  const l = res.get(type);
  if (l === undefined) return [];
  if (l instanceof LazyList) return l.values.filter(isObject);
  return l.map((r) => r.value);
}

/**
 * The resources of one snapshot, by drift type, each with its identity (API id, else name), its
 * logical location (named as rule findings name it) and its pointer. Only sections present in the
 * snapshot yield resources; the caller decides which sections are comparable.
 */
export function resourcesOf(doc: SnapshotDoc): Resources {
  const out: Resources = new Map();
  const add = (r: DriftResource) => {
    const list = out.get(r.type) as DriftResource[] | undefined;
    if (list) list.push(r);
    else out.set(r.type, [r]);
  };
  const okta = doc.okta as Record<string, unknown>;
  const bi = (doc.beyondIdentity ?? {}) as Record<string, unknown>;

  // ---- Okta ----
  const schema = getOwn(okta, 'userSchema');
  if (isObject(schema)) {
    const props = getDotted(schema, 'definitions.custom.properties');
    add({
      type: 'user-schema',
      key: 'default',
      name: 'default',
      logical: 'okta/meta/schemas/user/default',
      pointer: '/okta/userSchema',
      value: withoutCustomProperties(schema),
    });
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

  const groups = naming('okta.groups');
  const apps = naming('okta.apps');
  const policies = naming('okta.idpDiscoveryPolicies');
  const groupNames = new Map<string, string>();
  eachItem(getOwn(okta, 'groups'), '/okta/groups', (g, ptr) => {
    const r = item('group', g, ptr, groups.logical, groups.idField, groups.nameField);
    if (r.id && r.name) groupNames.set(r.id, r.name);
    add(r);
  });

  eachItem(getOwn(okta, 'apps'), '/okta/apps', (a, ptr) => {
    const app = item('app', omit(a, APP_SUBRESOURCES), ptr, apps.logical, apps.idField, apps.nameField);
    add(app);
    eachItem(getOwn(a, '_assignedGroups'), `${ptr.pointer}/_assignedGroups`, (g, p) => {
      const r = item('app-group-assignment', g, p, `${app.logical}/groups`, 'id', undefined, app);
      r.name = r.id ? groupNames.get(r.id) : undefined;
      add(r);
    });
    eachItem(getOwn(a, '_assignedUsers'), `${ptr.pointer}/_assignedUsers`, (u, p) =>
      add(item('app-user-assignment', u, p, `${app.logical}/users`, 'id', 'credentials.userName', app)),
    );
    eachItem(getOwn(a, '_groupPushMappings'), `${ptr.pointer}/_groupPushMappings`, (m, p) => {
      const r = item('group-push-mapping', m, p, `${app.logical}/group-push/mappings`, 'id', undefined, app);
      const source = stringOf(getOwn(m, 'sourceGroupId'));
      if (source && groupNames.has(source)) r.name = groupNames.get(source);
      add(r);
    });
  });

  plain(out, 'idp', doc, naming('okta.idps'));
  eachItem(getOwn(okta, 'idpDiscoveryPolicies'), '/okta/idpDiscoveryPolicies', (p, ptr) => {
    const policy = item(
      'idp-discovery-policy',
      omit(p, ['_rules']),
      ptr,
      policies.logical,
      policies.idField,
      policies.nameField,
    );
    add(policy);
    eachItem(getOwn(p, '_rules'), `${ptr.pointer}/_rules`, (r, rp) =>
      add(item('routing-rule', r, rp, `${policy.logical}/rules`, 'id', 'name', policy)),
    );
  });
  plain(out, 'event-hook', doc, naming('okta.eventHooks'));
  plain(out, 'api-token', doc, naming('okta.apiTokens'));
  lazy(out, 'user', doc, naming('okta.users'));
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
  plain(out, 'oidc-client', doc, naming('beyondIdentity.oidcClients'));
  // Drift identifies a console SSO configuration by its API id, which outlives a change of console
  // type; the console type names it, since both configurations of a tenant are usually named alike.
  plain(out, 'console-sso', doc, { ...naming('beyondIdentity.consoleSso'), idField: 'id' });
  singleton(
    add,
    bi,
    'oktaRegistrationAttribute',
    'registration-extension',
    'beyondIdentity/extensions/okta-registration-attribute',
  );
  singleton(add, bi, 'oktaEventHook', 'event-hook-extension', 'beyondIdentity/extensions/okta-event-hook');
  lazy(out, 'scim-user', doc, naming('beyondIdentity.scimUsers'));
  singleton(add, bi, 'ssoConfig', 'sso-config', 'beyondIdentity/sso-config');
  singleton(add, bi, 'application', 'bi-application', 'beyondIdentity/application');
  // Drift identifies a group association by its own id and name, not by the group it points at
  // (which reports name it by): re-pointing an association at another group is a change of it.
  plain(out, 'group-association', doc, {
    ...naming('beyondIdentity.groupAssociations'),
    idField: 'id',
    nameField: 'name',
  });
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
    this.id = stringOf(getOwn(value, idField));
    this.name = nameField
      ? stringOf(nameField.includes('.') ? getSegments(value, fieldSegments(nameField)) : getOwn(value, nameField))
      : undefined;
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

/** Dotted name fields (profile.login) split once, not once per user. */
const segmentCache = new Map<string, string[]>();
function fieldSegments(dotted: string): string[] {
  let segs = segmentCache.get(dotted);
  if (!segs) segmentCache.set(dotted, (segs = dotted.split('.')));
  return segs;
}

function getSegments(v: unknown, segs: readonly string[]): unknown {
  let cur = v;
  for (let i = 0; i < segs.length; i++) cur = getOwn(cur, segs[i]);
  return cur;
}

function item(
  type: string,
  v: unknown,
  at: { list: string; index: number },
  logicalPrefix: string,
  idField: string,
  nameField: string | undefined,
  parent?: DriftResource,
): DriftResource {
  return new ListItem(type, v, at.list, at.index, logicalPrefix, idField, nameField, parent);
}

function singleton(
  add: (r: DriftResource) => void,
  bi: Record<string, unknown>,
  field: string,
  type: string,
  logical: string,
): void {
  const v = getOwn(bi, field);
  if (v === null || v === undefined) return;
  add({
    type,
    key: field,
    id: stringOf(getOwn(v, 'id')),
    name: stringOf(getOwn(v, 'name')),
    logical,
    pointer: `/beyondIdentity/${escapeSegment(field)}`,
    value: v,
  });
}

/** Where a list element is; its pointer is built only when asked for. */
class At {
  constructor(
    readonly list: string,
    readonly index: number,
  ) {}
  get pointer(): string {
    return `${this.list}/${this.index}`;
  }
}

/** Where a list section is and how its resources are identified and named. */
interface Naming {
  /** dotted path in the snapshot, e.g. okta.idps */
  path: string;
  logical: string;
  idField: string;
  nameField: string;
}

/**
 * A list section's logical prefix and id and name fields, as the snapshot's section table
 * (snapshot/section-info.ts) holds them for every report.
 */
function naming(path: string): Naming {
  const info = sectionInfo(path);
  if (!info?.idField || !info.nameField) throw new Error(`section ${path} identifies no resource`);
  return { path, logical: info.logical, idField: info.idField, nameField: info.nameField };
}

/** The section's array in the document (or whatever is there) and its pointer. */
function listAt(doc: SnapshotDoc, path: string): { list: unknown; pointer: string } {
  const segs = path.split('.');
  let cur: unknown = doc;
  for (const s of segs) cur = getOwn(cur, s);
  return { list: cur, pointer: `/${segs.map(escapeSegment).join('/')}` };
}

/** A list section of many resources (users, SCIM users), as a LazyList when it holds any. */
function lazy(out: Resources, type: string, doc: SnapshotDoc, n: Naming): void {
  const { list, pointer } = listAt(doc, n.path);
  if (!Array.isArray(list) || !list.some(isObject)) return;
  out.set(type, new LazyList(type, list, pointer, n.logical, n.idField, n.nameField));
}

/** The resources of a list section with no sub-resources, in one loop without a callback or a place object per element. */
function plain(out: Resources, type: string, doc: SnapshotDoc, n: Naming): void {
  const { list, pointer: listPointer } = listAt(doc, n.path);
  const { logical: logicalPrefix, idField, nameField } = n;
  if (!Array.isArray(list)) return;
  let into = out.get(type) as DriftResource[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isObject(v)) continue;
    if (!into) out.set(type, (into = []));
    into.push(new ListItem(type, v, listPointer, i, logicalPrefix, idField, nameField));
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
  if (!isObject(v) || !keys.some((k) => Object.hasOwn(v, k))) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) if (!keys.includes(k)) defineOwn(out, k, v[k]);
  return out;
}

function withoutCustomProperties(schema: Record<string, unknown>): unknown {
  const defs = getOwn(schema, 'definitions');
  const custom = getOwn(defs, 'custom');
  if (!isObject(defs) || !isObject(custom) || !Object.hasOwn(custom, 'properties')) return schema;
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
