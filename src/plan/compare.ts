import type { Rule } from '../engine/types.js';

/** The snapshot section each resource type of the plan writes into. */
export const SECTION_OF: Readonly<Record<string, string>> = {
  okta_idp_oidc: 'okta.idps',
  okta_policy_rule_idp_discovery: 'okta.idpDiscoveryPolicies',
  okta_user_schema_property: 'okta.userSchema',
  okta_group: 'okta.groups',
  okta_app_oauth: 'okta.apps',
  okta_app_group_assignment: 'okta.apps',
  okta_app_group_assignments: 'okta.apps',
  okta_push_group: 'okta.apps',
  okta_event_hook: 'okta.eventHooks',
  okta_event_hook_verification: 'okta.eventHooks',
  okta_api_token: 'okta.apiTokens',
};

const SECTION = /\b(okta|beyondIdentity)\.([A-Za-z]+)/g;

/**
 * Every section a rule may read: each `okta.X` / `beyondIdentity.X` its definition names anywhere
 * (requires, subject paths, options, its platform overrides), and the same of every rule that
 * defines a subject it names, transitively. Naming a section is how a rule reaches it, so this
 * over-approximates what its result depends on.
 */
function readsOf(rule: Rule, definers: Map<string, Rule>, memo: Map<string, Set<string>>): Set<string> {
  const known = memo.get(rule.id);
  if (known) return known;
  const out = new Set<string>();
  memo.set(rule.id, out);
  const text = JSON.stringify({ ...rule, file: undefined });
  for (const m of text.matchAll(SECTION)) out.add(`${m[1]}.${m[2]}`);
  for (const [name, d] of definers)
    if (d !== rule && (text.includes(`"${name}"`) || text.includes(`subject.${name}`)))
      for (const s of readsOf(d, definers, memo)) out.add(s);
  return out;
}

/**
 * Which rules must be evaluated on the org without the plan to mark their findings introduced or
 * fixed: those that read a section the plan changes, with the rules defining the subjects they
 * use. The others read the same document on both sides, so their findings are unchanged by the
 * plan and need no second evaluation (`same`).
 */
export function rulesToCompare(
  rules: readonly Rule[],
  changed: ReadonlySet<string>,
): { compare: Rule[]; same: Set<string> } {
  const definers = new Map<string, Rule>();
  for (const r of rules) if (r.defines) definers.set(r.defines.name, r);
  const memo = new Map<string, Set<string>>();
  const needed = new Set<Rule>();
  const need = (r: Rule) => {
    if (needed.has(r)) return;
    needed.add(r);
    const text = JSON.stringify({ ...r, file: undefined });
    for (const [name, d] of definers)
      if (d !== r && (text.includes(`"${name}"`) || text.includes(`subject.${name}`))) need(d);
  };
  const same = new Set<string>();
  for (const r of rules) {
    if ([...readsOf(r, definers, memo)].some((s) => changed.has(s))) need(r);
    else same.add(r.id);
  }
  return { compare: rules.filter((r) => needed.has(r)), same };
}

/**
 * The sections whose document differs between the two sides. Laid over the org, every object of
 * the plan replaces the org's (its fields may differ from the org's even where Terraform plans no
 * change), so each section the plan writes. Alone, both sides are built from the plan, so only the
 * sections of a resource that is not on both sides alike: one whose change is not a no-op (or
 * forget, which leaves the object as it was), or that the plan lists without a change.
 */
export function changedSections(
  all: {
    before: { type: string; actions: string[] }[];
    /** `existed`: the side before has an instance at its address */
    after: { type: string; actions: string[]; existed: boolean }[];
    deferred: { type: string }[];
    incomplete?: string;
  },
  alone: boolean,
): Set<string> {
  const { before, after } = all;
  // what Terraform deferred is not known after the plan; an incomplete plan may change any section
  const out = new Set<string>(all.deferred.map((d) => SECTION_OF[d.type]).filter(Boolean));
  if (all.incomplete) for (const s of Object.values(SECTION_OF)) out.add(s);
  const note = (i: { type: string; actions: string[] }, existed: boolean) => {
    const section = SECTION_OF[i.type];
    if (!section || out.has(section)) return;
    const same = existed && i.actions.length === 1 && (i.actions[0] === 'no-op' || i.actions[0] === 'forget');
    if (!alone || !same) out.add(section);
  };
  for (const i of before) note(i, true);
  for (const i of after) note(i, i.existed);
  return out;
}

export const PLAN_ALONE =
  'a plan alone holds only what Terraform manages, so what is absent from it may exist in the org (run with --live or --snapshot)';
