import { FORMATTERS } from '../index.js';
import { isDriftFinding } from '../../drift/findings.js';
import { formatDriftJson } from './json.js';
import type { DisplayOptions, DriftChange, DriftReport, DriftRun } from '../types.js';
import { findingLocation } from '../summary.js';

/**
 * Renders a drift report in any --format. JSON has its own shape (formatDriftJson). The shared
 * formatters get the baseline in `driftRun`: they word the verdict with both thresholds, say when
 * nothing changed, and locate a removed resource in the baseline file, where it still exists (SARIF
 * as a second artifact, so code scanning opens the right file at the right line).
 */
export function renderDrift(ctx: DriftReport, format: string, options: DisplayOptions = {}): string {
  if (format === 'json') return formatDriftJson(ctx);
  const formatter = FORMATTERS[format as keyof typeof FORMATTERS];
  if (!formatter) throw new Error(`unknown format ${format}`);
  const shown: DriftReport = { ...ctx, driftRun: driftRunOf(ctx) };
  if (format === 'html') return formatter(htmlContext(shown), options);
  return formatter(shown, options);
}

export function driftRunOf(ctx: DriftReport): DriftRun {
  const d = ctx.driftInfo;
  return {
    baseline: { path: d.baseline.path, sha256: d.baseline.sha256, collectedAt: d.baseline.collectedAt },
    baselinePositions: d.baselinePositions,
    driftFailOn: d.driftFailOn,
    checked: ctx.check !== undefined,
  };
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
