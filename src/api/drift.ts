import {
  checkLoaded,
  loadConfigAndRules,
  countLevels,
  countStatuses,
  exitCode,
  snapshotSummary,
  type FailOn,
} from './check.js';
import { resolveExpectations, type Expectations } from '../config/expectations.js';
import type { loadConfig, BiPlatform } from '../config/load.js';
import type { loadRules } from '../engine/load-rules.js';
import type { RuleResult } from '../engine/types.js';
import { levelRank } from '../util/levels.js';
import { loadSnapshot, relativeToCwd, type Snapshot } from '../snapshot/load.js';
import {
  acceptedDocument,
  applyAccepted,
  loadAccepted,
  otherOrgWarning,
  type AcceptedDoc,
} from '../suppress/accepted.js';
import { applySuppressions } from '../suppress/suppressions.js';
import type { CheckReport, DriftReport } from '../report/types.js';
import type { RunWarning } from '../util/warnings.js';
import type { Position } from '../util/json-position.js';
import { InputError } from '../util/errors.js';
import { TOOL } from '../version.js';
import { checkBaseline, DRIFT_LOAD, loadBaseline } from '../drift/baseline.js';
import { compareSnapshots, type DriftComparison } from '../drift/compare.js';
import { driftResults, isDriftFinding, isDriftId } from '../drift/findings.js';

export interface DriftOptions {
  /** the approved baseline snapshot file */
  baseline: string;
  /** the current snapshot file (or pass currentSnapshot, e.g. from a live collection) */
  current?: string;
  currentSnapshot?: Snapshot;
  config?: string;
  rules?: string[];
  /** the lowest rule-finding level that fails the run (default error) */
  failOn?: FailOn;
  /** the lowest drift level that fails the run (default note: any change) */
  driftFailOn?: FailOn;
  /** also run the rules on the current snapshot (default true; --no-check) */
  check?: boolean;
  /** --max-baseline-age, e.g. 30d */
  maxBaselineAge?: string;
  /** compare despite another org, an old baseline or another format version */
  force?: boolean;
  biPlatform?: BiPlatform;
  /** --accepted FILE */
  accepted?: string;
  /** --write-accepted FILE: record every current finding and change (the report's `recorded`), accepted in this run */
  writeAccepted?: string;
  reportUnusedSuppressions?: boolean;
  /** the instant baseline age and suppression expiry are judged at (default: now) */
  now?: Date;
  cwd?: string;
}

export type { DriftReport } from '../report/types.js';

/**
 * Compares a baseline snapshot with the current one and, unless told not to, audits the current one
 * with the rules, so one run answers "what changed since we approved it, and does it still pass?".
 * Bad input (unreadable files, another org, a stale baseline) is an InputError before anything is
 * compared. Never exits the process.
 */
export function drift(options: DriftOptions): DriftReport {
  const prepared = prepareDrift(options);
  let current = options.currentSnapshot;
  if (!current) {
    if (!options.current)
      throw new InputError('drift needs the current configuration: --current FILE or --live', {
        hint: 'collect one with okta-bi-lint collect --out snap.json',
      });
    current = loadSnapshot(options.current, DRIFT_LOAD);
  }
  return compareWith(prepared, current);
}

/** Everything read before the current configuration: so that bad input fails before a slow live collection. */
export interface PreparedDrift {
  options: DriftOptions;
  startedAt: string;
  warnings: RunWarning[];
  config: ReturnType<typeof loadConfig>;
  rules: ReturnType<typeof loadRules>;
  acceptedDoc?: AcceptedDoc;
  baseline: Snapshot;
}

export function prepareDrift(options: DriftOptions): PreparedDrift {
  const startedAt = new Date().toISOString();
  const warnings: RunWarning[] = [];
  const { config, rules } = loadConfigAndRules(options);
  const acceptedDoc =
    options.accepted !== undefined && options.writeAccepted === undefined ? loadAccepted(options.accepted) : undefined;
  const baseline = loadBaseline(options.baseline, options.force === true, warnings);
  return { options, startedAt, warnings, config, rules, acceptedDoc, baseline };
}

/** Compares a prepared baseline with the current snapshot and, unless --no-check, runs the rules on it. */
function compareWith(prepared: PreparedDrift, current: Snapshot): DriftReport {
  return driftReport(compareDrift(prepared, current));
}

/** A comparison made, its report not yet built: attribution (drift/attribution.ts) fills in who made each change. */
export interface ComparedDrift {
  prepared: PreparedDrift;
  current: Snapshot;
  expectations: Expectations;
  comparison: DriftComparison;
}

/** Checks the baseline against the current snapshot and compares the two. */
export function compareDrift(prepared: PreparedDrift, current: Snapshot): ComparedDrift {
  const { options, warnings, config, baseline } = prepared;
  checkBaseline(
    baseline,
    current,
    { force: options.force === true, maxAge: options.maxBaselineAge, now: options.now },
    warnings,
  );
  const expectations = resolveExpectations(config.data, current.doc.okta.orgUrl, options.biPlatform);
  const comparison = compareSnapshots(baseline, current, { expectations, config });
  warnings.push(...comparison.warnings);
  return { prepared, current, expectations, comparison };
}

/** The drift report of a comparison, built once: the changes as findings, the rules' results, suppressions and accepted findings applied. */
export function driftReport(compared: ComparedDrift): DriftReport {
  const { prepared, current, expectations, comparison } = compared;
  const { options, startedAt, warnings, config, rules, acceptedDoc, baseline } = prepared;
  const failOn = options.failOn ?? 'error';
  const driftFailOn = options.driftFailOn ?? 'note';
  const runCheck = options.check !== false;
  const driftRes = driftResults(comparison);
  const checkCtx = runCheck
    ? checkLoaded({
        config,
        rules,
        snapshot: current,
        failOn,
        biPlatform: options.biPlatform,
        startedAt,
        cwd: options.cwd,
        suppress: false,
      })
    : undefined;
  const results: RuleResult[] = [...driftRes, ...(checkCtx?.results ?? [])];
  warnings.push(
    ...applySuppressions(results, config, {
      now: options.now,
      reportUnused: options.reportUnusedSuppressions,
      scope: { rules: runCheck, drift: true },
    }),
  );
  const summary = snapshotSummary(current, expectations);
  const recorded = options.writeAccepted !== undefined ? acceptedDocument(results, summary) : undefined;
  const acceptFrom = recorded
    ? { file: options.writeAccepted!, doc: recorded }
    : acceptedDoc && { file: options.accepted!, doc: acceptedDoc };
  const accepted = acceptFrom ? { file: acceptFrom.file, ...applyAccepted(results, acceptFrom.doc) } : undefined;
  if (acceptFrom) warnings.push(...otherOrgWarning(acceptFrom.doc, acceptFrom.file, current.doc.okta.orgUrl));
  // the rules' own report, as the suppressions and the accepted file left their results
  const check: CheckReport | undefined = checkCtx && {
    ...checkCtx,
    counts: countStatuses(checkCtx.results),
    levelCounts: countLevels(checkCtx.results),
    exitCode: exitCode(checkCtx.results, checkCtx.failOn),
    warnings,
    accepted,
  };

  const currentPointers: string[] = [];
  const baselinePointers: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      // A removed resource is located in the baseline, in every format (report/summary.ts, findingLocation).
      if (isDriftFinding(f) && f.artifact === 'baseline') baselinePointers.push(f.pointer);
      else currentPointers.push(f.pointer);
    }
  }
  // ctx.positions holds places in the current snapshot only; places in the baseline are kept apart.
  // Each snapshot is scanned once, for all its pointers; the rules' findings were located already.
  const known = checkCtx?.positions;
  const positions = new Map<string, Position>(known);
  const toLocate = known ? currentPointers.filter((p) => !known.has(p)) : currentPointers;
  if (toLocate.length) for (const [p, pos] of current.locate(toLocate)) positions.set(p, pos);
  const baselinePositions = baselinePointers.length ? baseline.locate(baselinePointers) : new Map<string, Position>();

  return {
    tool: TOOL,
    snapshot: summary,
    expectations,
    configFile: config.file,
    results,
    positions,
    counts: countStatuses(results),
    levelCounts: countLevels(results),
    failOn,
    exitCode: driftExitCode(results, failOn, driftFailOn),
    startedAt,
    finishedAt: new Date().toISOString(),
    cwd: options.cwd ?? process.cwd(),
    warnings,
    accepted,
    ...(recorded ? { recorded } : {}),
    driftInfo: {
      baseline: {
        path: relativeToCwd(baseline.file),
        sha256: baseline.sha256,
        collectedAt: baseline.doc.collectedAt,
        orgUrl: baseline.doc.okta.orgUrl,
        biTenant: baseline.doc.beyondIdentity?.tenantId as string | undefined,
      },
      baselinePositions,
      comparison,
      driftFailOn,
    },
    check,
  };
}

/**
 * 1 when an unsuppressed change is at or above --drift-fail-on (default note: any change) or a rule
 * finding is at or above --fail-on; else 3 when a rule was not evaluated or a section could not be
 * compared; else 0.
 */
function driftExitCode(results: readonly RuleResult[], failOn: FailOn, driftFailOn: FailOn): 0 | 1 | 3 {
  for (const r of results) {
    const threshold = isDriftId(r.rule.id) ? driftFailOn : failOn;
    if (threshold === 'never') continue;
    for (const f of r.findings) if (!f.suppressed && levelRank(f.level) >= levelRank(threshold)) return 1;
  }
  return results.some((r) => r.status === 'not-evaluated') ? 3 : 0;
}
