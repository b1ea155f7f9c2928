import { plural } from '../util/text.js';
import type { Finding, RuleResult, Status } from '../engine/types.js';
import { fixedLines, planNote, planSummary } from './plan.js';
import type { ReportContext } from './types.js';
import { formatWarning } from '../util/warnings.js';
import { guardLines, inline, prose } from './escape.js';
import {
  findingLocation,
  groupBySection,
  noChangesLine,
  ruleCounts,
  runWord,
  verdict,
  whollyAccepted,
  type SectionGroup,
} from './summary.js';

/** Emoji plus word: the status must read the same without colour or emoji rendering. */
const STATUS_LABEL: Record<Status, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  'not-evaluated': '⚠️ not evaluated',
  skipped: '⏭️ skipped',
  suppressed: '🔕 suppressed',
  off: '⚪ off',
};

/** Every finding of the rule is in the --accepted file: recorded as known, not excused by a suppression. */
const ACCEPTED_LABEL = '☑️ accepted';

const LEVEL_LABEL = { error: '🔴 error', warning: '🟡 warning', note: '🔵 note' } as const;

const OUTCOME_LABEL = { passed: '✅ passed', failed: '❌ failed', incomplete: '⚠️ incomplete' } as const;

/**
 * A GitHub job summary ($GITHUB_STEP_SUMMARY): the verdict first, then per guide section what was
 * checked and what to fix. Every value is escaped (esc), and no line can start a workflow command.
 */
export function formatMarkdown(ctx: ReportContext): string {
  const v = verdict(ctx);
  const word = runWord(ctx);
  const none = noChangesLine(ctx);
  const blocks = [
    `## ${esc(ctx.tool.name)} ${word.toLowerCase()} ${OUTCOME_LABEL[v.outcome]}`,
    `**${word} ${v.outcome}:** ${esc(v.detail)}.`,
    ...(none ? [`${esc(none)}.`] : []),
    ...(ctx.plan ? [`**Terraform plan:** ${esc(planSummary(ctx)!)}.`] : []),
    ...(ctx.plan?.fixed.length
      ? [['**Fixed by the plan:**', ...fixedLines(ctx).map((l) => `- ${esc(l)}`)].join('\n')]
      : []),
    about(ctx),
    ...runNotes(ctx),
    countsTable(ctx),
    ...groupBySection(ctx.results).map((g) => section(ctx, g)),
  ];
  return guardLines(`${blocks.join('\n\n')}\n`);
}

/** Expired or unused suppressions and what --accepted left out: easy to miss on stderr in CI. */
function runNotes(ctx: ReportContext): string[] {
  const lines = (ctx.warnings ?? []).map(
    (w) => `- ${w.level === 'warning' ? '⚠️ **Warning:**' : 'ℹ️ Note:'} ${esc(formatWarning(w))}`,
  );
  if (ctx.accepted)
    lines.push(
      `- ℹ️ ${plural(ctx.accepted.count, 'accepted finding')} (in ${esc(ctx.accepted.file)}) left out of this ` +
        `report${ctx.accepted.stale ? `; ${ctx.accepted.stale} accepted no longer occur${ctx.accepted.stale === 1 ? 's' : ''}` : ''}.`,
    );
  return lines.length ? [lines.join('\n')] : [];
}

function about(ctx: ReportContext): string {
  const d = ctx.driftRun;
  const parts: string[] = [];
  // A drift summary names the baseline first: it is what every change is measured against.
  if (d)
    parts.push(
      `Baseline ${esc(d.baseline.path)}${d.baseline.collectedAt ? `, collected ${esc(d.baseline.collectedAt)}` : ''}`,
    );
  parts.push(`${d ? 'current snapshot' : 'Snapshot'} ${esc(ctx.snapshot.path)} of ${esc(ctx.snapshot.orgUrl)}`);
  if (ctx.snapshot.collectedAt) parts.push(`collected ${esc(ctx.snapshot.collectedAt)}`);
  parts.push(ctx.configFile ? `expectations from ${esc(ctx.configFile)}` : `the guide's default expectations`);
  if (d) parts.push(`drift-fail-on ${d.driftFailOn}`);
  if (!d || d.checked) parts.push(`fail on ${ctx.failOn}`);
  parts.push(`${esc(ctx.tool.name)} ${esc(ctx.tool.version)}`);
  return parts.join(' · ');
}

function countsTable(ctx: ReportContext): string {
  const statuses: Status[] = ['pass', 'fail', 'not-evaluated', 'skipped', 'suppressed', 'off'];
  const counts = ruleCounts(ctx);
  const rows = [
    '| Rules | Count |',
    '|---|---:|',
    ...statuses.map((s) => `| ${STATUS_LABEL[s]} | ${counts[s] ?? 0} |`),
    ...(counts.accepted ? [`| ${ACCEPTED_LABEL} | ${counts.accepted} |`] : []),
    '',
    '| Findings | Count |',
    '|---|---:|',
    ...(['error', 'warning', 'note'] as const).map((l) => `| ${LEVEL_LABEL[l]} | ${ctx.levelCounts[l]} |`),
  ];
  return rows.join('\n');
}

function section(ctx: ReportContext, g: SectionGroup): string {
  const rules = [
    '| Rule | Title | Level | Status | Reason |',
    '|---|---|---|---|---|',
    ...g.results.map(
      (r) =>
        `| ${code(r.rule.id)} | ${esc(prose(r.rule.title))} | ${r.level} | ${whollyAccepted(r) ? ACCEPTED_LABEL : STATUS_LABEL[r.status]} | ${esc(r.reason)} |`,
    ),
  ].join('\n');
  // drift with attribution: who made each change, in a column of its own
  const changedBy = g.results.some((r) => r.findings.some((f) => f.changedBy));
  const findings = g.results.flatMap((r) =>
    r.findings.map((f) => findingRow(ctx, r, f) + (changedBy ? ` ${esc(f.changedBy?.text ?? '')} |` : '')),
  );
  const out = [`### ${esc(prose(g.title))}`, rules];
  if (findings.length) {
    const head = changedBy
      ? ['| Level | Rule | Resource | Finding | Location | How to fix | Changed by |', '|---|---|---|---|---|---|---|']
      : ['| Level | Rule | Resource | Finding | Location | How to fix |', '|---|---|---|---|---|---|'];
    out.push([...head, ...findings].join('\n'));
  }
  return out.join('\n\n');
}

function findingRow(ctx: ReportContext, r: RuleResult, f: Finding): string {
  const level = f.suppressed ? `${STATUS_LABEL.suppressed} (${f.level})` : LEVEL_LABEL[f.level];
  const base = f.plan ? `${f.message} (${planNote(f)})` : f.message;
  const message = f.suppressed ? `${base} (suppressed: ${f.suppressed.justification})` : base;
  return `| ${level} | ${code(f.ruleId)} | ${esc(f.resource.logical)} | ${esc(message)} | ${esc(findingLocation(ctx, f))} | ${esc(prose(r.rule.fix))} |`;
}

/**
 * Makes a value inert inside a table cell: controls and line breaks are shown as escapes (a line
 * break or a lone CR would end the row), HTML is escaped (a job summary renders it), and the cell
 * separator and Markdown's inline syntax are backslash-escaped.
 */
export function esc(value: string): string {
  return inline(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#!])/g, '\\$1');
}

/** Rule ids are plain `a-z0-9/-`; anything else is escaped rather than put in a code span, where escapes do not apply. */
function code(id: string): string {
  return /^[A-Za-z0-9/_.-]+$/.test(id) ? `\`${id}\`` : esc(id);
}
