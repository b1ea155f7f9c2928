import { loadConfig, checkRuleIds, type BiPlatform, type LoadedConfig } from '../config/load.js';
import { resolveExpectations, type Expectations } from '../config/expectations.js';
import { loadRules } from '../engine/load-rules.js';
import { evaluate } from '../engine/evaluate.js';
import { userMembersRead } from '../engine/members-read.js';
import { STATUSES, type Rule, type RuleResult, type Status } from '../engine/types.js';
import { levelRank, type FailOn } from '../util/levels.js';
import { loadSnapshot, relativeToCwd, type Snapshot } from '../snapshot/load.js';
import { TOOL } from '../version.js';
import type { CheckReport, ReportContext } from '../report/types.js';
import { applySuppressions, validateSuppressions } from '../suppress/suppressions.js';
import {
  acceptedDocument,
  applyAccepted,
  loadAccepted,
  otherOrgWarning,
  type AcceptedDoc,
} from '../suppress/accepted.js';
import type { RunWarning } from '../util/warnings.js';
import { DRIFT_IDS } from '../drift/table.js';
import { rulesToCompare } from '../plan/compare.js';
import type { PreparedPlan } from '../plan/index.js';
import { markChanges } from '../plan/marks.js';

export type { CheckReport } from '../report/types.js';

export type { FailOn } from '../util/levels.js';

export interface CheckOptions {
  /** snapshot file path, or a snapshot already loaded (check --live parses what it collected) */
  snapshot: string | Snapshot;
  /** expectations file; default ./okta-bi-lint.yaml when present */
  config?: string;
  /** extra rule directories */
  rules?: string[];
  failOn?: FailOn;
  /** --bi-platform, which overrides the config's beyondIdentity.platform */
  biPlatform?: BiPlatform;
  cwd?: string;
  /** --accepted FILE: leave out findings whose fingerprint the accepted-findings file lists */
  accepted?: string;
  /** warn about suppressions that matched no finding (default true; --report-unused-suppressions) */
  reportUnusedSuppressions?: boolean;
  /**
   * --write-accepted FILE: record every current finding by fingerprint (the report's `recorded`); they
   * count as accepted in this run. Replaces --accepted.
   */
  writeAccepted?: string;
  /** the instant suppression expiry is judged at (default: now) */
  now?: Date;
  /** check --plan: the plan laid over the snapshot (preparePlan); the org after apply is audited, the org before it compared */
  plan?: PreparedPlan;
}

/**
 * The config and the rules a run uses, with the config's rule ids and suppressions checked against
 * the rules (and drift's own ids): the first step of check and of drift.
 */
export function loadConfigAndRules(options: { config?: string; cwd?: string; rules?: string[] }): {
  config: LoadedConfig;
  rules: Rule[];
} {
  const config = loadConfig(options.config, options.cwd);
  const rules = loadRules(options.rules ?? []);
  const ids = rules.map((r) => r.id);
  checkRuleIds(config, ids);
  validateSuppressions(config, ids, DRIFT_IDS);
  return { config, rules };
}

/**
 * Audits a snapshot file: loads and validates config, rules and snapshot (an InputError on any
 * bad input, before anything runs), evaluates every rule, and returns what a formatter needs.
 * Never exits the process; usable as a library.
 */
export function check(options: CheckOptions): CheckReport {
  const startedAt = new Date().toISOString();
  const { config, rules } = loadConfigAndRules(options);
  const accepted =
    options.accepted !== undefined && options.writeAccepted === undefined
      ? { file: options.accepted, doc: loadAccepted(options.accepted) }
      : undefined;
  const snapshot = options.plan
    ? options.plan.after.snapshot
    : typeof options.snapshot === 'string'
      ? loadSnapshot(options.snapshot, { members: userMembersRead(rules) })
      : options.snapshot;
  return checkLoaded({
    config,
    rules,
    snapshot,
    failOn: options.failOn,
    biPlatform: options.biPlatform,
    startedAt,
    cwd: options.cwd,
    accepted,
    writeAccepted: options.writeAccepted,
    reportUnusedSuppressions: options.reportUnusedSuppressions,
    now: options.now,
    plan: options.plan,
  });
}

/**
 * Audits several snapshot files with one configuration and one set of rules (loaded once): each file
 * is read, checked and let go before the next is read, so memory is bounded by the largest, not the
 * sum. Reports come back in the order of the files. Warnings about the run's inputs are kept only
 * when every snapshot has them: a suppression is unused only if no snapshot used it.
 */
export function checkEach(
  options: Omit<CheckOptions, 'snapshot' | 'accepted'> & {
    snapshots: readonly string[];
    onSnapshot?: (file: string, index: number) => void;
  },
): CheckReport[] {
  const { config, rules } = loadConfigAndRules(options);
  const members = userMembersRead(rules);
  const reports = options.snapshots.map((file, i) => {
    options.onSnapshot?.(file, i);
    const startedAt = new Date().toISOString();
    return checkLoaded({
      config,
      rules,
      snapshot: loadSnapshot(file, { members }),
      failOn: options.failOn,
      biPlatform: options.biPlatform,
      startedAt,
      cwd: options.cwd,
      reportUnusedSuppressions: options.reportUnusedSuppressions,
      now: options.now,
    });
  });
  const key = (w: RunWarning) => JSON.stringify(w);
  const common = reports
    .slice(1)
    .reduce(
      (keep, r) => new Set(r.warnings.map(key).filter((k) => keep.has(k))),
      new Set(reports[0]?.warnings.map(key) ?? []),
    );
  return reports.map((r) => ({ ...r, warnings: r.warnings.filter((w) => common.has(key(w))) }));
}

export function checkLoaded(args: {
  config: LoadedConfig;
  rules: Rule[];
  snapshot: Snapshot;
  failOn?: FailOn;
  biPlatform?: BiPlatform;
  startedAt?: string;
  cwd?: string;
  /** apply the config's suppressions (default true; drift applies them itself, to rules and changes at once) */
  suppress?: boolean;
  reportUnusedSuppressions?: boolean;
  now?: Date;
  /** an accepted-findings file already read (--accepted) */
  accepted?: { file: string; doc: AcceptedDoc };
  /** --write-accepted FILE: record the findings and accept them in this run */
  writeAccepted?: string;
  plan?: PreparedPlan;
}): CheckReport {
  const startedAt = args.startedAt ?? new Date().toISOString();
  const { config, rules, snapshot } = args;
  const expectations = resolveExpectations(config.data, snapshot.doc.okta.orgUrl, args.biPlatform);
  const evaluateOptions = {
    expectations,
    ruleLevels: config.data.rules,
    declared: config.file ? { file: config.file, keys: declaredKeys(config.data) } : undefined,
  };
  const results = evaluate(rules, snapshot, { ...evaluateOptions, partial: args.plan?.after.facts });
  // Suppressions first, so a finding both suppressed and accepted stays visible as suppressed.
  const warnings =
    args.suppress === false
      ? []
      : applySuppressions(results, config, {
          now: args.now,
          reportUnused: args.reportUnusedSuppressions,
          scope: { rules: true, drift: false },
        });
  const summary = snapshotSummary(snapshot, expectations);
  const recorded = args.writeAccepted !== undefined ? acceptedDocument(results, summary) : undefined;
  const acceptFrom = recorded ? { file: args.writeAccepted!, doc: recorded } : args.accepted;
  const accepted = acceptFrom ? { file: acceptFrom.file, ...applyAccepted(results, acceptFrom.doc) } : undefined;
  if (acceptFrom) warnings.push(...otherOrgWarning(acceptFrom.doc, acceptFrom.file, snapshot.doc.okta.orgUrl));
  // the org without the plan, for what the plan introduces and fixes (suppressions apply to both sides)
  let plan: CheckReport['plan'];
  if (args.plan) {
    // only the rules that read what the plan changes are evaluated again
    const { compare, same } = rulesToCompare(rules, args.plan.changed);
    const before = evaluate(compare, args.plan.before.snapshot, {
      ...evaluateOptions,
      partial: args.plan.before.facts,
    });
    if (args.suppress !== false)
      applySuppressions(before, config, { now: args.now, reportUnused: false, scope: { rules: true, drift: false } });
    plan = markChanges(args.plan, results, before, same);
  }
  const failOn = args.failOn ?? 'error';
  const pointers = results.flatMap((r) => r.findings.map((f) => f.pointer));
  return {
    tool: TOOL,
    snapshot: summary,
    expectations,
    configFile: config.file,
    results,
    // a plan's findings are located by Terraform address and .tf line, not in a snapshot file
    positions: pointers.length && !args.plan ? snapshot.locate(pointers) : new Map(),
    counts: countStatuses(results),
    levelCounts: countLevels(results),
    failOn,
    exitCode: exitCode(results, failOn),
    startedAt,
    finishedAt: new Date().toISOString(),
    cwd: args.cwd ?? process.cwd(),
    warnings,
    accepted,
    ...(recorded ? { recorded } : {}),
    ...(plan ? { plan } : {}),
  };
}

/** The expectation keys an expectations file sets (okta.group, beyondIdentity.issuer, provisioning). */
function declaredKeys(data: LoadedConfig['data']): Set<string> {
  const keys = new Set<string>();
  for (const section of ['okta', 'beyondIdentity'] as const)
    for (const k of Object.keys(data[section] ?? {})) keys.add(`${section}.${k}`);
  if (data.provisioning) keys.add('provisioning');
  return keys;
}

export function countStatuses(results: readonly RuleResult[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of results) counts[r.status]++;
  return counts;
}

export function countLevels(results: readonly RuleResult[]): { error: number; warning: number; note: number } {
  const c = { error: 0, warning: 0, note: 0 };
  for (const r of results) for (const f of r.findings) if (!f.suppressed) c[f.level]++;
  return c;
}

/** 1 when a finding is at or above --fail-on, else 3 when a rule was not evaluated, else 0. */
export function exitCode(results: readonly RuleResult[], failOn: FailOn): 0 | 1 | 3 {
  if (failOn !== 'never') {
    const threshold = levelRank(failOn);
    for (const r of results) for (const f of r.findings) if (!f.suppressed && levelRank(f.level) >= threshold) return 1;
  }
  return results.some((r) => r.status === 'not-evaluated') ? 3 : 0;
}

/** What a report says about the snapshot it audited. */
export function snapshotSummary(snapshot: Snapshot, expectations: Expectations): ReportContext['snapshot'] {
  return {
    path: relativeToCwd(snapshot.file),
    sha256: snapshot.sha256,
    collectedAt: snapshot.doc.collectedAt,
    orgUrl: snapshot.doc.okta.orgUrl,
    biPlatform: expectations.biPlatform ?? snapshot.doc.beyondIdentity?.platform,
    biTenant: snapshot.doc.beyondIdentity?.tenantId as string | undefined,
  };
}
