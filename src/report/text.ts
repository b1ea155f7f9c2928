import { levelRank, type Level, type RuleResult } from '../engine/types.js';
import type { ReportContext } from './types.js';
import { activeFindings, groupBySection, locationText, plural, problemCount, verdict } from './summary.js';

type Tone = 'error' | 'warning' | 'note' | 'not-evaluated' | 'skipped' | 'pass';

/** One line of the report; columns are padded before colouring so escape codes never skew alignment. */
interface Row {
  location: string;
  label: string;
  ruleId: string;
  resource: string;
  message: string;
  tone: Tone;
  /** drift: who made the change, on a line of its own under the row */
  changedBy?: string;
}

const ANSI = {
  bold: [1, 22],
  dim: [2, 22],
  underline: [4, 24],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
} as const;

type Style = keyof typeof ANSI;
type Paint = (s: string, ...styles: Style[]) => string;

function painter(color: boolean): Paint {
  if (!color) return (s) => s;
  return (s, ...styles) => styles.reduce((acc, st) => `\u001b[${ANSI[st][0]}m${acc}\u001b[${ANSI[st][1]}m`, s);
}

const TONE_STYLE: Record<Tone, Style[]> = {
  error: ['red'],
  warning: ['yellow'],
  note: ['blue'],
  'not-evaluated': ['magenta'],
  skipped: ['dim'],
  pass: ['green'],
};

/**
 * ESLint-stylish text: findings grouped under the guide's sections, one aligned line each, then a
 * summary and the verdict. Rules that could not be checked are listed too, so a partial audit is
 * never mistaken for a clean one.
 */
export function formatText(ctx: ReportContext): string {
  const paint = painter(ctx.color);
  const sections = groupBySection(ctx.results)
    .map((g) => ({ title: g.title, rows: g.results.flatMap((r) => rowsOf(ctx, r)) }))
    .filter((s) => s.rows.length > 0);
  const all = sections.flatMap((s) => s.rows);
  const widths = {
    location: maxWidth(all.map((r) => r.location)),
    label: maxWidth(all.map((r) => r.label)),
    ruleId: maxWidth(all.map((r) => r.ruleId)),
    resource: maxWidth(all.map((r) => r.resource)),
  };
  const out: string[] = [];
  for (const s of sections) {
    out.push(paint(s.title, 'bold', 'underline'));
    for (const row of s.rows) {
      out.push(renderRow(row, widths, paint));
      if (row.changedBy) out.push(`      ${paint(`↳ ${row.changedBy}`, 'dim')}`);
    }
    out.push('');
  }
  out.push(summaryLine(ctx, paint), verdictLine(ctx, paint));
  return out.join('\n') + '\n';
}

function rowsOf(ctx: ReportContext, r: RuleResult): Row[] {
  if (ctx.quiet) {
    return activeFindings(r)
      .filter((f) => ctx.failOn !== 'never' && levelRank(f.level) >= levelRank(ctx.failOn as Level))
      .map((f) => ({ location: locationText(ctx, f.pointer), label: f.level, ruleId: f.ruleId, resource: f.resource.logical, message: f.message, tone: f.level, changedBy: f.changedBy?.text }));
  }
  if (ctx.verbose && (r.status === 'pass' || r.status === 'off' || r.status === 'suppressed')) {
    return [{ location: '', label: r.status, ruleId: r.rule.id, resource: '', message: r.reason, tone: r.status === 'pass' ? 'pass' : 'skipped' }];
  }
  if (r.status === 'not-evaluated' || r.status === 'skipped') {
    const label = r.status === 'skipped' ? 'skipped' : 'not evaluated';
    return [{ location: '', label, ruleId: r.rule.id, resource: '', message: r.reason, tone: r.status }];
  }
  return activeFindings(r).map((f) => ({
    location: locationText(ctx, f.pointer),
    label: f.level,
    ruleId: f.ruleId,
    resource: f.resource.logical,
    message: f.message,
    tone: f.level,
    changedBy: f.changedBy?.text,
  }));
}

function renderRow(row: Row, w: Record<'location' | 'label' | 'ruleId' | 'resource', number>, paint: Paint): string {
  const columns: [string, number, Style[]][] = [
    [row.location, w.location, ['dim']],
    [row.label, w.label, TONE_STYLE[row.tone]],
    [row.ruleId, w.ruleId, ['dim']],
  ];
  // A column no row uses (no finding has a location) would only add a gap.
  const cells = columns
    .filter(([, width]) => width > 0)
    .map(([text, width, styles]) => (text ? paint(text, ...styles) : '') + ' '.repeat(width - text.length));
  return ('  ' + [...cells, row.message].join('  ')).trimEnd();
}

function maxWidth(values: string[]): number {
  return values.reduce((m, v) => Math.max(m, v.length), 0);
}

function summaryLine(ctx: ReportContext, paint: Paint): string {
  const { error, warning, note } = ctx.levelCounts;
  const problems = problemCount(ctx);
  const byLevel = [plural(error, 'error'), plural(warning, 'warning'), ...(note ? [plural(note, 'note')] : [])];
  const parts = [`${plural(problems, 'problem')} (${byLevel.join(', ')})`];
  const c = ctx.counts;
  if (c['not-evaluated']) parts.push(`${plural(c['not-evaluated'], 'rule')} not evaluated`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  if (c.suppressed) parts.push(`${c.suppressed} suppressed`);
  if (c.off) parts.push(`${c.off} off`);
  parts.push(`${c.pass} passed`);
  const text = parts.join(', ');
  if (error) return paint(`✖ ${text}`, 'red', 'bold');
  if (problems || c['not-evaluated']) return paint(`${problems ? '✖' : '⚠'} ${text}`, 'yellow', 'bold');
  return paint(`✔ ${text}`, 'green', 'bold');
}

function verdictLine(ctx: ReportContext, paint: Paint): string {
  const v = verdict(ctx);
  const style: Style = v.outcome === 'passed' ? 'green' : v.outcome === 'failed' ? 'red' : 'yellow';
  return `${paint(`Audit ${v.outcome}`, style, 'bold')}: ${v.detail}.`;
}
