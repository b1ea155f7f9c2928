/**
 * What a plan does to the findings: each finding of the org after apply marked introduced or
 * unchanged, the findings it fixes, and why rules were not evaluated. Apart from reading and
 * building the plan (index.ts), so that a check without --plan loads none of that.
 */
import { plural } from '../util/text.js';
import type { Finding, RuleResult } from '../engine/types.js';
import type { SnapshotDoc } from '../snapshot/load.js';
import type { Level } from '../util/levels.js';
import { resolvePointer } from '../util/pointer.js';
import { PLAN_ALONE } from './compare.js';
import type { FindingPlanMark, NotEvaluatedCause, PlannedSide, PlanSummary, PreparedPlan } from './index.js';
import { configAddress } from './tf.js';

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
      .map((r) => ({ ruleId: r.rule.id, ...causeOf(r.reason, plan), reason: r.reason })),
  };
}

/** What kept a rule from being evaluated, read from its reason (the plan's reasons are worded by this module). */
function causeOf(reason: string, plan: PreparedPlan): { cause: NotEvaluatedCause; address?: string } {
  const deferred = /known after a later plan: Terraform deferred (\S+) \(/.exec(reason);
  if (deferred) return { cause: 'deferred', address: deferred[1] };
  if (reason.includes('known after a later plan')) return { cause: 'incomplete' };
  if (reason.includes('known after apply: ')) {
    const address = plan.resourceAddresses.find((a) => reason.includes(`known after apply: ${a}.`));
    return { cause: 'unknown-value', ...(address ? { address } : {}) };
  }
  if (reason.includes(PLAN_ALONE) || reason.includes('a plan does not carry it')) return { cause: 'plan-alone' };
  if (reason.includes('holds no Beyond Identity side')) return { cause: 'beyond-identity' };
  return { cause: 'other' };
}

function summaryText(introduced: Record<Level, number>, fixed: number): string {
  const parts = (['error', 'warning', 'note'] as const)
    .filter((l) => introduced[l] > 0)
    .map((l) => plural(introduced[l], l));
  const intro = parts.length ? `introduces ${parts.join(', ')}` : 'introduces no finding';
  return `this plan ${intro} and fixes ${fixed}`;
}
