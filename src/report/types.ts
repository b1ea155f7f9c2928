import type { Expectations } from '../config/expectations.js';
import type { RuleResult, Status } from '../engine/types.js';
import type { Position } from '../util/json-position.js';
import type { AcceptedSummary, RunWarning } from '../suppress/types.js';

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
  baseline: { path: string; collectedAt?: string };
  /** line and column of pointers into the baseline (where removed resources were) */
  baselinePositions: Map<string, Position>;
  driftFailOn: 'error' | 'warning' | 'note' | 'never';
  /** false with --no-check: only the comparison ran */
  checked: boolean;
}

/** Everything a formatter needs; formatters are pure functions of it (Spectral-style). */
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
  failOn: 'error' | 'warning' | 'note' | 'never';
  exitCode: 0 | 1 | 3;
  startedAt: string;
  finishedAt: string;
  /** render colour (text format on a terminal) */
  color: boolean;
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
  /** text: only findings at or above --fail-on */
  quiet?: boolean;
  /** text: also list passing and off rules, and show long values whole */
  verbose?: boolean;
  /** text: the column to wrap at (the terminal's width); absent or 0: no wrapping */
  width?: number;
  /** drift runs: the baseline compared with and the drift threshold (verdict, locations of removed resources) */
  driftRun?: DriftRun;
  /** the working directory the snapshot path is relative to (SARIF originalUriBaseIds) */
  cwd: string;
}

export type Formatter = (ctx: ReportContext) => string;
