import type { SnapshotDoc } from '../snapshot/load.js';
import { Unknown, isUnknown, type PartialFacts } from '../engine/unknown.js';
import { joinPointer } from '../util/pointer.js';
import { jsonEqual } from '../util/json-equal.js';
import { Items, Rewritten } from './items.js';
import * as map from './map.js';
import { PLAN_ALONE, SECTION_OF } from './compare.js';
import { Configuration, placeholderId, plannedValues, unknown, unknownsMade } from './values.js';
import type { PlanDoc, PlanModule, PlanResource, ResourceChange } from './read.js';

type V = Record<string, unknown>;

/** The resource types this tool reads; every other type in the plan is left alone. */
const MANAGED_TYPES = [
  'okta_idp_oidc',
  'okta_policy_rule_idp_discovery',
  'okta_user_schema_property',
  'okta_group',
  'okta_app_oauth',
  'okta_app_group_assignment',
  'okta_app_group_assignments',
  'okta_push_group',
  'okta_event_hook',
  'okta_event_hook_verification',
  'okta_api_token',
] as const;
const MANAGED = new Set<string>(MANAGED_TYPES);
const POLICY_DATA = new Set(['okta_policy', 'okta_default_policy']);

const ORG_ONLY = (what: string) =>
  `only the org knows ${what}; a plan does not carry it (run with --live or --snapshot)`;

/** One resource instance of the plan, on one side of its change. */
interface Instance {
  address: string;
  type: string;
  actions: string[];
  /** the values on this side (Unknown where not known), or null when the object does not exist on it */
  values: V | null;
  /** the id the object has in the org before the change */
  beforeId?: string;
  /** whether its values hold an Unknown */
  unknowns: boolean;
  /**
   * the object map.ts made of the values, once made: a no-op whose values are the same on both
   * sides is one instance on both, so the side before the plan takes the object the side after
   * it made (a mapped object is never written into: what the build changes, it copies)
   */
  mapped: V | undefined;
  /** an object the plan deletes: its instance on the side before (what a removed assignment was) */
  was: Instance | undefined;
  /** the object exists before the plan: the side before has an instance at this address */
  existed: boolean;
}

/** The Terraform address of an object the plan wrote. */
export type AddressBook = Pick<Map<object, string>, 'get' | 'has'>;

/** The Terraform address of the object with an id. */
export type IdAddresses = Pick<Map<string, string>, 'get'>;

/** A document built from a plan: the org as it will be (or was), where each object came from, and what is not known. */
export interface PlanSide {
  doc: SnapshotDoc;
  facts: PartialFacts;
  /** the Terraform address of each object the plan wrote */
  addresses: AddressBook;
  /** the same by the object's id, for the org's object the plan replaces or changes */
  idAddresses: IdAddresses;
}

/** Every managed resource instance of the plan, with its change (no-op when the plan lists no change). */
/** A resource whose change Terraform deferred to a later plan: its effect on the org is not known. */
interface Deferred {
  address: string;
  type: string;
  /** `known after a later plan: Terraform deferred ADDRESS (REASON)` */
  why: string;
  /** the object's values before the change (null when it does not exist yet) and the planned ones, as far as known: only ids are read from them */
  before: V | null;
  after: V | null;
  beforeSensitive?: unknown;
}

export interface Instances {
  before: Instance[];
  after: Instance[];
  /** every string of the plan that a side's document can hold (values, ids, placeholders, the policies read) */
  strings: Set<string>;
  deferred: Deferred[];
  /** complete: false with no deferred change to say what is left: a later plan may change anything */
  incomplete?: string;
  ids: Map<string, string>;
}

/** Every managed resource instance of the plan, with its change, read once for both sides. */
export function planInstances(plan: PlanDoc): Instances {
  return instances(plan, new Configuration(plan));
}

function instances(plan: PlanDoc, config: Configuration): Instances {
  const changes = new Map<string, ResourceChange>();
  for (const rc of plan.resource_changes ?? [])
    if (rc.mode !== 'data' && !rc.deposed && MANAGED.has(rc.type)) changes.set(rc.address, rc);
  // planned_values is read only where resource_changes has no values: for a resource it lists
  // without a change, or whose change has no values after it
  const planned = new Map<string, PlanResource>();
  walkModule(plan.planned_values.root_module, (r) => {
    if (r.mode !== 'data' && MANAGED.has(r.type) && (changes.get(r.address)?.change.after ?? null) === null)
      planned.set(r.address, r);
  });
  // ids first: a known id, else a placeholder for what the plan creates; data sources read during plan too
  const ids = new Map<string, string>();
  walkModule(plan.prior_state?.values?.root_module, (r) => {
    if (typeof r.values?.id === 'string') ids.set(r.address, r.values.id);
  });
  const deferred: Deferred[] = [];
  for (const dc of plan.deferred_changes ?? []) {
    const rc = dc.resource_change;
    if (rc.mode === 'data' || !MANAGED.has(rc.type)) continue;
    // the reason is one of Terraform's words (resource_config_unknown, provider_config_unknown, deferred_prereq…)
    const reason = /^[a-z_]{1,40}$/.test(dc.reason) ? dc.reason : 'a reason this tool does not know';
    const values = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as V) : null);
    deferred.push({
      address: rc.address,
      type: rc.type,
      why: `known after a later plan: Terraform deferred ${rc.address} (${reason})`,
      before: values(rc.change?.before),
      after: values(rc.change?.after),
      beforeSensitive: rc.change?.before_sensitive,
    });
    changes.delete(rc.address);
    planned.delete(rc.address);
    const id = values(rc.change?.before)?.id;
    if (typeof id === 'string') ids.set(rc.address, id);
  }
  // every instance: those with a change, then those planned_values alone lists
  const addresses = [...changes.keys()];
  for (const a of planned.keys()) if (!changes.has(a)) addresses.push(a);
  for (const a of addresses) {
    const rc = changes.get(a);
    const after = (rc?.change.after ?? planned.get(a)?.values) as V | null | undefined;
    const creates = rc?.change.actions.includes('create');
    if (!creates && typeof after?.id === 'string') ids.set(a, after.id);
    else if (creates) ids.set(a, typeof after?.id === 'string' ? after.id : placeholderId(a));
  }
  const before: Instance[] = [];
  const after: Instance[] = [];
  const strings = new Set<string>();
  for (const id of ids.values()) strings.add(id);
  for (const p of policySkeletons(plan)) for (const v of Object.values(p)) if (typeof v === 'string') strings.add(v);
  /** An instance with its values read; it notes whether reading them made an Unknown. */
  const read = (
    address: string,
    type: string,
    actions: string[],
    raw: unknown,
    afterUnknown: unknown,
    sensitive: unknown,
    beforeId: string | undefined,
  ): Instance => {
    const mark = unknownsMade();
    const values = plannedValues(raw, afterUnknown, sensitive, { address, ids, config, strings }) as V;
    return instance(address, type, actions, values, unknownsMade() > mark, beforeId);
  };
  for (const a of addresses) {
    const rc = changes.get(a);
    const type = rc?.type ?? planned.get(a)!.type;
    const actions = rc?.change.actions ?? ['no-op'];
    const bv = rc?.change.before ?? null;
    const beforeId = typeof bv?.id === 'string' ? bv.id : undefined;
    // a no-op's values are the same on both sides: read once
    const same =
      bv !== null &&
      actions.length === 1 &&
      actions[0] === 'no-op' &&
      !anyTrue(rc!.change.after_unknown) &&
      jsonEqual(bv, rc!.change.after) &&
      jsonEqual(rc!.change.before_sensitive ?? false, rc!.change.after_sensitive ?? false);
    // values read without after_unknown hold no Unknown made by the reading: read once per side
    const was = bv ? read(a, type, actions, bv, undefined, rc!.change.before_sensitive, beforeId) : undefined;
    if (was) {
      was.existed = true;
      before.push(was);
    }
    if (same && typeof was!.values!.id === 'string') {
      after.push(was!);
      continue;
    }
    if (actions.includes('forget')) {
      // Terraform lets go of the object; it stays in the org as it is
      if (was) after.push(was);
      continue;
    }
    if (actions.length === 1 && actions[0] === 'delete') {
      const gone = instance(a, type, actions, null, false, beforeId);
      gone.was = was;
      gone.existed = !!was;
      after.push(gone);
      continue;
    }
    const raw = rc ? rc.change.after : planned.get(a)?.values;
    if (!raw && !rc?.change.after_unknown) continue;
    const mark = unknownsMade();
    const given = raw ?? {};
    const inst = read(
      a,
      type,
      actions,
      given,
      rc?.change.after_unknown,
      rc ? rc.change.after_sensitive : planned.get(a)?.sensitive_values,
      beforeId,
    );
    const values = inst.values!;
    if (isUnknown(values.id) || values.id === undefined || values.id === null) {
      // the placeholder stands for the id: when its Unknown was the only one made, the values hold none
      if (isUnknown(values.id) && unknownsMade() - mark === 1) inst.unknowns = false;
      const id = ids.get(a) ?? placeholderId(a);
      // a copy the reading made is this instance's own: the id is written into it, not into a second copy
      if (values !== given && !Array.isArray(values)) values.id = id;
      else inst.values = { ...values, id };
    }
    if (!actions.includes('create')) inst.beforeId = beforeId ?? (inst.values!.id as string);
    inst.existed = !!was;
    after.push(inst);
  }
  // a deferred object that exists stays as it was on the side before the plan
  for (const d of deferred)
    if (d.before) {
      const was = read(
        d.address,
        d.type,
        ['no-op'],
        d.before,
        undefined,
        d.beforeSensitive,
        typeof d.before.id === 'string' ? d.before.id : undefined,
      );
      was.existed = true;
      before.push(was);
    }
  const incomplete =
    plan.complete === false && !plan.deferred_changes?.length
      ? 'known after a later plan: Terraform marked the plan incomplete (complete: false, as a -target plan is) without listing what it left for later'
      : undefined;
  return {
    before,
    after,
    strings,
    deferred,
    ...(incomplete ? { incomplete } : {}),
    ids,
  };
}

function instance(
  address: string,
  type: string,
  actions: string[],
  values: V | null,
  unknowns: boolean,
  beforeId: string | undefined,
): Instance {
  // every instance of one shape (V8 then reads their fields at one place)
  return { address, type, actions, values, unknowns, beforeId, mapped: undefined, was: undefined, existed: false };
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/** Whether an after_unknown holds a true anywhere (a value known only after apply). */
function anyTrue(v: unknown): boolean {
  if (v === true) return true;
  if (v === null || typeof v !== 'object') return false;
  for (const x of Array.isArray(v) ? v : Object.values(v)) if (anyTrue(x)) return true;
  return false;
}

function walkModule(m: PlanModule | undefined, f: (r: PlanResource) => void): void {
  if (!m) return;
  for (const r of m.resources ?? []) if (r && typeof r.address === 'string' && typeof r.type === 'string') f(r);
  for (const c of m.child_modules ?? []) walkModule(c, f);
}

/** The IDP_DISCOVERY policies the plan read as data sources (okta_policy, okta_default_policy): skeletons to hang rules on. */
function policySkeletons(plan: PlanDoc): V[] {
  const out: V[] = [];
  walkModule(plan.prior_state?.values?.root_module, (r) => {
    const v = r.values ?? {};
    if (
      r.mode === 'data' &&
      POLICY_DATA.has(r.type) &&
      typeof v.id === 'string' &&
      (v.type === undefined || v.type === 'IDP_DISCOVERY')
    ) {
      if (!out.some((p) => p.id === v.id))
        out.push({
          id: v.id,
          name: v.name ?? (r.type === 'okta_default_policy' ? 'Idp Discovery Policy' : undefined),
          type: 'IDP_DISCOVERY',
          status: v.status ?? 'ACTIVE',
          _rules: [],
        });
    }
  });
  return out;
}

/**
 * The org with the plan laid over it (`side` after), or as it was (`before`, for a plan alone:
 * built from the values the plan carries). Without a base, the plan is the whole known Okta side
 * and every collection is partial. The base document is never changed: what the plan touches is
 * copied.
 */
export function buildSide(
  plan: PlanDoc,
  base: SnapshotDoc | undefined,
  side: 'before' | 'after',
  all: Instances = planInstances(plan),
  /** a plan alone: the Beyond Identity side declared by hand (--bi-from) */
  bi?: { beyondIdentity: Record<string, unknown>; gaps: { section: string; reason: string }[] },
  /**
   * a plan alone, the side before it: the after side, whose sections the plan does not change
   * (compare.ts) are the same on both sides and are taken from it rather than built again
   */
  share?: { from: PlanSide; changed: ReadonlySet<string> },
): PlanSide {
  const shared = share && !base ? share : undefined;
  /** the sections taken from the other side as they are (a plan alone: those the plan does not change) */
  const kept = new Set(
    shared ? SECTION_KEYS.filter((k) => !shared.changed.has(`okta.${k}`) && shared.from.doc.okta[k] !== undefined) : [],
  );
  const list = (side === 'after' ? all.after : all.before).filter(
    (i) => !kept.has(SECTION_OF[i.type]?.slice('okta.'.length) ?? ''),
  );
  // plain (strong) collections: they live as long as the document, and V8 handles weak ones apart in every GC
  const addresses = new Map<object, string>();
  const idAddresses = new Map<string, string>();
  const partial = new Map<string, string>();
  const okta: V = base ? { ...base.okta } : skeleton(plan);
  const doc: SnapshotDoc = base
    ? { ...base, okta: okta as SnapshotDoc['okta'] }
    : {
        format: 'okta-bi-lint/snapshot@1',
        collector: { name: 'okta-bi-lint', version: 'terraform-plan' },
        okta: okta as SnapshotDoc['okta'],
        ...(bi
          ? { beyondIdentity: bi.beyondIdentity as SnapshotDoc['beyondIdentity'], gaps: bi.gaps }
          : {
              gaps: [
                {
                  section: 'beyondIdentity',
                  reason:
                    'a Terraform plan of the okta provider holds no Beyond Identity side (run with --live, --snapshot, or --bi-from FILE)',
                },
              ],
            }),
      };
  for (const k of kept) okta[k] = shared!.from.doc.okta[k];
  // each section's items found by id (items.ts: a plan of thousands of resources would otherwise search per resource)
  const sections = new Map<string, Items>();
  const section = (key: string): Items => {
    let s = sections.get(key);
    if (!s) {
      s = new Items(Array.isArray(okta[key]) ? [...(okta[key] as V[])] : []);
      sections.set(key, s);
      okta[key] = s.list;
    }
    return s;
  };
  /** Replaces or adds the object, keeping fields the plan does not carry from the org's object. */
  const upsert = (key: string, inst: Instance, obj: V, orgOnly: (existing: V | undefined) => V = () => ({})): V => {
    const s = section(key);
    let i = s.byId(inst.beforeId);
    if (i < 0 && !inst.actions.includes('create')) i = s.byId(obj.id);
    // a replace makes a new object; the old one is gone
    if (i >= 0 && inst.actions.includes('create')) {
      s.remove(i);
      i = -1;
    }
    const existing = i >= 0 ? s.at(i) : undefined;
    const extra = orgOnly(existing);
    // obj is fresh from the mapping: written into as it is when there is nothing to keep
    const merged = existing || !isEmpty(extra) ? { ...(existing ?? {}), ...extra, ...obj } : obj;
    if (i >= 0) s.set(i, merged);
    else s.push(merged);
    addresses.set(merged, inst.address);
    owned.add(merged);
    touched = merged;
    noteIds(inst, merged.id);
    return merged;
  };
  /** The instance's address by the id the object had before the plan and the one it has after. */
  const noteIds = (inst: Instance, id: unknown) => {
    if (typeof inst.beforeId === 'string') idAddresses.set(inst.beforeId, inst.address);
    if (typeof id === 'string' && id !== inst.beforeId) idAddresses.set(id, inst.address);
  };
  /** the objects this build made (written in place), as opposed to the org's (copied before writing) */
  const owned = new Set<object>();
  // each routing rule's policy by the rule's id, and the policies whose rule list this build copied
  let homes: Map<unknown, number> | undefined;
  const ruleHomes = (policies: V[]): Map<unknown, number> => {
    if (!homes) {
      homes = new Map();
      for (const [pi, p] of policies.entries())
        for (const r of (p._rules as V[] | undefined) ?? []) if (!homes.has(r.id)) homes.set(r.id, pi);
    }
    return homes;
  };
  /** each copied rule list, its rules found by id */
  const ruleLists = new Map<V[], Items>();
  const rulesOf = (policies: V[], pi: number): Items => {
    if (!owned.has(policies[pi])) {
      policies[pi] = { ...policies[pi], _rules: [...((policies[pi]._rules as V[] | undefined) ?? [])] };
      owned.add(policies[pi]);
    }
    const list = policies[pi]._rules as V[];
    let rules = ruleLists.get(list);
    if (!rules) {
      rules = new Items(list);
      ruleLists.set(list, rules);
    }
    return rules;
  };
  const dropRule = (policies: V[], id: string | undefined) => {
    const pi = id === undefined ? undefined : ruleHomes(policies).get(id);
    if (pi === undefined) return;
    const rules = rulesOf(policies, pi);
    const ri = rules.first(id);
    if (ri >= 0) rules.remove(ri);
    ruleHomes(policies).delete(id);
  };
  const remove = (key: string, id: unknown) => {
    const s = section(key);
    const i = s.byId(id);
    if (i >= 0) s.remove(i);
  };
  const alone = !base;
  if (alone)
    for (const k of ['groups', 'apps', 'idps', 'idpDiscoveryPolicies', 'eventHooks', 'apiTokens'])
      partial.set(joinPointer('/okta', k), PLAN_ALONE);
  if (alone) partial.set('/okta/userSchema/definitions/custom/properties', PLAN_ALONE);

  const sorted = inWriteOrder(list);
  const authoritative = new Set<number>();
  let props: V | undefined;
  const verified = new Set<string>();
  for (const inst of sorted)
    if (inst.type === 'okta_event_hook_verification' && inst.values && typeof inst.values.event_hook_id === 'string')
      verified.add(inst.values.event_hook_id);

  // the section items that may hold an Unknown (written from values with one): only these are searched for Unknowns
  const mayHold = new Set<object>();
  /**
   * the items that hold an Unknown only as a field of their own: the org-only fields upsert adds
   * (an app's features, a hook's verification, a token's expiry), the only Unknowns writing makes
   */
  const topHold = new Set<object>();
  /**
   * A deferred resource's object becomes an Unknown where it is (found by its id), else where it
   * would go: every rule that reads it is then not evaluated, with the deferral as the reason.
   */
  const defer = (d: Deferred) => {
    const u = unknown(d.why);
    const known = (k: string): unknown => {
      const b = d.before?.[k];
      const a = d.after?.[k];
      return typeof b === 'string' ? b : typeof a === 'string' ? a : undefined;
    };
    const collection: Record<string, string> = {
      okta_idp_oidc: 'idps',
      okta_group: 'groups',
      okta_app_oauth: 'apps',
      okta_event_hook: 'eventHooks',
      okta_api_token: 'apiTokens',
    };
    const key = collection[d.type];
    if (key) {
      const s = section(key);
      const i = s.byId(known('id'));
      if (i >= 0) s.set(i, u as unknown as V);
      else s.push(u as unknown as V, false);
      return;
    }
    if (d.type === 'okta_user_schema_property') {
      const props = schemaProperties(okta);
      props[(known('index') as string | undefined) ?? placeholderId(d.address)] = u;
      return;
    }
    if (d.type === 'okta_policy_rule_idp_discovery') {
      const policies = section('idpDiscoveryPolicies').list;
      const pi = policies.findIndex((p) => !isUnknown(p) && p.id === known('policy_id'));
      if (pi < 0) {
        policies.push(u as unknown as V);
        return;
      }
      const rules = rulesOf(policies, pi);
      const ri = rules.first(known('id'));
      if (ri >= 0) rules.set(ri, u as unknown as V);
      else rules.push(u as unknown as V);
      mayHold.add(policies[pi]);
      return;
    }
    // an assignment, a push mapping, a hook's verification: what it changes in its app or hook is not known
    const [holderKey, idKey, field] =
      d.type === 'okta_event_hook_verification'
        ? ['eventHooks', 'event_hook_id', 'verificationStatus']
        : ['apps', 'app_id', d.type === 'okta_push_group' ? '_groupPushMappings' : '_assignedGroups'];
    const holders = section(holderKey);
    const i = holders.byId(known(idKey));
    if (i < 0) {
      holders.push(u as unknown as V, false);
      return;
    }
    const copy = { ...holders.at(i), [field]: u };
    const t = addresses.get(holders.at(i));
    if (t) addresses.set(copy, t);
    holders.set(i, copy);
    owned.add(copy);
    mayHold.add(copy);
  };
  /** The object map.ts makes of an instance's values, made once for both sides. */
  const mapped = (inst: Instance, f: (v: V) => V): V => (inst.mapped ??= f(inst.values!));
  /**
   * Writes one instance into the document; `touched` is the section item it wrote into, and for a
   * routing rule the rule itself (`touchedRule`), so that only the rules the plan wrote with an
   * Unknown are searched for one, not every rule of their policy.
   */
  let touched: object | undefined;
  let touchedRule: object | undefined;
  const write = (inst: Instance) => {
    const v = inst.values;
    const gone = v === null;
    switch (inst.type) {
      case 'okta_idp_oidc':
        if (gone) remove('idps', inst.beforeId);
        else upsert('idps', inst, mapped(inst, map.idpOidc));
        break;
      case 'okta_group':
        if (gone) remove('groups', inst.beforeId);
        else upsert('groups', inst, mapped(inst, map.group));
        break;
      case 'okta_app_oauth':
        if (gone) remove('apps', inst.beforeId);
        else
          upsert('apps', inst, mapped(inst, map.appOauth), (existing) =>
            existing
              ? {}
              : inst.actions.includes('create')
                ? { features: [] }
                : {
                    features: unknown(ORG_ONLY("an app's features (its provisioning)")),
                    _assignedUsers: unknown(ORG_ONLY("an app's user assignments")),
                  },
          );
        break;
      case 'okta_event_hook':
        if (gone) remove('eventHooks', inst.beforeId);
        else
          upsert('eventHooks', inst, mapped(inst, map.eventHook), (existing) => ({
            // okta_event_hook_verification fails the apply unless Okta verifies the hook
            verificationStatus: verified.has(v.id as string)
              ? 'VERIFIED'
              : (existing?.verificationStatus ??
                (inst.actions.includes('create')
                  ? 'UNVERIFIED'
                  : unknown(ORG_ONLY('whether an event hook is verified')))),
          }));
        break;
      case 'okta_api_token':
        if (gone) remove('apiTokens', inst.beforeId);
        else
          upsert('apiTokens', inst, mapped(inst, map.apiToken), (existing) => ({
            expiresAt: existing?.expiresAt ?? unknown(ORG_ONLY("an API token's expiry (Terraform has no expiresAt)")),
          }));
        break;
      case 'okta_user_schema_property': {
        if (!gone && v.user_type !== undefined && v.user_type !== null && v.user_type !== 'default') break;
        props ??= schemaProperties(okta);
        const index = (gone ? undefined : v.index) ?? undefined;
        if (gone) {
          // by its name: no attribute this build wrote can carry the address of the one it removes
          // (each address is one instance per side), so there is nothing to look for by address
          if (inst.beforeId !== undefined && Object.hasOwn(props, inst.beforeId)) delete props[inst.beforeId];
        } else if (typeof index === 'string') {
          const prop = mapped(inst, map.userSchemaProperty);
          const obj = props[index] ? { ...(props[index] as V), ...prop } : prop;
          props[index] = obj;
          touched = obj;
          addresses.set(obj, inst.address);
        }
        break;
      }
      case 'okta_policy_rule_idp_discovery': {
        const policies = section('idpDiscoveryPolicies').list;
        // the old rule goes wherever it was (a replace may move it to another policy)
        if (gone || inst.actions.includes('create')) dropRule(policies, inst.beforeId);
        if (gone) break;
        const rule = mapped(inst, map.idpDiscoveryRule);
        let pi = policies.findIndex((p) => p.id === v.policy_id);
        if (pi < 0) {
          policies.push({ id: v.policy_id, type: 'IDP_DISCOVERY', status: 'ACTIVE', _rules: [] });
          pi = policies.length - 1;
          if (!isUnknown(v.policy_id)) partial.set(joinPointer('/okta/idpDiscoveryPolicies', pi, '_rules'), PLAN_ALONE);
        }
        const rules = rulesOf(policies, pi);
        const target = inst.actions.includes('create') ? rule.id : (inst.beforeId ?? rule.id);
        const ri = ruleHomes(policies).get(target) === pi ? rules.first(target) : -1;
        const merged = ri >= 0 ? { ...rules.at(ri), ...rule } : rule;
        if (ri >= 0) rules.set(ri, merged);
        else rules.push(merged);
        ruleHomes(policies).set(merged.id, pi);
        touched = policies[pi];
        touchedRule = merged;
        addresses.set(merged, inst.address);
        noteIds(inst, merged.id);
        break;
      }
      case 'okta_app_group_assignments':
      case 'okta_app_group_assignment':
      case 'okta_push_group': {
        const src = gone ? (inst.was?.values ?? null) : v;
        if (!src) break;
        const apps = section('apps');
        // the app's position is read (partial pointers, authoritative lists): the removed apps' places closed first
        apps.compact();
        const ai = apps.byId(src.app_id);
        if (ai < 0) break;
        let app = apps.at(ai);
        if (!owned.has(app)) {
          // the org's app is copied once, then written in place
          const t = addresses.get(app);
          app = { ...app };
          apps.set(ai, app);
          owned.add(app);
          if (t) addresses.set(app, t);
        }
        touched = app;
        if (inst.type === 'okta_push_group') {
          rewrite(app, '_groupPushMappings', () => [...((app._groupPushMappings as V[] | undefined) ?? [])]).step(
            src.source_group_id,
            gone
              ? undefined
              : map.pushMapping(src, inst.actions.includes('create') ? placeholderId(inst.address) : src.id),
          );
          if (alone && !partial.has(joinPointer('/okta/apps', ai, '_groupPushMappings')))
            partial.set(joinPointer('/okta/apps', ai, '_groupPushMappings'), PLAN_ALONE);
        } else if (inst.type === 'okta_app_group_assignments') {
          // authoritative: the listed groups are all of the app's groups
          app._assignedGroups = gone
            ? []
            : isUnknown(src.group)
              ? src.group
              : ((src.group as V[] | null) ?? []).map((g) =>
                  isUnknown(g) ? g : map.assignment({ group_id: g.id, priority: g.priority, profile: g.profile }),
                );
          rewritten._assignedGroups.delete(app);
          authoritative.add(ai);
        } else {
          // retain_assignment keeps the assignment in Okta when the resource is destroyed
          rewrite(app, '_assignedGroups', () => [...((app._assignedGroups as V[] | undefined) ?? [])]).step(
            src.group_id,
            !gone || src.retain_assignment === true ? map.assignment(src) : undefined,
          );
        }
        break;
      }
    }
  };
  /**
   * The assignment and push-mapping lists the plan's resources rewrite one group at a time, by
   * app, each list keyed by the group (items.ts); written back once every instance is written.
   */
  const rewritten = {
    _assignedGroups: new Map<V, Rewritten>(),
    _groupPushMappings: new Map<V, Rewritten>(),
  };
  const KEYS = { _assignedGroups: (g: V) => g.id, _groupPushMappings: (m: V) => m.sourceGroupId };
  /** `copy`: the app's list as it is, copied (spelled at each use, so that a list that is not one fails as it always did) */
  const rewrite = (app: V, field: keyof typeof rewritten, copy: () => unknown[]): Rewritten => {
    let r = rewritten[field].get(app);
    if (!r) {
      r = new Rewritten(copy(), KEYS[field]);
      rewritten[field].set(app, r);
      // the field keeps the place among the app's keys that its first rewrite gives it
      app[field] = undefined;
    }
    return r;
  };
  for (const inst of sorted) {
    const mark = unknownsMade();
    touched = undefined;
    touchedRule = undefined;
    write(inst);
    const held = inst.values === null ? inst.was?.unknowns : inst.unknowns;
    if (touched && held) {
      mayHold.add(touched);
      if (touchedRule) mayHold.add(touchedRule);
    } else if (touched && unknownsMade() > mark) topHold.add(touched);
  }
  for (const [field, lists] of Object.entries(rewritten)) for (const [app, r] of lists) app[field] = r.list();
  if (side === 'after') {
    for (const d of all.deferred) defer(d);
    if (all.incomplete) {
      // nothing says what a later plan changes: every collection may hold what it does
      for (const k of ['groups', 'apps', 'idps', 'idpDiscoveryPolicies', 'eventHooks', 'apiTokens'])
        section(k).push(unknown(all.incomplete) as unknown as V, false);
      const props = schemaProperties(okta);
      props['tf:incomplete'] = unknown(all.incomplete);
    }
  }
  // the document's lists as they stay: the removed items' places closed
  for (const s of sections.values()) s.compact();
  for (const rules of ruleLists.values()) rules.compact();
  if (alone && !kept.has('apps')) {
    // assignment lists that no authoritative resource wrote are partial too
    for (const [i, app] of section('apps').list.entries()) {
      if (isUnknown(app)) continue;
      if (!authoritative.has(i)) {
        if (!Array.isArray(app._assignedGroups)) app._assignedGroups = [];
        partial.set(joinPointer('/okta/apps', i, '_assignedGroups'), PLAN_ALONE);
      }
      if (!Array.isArray(app._groupPushMappings)) app._groupPushMappings = [];
      partial.set(joinPointer('/okta/apps', i, '_groupPushMappings'), PLAN_ALONE);
    }
  }
  if (alone && !kept.has('idpDiscoveryPolicies')) {
    for (const [i] of section('idpDiscoveryPolicies').list.entries())
      partial.set(joinPointer('/okta/idpDiscoveryPolicies', i, '_rules'), PLAN_ALONE);
  }
  if (!shared || !kept.size)
    return {
      doc,
      facts: { unknownPointers: unknownPointers(okta, mayHold, topHold), partial },
      addresses,
      idAddresses,
    };
  // what the other side knows of the sections taken from it
  const within = (p: string) => {
    // the second segment of the pointer (/okta/apps/3 -> apps), found without splitting it
    const a = p.indexOf('/', 1);
    const b = a < 0 ? -1 : p.indexOf('/', a + 1);
    return a >= 0 && kept.has(b < 0 ? p.slice(a + 1) : p.slice(a + 1, b));
  };
  for (const [p, why] of shared.from.facts.partial) if (within(p)) partial.set(p, why);
  const from = shared.from;
  return {
    doc,
    facts: {
      unknownPointers: [
        ...unknownPointers(okta, mayHold, topHold),
        ...from.facts.unknownPointers.filter(within),
      ].sort(),
      partial,
    },
    addresses: {
      get: (o) => addresses.get(o) ?? from.addresses.get(o),
      has: (o) => addresses.has(o) || from.addresses.has(o),
    },
    idAddresses: { get: (id) => idAddresses.get(id) ?? from.idAddresses.get(id) },
  };
}

/**
 * The order instances are written in: what others refer to first (groups, IdPs, apps, hooks,
 * tokens, attributes, then routing rules), every other type after them, each type in plan order.
 */
const WRITE_ORDER = [
  'okta_group',
  'okta_idp_oidc',
  'okta_app_oauth',
  'okta_event_hook',
  'okta_api_token',
  'okta_user_schema_property',
  'okta_policy_rule_idp_discovery',
];

/** The instances in WRITE_ORDER: one pass into a list per type, not a sort. */
function inWriteOrder(list: readonly Instance[]): Instance[] {
  const byType = new Map<string, Instance[]>(WRITE_ORDER.map((t) => [t, []]));
  const rest: Instance[] = [];
  for (const i of list) (byType.get(i.type) ?? rest).push(i);
  return [...byType.values(), rest].flat();
}

/** The sections of okta a plan writes, as keys of the document. */
const SECTION_KEYS = ['userSchema', 'groups', 'apps', 'idps', 'idpDiscoveryPolicies', 'eventHooks', 'apiTokens'];

function skeleton(plan: PlanDoc): V {
  return {
    // a plan names no org (the provider's settings are never read): a stand-in that no check compares with
    orgUrl: 'https://terraform-plan.invalid',
    userSchema: { definitions: { custom: { properties: {} } } },
    groups: [],
    apps: [],
    idps: [],
    idpDiscoveryPolicies: policySkeletons(plan),
    eventHooks: [],
    apiTokens: [],
  };
}

/** The custom properties of the default user schema, copied for writing. */
function schemaProperties(okta: V): V {
  const us = { ...((okta.userSchema as V | undefined) ?? {}) };
  const defs = { ...((us.definitions as V | undefined) ?? {}) };
  const custom = { ...((defs.custom as V | undefined) ?? {}) };
  const props = { ...((custom.properties as V | undefined) ?? {}) };
  custom.properties = props;
  defs.custom = custom;
  us.definitions = defs;
  okta.userSchema = us;
  return props;
}

/**
 * Where the Unknowns are: the section items the plan wrote from values holding one (`mayHold`:
 * neither the org's objects nor the plan's fully known ones can hold one), walked with the path
 * kept as one stack and spelled only for an Unknown; of the items in `topHold`, only their own
 * fields. In a policy the plan wrote a rule into, only
 * the rules in `mayHold` (or Unknown themselves) are walked: its other rules are the org's, or
 * fully known.
 */
function unknownPointers(okta: V, mayHold: ReadonlySet<object>, topHold: ReadonlySet<object>): string[] {
  const out: string[] = [];
  const path: (string | number)[] = [];
  const visit = (v: unknown, rules = false) => {
    if (v === null || typeof v !== 'object') return;
    if (v instanceof Unknown) out.push(joinPointer('/okta', ...path));
    else if (Array.isArray(v))
      for (let i = 0; i < v.length; i++) {
        if (v[i] === null || typeof v[i] !== 'object') continue;
        if (rules && !(v[i] instanceof Unknown) && !mayHold.has(v[i])) continue;
        path.push(i);
        visit(v[i]);
        path.pop();
      }
    else
      for (const k in v) {
        const x = (v as V)[k];
        // leaves (most values) are passed over without a call
        if (x === null || typeof x !== 'object') continue;
        // a policy's own rule list (the path is then the section and the policy's index)
        const selective = policy && path.length === 2 && k === '_rules';
        path.push(k);
        visit(x, selective);
        path.pop();
      }
  };
  /** whether the items being walked are policies */
  let policy = false;
  const items = (section: string[], holder: unknown) => {
    if (holder === null || typeof holder !== 'object') return;
    for (const k of Object.keys(holder)) {
      const item = (holder as V)[k];
      if (item === null || typeof item !== 'object') continue;
      const deep = item instanceof Unknown || mayHold.has(item);
      if (!deep && !topHold.has(item)) continue;
      path.push(...section, Array.isArray(holder) ? Number(k) : k);
      if (deep) visit(item);
      else
        for (const f in item)
          if ((item as V)[f] instanceof Unknown) {
            path.push(f);
            out.push(joinPointer('/okta', ...path));
            path.pop();
          }
      path.length = 0;
    }
  };
  for (const k of ['groups', 'apps', 'idps', 'idpDiscoveryPolicies', 'eventHooks', 'apiTokens']) {
    policy = k === 'idpDiscoveryPolicies';
    items([k], okta[k]);
  }
  policy = false;
  const props = (((okta.userSchema as V | undefined)?.definitions as V | undefined)?.custom as V | undefined)
    ?.properties;
  items(['userSchema', 'definitions', 'custom', 'properties'], props);
  return out.sort();
}
