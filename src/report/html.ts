import { describeResource } from '../engine/resources.js';
import { fixedLines, planNote, planSummary } from './plan.js';
import type { Finding, Problem, RuleResult, Status } from '../engine/types.js';
import type { DriftChange, ReportContext } from './types.js';
import { guardLines, multiline } from './escape.js';
import {
  activeFindings,
  findingLocation,
  noChangesLine,
  ruleCounts,
  whollyAccepted,
  groupBySection,
  type SectionGroup,
} from './summary.js';
import { jsonEqual } from '../util/json-equal.js';
import { capitalize, plural } from '../util/text.js';

export type { DriftChange } from './types.js';
export type HtmlReportContext = ReportContext;

/** What the go-live verdict says, and why. */
export interface Readiness {
  ready: boolean;
  /** `Ready for go-live`, `Not ready for go-live`, `Not ready for go-live: the audit is incomplete` */
  headline: string;
  /** one sentence: what blocks, or what the pass rests on */
  detail: string;
}

const STATUS_WORD: Record<Status, string> = {
  pass: 'Passed',
  fail: 'Failed',
  'not-evaluated': 'Not evaluated',
  skipped: 'Skipped',
  off: 'Off',
  suppressed: 'Suppressed',
};

/** Order of the counts in the header: what needs attention first. */
const COUNT_ORDER: readonly Status[] = ['fail', 'not-evaluated', 'pass', 'suppressed', 'skipped', 'off'];

/**
 * The pre-go-live audit report: one self-contained HTML file (inline CSS, no scripts, no external
 * requests, a CSP that forbids both) that follows the guide's order and prints cleanly. Every value
 * that comes from the snapshot, the config or a rule file is HTML-escaped.
 */
export function formatHtml(input: ReportContext): string {
  const ctx = input as HtmlReportContext;
  const groups = groupBySection(ctx.results);
  const readiness = goLiveReadiness(ctx);
  const org = hostOf(ctx.snapshot.orgUrl);
  const title = `${readiness.ready ? 'Ready' : 'Not ready'}: Okta + Beyond Identity audit of ${org}`;
  return guardLines(
    [
      '<!DOCTYPE html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      // No script may run and nothing may be fetched, even if a value ever escaped the escaping.
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">`,
      '<meta name="referrer" content="no-referrer">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<meta name="generator" content="${esc(`${ctx.tool.name} ${ctx.tool.version}`)}">`,
      `<title>${esc(title)}</title>`,
      `<style>${CSS}</style>`,
      '</head>',
      '<body>',
      '<a class="skip" href="#checks">Skip to the checks</a>',
      header(ctx, org),
      '<main id="main">',
      verdictBlock(ctx, readiness),
      countsBlock(ctx),
      contents(ctx, groups),
      driftSection(ctx),
      `<div id="checks">`,
      ...groups.map((g, i) => sectionBlock(ctx, g, i + 1)),
      '</div>',
      '</main>',
      footer(ctx),
      '</body>',
      '</html>',
      '',
    ].join('\n'),
  );
}

/**
 * Ready only when every rule that applies was evaluated and passed. Rules off (by the config or
 * because they do not apply to the declared provisioning mode), optional sections that were not
 * collected, and findings covered by a suppression do not block, but the detail says they exist.
 * A failure at any level blocks: the guide has no optional steps.
 */
export function goLiveReadiness(ctx: ReportContext): Readiness {
  const c = ctx.counts;
  const failed = c.fail ?? 0;
  const notEvaluated = c['not-evaluated'] ?? 0;
  const notes: string[] = [];
  if (c.suppressed) notes.push(`${plural(c.suppressed, 'check')} suppressed with a recorded justification`);
  if (c.off)
    notes.push(
      `${c.off} off (turned off or not applicable to ${modeName(ctx.expectations.provisioning)} provisioning)`,
    );
  if (c.skipped) notes.push(`${c.skipped} skipped because optional data was not collected`);
  const tail = notes.length ? `; ${notes.join(', ')}` : '';
  if (failed || notEvaluated) {
    const blocks: string[] = [];
    if (failed) blocks.push(`${plural(failed, 'check')} failed (${levelSummary(ctx)})`);
    if (notEvaluated) blocks.push(`${plural(notEvaluated, 'check')} could not be evaluated because data was missing`);
    const headline = failed ? 'Not ready for go-live' : 'Not ready for go-live: the audit is incomplete';
    return { ready: false, headline, detail: `${capitalize(blocks.join(' and '))}${tail}.` };
  }
  if (!c.pass) {
    return { ready: false, headline: 'Not ready for go-live: nothing was verified', detail: `No check passed${tail}.` };
  }
  const all = c.pass === 1 ? 'The one applicable check was' : `All ${c.pass} applicable checks were`;
  return { ready: true, headline: 'Ready for go-live', detail: `${all} evaluated and passed${tail}.` };
}

function levelSummary(ctx: ReportContext): string {
  const l = ctx.levelCounts;
  const parts = [
    l.error ? plural(l.error, 'error') : '',
    l.warning ? plural(l.warning, 'warning') : '',
    l.note ? plural(l.note, 'note') : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no active finding';
}

// ---- header and summary ----

function header(ctx: ReportContext, org: string): string {
  const s = ctx.snapshot;
  const e = ctx.expectations;
  const customDomain = typeof e.okta.customDomain === 'string' ? e.okta.customDomain : undefined;
  const rows: [string, string][] = [
    [
      'Okta org',
      `<a href="${safeHref(s.orgUrl)}">${esc(s.orgUrl)}</a>${customDomain ? `<br><span class="muted">custom domain ${esc(customDomain)}</span>` : ''}`,
    ],
    ['Beyond Identity platform', esc(platformName(s.biPlatform))],
    [
      'Beyond Identity tenant',
      s.biTenant ? `<code>${esc(s.biTenant)}</code>` : '<span class="muted">not recorded in the snapshot</span>',
    ],
    ['Provisioning mode', `${esc(modeName(e.provisioning))}`],
    ['Snapshot', `<code>${esc(s.path)}</code>`],
    ['Collected', s.collectedAt ? timeTag(s.collectedAt) : '<span class="muted">not recorded</span>'],
    ['Snapshot SHA-256', `<code class="hash">${esc(s.sha256)}</code>`],
    ['Expectations', ctx.configFile ? `<code>${esc(ctx.configFile)}</code>` : 'the guide’s defaults'],
    ['Tool', `${esc(ctx.tool.name)} ${esc(ctx.tool.version)}`],
    ['Report generated', timeTag(ctx.finishedAt)],
    ['Fail-on level', `<code>${esc(ctx.failOn)}</code> (exit code ${ctx.exitCode})`],
  ];
  return [
    '<header class="masthead">',
    '<div class="wrap">',
    '<p class="eyebrow">Pre-go-live configuration audit</p>',
    `<h1>Okta + Beyond Identity: <span class="org">${esc(org)}</span></h1>`,
    '<dl class="facts">',
    ...rows.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${v}</dd></div>`),
    '</dl>',
    '</div>',
    '</header>',
  ].join('\n');
}

function verdictBlock(ctx: ReportContext, r: Readiness): string {
  const tone = r.ready ? 'pass' : (ctx.counts.fail ?? 0) > 0 ? 'fail' : 'not-evaluated';
  const blocking = groupBySection(ctx.results)
    .flatMap((g) => g.results)
    .filter((x) => x.status === 'fail' || x.status === 'not-evaluated');
  const list = blocking.length
    ? [
        '<h3 class="blocking-title">What blocks go-live</h3>',
        '<ul class="blocking">',
        ...blocking.map(
          (x) =>
            `<li>${badge(x.status)}${x.status === 'fail' ? levelNote(x) : ''} <a ` +
            `href="#${anchor(x.rule.id)}">${esc(x.rule.title)}</a> <code class="rule-id">${esc(x.rule.id)}</code></li>`,
        ),
        '</ul>',
      ].join('\n')
    : '';
  return [
    `<section class="verdict tone-${tone}" aria-labelledby="verdict-title">`,
    `<h2 id="verdict-title"><span class="verdict-label">Verdict:</span> ${icon(tone)}<span class="verdict-text">${esc(r.headline)}</span></h2>`,
    `<p class="verdict-detail">${esc(r.detail)}</p>`,
    ...(ctx.plan ? [`<p class="verdict-detail plan-summary">${esc(planSummary(ctx)!)}</p>`] : []),
    ...(ctx.plan?.fixed.length
      ? [
          '<h3 class="blocking-title">Fixed by the plan</h3>',
          '<ul class="blocking">',
          ...fixedLines(ctx).map((l) => `<li>${esc(l)}</li>`),
          '</ul>',
        ]
      : []),
    list,
    '</section>',
  ].join('\n');
}

function countsBlock(ctx: ReportContext): string {
  const total = ctx.results.length;
  // Rules whose findings were all accepted (--accepted) are not suppressed: they are counted in the line below.
  const counts = ruleCounts(ctx);
  const tiles = COUNT_ORDER.map(
    (s) =>
      `<li class="tile tone-${s}${(counts[s] ?? 0) === 0 ? ' zero' : ''}">${icon(s)}<span ` +
      `class="n">${counts[s] ?? 0}</span> <span class="w">${esc(STATUS_WORD[s].toLowerCase())}</span></li>`,
  );
  const l = ctx.levelCounts;
  const a = ctx.accepted;
  return [
    '<section class="counts" aria-labelledby="counts-title">',
    `<h2 id="counts-title">${plural(total, 'check')} by status</h2>`,
    `<ul class="tiles">${tiles.join('')}</ul>`,
    `<p class="levels">Active findings by level: <strong>${plural(l.error, 'error')}</strong>, ` +
      `<strong>${plural(l.warning, 'warning')}</strong>, <strong>${plural(l.note, 'note')}</strong>.</p>`,
    ...(a?.count
      ? [`<p class="levels">${plural(a.count, 'finding')} accepted in ${esc(a.file)} and left out of this report.</p>`]
      : []),
    '</section>',
  ].join('\n');
}

function contents(ctx: HtmlReportContext, groups: SectionGroup[]): string {
  const items = groups.map((g, i) => {
    const c = countIn(g.results);
    const summary = COUNT_ORDER.filter((s) => c[s])
      .map((s) => `${c[s]} ${STATUS_WORD[s].toLowerCase()}`)
      .join(', ');
    return `<li><a href="#section-${esc(slug(g.key))}">${i + 1}. ${esc(g.title)}</a> <span class="muted">${esc(summary)}</span></li>`;
  });
  if (ctx.drift)
    items.unshift(
      `<li><a href="#drift">Drift since the baseline</a> <span class="muted">${plural(ctx.drift.length, 'change')}</span></li>`,
    );
  return [
    '<nav class="toc" aria-labelledby="toc-title">',
    '<h2 id="toc-title">Sections, in the guide’s order</h2>',
    `<ol>${items.join('')}</ol>`,
    '</nav>',
  ].join('\n');
}

// ---- Drift: report/drift/render.ts sets ctx.drift (DriftChange[]) for a drift run; this section renders it ----

function driftSection(ctx: HtmlReportContext): string {
  if (!ctx.drift) return '';
  const changedBy = ctx.drift.some((d) => d.changedBy !== undefined);
  const rows = ctx.drift.map((d) => {
    const resource = [
      d.resourceType,
      d.resourceName ? JSON.stringify(d.resourceName) : '',
      d.resourceId ? `(${d.resourceId})` : '',
    ]
      .filter(Boolean)
      .join(' ');
    return [
      `<tr>`,
      `<td data-label="Level">${levelBadge(d.level)}</td>`,
      `<th scope="row" data-label="Resource">${esc(resource)}<br><code class="rule-id">${esc(d.id)}</code></th>`,
      `<td data-label="Path"><code>${esc(d.path)}</code>${d.location ? where(d.location, d.artifact) : ''}</td>`,
      `<td data-label="Before">${value(d.before)}</td>`,
      `<td data-label="After">${value(d.after)}</td>`,
      ...(changedBy ? [`<td data-label="Changed by">${esc(d.changedBy ?? '')}</td>`] : []),
      `</tr>`,
    ].join('');
  });
  const body = ctx.drift.length
    ? [
        '<table class="drift">',
        `<caption>${plural(ctx.drift.length, 'change')} between the baseline and this snapshot</caption>`,
        '<thead><tr><th scope="col">Level</th><th scope="col">Resource</th><th scope="col">Path</th><th scope="col">Before</th><th scope="col">After</th>' +
          (changedBy ? '<th scope="col">Changed by</th>' : '') +
          '</tr></thead>',
        `<tbody>${rows.join('\n')}</tbody>`,
        '</table>',
      ].join('\n')
    : `<p>${esc(noChangesLine(ctx) ?? 'No changes since the baseline')}.</p>`;
  return [
    '<section class="guide-section" id="drift" aria-labelledby="drift-title">',
    '<h2 id="drift-title">Drift since the baseline</h2>',
    body,
    '</section>',
  ].join('\n');
}

// ---- the checks, one section per guide section ----

function sectionBlock(ctx: ReportContext, g: SectionGroup, n: number): string {
  const id = `section-${slug(g.key)}`;
  const c = countIn(g.results);
  const summary = COUNT_ORDER.filter((s) => c[s])
    .map((s) => `${c[s]} ${STATUS_WORD[s].toLowerCase()}`)
    .join(' · ');
  return [
    `<section class="guide-section" id="${esc(id)}" aria-labelledby="${esc(id)}-title">`,
    `<h2 id="${esc(id)}-title"><span class="num">${n}.</span> ${esc(g.title)}</h2>`,
    `<p class="section-summary">${plural(g.results.length, 'check')}: ${esc(summary)}</p>`,
    '<table class="checks">',
    `<caption class="visually-hidden">Checks of the section ${esc(g.title)}</caption>`,
    '<thead><tr><th scope="col" class="c-status">Status</th><th scope="col" class="c-check">Check</th><th scope="col" class="c-res">Resource</th><th ' +
      'scope="col" class="c-found">Found and expected</th><th scope="col" class="c-fix">Fix in the console</th></tr></thead>',
    ...g.results.map((r) => ruleRows(ctx, r)),
    '</table>',
    '</section>',
  ].join('\n');
}

/** One tbody per rule, so a rule with several offending resources stays one group when printed. */
function ruleRows(ctx: ReportContext, r: RuleResult): string {
  const findings = r.status === 'fail' || r.status === 'suppressed' ? r.findings : [];
  const span = Math.max(1, findings.length);
  const rs = span > 1 ? ` rowspan="${span}"` : '';
  const statusCell =
    `<td class="c-status" ` +
    `data-label="Status"${rs}>${badge(r.status, whollyAccepted(r) ? 'Accepted' : undefined)}${r.status === 'fail' ? levelNote(r) : ''}</td>`;
  const helpLink =
    r.rule.helpUri && safeHref(r.rule.helpUri) !== '#'
      ? ` <a class="doc" href="${safeHref(r.rule.helpUri)}">rule documentation</a>`
      : '';
  const checkCell =
    `<th scope="row" class="c-check" data-label="Check"${rs}><span class="title">${esc(r.rule.title)}</span><span ` +
    `class="meta"><code class="rule-id">${esc(r.rule.id)}</code> · ${esc(r.level)}${helpLink}</span></th>`;
  const blocking = r.status === 'fail' || r.status === 'not-evaluated' || r.status === 'suppressed';
  const fixCell = `<td class="c-fix${blocking ? '' : ' quiet'}" data-label="Fix in the console"${rs}>${fixText(r.rule.fix, !blocking)}</td>`;
  const cls = `rule tone-${r.status}`;
  if (!findings.length) {
    const reason = `<td class="c-reason" colspan="2" data-label="Result">${esc(r.reason)}</td>`;
    return `<tbody class="${cls}" id="${anchor(r.rule.id)}"><tr>${statusCell}${checkCell}${reason}${fixCell}</tr></tbody>`;
  }
  const rows = findings.map((f, i) => {
    const lead = i === 0 ? `${statusCell}${checkCell}` : '';
    const tail = i === 0 ? fixCell : '';
    return `<tr>${lead}${resourceCell(ctx, f)}${findingCell(f)}${tail}</tr>`;
  });
  return `<tbody class="${cls}" id="${anchor(r.rule.id)}">${rows.join('\n')}</tbody>`;
}

function levelNote(r: RuleResult): string {
  const levels = [...new Set(activeFindings(r).map((f) => f.level))];
  return levels.length ? ` <span class="level-note">${levels.map(levelBadge).join(' ')}</span>` : '';
}

function resourceCell(ctx: ReportContext, f: Finding): string {
  const r = f.resource;
  const name = r.name ?? (r.id ? undefined : r.kind);
  const parts = [
    `<span class="kind">${esc(r.kind)}</span>`,
    name !== undefined ? `<span class="res">${esc(name)}</span>` : '',
    r.id && r.id !== name ? `<code class="rid">${esc(r.id)}</code>` : '',
    `<code class="where" title="logical location">${esc(r.logical)}</code>`,
    `<code class="where" title="in the snapshot">${esc(findingLocation(ctx, f))}</code>`,
  ];
  return `<td class="c-res" data-label="Resource">${parts.join('')}</td>`;
}

function findingCell(f: Finding): string {
  const compared = f.problems.filter((p) => p.found !== undefined || p.expected !== undefined);
  const pairs = compared.length
    ? compared.map((p) => comparison(p, compared.length > 1 || f.problems.length > 1)).join('')
    : f.found !== undefined || f.expected !== undefined
      ? comparison({ detail: f.message, pointer: f.pointer, found: f.found, expected: f.expected }, false)
      : '';
  const s = f.suppressed;
  const owner = s
    ? [s.owner ? `owner ${s.owner}` : '', s.expires ? `expires ${s.expires}` : ''].filter(Boolean).join(', ')
    : '';
  const suppressed = s
    ? `<p class="suppression">${badge('suppressed')} ${esc(s.justification)}${owner ? ` <span class="muted">(${esc(owner)})</span>` : ''}</p>`
    : '';
  const plan = f.plan ? `<p class="plan-note">${esc(planNote(f)!)}</p>` : '';
  return `<td class="c-found" data-label="Found and expected"><p class="message">${esc(withoutResource(f))}</p>${pairs}${plan}${suppressed}</td>`;
}

/** The message without the `Identity provider "X" (id): ` prefix the Resource column already shows. */
function withoutResource(f: Finding): string {
  const prefix = `${capitalize(describeResource(f.resource))}: `;
  return f.message.startsWith(prefix) && f.message.length > prefix.length ? f.message.slice(prefix.length) : f.message;
}

/** The value found next to the value expected; expected list items that were not found are marked. */
function comparison(p: Problem, labelled: boolean): string {
  const field = labelled && p.field ? `<span class="field">${esc(p.field)}</span>` : '';
  const found = p.found;
  const missing =
    Array.isArray(p.expected) && Array.isArray(found)
      ? new Set(p.expected.filter((x) => !found.some((y) => jsonEqual(x, y))).map((x) => json(x)))
      : new Set<string>();
  return (
    `<div class="cmp">${field}<div class="found"><span class="k">Found</span>${value(p.found)}</div><div class="expected"><span ` +
    `class="k">Expected</span>${p.expected === undefined ? '<span class="missing">as the message says</span>' : value(p.expected, missing)}</div></div>`
  );
}

/** Strings quoted (so a trailing space or slash is visible), list items one per line, objects as JSON. */
function value(v: unknown, missing: ReadonlySet<string> = new Set()): string {
  if (v === undefined) return '<span class="missing">missing</span>';
  if (Array.isArray(v) && v.length > 0 && v.every((x) => x === null || typeof x !== 'object')) {
    const items = v.map((x) => {
      const j = json(x);
      return missing.has(j)
        ? `<li class="absent"><code>${esc(j)}</code> <strong>not found</strong></li>`
        : `<li><code>${esc(j)}</code></li>`;
    });
    return `<ul class="val list">${items.join('')}</ul>`;
  }
  let s = typeof v === 'object' && v !== null && !Array.isArray(v) ? json(v, 2) : json(v);
  const max = 4000;
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  return `<code class="val">${esc(s)}</code>`;
}

function json(v: unknown, indent?: number): string {
  try {
    return JSON.stringify(v, null, indent) ?? String(v);
  } catch {
    return String(v);
  }
}

/** `Security > Identity Providers > …; then what to do`: the console path set apart from the instruction. */
function fixText(fix: string, pathOnly: boolean): string {
  const cut = fix.indexOf('; ');
  const path = cut > 0 ? fix.slice(0, cut) : fix;
  const rest = cut > 0 && !pathOnly ? fix.slice(cut) : '';
  const crumbs = path
    .split(' > ')
    .map((p) => esc(p))
    .join('<span class="sep"> &gt; </span>');
  return `<span class="path">${crumbs}</span>${esc(rest)}`;
}

function footer(ctx: ReportContext): string {
  return [
    '<footer class="foot">',
    `<p>Generated by ${esc(ctx.tool.name)} ${esc(ctx.tool.version)} (<a href="${safeHref(ctx.tool.informationUri)}">${esc(ctx.tool.informationUri)}</a>) ` +
      `from a read-only snapshot; the tool never changes a tenant. Run started ${timeTag(ctx.startedAt)}.</p>`,
    '<p>Statuses: <strong>passed</strong> verified as the guide requires; <strong>failed</strong> ' +
      'differs from the guide; <strong>not evaluated</strong> data was missing, so nothing was verified; ' +
      '<strong>skipped</strong> optional data was not collected; <strong>off</strong> turned off or not applicable ' +
      'to the provisioning mode; <strong>suppressed</strong> failed, but accepted with a justification.</p>',
    '</footer>',
  ].join('\n');
}

// ---- small pieces ----

/** A status badge; `word` replaces the status word (a rule whose findings were all accepted keeps the suppressed look but says Accepted). */
function badge(s: Status, word = STATUS_WORD[s]): string {
  return `<span class="badge tone-${s}">${icon(s)}${esc(word)}</span>`;
}

function levelBadge(l: 'error' | 'warning' | 'note'): string {
  return `<span class="lvl lvl-${l}">${esc(l)}</span>`;
}

/** Inline SVG: no font or image to fetch, and the same shape in print and at any zoom. The word beside it carries the meaning. */
function icon(s: Status): string {
  const shapes: Record<Status, string> = {
    pass: '<path d="M4.5 8.5l2.5 2.5 5-5.5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>',
    fail: '<path d="M5 5l6 6M11 5l-6 6" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
    'not-evaluated':
      '<path d="M8 4.2v4.6" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="8" cy="11.6" r="1.2" fill="currentColor"/>',
    skipped:
      '<path d="M5 5l3.5 3-3.5 3M9 5l3.5 3L9 11" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>',
    off: '<path d="M4.5 8h7" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
    suppressed:
      '<path d="M5.5 7.5V6.5a2.5 2.5 0 015 0v1" fill="none" stroke="currentColor" ' +
      'stroke-width="1.6"/><rect x="4.5" y="7.5" width="7" height="4.5" rx="1" fill="currentColor"/>',
  };
  return (
    `<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><circle ` +
    `cx="8" cy="8" r="7.25" fill="none" stroke="currentColor" stroke-width="1.5"/>${shapes[s]}</svg>`
  );
}

function countIn(results: readonly RuleResult[]): Record<Status, number> {
  const c = { pass: 0, fail: 0, 'not-evaluated': 0, skipped: 0, off: 0, suppressed: 0 } as Record<Status, number>;
  for (const r of results) c[r.status]++;
  return c;
}

function modeName(mode: string): string {
  return mode === 'scim' ? 'SCIM' : mode === 'event-hook' ? 'event hook' : mode;
}

function platformName(p: string | undefined): string {
  switch (p) {
    case 'secure-workforce':
      return 'Secure Workforce';
    case 'secure-access':
      return 'Secure Access';
    case 'none':
      return 'not audited (declared absent)';
    case undefined:
      return 'platform not recorded';
    default:
      return p;
  }
}

function timeTag(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return esc(iso);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const text = `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
  return `<time datetime="${esc(d.toISOString())}">${text}</time>`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** Only http(s) links; anything else (javascript:, data:) becomes an inert anchor. */
function safeHref(url: string): string {
  return /^https?:\/\/[^\s"'<>`]+$/i.test(url) ? esc(url) : '#';
}

function anchor(ruleId: string): string {
  return `rule-${slug(ruleId)}`;
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  );
}

/** Text and attribute values: the five characters that matter in HTML, and controls and bidi overrides shown as escapes (escape.ts). */
export function esc(value: unknown): string {
  return multiline(String(value))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// Colours: every text/background pair meets WCAG AA (4.5:1) and every status also has an icon and a word.
const CSS = `
:root{--ink:#1a2230;--muted:#4a5568;--line:#d5dbe3;--bg:#ffffff;--panel:#f5f7fa;--navy:#0f2340;
--pass:#14663a;--pass-bg:#e6f4ea;--fail:#a61b1b;--fail-bg:#fdeaea;--ne:#8a4b00;--ne-bg:#fff3dd;
--skip:#4a5568;--skip-bg:#eef1f5;--off:#4a5568;--off-bg:#eef1f5;--sup:#5b3a8e;--sup-bg:#f1ebfa;
--err:#a61b1b;--warn:#8a4b00;--note:#1d4f91}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.88em}
a{color:#1d4f91}
a:focus-visible{outline:3px solid #1d4f91;outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px 10px;z-index:2}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.wrap,main,.foot{max-width:1360px;margin:0 auto;padding:0 24px}
.masthead{background:var(--navy);color:#fff;padding:22px 0 18px;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.masthead a{color:#fff}
.eyebrow{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:#c9d6ea;font-weight:600}
h1{margin:4px 0 14px;font-size:26px;line-height:1.25;font-weight:650}
h1 .org{white-space:nowrap}
.facts{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:10px 28px;margin:0}
.facts div{min-width:0}
.facts dt{color:#c9d6ea;font-size:12px;text-transform:uppercase;letter-spacing:.05em}
.facts dd{margin:1px 0 0;min-width:0;overflow-wrap:anywhere;font-size:14.5px}
.facts .muted{color:#c9d6ea}
.facts code{color:#fff}
.hash{font-size:12px}
.muted{color:var(--muted)}
main{padding-top:20px}
h2{font-size:20px;margin:0 0 10px;line-height:1.3}
.verdict{border:1px solid var(--line);border-left:8px solid;border-radius:6px;
padding:16px 20px;margin:0 0 18px;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.verdict h2{display:flex;align-items:center;gap:10px;font-size:24px;margin:0}
.verdict .icon{width:28px;height:28px;flex:0 0 auto}
.verdict-label{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.verdict-detail{margin:6px 0 0;font-size:16px}
.verdict.tone-pass{background:var(--pass-bg);border-left-color:var(--pass)}.verdict.tone-pass h2{color:var(--pass)}
.verdict.tone-fail{background:var(--fail-bg);border-left-color:var(--fail)}.verdict.tone-fail h2{color:var(--fail)}
.verdict.tone-not-evaluated{background:var(--ne-bg);border-left-color:var(--ne)}.verdict.tone-not-evaluated h2{color:var(--ne)}
.blocking-title{font-size:14px;margin:12px 0 4px;text-transform:uppercase;letter-spacing:.05em;color:var(--ink)}
.blocking{margin:0;padding-left:0;list-style:none}
.blocking li{margin:4px 0}
.counts{margin:0 0 18px}
.counts h2{font-size:16px}
.tiles{display:grid;grid-template-columns:repeat(6,1fr);gap:10px;list-style:none;margin:0;padding:0}
.tile{display:flex;align-items:center;gap:8px;border:1px solid var(--line);border-radius:6px;
padding:10px 12px;background:var(--panel);print-color-adjust:exact;-webkit-print-color-adjust:exact}
.tile .icon{width:20px;height:20px;flex:0 0 auto}
.tile .n{font-size:24px;font-weight:700;line-height:1}
.tile .w{font-size:14px}
.tile.zero{opacity:1;color:var(--muted)}
.tile.tone-pass:not(.zero){background:var(--pass-bg);color:var(--pass);border-color:#9fd3b0}
.tile.tone-fail:not(.zero){background:var(--fail-bg);color:var(--fail);border-color:#f0a9a9}
.tile.tone-not-evaluated:not(.zero){background:var(--ne-bg);color:var(--ne);border-color:#f1c98a}
.tile.tone-suppressed:not(.zero){background:var(--sup-bg);color:var(--sup);border-color:#cdb8ee}
.levels{margin:10px 0 0;color:var(--ink)}
.toc{border:1px solid var(--line);border-radius:6px;padding:12px 18px;margin:0 0 22px;background:var(--panel)}
.toc h2{font-size:16px;margin-bottom:6px}
.toc ol{margin:0;padding-left:0;list-style:none;columns:2;column-gap:32px}
.toc li{margin:3px 0;break-inside:avoid}
.guide-section{margin:0 0 30px}
.guide-section h2{border-bottom:2px solid var(--navy);padding-bottom:6px}
.guide-section h2 .num{color:var(--muted);font-weight:600}
.section-summary{margin:0 0 8px;color:var(--muted)}
table{width:100%;border-collapse:collapse;table-layout:fixed}
thead th{background:var(--panel);text-align:left;font-size:13px;font-weight:650;color:var(--ink);
border-bottom:2px solid var(--line);padding:8px 10px;print-color-adjust:exact;-webkit-print-color-adjust:exact}
td,tbody th{padding:10px;border-bottom:1px solid var(--line);vertical-align:top;text-align:left;overflow-wrap:anywhere}
tbody th{font-weight:400}
.c-status{width:138px}.c-check{width:19%}.c-res{width:15%}.c-fix{width:19%}
.c-check .title{display:block;font-weight:600}
.c-check .meta{display:block;color:var(--muted);font-size:12.5px;margin-top:2px}
.rule-id{font-size:12px;color:var(--muted)}
.c-check .rule-id{color:var(--muted)}
.badge{display:inline-flex;align-items:center;gap:5px;font-weight:650;font-size:13px;border-radius:999px;
padding:2px 9px 2px 5px;white-space:nowrap;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.badge .icon{width:16px;height:16px}
.badge.tone-pass{color:var(--pass);background:var(--pass-bg)}
.badge.tone-fail{color:var(--fail);background:var(--fail-bg)}
.badge.tone-not-evaluated{color:var(--ne);background:var(--ne-bg)}
.badge.tone-skipped{color:var(--skip);background:var(--skip-bg)}
.badge.tone-off{color:var(--off);background:var(--off-bg)}
.badge.tone-suppressed{color:var(--sup);background:var(--sup-bg)}
.level-note{display:inline-block}
.c-status .level-note{display:block;margin-top:6px}
.lvl{display:inline-block;font-size:11.5px;font-weight:700;text-transform:uppercase;
letter-spacing:.04em;border:1px solid;border-radius:3px;padding:0 5px;line-height:1.5}
.lvl-error{color:var(--err)}.lvl-warning{color:var(--warn)}.lvl-note{color:var(--note)}
tbody.tone-fail{background:#fffafa}
tbody.tone-fail .c-status{box-shadow:inset 4px 0 0 var(--fail)}
tbody.tone-not-evaluated .c-status{box-shadow:inset 4px 0 0 var(--ne)}
tbody.tone-off td,tbody.tone-off th,tbody.tone-skipped td,tbody.tone-skipped th{color:var(--muted)}
.kind{display:block;font-size:12px;color:var(--muted)}
.res{display:block;font-weight:600}
.rid{display:block;font-size:12px}
.where{display:block;color:var(--muted);font-size:12px;margin-top:2px}
.message{margin:0 0 6px}
.message .lvl{margin-right:2px}
.cmp{display:grid;grid-template-columns:1fr 1fr;gap:6px;margin:6px 0}
.cmp .field{grid-column:1/-1;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;color:var(--muted)}
.cmp .found,.cmp .expected{border:1px solid var(--line);border-radius:4px;padding:5px 8px;min-width:0}
.cmp .found{border-left:4px solid var(--fail);background:#fffdfd}
.cmp .expected{border-left:4px solid var(--pass);background:#fcfffd}
.cmp .k{display:block;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.val{white-space:pre-wrap;overflow-wrap:anywhere}
.val.list{list-style:none;margin:0;padding:0;white-space:normal}
.val.list li{margin:1px 0}
.val.list li.absent{color:var(--fail)}
.val.list li.absent strong{font-size:11px;text-transform:uppercase;letter-spacing:.04em}
.missing{font-style:italic;color:var(--muted)}
.suppression{margin:6px 0 0}
.c-reason{color:inherit}
.c-fix .path{font-weight:600}
.c-fix .sep{color:var(--muted)}
.c-fix.quiet{color:var(--muted);font-size:13px;line-height:1.45}.c-fix.quiet .path{font-weight:400}
caption{text-align:left;padding:0 0 6px;color:var(--muted)}
.foot{border-top:1px solid var(--line);padding-top:10px;padding-bottom:30px;color:var(--muted);font-size:13px}
@media screen and (max-width:900px){.facts{grid-template-columns:repeat(2,minmax(0,1fr))}.tiles{grid-template-columns:repeat(3,1fr)}.toc ol{columns:1}}
@media screen and (max-width:700px){
body{font-size:15px}.wrap,main,.foot{padding:0 14px}
h1{font-size:21px}h1 .org{white-space:normal}
.tiles{grid-template-columns:repeat(2,1fr)}
.verdict h2{font-size:20px}
table,thead,tbody,tr,th,td,caption{display:block;width:auto}
thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
tbody.rule{border:1px solid var(--line);border-radius:6px;margin:0 0 12px;overflow:hidden}
tbody.tone-fail .c-status,tbody.tone-not-evaluated .c-status{box-shadow:none}
td,tbody th{border-bottom:1px solid #eceff3;padding:8px 12px}
td[data-label]::before,tbody th[data-label]::before{content:attr(data-label);display:block;
font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
td.c-status::before{display:none}
.c-status,.c-check,.c-res,.c-fix{width:auto}
.cmp{grid-template-columns:1fr}
}
@page{size:landscape;margin:12mm}
@media print{
body{font-size:11.5px}
.skip,.toc{display:none}
.wrap,main,.foot{max-width:none;padding:0}
.masthead{padding:14px 16px;border-radius:4px}
main{padding-top:12px}
.guide-section{break-before:page;margin:0}
.guide-section h2{break-after:avoid}
thead{display:table-header-group}
tbody.rule{break-inside:avoid}
tr{break-inside:avoid}
.verdict,.counts,.toc{break-inside:avoid}
.tiles{grid-template-columns:repeat(6,1fr);gap:6px}
.tile{padding:6px 8px}.tile .n{font-size:18px}.tile .w{font-size:11.5px}
.facts{grid-template-columns:repeat(4,minmax(0,1fr));gap:4px 20px}
.facts dd{font-size:12px}.facts dt{font-size:10px}
h1{font-size:20px;margin-bottom:8px}
.verdict{padding:10px 14px;margin-bottom:10px}.verdict h2{font-size:19px}.verdict-detail{font-size:13px}
.blocking li{margin:2px 0}
.c-status{width:112px}
a{color:inherit;text-decoration:none}
.foot{break-before:avoid}
}
`.replace(/\n/g, '');

/** A change's `file:line:col`, titled with the snapshot it is in. */
function where(location: string, artifact: DriftChange['artifact']): string {
  const title = artifact === 'baseline' ? 'in the baseline' : 'in the snapshot';
  return `<br><code class="where" title="${title}">${esc(location)}</code>`;
}
