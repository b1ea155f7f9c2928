/** okta-bi-lint as a library: the same functions the CLI calls. */
export { check, checkEach, checkLoaded, exitCode, type CheckOptions, type FailOn } from './api/check.js';
export { loadSnapshot, parseSnapshot, Snapshot, SNAPSHOT_FORMAT } from './snapshot/load.js';
export { loadConfig, parseConfig } from './config/load.js';
export { resolveExpectations } from './config/expectations.js';
export { loadRules, parseRule } from './engine/load-rules.js';
export { evaluate } from './engine/evaluate.js';
export { FUNCTIONS } from './engine/functions/index.js';
export { InputError } from './util/errors.js';
export type { Finding, Rule, RuleResult, Status, Level } from './engine/types.js';
export type { ReportContext } from './report/types.js';
export { drift, type DriftOptions, type DriftReport } from './api/drift.js';
export type { CheckReport, RunWarning, AcceptedSummary } from './suppress/types.js';
export { FORMATTERS, type FormatName } from './report/index.js';
