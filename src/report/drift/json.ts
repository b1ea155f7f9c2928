import { LEVELS } from '../../util/levels.js';
import { formatJson } from '../json.js';
import type { DriftReport } from '../types.js';
import { isDriftFinding, type DriftFinding } from '../../drift/findings.js';

const DRIFT_REPORT_FORMAT = 'okta-bi-lint/drift-report@1';

/**
 * The machine-readable drift report (schemas/drift-report.schema.json): both snapshots, every
 * section with whether it was compared, every change with its before and after values, and the
 * rules' own report on the current snapshot under `check`. Only the timestamps vary between two
 * runs over the same inputs.
 */
export function formatDriftJson(ctx: DriftReport): string {
  const d = ctx.driftInfo;
  // In the comparison's order (type, resource, removed/added/changed, field), not grouped by drift id.
  const order = new Map(d.comparison.changes.map((c, i) => [c, i]));
  const findings = ctx.results
    .flatMap((r) => r.findings.filter(isDriftFinding))
    .sort((a, b) => order.get(a.change)! - order.get(b.change)!);
  const active = findings.filter((f) => !f.suppressed);
  const byKind = { changed: 0, added: 0, removed: 0 };
  const byLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<string, number>;
  for (const f of active) {
    byKind[f.change.kind]++;
    byLevel[f.level]++;
  }
  const doc = {
    format: DRIFT_REPORT_FORMAT,
    tool: { name: ctx.tool.name, version: ctx.tool.version },
    baseline: d.baseline,
    current: {
      path: ctx.snapshot.path,
      sha256: ctx.snapshot.sha256,
      collectedAt: ctx.snapshot.collectedAt,
      orgUrl: ctx.snapshot.orgUrl,
      biTenant: ctx.snapshot.biTenant,
    },
    configFile: ctx.configFile,
    failOn: ctx.failOn,
    driftFailOn: d.driftFailOn,
    exitCode: ctx.exitCode,
    summary: {
      changes: active.length,
      byKind,
      byLevel,
      suppressed: findings.length - active.length,
      accepted: ctx.accepted?.count ?? 0,
    },
    sections: d.comparison.sections.map((s) => ({
      section: s.section,
      types: s.types,
      status: s.status,
      reason: s.reason,
      baseline: s.baseline,
      current: s.current,
    })),
    changes: findings.map((f) => changeEntry(ctx, f)),
    warnings: ctx.warnings.map((w) => ({
      level: w.level,
      message: w.message,
      file: w.file,
      line: w.line,
      column: w.column,
    })),
    accepted: ctx.accepted,
    startedAt: ctx.startedAt,
    finishedAt: ctx.finishedAt,
    check: ctx.check ? (JSON.parse(formatJson(ctx.check)) as unknown) : undefined,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function changeEntry(ctx: DriftReport, f: DriftFinding) {
  const c = f.change;
  const inBaseline = f.artifact === 'baseline';
  const pos = inBaseline ? ctx.driftInfo.baselinePositions.get(f.pointer) : ctx.positions.get(f.pointer);
  return {
    driftId: c.driftId,
    kind: c.kind,
    type: c.type,
    level: c.level,
    levelReason: c.levelReason,
    resource: { kind: f.resource.kind, id: f.resource.id, name: f.resource.name, logical: f.resource.logical },
    field: c.field && {
      path: c.field.path,
      before: c.field.before,
      after: c.field.after,
      added: c.field.added,
      removed: c.field.removed,
    },
    recreated: c.recreated,
    message: c.message,
    location: {
      artifact: f.artifact,
      path: inBaseline ? ctx.driftInfo.baseline.path : ctx.snapshot.path,
      pointer: f.pointer,
      line: pos?.line,
      column: pos?.column,
    },
    fingerprint: f.fingerprint,
    suppressed: f.suppressed && {
      justification: f.suppressed.justification,
      owner: f.suppressed.owner,
      expires: f.suppressed.expires,
    },
    attribution: c.attribution,
  };
}
