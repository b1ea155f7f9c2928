import { FORMATTERS } from '../index.js';
import type { Finding } from '../../engine/types.js';
import type { DriftReport } from '../../api/drift.js';
import { isDriftFinding } from '../../drift/findings.js';
import { formatDriftJson } from './json.js';
import type { DriftChange, DriftRun, ReportContext } from '../types.js';
import { findingLocation } from '../summary.js';

/**
 * Renders a drift report in any --format. JSON has its own shape (formatDriftJson). The shared
 * formatters get the baseline in `driftRun`: they word the verdict with both thresholds, say when
 * nothing changed, and locate a removed resource in the baseline file, where it still exists. SARIF
 * is made by the shared formatter, then each removal's location is moved to the baseline, added as
 * a second artifact, so code scanning opens the right file at the right line.
 */
export function renderDrift(ctx: DriftReport, format: string, extra: Partial<ReportContext> = {}): string {
  if (format === 'json') return formatDriftJson(ctx);
  const formatter = FORMATTERS[format as keyof typeof FORMATTERS];
  if (!formatter) throw new Error(`unknown format ${format}`);
  const shown: DriftReport = { ...ctx, ...extra, driftRun: driftRunOf(ctx) };
  if (format === 'sarif') return relocateSarif(formatter(shown), ctx);
  if (format === 'html') return formatter(htmlContext(shown));
  return formatter(shown);
}

export function driftRunOf(ctx: DriftReport): DriftRun {
  const d = ctx.driftInfo;
  return {
    baseline: { path: d.baseline.path, collectedAt: d.baseline.collectedAt },
    baselinePositions: d.baselinePositions,
    driftFailOn: d.driftFailOn,
    checked: ctx.check !== undefined,
  };
}

function isRemoval(f: Finding): boolean {
  return isDriftFinding(f) && f.artifact === 'baseline';
}

/**
 * The HTML report has a section of its own for drift (`ctx.drift`, a list of changes): the changes go
 * there rather than among the rules. Drift ids that could not be compared stay among the rules, so
 * an incomplete comparison is visible; counts and the verdict are the whole run's.
 */
function htmlContext(ctx: DriftReport): DriftReport & { drift: DriftChange[] } {
  const order = new Map(ctx.driftInfo.comparison.changes.map((c, i) => [c, i]));
  const changes = ctx.results
    .flatMap((r) => r.findings.filter(isDriftFinding))
    .sort((a, b) => order.get(a.change)! - order.get(b.change)!)
    .map((f): DriftChange => {
      const c = f.change;
      const field = c.field;
      return {
        id: c.driftId,
        level: c.level,
        resourceType: c.noun,
        resourceName: f.resource.name,
        resourceId: f.resource.id,
        path: field
          ? field.path
          : `(${c.kind}${c.recreated ? `; recreated, the other id is ${c.recreated.otherId}` : ''})`,
        before: field ? (field.added ? field.removed : field.before) : undefined,
        after: field ? (field.added ? field.added : field.after) : undefined,
        changedBy: f.changedBy?.text,
        location: findingLocation(ctx, f),
        artifact: f.artifact,
      };
    });
  const results = ctx.results.filter((r) => !r.rule.id.startsWith('drift/') || r.findings.length === 0);
  return { ...ctx, results, drift: changes };
}

interface SarifLog {
  runs: {
    artifacts?: unknown[];
    results?: {
      ruleId: string;
      partialFingerprints?: Record<string, string>;
      locations?: {
        physicalLocation?: { artifactLocation: Record<string, unknown>; region?: Record<string, number> };
      }[];
    }[];
  }[];
}

/** Moves each removal's physical location into the baseline file (a second artifact of the run). */
function relocateSarif(text: string, ctx: DriftReport): string {
  const removals = new Map<string, Finding>();
  for (const r of ctx.results)
    for (const f of r.findings) if (isRemoval(f)) removals.set(`${f.ruleId}\0${f.fingerprint}`, f);
  if (removals.size === 0) return text;
  const log = JSON.parse(text) as SarifLog;
  const run = log.runs[0];
  const artifacts = run.artifacts ?? (run.artifacts = []);
  const base = artifacts[0] as { location?: { uriBaseId?: string } } | undefined;
  const uriBaseId = base?.location?.uriBaseId ?? '%SRCROOT%';
  const uri = ctx.driftInfo.baseline.path.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
  const index = artifacts.length;
  artifacts.push({ location: { uri, uriBaseId }, hashes: { 'sha-256': ctx.driftInfo.baseline.sha256 } });
  for (const res of run.results ?? []) {
    const fp = Object.values(res.partialFingerprints ?? {})[0];
    const f = fp !== undefined ? removals.get(`${res.ruleId}\0${fp}`) : undefined;
    const phys = f && res.locations?.[0]?.physicalLocation;
    if (!f || !phys) continue;
    const pos = ctx.driftInfo.baselinePositions.get(f.pointer) ?? { line: 1, column: 1 };
    phys.artifactLocation = { uri, uriBaseId, index };
    phys.region = { startLine: pos.line, startColumn: pos.column };
  }
  return `${JSON.stringify(log, null, 2)}\n`;
}
