import { newStats, REDACTED } from '../secrets/redact.js';
import { scanWithSecretlint } from '../secrets/secretlint.js';
import type { PartialFacts } from '../engine/unknown.js';
import type { Level } from '../util/levels.js';
import { Snapshot } from '../snapshot/load.js';
import { type AddressBook, buildSide, type IdAddresses, planInstances, type PlanSide } from './build.js';
import { readPlanText } from './read.js';
import { changedSections } from './compare.js';
import { tfLocations, type TfLocation } from './tf.js';

export { readPlan } from './read.js';
export { declaredBiSide } from './declared.js';
import type { DeclaredBiSide } from './declared.js';

/** One side of the plan as a snapshot the engine audits, with what the engine must know of it. */
export interface PlannedSide {
  snapshot: Snapshot;
  facts: PartialFacts;
  addresses: AddressBook;
  idAddresses: IdAddresses;
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
export type NotEvaluatedCause =
  | 'deferred'
  | 'incomplete'
  | 'unknown-value'
  | 'plan-alone'
  | 'beyond-identity'
  | 'other';

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

export interface FindingPlanMark {
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
  let addresses: string[] | undefined;
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
    // only a rule not evaluated for an unknown value reads them (marks.ts): listed when first read
    get resourceAddresses() {
      addresses ??= [...new Set([...all.before, ...all.after].map((i) => i.address))].sort(
        (a, b) => b.length - a.length,
      );
      return addresses;
    },
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
