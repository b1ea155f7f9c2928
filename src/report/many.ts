import type { FormatName } from './index.js';
import type { DisplayOptions, Formatter, ReportContext } from './types.js';
import { guardLines, inline } from './escape.js';
import { plural } from '../util/text.js';
import { tally, verdict } from './summary.js';
import { esc as htmlEsc } from './html.js';
import { esc as markdownEsc } from './markdown.js';
import { attr as xmlAttr } from './junit.js';

/** The JSON report of a check over several snapshots (schemas/report.schema.json, definitions/reportSet). */
const REPORT_SET_FORMAT = 'okta-bi-lint/report-set@1';

/** The exit code of a run over several snapshots: a failure (1) before an incomplete audit (3) before a pass (0). */
export function worstExitCode(codes: readonly (0 | 1 | 3)[]): 0 | 1 | 3 {
  return codes.includes(1) ? 1 : codes.includes(3) ? 3 : 0;
}

/**
 * One report over several snapshots, in the order given. Each snapshot's part is exactly what its
 * own report in that format says (the single-snapshot formatter), combined the way each format
 * allows: text and Markdown a section per file, JSON one entry per snapshot, SARIF one run with an
 * artifact per file, JUnit the testsuites of every snapshot, HTML one page with a section each.
 */
export function formatMany(
  format: FormatName,
  ctxs: readonly ReportContext[],
  single: Formatter,
  options: DisplayOptions = {},
): string {
  const parts = ctxs.map((c) => single(c, options));
  switch (format) {
    case 'text':
      return textMany(ctxs, parts, options.color === true);
    case 'json':
      return jsonMany(ctxs, parts);
    case 'sarif':
      return sarifMany(ctxs, parts);
    case 'junit':
      return junitMany(ctxs, parts);
    case 'markdown':
      return markdownMany(ctxs, parts);
    case 'html':
      return htmlMany(ctxs, parts);
  }
}

/** `3 snapshots: 1 failed, 2 passed; 4 problems (3 errors, 1 warning)`: the line a run over several snapshots ends with. */
export function manySummary(ctxs: readonly ReportContext[]): string {
  const outcomes = { failed: 0, incomplete: 0, passed: 0 };
  const levels = { error: 0, warning: 0, note: 0, total: 0 };
  for (const c of ctxs) {
    outcomes[verdict(c).outcome]++;
    const t = tally(c).findings;
    levels.error += t.error;
    levels.warning += t.warning;
    levels.note += t.note;
    levels.total += t.total;
  }
  const verdicts = (['failed', 'incomplete', 'passed'] as const)
    .filter((o) => outcomes[o])
    .map((o) => `${outcomes[o]} ${o}`);
  const byLevel = [
    plural(levels.error, 'error'),
    plural(levels.warning, 'warning'),
    ...(levels.note ? [plural(levels.note, 'note')] : []),
  ].join(', ');
  return `${ctxs.length} snapshots: ${verdicts.join(', ')}; ${plural(levels.total, 'problem')} (${byLevel})`;
}

function textMany(ctxs: readonly ReportContext[], parts: string[], color: boolean): string {
  const bold = (s: string) => (color ? `\u001b[1m\u001b[4m${s}\u001b[24m\u001b[22m` : s);
  const out: string[] = [];
  ctxs.forEach((c, i) => {
    out.push(bold(inline(c.snapshot.path)), '', parts[i]);
  });
  out.push(`${manySummary(ctxs)} (exit ${worstExitCode(ctxs.map((c) => c.exitCode))}).\n`);
  return guardLines(out.join('\n'));
}

function jsonMany(ctxs: readonly ReportContext[], parts: string[]): string {
  const snapshots = parts.map((p) => JSON.parse(p) as { levelCounts: Record<'error' | 'warning' | 'note', number> });
  const levelCounts = { error: 0, warning: 0, note: 0 };
  for (const s of snapshots) for (const l of ['error', 'warning', 'note'] as const) levelCounts[l] += s.levelCounts[l];
  const doc = {
    format: REPORT_SET_FORMAT,
    tool: { name: ctxs[0].tool.name, version: ctxs[0].tool.version },
    failOn: ctxs[0].failOn,
    exitCode: worstExitCode(ctxs.map((c) => c.exitCode)),
    levelCounts,
    snapshots,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

interface SarifRun {
  tool: { driver: { rules: { id: string }[] } & Record<string, unknown> };
  invocations: ({
    executionSuccessful: boolean;
    exitCode: number;
    startTimeUtc: string;
    endTimeUtc: string;
    toolExecutionNotifications?: Record<string, unknown>[];
    toolConfigurationNotifications?: { message: { text: string } }[];
  } & Record<string, unknown>)[];
  originalUriBaseIds: unknown;
  artifacts: { location: { uri: string; uriBaseId: string } }[];
  results: {
    ruleIndex: number;
    ruleId: string;
    locations: { physicalLocation: { artifactLocation: { index: number } } }[];
  }[];
}

/**
 * One SARIF run over every snapshot: an artifact per file, each result pointing into its own file
 * (artifactLocation.index), the rules listed once, one invocation with the run's exit code, and
 * notifications about rules not evaluated located in the snapshot they concern.
 */
function sarifMany(ctxs: readonly ReportContext[], parts: string[]): string {
  const logs = parts.map((p) => JSON.parse(p) as { runs: SarifRun[] } & Record<string, unknown>);
  const runs = logs.map((l) => l.runs[0]);
  const rules: { id: string }[] = [];
  const ruleIndex = new Map<string, number>();
  for (const run of runs) {
    for (const r of run.tool.driver.rules) {
      if (!ruleIndex.has(r.id)) {
        ruleIndex.set(r.id, rules.length);
        rules.push(r);
      }
    }
  }
  const results = runs.flatMap((run, i) =>
    run.results.map((r) => ({
      ...r,
      ruleIndex: ruleIndex.get(r.ruleId)!,
      locations: r.locations.map((l) => ({
        ...l,
        physicalLocation: {
          ...l.physicalLocation,
          artifactLocation: { ...l.physicalLocation.artifactLocation, index: i },
        },
      })),
    })),
  );
  const notifications = runs.flatMap((run, i) =>
    (run.invocations[0].toolExecutionNotifications ?? []).map((n) => ({
      ...n,
      locations: [{ physicalLocation: { artifactLocation: { ...run.artifacts[0].location, index: i } } }],
      associatedRule: {
        ...(n.associatedRule as object),
        index: ruleIndex.get((n.associatedRule as { id: string }).id)!,
      },
    })),
  );
  // Warnings about the run's own configuration are the same for every snapshot: listed once.
  const configuration = [
    ...new Map(
      runs.flatMap((run) => run.invocations[0].toolConfigurationNotifications ?? []).map((n) => [n.message.text, n]),
    ).values(),
  ];
  const first = runs[0].invocations[0];
  const run = {
    tool: { driver: { ...runs[0].tool.driver, rules } },
    invocations: [
      {
        executionSuccessful: runs.every((r) => r.invocations[0].executionSuccessful),
        exitCode: worstExitCode(ctxs.map((c) => c.exitCode)),
        startTimeUtc: first.startTimeUtc,
        endTimeUtc: runs[runs.length - 1].invocations[0].endTimeUtc,
        ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
        ...(configuration.length ? { toolConfigurationNotifications: configuration } : {}),
      },
    ],
    originalUriBaseIds: runs[0].originalUriBaseIds,
    artifacts: runs.map((r) => r.artifacts[0]),
    columnKind: 'utf16CodeUnits',
    results,
  };
  return `${JSON.stringify({ ...logs[0], runs: [run] }, null, 2)}\n`;
}

/**
 * The testsuites of every snapshot under one root, each suite's name led by its snapshot's path
 * (every suite also carries the snapshot as a property) and the ids numbered through.
 */
function junitMany(ctxs: readonly ReportContext[], parts: string[]): string {
  let tests = 0;
  let failures = 0;
  let time = 0;
  let id = 0;
  const suites: string[] = [];
  parts.forEach((doc, i) => {
    const lines = doc.trimEnd().split('\n');
    const root = lines.find((l) => l.startsWith('<testsuites '))!;
    tests += Number(/ tests="(\d+)"/.exec(root)![1]);
    failures += Number(/ failures="(\d+)"/.exec(root)![1]);
    time += Number(/ time="([\d.]+)"/.exec(root)?.[1] ?? 0);
    const prefix = `${xmlAttr(ctxs[i].snapshot.path)}: `;
    for (const l of lines.slice(lines.indexOf(root) + 1, -1)) {
      suites.push(
        l.startsWith('  <testsuite ')
          ? l.replace(' name="', ` name="${prefix}`).replace(/ id="\d+"/, ` id="${id++}"`)
          : l,
      );
    }
  });
  const head =
    `<testsuites name="${xmlAttr(`${ctxs[0].tool.name} audit of ${ctxs.length} snapshots`)}" ` +
    `tests="${tests}" failures="${failures}" errors="0" time="${time.toFixed(3)}">`;
  return guardLines(['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>', ''].join('\n'));
}

const OUTCOME_MARK = { passed: '✅ passed', failed: '❌ failed', incomplete: '⚠️ incomplete' } as const;

/** A table of the snapshots and their verdicts, then each snapshot's own summary with its headings one level down. */
function markdownMany(ctxs: readonly ReportContext[], parts: string[]): string {
  const exit = worstExitCode(ctxs.map((c) => c.exitCode));
  const outcome = exit === 1 ? 'failed' : exit === 3 ? 'incomplete' : 'passed';
  const rows = ctxs.map((c) => {
    const t = tally(c).findings;
    return (
      `| ${markdownEsc(c.snapshot.path)} | ${markdownEsc(c.snapshot.orgUrl)} | ` +
      `${OUTCOME_MARK[verdict(c).outcome]} | ${t.error} | ${t.warning} | ${t.note} |`
    );
  });
  const blocks = [
    `## ${markdownEsc(ctxs[0].tool.name)} audit of ${ctxs.length} snapshots ${OUTCOME_MARK[outcome]}`,
    `**${markdownEsc(manySummary(ctxs))}.**`,
    ['| Snapshot | Org | Outcome | Errors | Warnings | Notes |', '|---|---|---|---:|---:|---:|', ...rows].join('\n'),
    // the formatter writes headings only at the start of a line, and escapes a # anywhere else
    ...parts.map((p) => p.trimEnd().replace(/^(#{1,5}) /gm, '#$1 ')),
  ];
  return guardLines(`${blocks.join('\n\n')}\n`);
}

/**
 * One page: the first report's head (style and security policy) and a table of the snapshots, then
 * each snapshot's report body in its own section, its ids prefixed so that links stay within it.
 */
function htmlMany(ctxs: readonly ReportContext[], parts: string[]): string {
  const first = parts[0];
  const exit = worstExitCode(ctxs.map((c) => c.exitCode));
  const title = `${exit === 0 ? 'Passed' : exit === 1 ? 'Failed' : 'Incomplete'}: Okta + Beyond Identity audit of ${ctxs.length} snapshots`;
  const head = first
    .slice(0, first.indexOf('<body>'))
    .replace(/<title>[^<]*<\/title>/, `<title>${htmlEsc(title)}</title>`);
  const sections = parts.map((doc, i) => {
    const id = `snapshot-${i + 1}`;
    const body = doc
      .slice(doc.indexOf('<body>') + '<body>'.length, doc.lastIndexOf('</body>'))
      .split('\n')
      .filter((l) => !l.startsWith('<a class="skip"'))
      .map((l) => (l === '<main id="main">' ? '<div class="snapshot-main">' : l === '</main>' ? '</div>' : l))
      .join('\n')
      // Attribute values are escaped, so these patterns only ever match the report's own markup.
      .replace(/ (id|aria-labelledby|aria-describedby|for)="/g, ` $1="${id}-`)
      .replace(/ href="#/g, ` href="#${id}-`);
    return [
      `<section class="snapshot" id="${id}" aria-label="${htmlEsc(`Snapshot ${ctxs[i].snapshot.path}`)}">`,
      body.trim(),
      '</section>',
    ].join('\n');
  });
  const rows = ctxs.map((c, i) => {
    const t = tally(c).findings;
    const cells = [htmlEsc(c.snapshot.orgUrl), htmlEsc(verdict(c).outcome), t.error, t.warning, t.note];
    const link = `<a href="#snapshot-${i + 1}"><code>${htmlEsc(c.snapshot.path)}</code></a>`;
    return `<tr><td>${link}</td>${cells.map((x) => `<td>${x}</td>`).join('')}</tr>`;
  });
  return guardLines(
    [
      head.trimEnd(),
      '<body>',
      '<a class="skip" href="#snapshots">Skip to the snapshots</a>',
      '<main id="main">',
      `<h1>${htmlEsc(title)}</h1>`,
      `<p>${htmlEsc(manySummary(ctxs))}.</p>`,
      '<table id="snapshots"><thead><tr><th scope="col">Snapshot</th><th scope="col">Org</th><th scope="col">Outcome</th><th ' +
        'scope="col">Errors</th><th scope="col">Warnings</th><th scope="col">Notes</th></tr></thead>',
      `<tbody>${rows.join('')}</tbody></table>`,
      ...sections,
      '</main>',
      '</body>',
      '</html>',
      '',
    ].join('\n'),
  );
}
