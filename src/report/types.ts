import type { Expectations } from '../config/expectations.js';
import type { RuleResult, Status } from '../engine/types.js';
import type { Position } from '../util/json-position.js';
import type { FailOn } from '../util/levels.js';
import type { RunWarning } from '../util/warnings.js';
import type { AcceptedSummary } from '../suppress/types.js';
import type { AcceptedDoc } from '../suppress/accepted.js';
import type { DriftComparison } from '../drift/compare.js';

/** One change between a baseline snapshot and the current one, as the HTML report lists it. */
export interface DriftChange {
  id: string;
  level: 'error' | 'warning' | 'note';
  resourceType: string;
  resourceName?: string;
  resourceId?: string;
  /** where in the resource the value changed, e.g. protocol.issuer.url */
  path: string;
  before?: unknown;
  after?: unknown;
  /** who made the change (drift attribution), one line */
  changedBy?: string;
  /** `file:line:col`: in the current snapshot, or in the baseline for a removed resource */
  location?: string;
  artifact?: 'current' | 'baseline';
}

/** What a drift run adds to the report context. */
export interface DriftRun {
  baseline: { path: string; sha256: string; collectedAt?: string };
  /** line and column of pointers into the baseline (where removed resources were) */
  baselinePositions: Map<string, Position>;
  driftFailOn: FailOn;
  /** false with --no-check: only the comparison ran */
  checked: boolean;
}

/**
 * Everything a formatter needs to know about a run: data only, built once and never changed after.
 * How it is shown (colour, width, quiet, verbose) is a separate DisplayOptions.
 */
export interface ReportContext {
  tool: { name: string; version: string; informationUri: string; repository?: string };
  /** what was audited */
  snapshot: {
    /** path relative to the working directory, with forward slashes (SARIF artifact location) */
    path: string;
    sha256: string;
    collectedAt?: string;
    orgUrl: string;
    biPlatform?: string;
    biTenant?: string;
  };
  /** the effective expectations the rules compared against */
  expectations: Expectations;
  /** the config file used, if any */
  configFile?: string;
  /** every rule's result, in report order */
  results: RuleResult[];
  /** line and column of each finding's pointer, computed once for the formats that need them */
  positions: Map<string, Position>;
  /** counts by status */
  counts: Record<Status, number>;
  /** findings by level (suppressed excluded) */
  levelCounts: { error: number; warning: number; note: number };
  failOn: FailOn;
  exitCode: 0 | 1 | 3;
  startedAt: string;
  finishedAt: string;
  /** problems with the run's own inputs that did not stop it (expired or unused suppressions, …) */
  warnings?: RunWarning[];
  /** what --accepted left out of the report */
  accepted?: AcceptedSummary;
  /** check --plan: what the plan does to the findings (each finding carries its own mark in finding.plan) */
  plan?: {
    file: string;
    alone: boolean;
    introduced: { error: number; warning: number; note: number };
    fixed: {
      ruleId: string;
      level: 'error' | 'warning' | 'note';
      message: string;
      address?: string;
      /** where the finding was: its logical location and fingerprint, and its resource block (--tf-dir) */
      logical?: string;
      fingerprint?: string;
      tf?: { file: string; line: number };
    }[];
    unchanged: number;
    /** "this plan introduces 1 error and fixes 2" */
    text: string;
    /** false when Terraform marked the plan incomplete (complete: false) */
    complete?: boolean;
    /** the resources whose change Terraform deferred to a later plan, with its reason */
    deferred?: { address: string; reason: string }[];
    /** each rule not evaluated after apply, and why: a deferred change, an incomplete plan, an unknown value, a plan alone, … */
    notEvaluated?: { ruleId: string; cause: string; address?: string; reason: string }[];
  };
  /** drift runs: the changes, for the formats that list them apart from the findings (HTML) */
  drift?: DriftChange[];
  /** drift runs: the baseline compared with and the drift threshold (verdict, locations of removed resources) */
  driftRun?: DriftRun;
  /** the working directory the snapshot path is relative to (SARIF originalUriBaseIds) */
  cwd: string;
}

/** How a report is shown, apart from what it says: a formatter ignores what it has no use for. */
export interface DisplayOptions {
  /** render colour (text format on a terminal) */
  color?: boolean;
  /** text: only findings at or above --fail-on */
  quiet?: boolean;
  /** text: also list passing and off rules, and show long values whole */
  verbose?: boolean;
  /** text: the column to wrap at (the terminal's width); absent or 0: no wrapping */
  width?: number;
}

/** A report format: a pure function of the report and how to show it. */
export type Formatter = (ctx: ReportContext, options?: DisplayOptions) => string;

/** A check run's report: the report context plus what suppressions and the accepted file did. */
export interface CheckReport extends ReportContext {
  warnings: RunWarning[];
  accepted?: AcceptedSummary;
  /** --write-accepted: the accepted-findings document recorded from this run's findings */
  recorded?: AcceptedDoc;
}

/** A drift run: the combined report (changes as findings of drift pseudo-rules, then the rules), plus what drift alone knows. */
export interface DriftReport extends CheckReport {
  driftInfo: {
    baseline: { path: string; sha256: string; collectedAt?: string; orgUrl: string; biTenant?: string };
    /** line and column of the pointers into the baseline (removed resources) */
    baselinePositions: Map<string, Position>;
    comparison: DriftComparison;
    driftFailOn: FailOn;
  };
  /** the rules' own report on the current snapshot; absent with --no-check */
  check?: CheckReport;
}
