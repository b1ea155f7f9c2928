import { sectionOrder, sectionTitle } from '../engine/sections.js';
import type { Finding, RuleResult, Status } from '../engine/types.js';
import { levelRank, type Level } from '../util/levels.js';
import type { Position } from '../util/json-position.js';
import { plural } from '../util/text.js';
import type { ReportContext } from './types.js';

/** What every human-readable format says at the end, derived from the exit code the CLI will return. */
export interface Verdict {
  outcome: 'passed' | 'failed' | 'incomplete';
  /** why, without the outcome word: `3 findings at or above the fail-on level (error)` */
  detail: string;
}

export interface SectionGroup {
  key: string;
  title: string;
  results: RuleResult[];
}

/** Rules grouped under the guide's headings, in the guide's order; custom sections follow, in report order. */
export function groupBySection(results: readonly RuleResult[]): SectionGroup[] {
  const groups = new Map<string, SectionGroup>();
  for (const r of results) {
    const key = r.rule.section;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, title: sectionTitle(key), results: [] }));
    g.results.push(r);
  }
  // Array.prototype.sort is stable, so sections the guide does not know keep their first-seen order.
  return [...groups.values()].sort((a, b) => sectionOrder(a.key) - sectionOrder(b.key));
}

/** Findings that count: a suppressed finding is reported as such but never as a problem. */
export function activeFindings(r: RuleResult): Finding[] {
  return r.findings.filter((f) => !f.suppressed);
}

export function isDriftResult(r: RuleResult): boolean {
  return r.rule.id.startsWith('drift/');
}

type Threshold = ReportContext['failOn'];

function atOrAbove(level: Level, threshold: Threshold): boolean {
  return threshold !== 'never' && levelRank(level) >= levelRank(threshold);
}

/** Active findings, split into drift changes and rule findings, with how many of each fail the run. */
export interface Tally {
  changes: { error: number; warning: number; note: number; total: number; failing: number };
  findings: { error: number; warning: number; note: number; total: number; failing: number };
}

export function tally(ctx: ReportContext): Tally {
  const empty = () => ({ error: 0, warning: 0, note: 0, total: 0, failing: 0 });
  const t: Tally = { changes: empty(), findings: empty() };
  const driftFailOn = ctx.driftRun?.driftFailOn ?? ctx.failOn;
  for (const r of ctx.results) {
    const drift = ctx.driftRun !== undefined && isDriftResult(r);
    const bucket = drift ? t.changes : t.findings;
    for (const f of activeFindings(r)) {
      bucket[f.level]++;
      bucket.total++;
      if (atOrAbove(f.level, drift ? driftFailOn : ctx.failOn)) bucket.failing++;
    }
  }
  return t;
}

/** Findings at or above --fail-on, i.e. the ones that make the exit code 1. */
function failingCount(ctx: ReportContext): number {
  const c = ctx.levelCounts;
  switch (ctx.failOn) {
    case 'error':
      return c.error;
    case 'warning':
      return c.error + c.warning;
    case 'note':
      return c.error + c.warning + c.note;
    case 'never':
      return 0;
  }
}

/** `Audit` for check, `Drift` for drift: the word the verdict line starts with. */
export function runWord(ctx: ReportContext): 'Audit' | 'Drift' {
  return ctx.driftRun ? 'Drift' : 'Audit';
}

export function verdict(ctx: ReportContext): Verdict {
  if (ctx.driftRun) return driftVerdict(ctx, ctx.driftRun);
  const threshold = ctx.failOn === 'never' ? 'never' : `the fail-on level (${ctx.failOn})`;
  const notEvaluated = ctx.counts['not-evaluated'];
  if (ctx.exitCode === 1) {
    const also = notEvaluated ? `; ${plural(notEvaluated, 'rule')} not evaluated` : '';
    return { outcome: 'failed', detail: `${plural(failingCount(ctx), 'finding')} at or above ${threshold}${also}` };
  }
  if (ctx.exitCode === 3) {
    const nothing =
      ctx.failOn === 'never'
        ? 'findings do not fail the run (--fail-on never)'
        : `no finding is at or above ${threshold}`;
    return {
      outcome: 'incomplete',
      detail: `${plural(notEvaluated, 'rule')} not evaluated, so the audit is not complete; ${nothing}`,
    };
  }
  const nothing =
    ctx.failOn === 'never'
      ? 'findings do not fail the run (--fail-on never)'
      : `no finding is at or above ${threshold}`;
  return { outcome: 'passed', detail: `every rule was evaluated and ${nothing}` };
}

/**
 * A drift run has two thresholds: --drift-fail-on for the changes, --fail-on for the rules' findings
 * (absent with --no-check). The verdict names the one that decided, in the words of its option.
 */
function driftVerdict(ctx: ReportContext, d: NonNullable<ReportContext['driftRun']>): Verdict {
  const t = tally(ctx);
  const notEvaluated = ctx.counts['not-evaluated'];
  const changesClause = (): string => {
    if (t.changes.total === 0) return 'no changes since the baseline';
    if (d.driftFailOn === 'never')
      return `${plural(t.changes.total, 'change')} since the baseline, which ${t.changes.total === 1 ? 'does' : 'do'} not fail the run (--drift-fail-on never)`;
    return `no change is at or above the drift-fail-on level (${d.driftFailOn})`;
  };
  const findingsClause = (): string =>
    ctx.failOn === 'never'
      ? 'findings do not fail the run (--fail-on never)'
      : `no finding is at or above the fail-on level (${ctx.failOn})`;
  const calm = [changesClause(), ...(d.checked ? [findingsClause()] : [])].join('; ');
  if (ctx.exitCode === 1) {
    const why: string[] = [];
    if (t.changes.failing)
      why.push(
        `${plural(t.changes.failing, 'change')} since the baseline at or above the drift-fail-on level (${d.driftFailOn})`,
      );
    if (t.findings.failing)
      why.push(`${plural(t.findings.failing, 'finding')} at or above the fail-on level (${ctx.failOn})`);
    if (notEvaluated) why.push(`${plural(notEvaluated, 'rule')} not evaluated`);
    return { outcome: 'failed', detail: why.join('; ') };
  }
  if (ctx.exitCode === 3)
    return {
      outcome: 'incomplete',
      detail: `${plural(notEvaluated, 'rule')} not evaluated, so the comparison is not complete; ${calm}`,
    };
  return { outcome: 'passed', detail: `${d.checked ? 'every rule was evaluated, ' : ''}${calm}` };
}

/** `No changes since the baseline (baseline.json, collected 2026-11-20T09:00:00Z)`, when the run found none; else undefined. */
export function noChangesLine(ctx: ReportContext): string | undefined {
  const d = ctx.driftRun;
  if (!d || ctx.results.some((r) => isDriftResult(r) && r.findings.length > 0)) return undefined;
  const when = d.baseline.collectedAt ? `, collected ${d.baseline.collectedAt}` : '';
  return `No changes since the baseline (${d.baseline.path}${when})`;
}

/** Rules whose every finding was accepted (--accepted): counted as accepted, apart from suppressions. */
export function whollyAccepted(r: RuleResult): boolean {
  return r.status === 'suppressed' && r.findings.length === 0;
}

/** The status counts with `suppressed` split: rules a suppression covers, and rules whose findings were all accepted. */
export function ruleCounts(ctx: ReportContext): Record<Status, number> & { accepted: number } {
  const accepted = ctx.results.filter(whollyAccepted).length;
  return { ...ctx.counts, suppressed: (ctx.counts.suppressed ?? 0) - accepted, accepted };
}

/** `2 problems (1 error, 1 warning), 1 rule not evaluated, 30 passed`: the counts the text report closes with. */
export function countsText(ctx: ReportContext): string {
  const t = tally(ctx);
  const byLevel = (b: Tally['findings'], always: boolean) =>
    [
      plural(b.error, 'error'),
      ...(always || b.warning ? [plural(b.warning, 'warning')] : []),
      ...(b.note ? [plural(b.note, 'note')] : []),
    ].join(', ');
  const parts: string[] = [];
  const d = ctx.driftRun;
  if (d)
    parts.push(
      `${plural(t.changes.total, 'change')} since the baseline${t.changes.total ? ` (${byLevel(t.changes, false)})` : ''}`,
    );
  if (!d || d.checked) parts.push(`${plural(t.findings.total, 'problem')} (${byLevel(t.findings, true)})`);
  const c = ruleCounts(ctx);
  if (c['not-evaluated']) parts.push(`${plural(c['not-evaluated'], 'rule')} not evaluated`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  if (c.suppressed) parts.push(`${c.suppressed} suppressed`);
  // Accepted findings (--accepted) are known and recorded, not excused by a suppression: counted apart.
  if (ctx.accepted?.count) parts.push(`${plural(ctx.accepted.count, 'finding')} accepted`);
  if (c.off) parts.push(`${c.off} off`);
  if (!d || d.checked) parts.push(`${c.pass} passed`);
  return parts.join(', ');
}

/** `Not evaluated: okta/a, bi/b`, when rules were not evaluated; else undefined. */
export function notEvaluatedLine(ctx: ReportContext): string | undefined {
  const ids = ctx.results.filter((r) => r.status === 'not-evaluated').map((r) => r.rule.id);
  return ids.length ? `Not evaluated: ${ids.join(', ')} (run without --quiet for the reasons)` : undefined;
}

/**
 * The one line a run whose report went to a file prints on stderr, so a CI log is never empty:
 * the verdict, the counts and where the report is.
 */
export function reportWrittenLine(ctx: ReportContext, output: string, format: string): string {
  const v = verdict(ctx);
  return `${runWord(ctx).toLowerCase()} ${v.outcome} (exit ${ctx.exitCode}): ${countsText(ctx)}; ${format} report written to ${output}`;
}

export function positionOf(ctx: ReportContext, pointer: string): Position | undefined {
  return ctx.positions.get(pointer);
}

/** `path:line:col`, the form terminals and editors turn into a link; just the path when the value could not be located. */
function locationText(ctx: ReportContext, pointer: string): string {
  const p = positionOf(ctx, pointer);
  return p ? `${ctx.snapshot.path}:${p.line}:${p.column}` : ctx.snapshot.path;
}

/** Where a finding is: in the snapshot, or, for a resource removed since the baseline, in the baseline file. */
export function findingLocation(ctx: ReportContext, f: Finding): string {
  const d = ctx.driftRun;
  if (d && (f as Finding & { artifact?: string }).artifact === 'baseline') {
    const p = d.baselinePositions.get(f.pointer);
    return p ? `${d.baseline.path}:${p.line}:${p.column}` : d.baseline.path;
  }
  // a plan's finding is where Terraform writes it: the .tf block (--tf-dir), else the address, else the plan
  if (f.plan) return f.plan.tf ? `${f.plan.tf.file}:${f.plan.tf.line}` : (f.plan.address ?? ctx.snapshot.path);
  return locationText(ctx, f.pointer);
}

/** SARIF consumers and the validator expect messages to be full sentences. */
export function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
