import { sectionOrder, sectionTitle } from '../engine/sections.js';
import type { Finding, RuleResult } from '../engine/types.js';
import type { Position } from '../util/json-position.js';
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

export function problemCount(ctx: ReportContext): number {
  const c = ctx.levelCounts;
  return c.error + c.warning + c.note;
}

/** Findings at or above --fail-on, i.e. the ones that make the exit code 1. */
export function failingCount(ctx: ReportContext): number {
  const c = ctx.levelCounts;
  switch (ctx.failOn) {
    case 'error': return c.error;
    case 'warning': return c.error + c.warning;
    case 'note': return c.error + c.warning + c.note;
    case 'never': return 0;
  }
}

export function verdict(ctx: ReportContext): Verdict {
  const threshold = ctx.failOn === 'never' ? 'never' : `the fail-on level (${ctx.failOn})`;
  const notEvaluated = ctx.counts['not-evaluated'];
  if (ctx.exitCode === 1) {
    const also = notEvaluated ? `; ${plural(notEvaluated, 'rule')} not evaluated` : '';
    return { outcome: 'failed', detail: `${plural(failingCount(ctx), 'finding')} at or above ${threshold}${also}` };
  }
  if (ctx.exitCode === 3) {
    const nothing = ctx.failOn === 'never' ? 'findings do not fail the run (--fail-on never)' : `no finding is at or above ${threshold}`;
    return { outcome: 'incomplete', detail: `${plural(notEvaluated, 'rule')} not evaluated, so the audit is not complete; ${nothing}` };
  }
  const nothing = ctx.failOn === 'never' ? 'findings do not fail the run (--fail-on never)' : `no finding is at or above ${threshold}`;
  return { outcome: 'passed', detail: `every rule was evaluated and ${nothing}` };
}

/** `1 rule`, `2 rules`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function positionOf(ctx: ReportContext, pointer: string): Position | undefined {
  return ctx.positions.get(pointer);
}

/** `path:line:col`, the form terminals and editors turn into a link; just the path when the value could not be located. */
export function locationText(ctx: ReportContext, pointer: string): string {
  const p = positionOf(ctx, pointer);
  return p ? `${ctx.snapshot.path}:${p.line}:${p.column}` : ctx.snapshot.path;
}

/** SARIF consumers and the validator expect messages to be full sentences. */
export function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
