/** okta-bi-lint as a library: the same functions the CLI calls. */
export { check, checkEach, checkLoaded, exitCode, type CheckOptions, type FailOn } from './api/check.js';
export { loadSnapshot, parseSnapshot, Snapshot, SNAPSHOT_FORMAT } from './snapshot/load.js';
export { loadConfig, parseConfig } from './config/load.js';
export { resolveExpectations } from './config/expectations.js';
export { loadRules, parseRule } from './engine/load-rules.js';
export { evaluate } from './engine/evaluate.js';
export { FUNCTIONS } from './engine/functions/index.js';
export { InputError } from './util/errors.js';
export type { Finding, Rule, RuleResult, Status } from './engine/types.js';
export type { Level } from './util/levels.js';
export type { CheckReport, DisplayOptions, DriftReport, ReportContext } from './report/types.js';
export { drift, type DriftOptions } from './api/drift.js';
export type { RunWarning } from './util/warnings.js';
export type { AcceptedSummary } from './suppress/types.js';
export { FORMATTERS, type FormatName } from './report/index.js';
