import { STATUSES, type Finding, type Problem, type RuleResult } from '../engine/types.js';
import { LEVELS } from '../util/levels.js';
import type { ReportContext } from './types.js';
import { positionOf } from './summary.js';

export const REPORT_FORMAT = 'okta-bi-lint/report@1';

/**
 * The machine-readable report (schemas/report.schema.json). Every rule appears with its status, not
 * only the failing ones, so the document also records what was verified. Only the timestamps vary
 * between two runs over the same inputs.
 */
export function formatJson(ctx: ReportContext): string {
  const doc = {
    format: REPORT_FORMAT,
    tool: { name: ctx.tool.name, version: ctx.tool.version },
    snapshot: {
      path: ctx.snapshot.path,
      sha256: ctx.snapshot.sha256,
      collectedAt: ctx.snapshot.collectedAt,
      orgUrl: ctx.snapshot.orgUrl,
      biPlatform: ctx.snapshot.biPlatform,
      biTenant: ctx.snapshot.biTenant,
    },
    configFile: ctx.configFile,
    expectations: ctx.expectations,
    failOn: ctx.failOn,
    exitCode: ctx.exitCode,
    // Rebuilt in a fixed key order so the output does not depend on how the caller built the objects.
    counts: Object.fromEntries(STATUSES.map((s) => [s, ctx.counts[s] ?? 0])),
    levelCounts: Object.fromEntries(LEVELS.map((l) => [l, ctx.levelCounts[l] ?? 0])),
    startedAt: ctx.startedAt,
    finishedAt: ctx.finishedAt,
    warnings: ctx.warnings?.length ? ctx.warnings : undefined,
    accepted: ctx.accepted,
    plan: ctx.plan && {
      file: ctx.plan.file,
      alone: ctx.plan.alone,
      summary: ctx.plan.text,
      introduced: ctx.plan.introduced,
      unchanged: ctx.plan.unchanged,
      fixed: ctx.plan.fixed.map((f) => ({ ruleId: f.ruleId, level: f.level, message: f.message, address: f.address })),
      complete: ctx.plan.complete,
      deferred: ctx.plan.deferred,
      notEvaluated: ctx.plan.notEvaluated,
    },
    rules: ctx.results.map((r) => ruleEntry(ctx, r)),
  };
  // JSON.stringify drops keys whose value is undefined, which is exactly "absent" in the schema.
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function ruleEntry(ctx: ReportContext, r: RuleResult) {
  return {
    id: r.rule.id,
    title: r.rule.title,
    section: r.rule.section,
    level: r.level,
    status: r.status,
    reason: r.reason,
    // The rule file's remedy, once per rule: every finding of the rule shares it.
    fix: r.rule.fix.trim(),
    findings: r.findings.map((f) => findingEntry(ctx, f)),
  };
}

function findingEntry(ctx: ReportContext, f: Finding) {
  const pos = positionOf(ctx, f.pointer);
  return {
    ruleId: f.ruleId,
    level: f.level,
    message: f.message,
    resource: { kind: f.resource.kind, id: f.resource.id, name: f.resource.name, logical: f.resource.logical },
    pointer: f.pointer,
    location: { path: ctx.snapshot.path, line: pos?.line, column: pos?.column },
    found: f.found,
    expected: f.expected,
    messageId: f.messageId,
    data: f.data,
    fingerprint: f.fingerprint,
    problems: f.problems.map(problemEntry),
    suppressed: f.suppressed && {
      justification: f.suppressed.justification,
      owner: f.suppressed.owner,
      expires: f.suppressed.expires,
    },
    basis: f.basis,
    plan: f.plan && { change: f.plan.change, address: f.plan.address, file: f.plan.tf?.file, line: f.plan.tf?.line },
  };
}

function problemEntry(p: Problem) {
  return {
    detail: p.detail,
    messageId: p.messageId,
    data: p.data,
    pointer: p.pointer,
    field: p.field,
    found: p.found,
    expected: p.expected,
    level: p.level,
  };
}
