import type { Level, LevelSetting } from '../util/levels.js';

export type Status = 'pass' | 'fail' | 'not-evaluated' | 'skipped' | 'off' | 'suppressed';
export const STATUSES: readonly Status[] = ['pass', 'fail', 'not-evaluated', 'skipped', 'off', 'suppressed'];

export interface CheckSpec {
  field?: string;
  function: string;
  options?: Record<string, unknown>;
  level?: Level;
  message?: string;
  optional?: boolean;
  label?: string;
}

interface SelectorSpec {
  from: string;
  where?: CheckSpec[];
}

export interface RuleSpec {
  id: string;
  title: string;
  level: Level;
  section: string;
  description: string;
  rationale: string;
  fix: string;
  helpUri?: string;
  mode?: 'any' | 'scim' | 'event-hook';
  requires: string[];
  /** section → expectation key: a value the expectations file declares stands in for a section that could not be collected */
  declaredFallback?: Record<string, string>;
  defines?: SelectorSpec & { name: string; prefer?: CheckSpec[]; cardinality?: 'one' | 'any'; missing: string };
  subject?: string;
  when?: { exists: SelectorSpec; otherwise: string };
  message?: string;
  then: CheckSpec[];
  examples?: { pass?: string; fail?: string };
  platforms?: Partial<Record<BiPlatformName, PlatformOverride>>;
}

export type BiPlatformName = 'secure-workforce' | 'secure-access';

/** How a rule reads one Beyond Identity platform's objects, or why it is off there. */
interface PlatformOverride {
  off?: string;
  requires?: string[];
  declaredFallback?: Record<string, string>;
  defines?: RuleSpec['defines'];
  subject?: string;
  when?: RuleSpec['when'];
  message?: string;
  then?: CheckSpec[];
  reads?: string;
}

/** A rule as loaded: its spec, where it came from, and what it depends on. */
export interface Rule extends RuleSpec {
  file: string;
  /** true for rules shipped in rules/, false for --rules DIR */
  builtin: boolean;
  /** set when the rule is off on the audited Beyond Identity platform */
  platformOff?: string;
}

/** A value somewhere in the snapshot. */
export interface Target {
  value: unknown;
  pointer: string;
}

/** One thing a check function found wrong. */
export interface Problem {
  /** the stable id of the message, among those its check function declares (e.g. mismatch, missing); always set by the engine */
  messageId?: string;
  /** the values interpolated into the message, as shown (field, found, expected, …); always set by the engine */
  data?: Record<string, unknown>;
  /** the message rendered from messageId and data, or from the rule's own message */
  detail: string;
  pointer: string;
  field?: string;
  found?: unknown;
  expected?: unknown;
  level?: Level;
  /** the pointer of the resource the problem belongs to, when it is not the rule's subject */
  resource?: string;
}

export interface Resource {
  kind: string;
  id?: string;
  name?: string;
  /** logical location, e.g. okta/idps/0oa1x2 */
  logical: string;
  pointer: string;
}

/** The one finding type of the code base: a rule, a resource, what is wrong, and where. */
export interface Finding {
  ruleId: string;
  level: Level;
  message: string;
  resource: Resource;
  /** JSON Pointer into the snapshot to the offending value */
  pointer: string;
  found?: unknown;
  expected?: unknown;
  /** the messageId of the first problem (rule findings; drift findings have none) */
  messageId?: string;
  /** the data of the first problem */
  data?: Record<string, unknown>;
  problems: Problem[];
  /** stable across runs for the same rule and resource */
  fingerprint: string;
  suppressed?: { justification: string; owner?: string; expires?: string };
  /** 'declared' when the finding rests on Beyond Identity values declared by hand (--bi-from), not read from its API */
  basis?: 'declared';
  /**
   * drift: who made the change, from the audit log (src/drift/attribution.ts). `text` is one line
   * every format shows (actor strings in it are data from the org: formats escape it as such);
   * `details` the structured attribution (SARIF result properties).
   */
  changedBy?: { text: string; details: Record<string, unknown> };
  /** check --plan: whether the plan introduces the finding, the Terraform address of its resource, and its .tf block (--tf-dir) */
  plan?: { change: 'introduced' | 'unchanged'; address?: string; tf?: { file: string; line: number } };
}

export interface RuleResult {
  rule: Rule;
  /** the level in force (after the config's overrides) */
  level: LevelSetting;
  status: Status;
  reason: string;
  findings: Finding[];
}
