import type { Finding, RuleResult } from '../engine/types.js';
import { levelRank, type Level } from '../util/levels.js';
import { fixedLines, planNote, planSummary } from './plan.js';
import type { DisplayOptions, ReportContext } from './types.js';
import { guardLines, inline, prose } from './escape.js';
import {
  activeFindings,
  countsText,
  findingLocation,
  groupBySection,
  isDriftResult,
  noChangesLine,
  notEvaluatedLine,
  runWord,
  tally,
  verdict,
  whollyAccepted,
} from './summary.js';

type Tone = 'error' | 'warning' | 'note' | 'not-evaluated' | 'skipped' | 'pass';

/** One line of the report; columns are padded before colouring so escape codes never skew alignment. */
interface Row {
  location: string;
  label: string;
  ruleId: string;
  message: string;
  tone: Tone;
  /** further lines under the row, indented (e.g. who made a drift change) */
  notes?: string[];
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
/** The report with how it is shown, read together by the helpers below. */
type Shown = ReportContext & DisplayOptions;
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

/** Long values in messages are shortened to this many characters when nothing narrower applies (no terminal). */
const VALUE_MAX = 120;
/** A location column wider than this is not used to indent the rows that have no location (rules not evaluated). */
const LOCATION_INDENT_MAX = 40;
/** Wrapped messages are indented this far under their rule. */
const HANGING = 6;

/**
 * ESLint-stylish text: findings grouped under the guide's sections, one aligned line each, then how
 * to fix each failing rule (once per rule), a summary and the verdict. Rules that could not be
 * checked are listed too, so a partial audit is never mistaken for a clean one.
 *
 * Without a width (not a terminal) every row is one line, so logs and diffs stay stable; with one
 * (the terminal's, or --width) a row that does not fit puts its message on the lines beneath it.
 * Every value is escaped (escape.ts) and no line can start a CI workflow command.
 */
export function formatText(report: ReportContext, options: DisplayOptions = {}): string {
  const ctx: Shown = { ...report, ...options };
  const paint = painter(ctx.color === true);
  const width = ctx.width && ctx.width > 0 ? ctx.width : undefined;
  const sections = groupBySection(ctx.results)
    .map((g) => ({ title: prose(g.title), rows: g.results.flatMap((r) => rowsOf(ctx, r)) }))
    .filter((s) => s.rows.length > 0);
  const all = sections.flatMap((s) => s.rows);
  const located = all.filter((r) => r.location);
  const widths = {
    location: maxWidth(located.map((r) => r.location)),
    label: maxWidth(all.map((r) => r.label)),
    ruleId: maxWidth(all.map((r) => r.ruleId)),
  };
  const out: string[] = [];
  for (const s of sections) {
    out.push(paint(s.title, 'bold', 'underline'));
    for (const row of s.rows) out.push(...renderRow(row, widths, paint, width));
    out.push('');
  }
  out.push(...fixList(ctx, paint, width));
  const none = noChangesLine(ctx);
  if (none) out.push(`${inline(none)}.`, '');
  // Quiet leaves out the rows of rules not evaluated; a cron log must still say which ones to look at.
  const notEvaluated = ctx.quiet ? notEvaluatedLine(ctx) : undefined;
  if (notEvaluated) out.push(inline(notEvaluated));
  if (ctx.plan?.fixed.length)
    out.push(paint('Fixed by the plan', 'bold', 'underline'), ...fixedLines(ctx).map((l) => `  ${inline(l)}`), '');
  const plan = planSummary(ctx);
  if (plan) out.push(inline(`${plan[0].toUpperCase()}${plan.slice(1)}.`));
  out.push(...summaryLines(ctx, paint, width), ...verdictLines(ctx, paint, width));
  return guardLines(`${out.join('\n')}\n`);
}

function findingRow(ctx: Shown, f: Finding): Row {
  return {
    location: inline(findingLocation(ctx, f)),
    label: f.level,
    ruleId: inline(f.ruleId),
    message: shortenValues(inline(f.message), ctx),
    tone: f.level,
    // drift: who made the change, on a line of its own under the row
    notes: f.changedBy ? [`↳ ${inline(f.changedBy.text)}`] : f.plan ? [`↳ ${inline(planNote(f)!)}`] : undefined,
  };
}

/** The findings a rule shows: all active ones, or with --quiet those at or above the threshold that applies (--drift-fail-on for changes). */
function shown(ctx: Shown, r: RuleResult): Finding[] {
  const active = activeFindings(r);
  if (!ctx.quiet) return active;
  const threshold = ctx.driftRun && isDriftResult(r) ? ctx.driftRun.driftFailOn : ctx.failOn;
  return active.filter((f) => threshold !== 'never' && levelRank(f.level) >= levelRank(threshold as Level));
}

function rowsOf(ctx: Shown, r: RuleResult): Row[] {
  if (ctx.quiet) return shown(ctx, r).map((f) => findingRow(ctx, f));
  if (ctx.verbose && (r.status === 'pass' || r.status === 'off' || r.status === 'suppressed')) {
    const label = whollyAccepted(r) ? 'accepted' : r.status;
    return [
      {
        location: '',
        label,
        ruleId: inline(r.rule.id),
        message: inline(r.reason),
        tone: r.status === 'pass' ? 'pass' : 'skipped',
      },
    ];
  }
  if (r.status === 'not-evaluated' || r.status === 'skipped') {
    const label = r.status === 'skipped' ? 'skipped' : 'not evaluated';
    return [{ location: '', label, ruleId: inline(r.rule.id), message: inline(r.reason), tone: r.status }];
  }
  return shown(ctx, r).map((f) => findingRow(ctx, f));
}

function renderRow(
  row: Row,
  w: Record<'location' | 'label' | 'ruleId', number>,
  paint: Paint,
  width: number | undefined,
): string[] {
  // A long path must not push the rows without one far to the right: they are indented only by a short location column.
  const locationWidth = row.location || w.location <= LOCATION_INDENT_MAX ? w.location : 0;
  const columns: [string, number, Style[]][] = [
    [row.location, locationWidth, ['dim']],
    [row.label, w.label, TONE_STYLE[row.tone]],
    [row.ruleId, w.ruleId, ['dim']],
  ];
  // A column no row uses (no finding has a location) would only add a gap.
  let used = columns.filter(([, cw]) => cw > 0);
  const cellsWidth = (cols: typeof used) => 2 + cols.reduce((n, [, cw]) => n + cw + 2, 0);
  // Alignment gives way to the width: a row whose padded cells would not fit is written unpadded.
  if (width && cellsWidth(used) > width)
    used = used.filter(([text]) => text).map(([text, , styles]) => [text, text.length, styles]);
  const plainPrefix = ' '.repeat(cellsWidth(used));
  const prefix =
    '  ' +
    used
      .map(([text, cw, styles]) => (text ? paint(text, ...styles) : '') + ' '.repeat(Math.max(0, cw - text.length)))
      .join('  ') +
    '  ';
  const notes = (row.notes ?? []).flatMap((n) => wrap(n, width, ' '.repeat(HANGING)));
  if (!width || plainPrefix.length + row.message.length <= width) return [(prefix + row.message).trimEnd(), ...notes];
  return [prefix.trimEnd(), ...wrap(row.message, width, ' '.repeat(HANGING)), ...notes];
}

/** Words onto lines of at most `width` columns, each starting with `indent`; a word longer than a line is cut. */
export function wrap(text: string, width: number | undefined, indent: string): string[] {
  if (!width) return [indent + text];
  const room = Math.max(20, width - indent.length);
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    while (word.length > room) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(word.slice(0, room));
      word = word.slice(room);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.map((l) => (indent + l).trimEnd());
}

/**
 * JSON strings in a message longer than the room for them lose their middle, never their ends, so
 * the closing quote and the distinguishing tail stay visible; --verbose keeps them whole.
 */
function shortenValues(message: string, ctx: Shown): string {
  if (ctx.verbose) return message;
  const max = ctx.width ? Math.min(VALUE_MAX, Math.max(24, Math.floor(ctx.width / 2))) : VALUE_MAX;
  return message.replace(/"(?:[^"\\]|\\.)*"/g, (q) => elide(q, max));
}

/** `"https://auth.example…/applications/4d3b"`: the start and the end of a quoted value, the middle replaced by an ellipsis. */
export function elide(quoted: string, max: number): string {
  if (quoted.length <= max) return quoted;
  const keep = max - 1;
  let head = Math.ceil(keep / 2);
  let tail = quoted.length - (keep - head);
  // Never split a surrogate pair: half of one is a character no terminal can show.
  if (/[\ud800-\udbff]/.test(quoted[head - 1])) head--;
  if (/[\udc00-\udfff]/.test(quoted[tail])) tail++;
  return `${quoted.slice(0, head)}…${quoted.slice(tail)}`;
}

/** Once per failing rule shown above, its fix from the rule file: ESLint compactness, with the remedy at hand. */
function fixList(ctx: Shown, paint: Paint, width: number | undefined): string[] {
  const failing = groupBySection(ctx.results)
    .flatMap((g) => g.results)
    .filter((r) => shown(ctx, r).length > 0 && r.rule.fix);
  if (failing.length === 0) return [];
  const out = [paint('How to fix', 'bold', 'underline')];
  for (const r of failing) {
    out.push(`  ${paint(inline(r.rule.id), 'dim')}`);
    out.push(...wrap(prose(r.rule.fix), width, ' '.repeat(4)));
  }
  out.push('');
  return out;
}

function maxWidth(values: string[]): number {
  return values.reduce((m, v) => Math.max(m, v.length), 0);
}

function summaryLines(ctx: Shown, paint: Paint, width: number | undefined): string[] {
  const t = tally(ctx);
  // The mark follows the exit code: ✖ only when the run fails, so it never contradicts the verdict below.
  const [mark, styles]: [string, Style[]] =
    ctx.exitCode === 1
      ? ['✖', ['red', 'bold']]
      : ctx.exitCode === 3 || t.changes.total || t.findings.total
        ? ['⚠', ['yellow', 'bold']]
        : ['✔', ['green', 'bold']];
  return hanging(`${mark} ${countsText(ctx)}`, width).map((l) => paint(l, ...styles));
}

function verdictLines(ctx: Shown, paint: Paint, width: number | undefined): string[] {
  const v = verdict(ctx);
  const style: Style = v.outcome === 'passed' ? 'green' : v.outcome === 'failed' ? 'red' : 'yellow';
  const head = `${runWord(ctx)} ${v.outcome}`;
  const lines = hanging(`${head}: ${inline(v.detail)}.`, width);
  lines[0] = paint(head, style, 'bold') + lines[0].slice(head.length);
  return lines;
}

/** A paragraph whose first line starts at the margin and whose further lines are indented by two. */
function hanging(text: string, width: number | undefined): string[] {
  if (!width || text.length <= width) return [text];
  const [first, ...rest] = wrap(text, width, '');
  return [first, ...wrap(rest.join(' '), width, '  ')];
}
