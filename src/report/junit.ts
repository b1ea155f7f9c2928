import { describeResource } from '../engine/resources.js';
import { planNote } from './plan.js';
import type { Finding, RuleResult } from '../engine/types.js';
import type { ReportContext } from './types.js';
import { findingLocation, groupBySection } from './summary.js';
import { guardLines, inline, multiline, prose } from './escape.js';

/** One `<testcase>`: a rule, or one resource of a rule that reported several. */
interface Case {
  name: string;
  classname: string;
  outcome:
    | { kind: 'pass' }
    | { kind: 'failure'; message: string; type: string; body: string }
    | { kind: 'skipped'; message: string };
}

/**
 * JUnit XML as Jenkins (xunit's junit-10.xsd) and GitLab read it: one testsuite per guide section,
 * in the guide's order; one testcase per rule, or per resource when a rule reported several; a
 * `<failure>` for each active finding (type = its level); `<skipped>` with the reason for rules not
 * evaluated, skipped, off, and findings covered by a suppression. Only the attributes that schema
 * declares are written, and every value is XML-escaped, control characters included.
 */
export function formatJunit(ctx: ReportContext): string {
  const timestamp = junitTimestamp(ctx.startedAt);
  const host = hostOf(ctx.snapshot.orgUrl);
  const suites = groupBySection(ctx.results).map((g, i) => {
    const cases = g.results.flatMap((r) => casesOf(ctx, r));
    const failures = cases.filter((c) => c.outcome.kind === 'failure').length;
    const skipped = cases.filter((c) => c.outcome.kind === 'skipped').length;
    return {
      attrs: {
        name: g.title,
        tests: cases.length,
        failures,
        errors: 0,
        skipped,
        time: '0',
        timestamp,
        hostname: host,
        id: i,
        package: `${ctx.tool.name}.${g.key}`,
      },
      cases,
    };
  });
  const total = (k: 'tests' | 'failures') => suites.reduce((n, s) => n + s.attrs[k], 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const head = {
    name: `${ctx.tool.name} audit of ${ctx.snapshot.orgUrl}`,
    tests: total('tests'),
    failures: total('failures'),
    errors: 0,
    time: seconds(ctx.startedAt, ctx.finishedAt),
  };
  out.push(`<testsuites${attrs(head)}>`);
  const props = properties(ctx);
  for (const s of suites) {
    out.push(`  <testsuite${attrs(s.attrs)}>`);
    out.push('    <properties>');
    for (const [name, value] of props) out.push(`      <property${attrs({ name, value })}/>`);
    out.push('    </properties>');
    for (const c of s.cases) out.push(testcase(c));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return guardLines(`${out.join('\n')}\n`);
}

function casesOf(ctx: ReportContext, r: RuleResult): Case[] {
  const classname = r.rule.id;
  const title = r.rule.title;
  switch (r.status) {
    case 'pass':
      return [{ name: title, classname, outcome: { kind: 'pass' } }];
    case 'not-evaluated':
      return [{ name: title, classname, outcome: { kind: 'skipped', message: `not evaluated: ${r.reason}` } }];
    case 'skipped':
      return [{ name: title, classname, outcome: { kind: 'skipped', message: `skipped: ${r.reason}` } }];
    case 'off':
      return [{ name: title, classname, outcome: { kind: 'skipped', message: `off: ${r.reason}` } }];
    case 'fail':
    case 'suppressed': {
      const several = r.findings.length > 1;
      return r.findings.map((f) => ({
        name: several ? `${title} [${f.resource.logical}]` : title,
        classname,
        outcome: f.suppressed
          ? {
              kind: 'skipped' as const,
              message: `suppressed: ${f.message} (${suppressionNote(f.suppressed)})`,
            }
          : { kind: 'failure' as const, message: f.message, type: f.level, body: failureBody(ctx, r, f) },
      }));
    }
  }
}

/** What a CI log shows under the failure: enough to act on without opening another report. */
function failureBody(ctx: ReportContext, r: RuleResult, f: Finding): string {
  // Each value on its own line is escaped whole (inline), so none of them can start a line of its own.
  const lines = [
    inline(f.message),
    '',
    `Rule: ${inline(r.rule.id)} (${f.level})`,
    `Resource: ${inline(describeResource(f.resource))} [${inline(f.resource.logical)}]`,
    `Location: ${inline(findingLocation(ctx, f))}`,
  ];
  for (const p of f.problems) {
    if (p.found === undefined && p.expected === undefined) continue;
    const field = p.field ? ` ${inline(p.field)}` : '';
    lines.push(`Found${field}: ${inline(show(p.found))}`);
    if (p.expected !== undefined) lines.push(`Expected${field}: ${inline(show(p.expected))}`);
  }
  if (f.changedBy) lines.push(`Attribution: ${inline(f.changedBy.text)}`);
  if (f.plan) lines.push(`Terraform: ${inline(planNote(f)!)}`);
  lines.push(`Fix: ${prose(r.rule.fix)}`);
  if (r.rule.helpUri) lines.push(`Documentation: ${inline(r.rule.helpUri)}`);
  return lines.join('\n');
}

function testcase(c: Case): string {
  const open = `    <testcase${attrs({ name: c.name, classname: c.classname, time: '0' })}`;
  switch (c.outcome.kind) {
    case 'pass':
      return `${open}/>`;
    case 'skipped':
      return `${open}>\n      <skipped${attrs({ message: c.outcome.message })}/>\n    </testcase>`;
    case 'failure':
      return `${open}>\n      <failure${attrs({ message: c.outcome.message, type: c.outcome.type })}>${text(c.outcome.body)}</failure>\n    </testcase>`;
  }
}

function properties(ctx: ReportContext): [string, string][] {
  const s = ctx.snapshot;
  const list: [string, string | undefined][] = [
    ['tool', `${ctx.tool.name} ${ctx.tool.version}`],
    ['okta.orgUrl', s.orgUrl],
    ['beyondIdentity.platform', s.biPlatform],
    ['beyondIdentity.tenant', s.biTenant],
    ['provisioning', ctx.expectations.provisioning],
    ['snapshot', s.path],
    ['snapshot.sha256', s.sha256],
    ['snapshot.collectedAt', s.collectedAt],
    ['config', ctx.configFile],
    ['failOn', ctx.failOn],
    ['exitCode', String(ctx.exitCode)],
  ];
  return list.filter((e): e is [string, string] => e[1] !== undefined);
}

function show(v: unknown): string {
  if (v === undefined) return 'missing';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${attr(String(v))}"`)
    .join('');
}

/**
 * Controls a terminal or a CI log would act on (escape.ts), and the characters XML 1.0 cannot carry
 * at all, not even as references: shown as escapes so nothing is lost silently. Line breaks stay.
 */
function legal(s: string): string {
  return multiline(s)
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function text(s: string): string {
  return legal(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Attribute values: on one line, every control shown as an escape (a viewer prints the message as a line of a log). */
export function attr(s: string): string {
  return text(inline(s)).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** `2026-11-29T10:00:00`: the form of the Ant and Jenkins schemas (UTC, no zone suffix). */
function junitTimestamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 19);
}

function seconds(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : '0';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** `justification; owner X; expires Y`: why a finding is suppressed, and until when. */
function suppressionNote(s: NonNullable<Finding['suppressed']>): string {
  return `${s.justification}${s.owner ? `; owner ${s.owner}` : ''}${s.expires ? `; expires ${s.expires}` : ''}`;
}
