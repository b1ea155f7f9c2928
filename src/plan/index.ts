import { newStats, REDACTED } from '../secrets/redact.js';
import { scanWithSecretlint } from '../secrets/secretlint.js';
import type { PartialFacts } from '../engine/unknown.js';
import type { Finding, RuleResult } from '../engine/types.js';
import type { Level } from '../util/levels.js';
import { Snapshot, type SnapshotDoc } from '../snapshot/load.js';
import { resolvePointer } from '../util/pointer.js';
import { type AddressBook, buildSide, PLAN_ALONE, planInstances, type PlanSide } from './build.js';
import { readPlanText } from './read.js';
import { changedSections } from './compare.js';
import { configAddress, tfLocations, type TfLocation } from './tf.js';

export { readPlan } from './read.js';
export { rulesToCompare } from './compare.js';
export { declaredBiSide } from './declared.js';
import type { DeclaredBiSide } from './declared.js';

/** One side of the plan as a snapshot the engine audits, with what the engine must know of it. */
interface PlannedSide {
  snapshot: Snapshot;
  facts: PartialFacts;
  addresses: AddressBook;
  idAddresses: Map<string, string>;
}

/** A plan read and laid over the org (or alone), ready to audit. */
export interface PreparedPlan {
  file: string;
  /** true when no --snapshot or --live gave the org: the plan is the whole known Okta side */
  alone: boolean;
  after: PlannedSide;
  before: PlannedSide;
  tf?: Map<string, TfLocation>;
  /** the sections whose document differs between the two sides (compare.ts) */
  changed: Set<string>;
  /** false when Terraform says applying the plan does not finish the job (complete: false) */
  complete: boolean;
  /** the okta resources whose change Terraform deferred to a later plan, with Terraform's reason */
  deferred: { address: string; reason: string }[];
  /** every okta resource address of the plan, longest first (to tell an address from the attribute after it) */
  resourceAddresses: string[];
}

/** Why a rule was not evaluated on the org after apply, as a report lists it. */
type NotEvaluatedCause = 'deferred' | 'incomplete' | 'unknown-value' | 'plan-alone' | 'beyond-identity' | 'other';

/** What the report says the plan does: per finding a mark, and in sum. */
export interface PlanSummary {
  file: string;
  alone: boolean;
  introduced: Record<Level, number>;
  /** the findings the plan fixes: where they were (logical location, Terraform address and block) and their fingerprint */
  fixed: {
    ruleId: string;
    level: Level;
    message: string;
    address?: string;
    logical: string;
    fingerprint: string;
    tf?: TfLocation;
  }[];
  unchanged: number;
  /** "this plan introduces 1 error and fixes 2" */
  text: string;
  complete: boolean;
  deferred: { address: string; reason: string }[];
  /** each rule not evaluated after apply, with what about the plan kept it from being evaluated */
  notEvaluated: { ruleId: string; cause: NotEvaluatedCause; address?: string; reason: string }[];
}

interface FindingPlanMark {
  change: 'introduced' | 'unchanged';
  address?: string;
  tf?: TfLocation;
}

/**
 * Reads the plan, lays it over `base` (the org, or nothing), and runs the secret scanner over
 * every object the plan wrote, so that no value of the plan reaches a report unscanned.
 */
export async function preparePlan(
  file: string,
  base: Snapshot | undefined,
  tfDir?: string,
  /** a plan alone: its Beyond Identity side, declared by hand (--bi-from, declaredBiSide) */
  bi?: DeclaredBiSide,
): Promise<PreparedPlan> {
  const { plan, sha256 } = readPlanText(file);
  const all = planInstances(plan);
  const after = buildSide(plan, base?.doc, 'after', all, base ? undefined : bi);
  const changed = changedSections(all, !base);
  const before = base ? undefined : buildSide(plan, undefined, 'before', all, bi, { from: after, changed });
  await scan(all.strings, before ? [after, before] : [after]);
  const asSnapshot = (s: PlanSide) => new Snapshot(s.doc, '', file, { bytes: 0, keepText: true, sha256 });
  return {
    file,
    alone: !base,
    after: {
      snapshot: asSnapshot(after),
      facts: after.facts,
      addresses: after.addresses,
      idAddresses: after.idAddresses,
    },
    // laid over the org, the org's objects the plan changes carry the plan's addresses
    before: before
      ? {
          snapshot: asSnapshot(before),
          facts: before.facts,
          addresses: before.addresses,
          idAddresses: before.idAddresses,
        }
      : {
          snapshot: base!,
          facts: { unknownPointers: [], partial: new Map() },
          addresses: new WeakMap(),
          idAddresses: after.idAddresses,
        },
    tf: tfDir ? tfLocations(tfDir, plan) : undefined,
    changed,
    complete: plan.complete !== false,
    resourceAddresses: [...new Set([...all.before, ...all.after].map((i) => i.address))].sort(
      (a, b) => b.length - a.length,
    ),
    deferred: all.deferred.map((d) => ({ address: d.address, reason: /\(([^()]*)\)$/.exec(d.why)?.[1] ?? '' })),
  };
}

/**
 * The secret scanner over every string the plan put in either side (gathered as its values were
 * read: each distinct string once), and only when the scanner flags one are the objects the plan
 * wrote walked, to replace it wherever it sits.
 */
async function scan(strings: ReadonlySet<string>, sides: PlanSide[]): Promise<void> {
  const each = (f: (holder: Record<string | number, unknown>, key: string | number, s: string) => void) => {
    const strings = (v: unknown): void => {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++)
          if (typeof v[i] === 'string') f(v as unknown as Record<number, unknown>, i, v[i]);
          else strings(v[i]);
      } else if (v !== null && typeof v === 'object')
        for (const k of Object.keys(v)) {
          const x = (v as Record<string, unknown>)[k];
          if (typeof x === 'string') f(v as Record<string, unknown>, k, x);
          else strings(x);
        }
    };
    for (const side of sides) {
      const written = (v: unknown): void => {
        if (Array.isArray(v)) for (const x of v) written(x);
        else if (v && typeof v === 'object') {
          if (side.addresses.has(v)) strings(v);
          else for (const x of Object.values(v)) if (x && typeof x === 'object') written(x);
        }
      };
      const okta = side.doc.okta as Record<string, unknown>;
      for (const k of ['userSchema', 'groups', 'apps', 'idps', 'idpDiscoveryPolicies', 'eventHooks', 'apiTokens'])
        written(okta[k]);
    }
  };
  // no secret is that short
  const distinct = [...strings].filter((s) => s.length >= 8 && s !== REDACTED);
  if (!distinct.length) return;
  const scanned = { strings: [...distinct] };
  await scanWithSecretlint(scanned, newStats());
  const flagged = new Set(distinct.filter((_s, i) => scanned.strings[i] === REDACTED));
  if (flagged.size)
    each((holder, key, s) => {
      if (flagged.has(s)) holder[key] = REDACTED;
    });
}

/** The Terraform address of the object a finding is about, if the plan wrote it. */
function addressOf(side: PlannedSide, doc: SnapshotDoc, f: Finding): string | undefined {
  let p = f.resource.pointer;
  // the finding's resource, or the object that holds it (a rule's group assignment lies in its app)
  for (;;) {
    const v = resolvePointer(doc, p);
    if (v && typeof v === 'object') {
      const a = side.addresses.get(v);
      if (a) return a;
    }
    if (!p) return f.resource.id ? side.idAddresses.get(f.resource.id) : undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/**
 * Marks each finding of the org after apply introduced or unchanged against the org without the
 * plan, and lists the findings the plan fixes. A finding is the same when its rule and its
 * Terraform address (else its logical location) are. The findings of the rules in `same` (which
 * read nothing the plan changes, rulesToCompare) are unchanged without a comparison.
 */
export function markChanges(
  plan: PreparedPlan,
  after: RuleResult[],
  before: RuleResult[],
  same: ReadonlySet<string> = new Set(),
): PlanSummary {
  const key = (f: Finding, side: PlannedSide) =>
    `${f.ruleId}\0${addressOf(side, side.snapshot.doc, f) ?? f.resource.logical}`;
  const beforeKeys = new Map<string, Finding>();
  for (const r of before) if (!same.has(r.rule.id)) for (const f of r.findings) beforeKeys.set(key(f, plan.before), f);
  const afterKeys = new Set<string>();
  const introduced: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  let unchanged = 0;
  for (const r of after) {
    for (const f of r.findings) {
      const k = key(f, plan.after);
      afterKeys.add(k);
      const address = addressOf(plan.after, plan.after.snapshot.doc, f);
      const mark: FindingPlanMark = {
        change: same.has(r.rule.id) || beforeKeys.has(k) ? 'unchanged' : 'introduced',
        ...(address ? { address } : {}),
      };
      const tf = address ? plan.tf?.get(configAddress(address)) : undefined;
      if (tf) mark.tf = tf;
      f.plan = mark;
      if (f.suppressed) continue;
      if (mark.change === 'introduced') introduced[f.level]++;
      else unchanged++;
    }
  }
  const fixed = [...beforeKeys.entries()]
    .filter(([k, f]) => !afterKeys.has(k) && !f.suppressed)
    .map(([, f]) => {
      const address = addressOf(plan.before, plan.before.snapshot.doc, f);
      const tf = address ? plan.tf?.get(configAddress(address)) : undefined;
      return {
        ruleId: f.ruleId,
        level: f.level,
        message: f.message,
        address,
        logical: f.resource.logical,
        fingerprint: f.fingerprint,
        ...(tf ? { tf } : {}),
      };
    });
  return {
    file: plan.file,
    alone: plan.alone,
    introduced,
    fixed,
    unchanged,
    text: summaryText(introduced, fixed.length),
    complete: plan.complete,
    deferred: plan.deferred,
    notEvaluated: after
      .filter((r) => r.status === 'not-evaluated')
      .map((r) => ({ ruleId: r.rule.id, ...causeOf(r.reason, plan.resourceAddresses), reason: r.reason })),
  };
}

/** What kept a rule from being evaluated, read from its reason (the plan's reasons are worded by this module). */
function causeOf(reason: string, addresses: string[]): { cause: NotEvaluatedCause; address?: string } {
  const deferred = /known after a later plan: Terraform deferred (\S+) \(/.exec(reason);
  if (deferred) return { cause: 'deferred', address: deferred[1] };
  if (reason.includes('known after a later plan')) return { cause: 'incomplete' };
  if (reason.includes('known after apply: ')) {
    const address = addresses.find((a) => reason.includes(`known after apply: ${a}.`));
    return { cause: 'unknown-value', ...(address ? { address } : {}) };
  }
  if (reason.includes(PLAN_ALONE) || reason.includes('a plan does not carry it')) return { cause: 'plan-alone' };
  if (reason.includes('holds no Beyond Identity side')) return { cause: 'beyond-identity' };
  return { cause: 'other' };
}

function summaryText(introduced: Record<Level, number>, fixed: number): string {
  const parts = (['error', 'warning', 'note'] as const)
    .filter((l) => introduced[l] > 0)
    .map((l) => `${introduced[l]} ${l}${introduced[l] === 1 ? '' : 's'}`);
  const intro = parts.length ? `introduces ${parts.join(', ')}` : 'introduces no finding';
  return `this plan ${intro} and fixes ${fixed}`;
}
