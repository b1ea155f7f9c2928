import { pathToFileURL } from 'node:url';
import { fixedNote, planNote, planSummary } from './plan.js';
import type { Finding, Rule, RuleResult } from '../engine/types.js';
import type { ReportContext } from './types.js';
import { formatWarning, type RunWarning } from '../util/warnings.js';
import { positionOf, sentence } from './summary.js';
import { guardLines, inline, multiline } from './escape.js';
import { capitalize } from '../util/text.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'okta-bi-lint/v1';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Results point at the offending value
 * in the snapshot file; rules that could not be evaluated become tool execution notifications so a
 * partial audit is visible as an unsuccessful run rather than as a clean one. Texts a viewer renders
 * (messages, descriptions, help) show control characters and bidi overrides as escapes (escape.ts).
 * In a drift run, a removed resource is located in the baseline, a second artifact of the run, so
 * code scanning opens the file where it still exists.
 */
export function formatSarif(ctx: ReportContext): string {
  const ran = ctx.results.filter((r) => r.status !== 'off');
  const baseline = ctx.driftRun && ran.some((r) => r.findings.some(inBaseline)) ? ctx.driftRun.baseline : undefined;
  const ruleIndex = new Map(ran.map((r, i) => [r.rule.id, i]));
  const notifications = ran
    .filter((r) => r.status === 'not-evaluated' || r.status === 'skipped')
    .map((r) => notification(r, ruleIndex));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: ctx.tool.name,
            version: ctx.tool.version,
            semanticVersion: ctx.tool.version,
            informationUri: ctx.tool.informationUri,
            rules: ran.map((r) => reportingDescriptor(ctx, r)),
          },
        },
        invocations: [
          {
            executionSuccessful: !ran.some((r) => r.status === 'not-evaluated'),
            exitCode: ctx.exitCode,
            startTimeUtc: ctx.startedAt,
            endTimeUtc: ctx.finishedAt,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
            ...(ctx.warnings?.length
              ? { toolConfigurationNotifications: ctx.warnings.map(configurationNotification) }
              : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(ctx.cwd) } },
        artifacts: [
          { location: artifactLocation(ctx), hashes: { 'sha-256': ctx.snapshot.sha256 } },
          ...(baseline ? [{ location: baselineLocation(baseline.path), hashes: { 'sha-256': baseline.sha256 } }] : []),
        ],
        columnKind: 'utf16CodeUnits',
        results: [
          ...ran.flatMap((r) => r.findings.map((f) => result(ctx, f, ruleIndex.get(r.rule.id)!))),
          ...fixedResults(ctx, ruleIndex),
        ],
        ...(ctx.plan
          ? {
              properties: {
                terraformPlan: {
                  summary: planSummary(ctx),
                  introduced: ctx.plan.introduced,
                  unchanged: ctx.plan.unchanged,
                  fixed: ctx.plan.fixed.map((f) => ({
                    ruleId: f.ruleId,
                    level: f.level,
                    message: f.message,
                    address: f.address,
                  })),
                },
              },
            }
          : {}),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function reportingDescriptor(ctx: ReportContext, r: RuleResult) {
  const rule = r.rule;
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: inline(sentence(rule.title)) },
    fullDescription: { text: inline(sentence(rule.description)) },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    helpUri:
      rule.helpUri ?? (ctx.tool.repository ? `${ctx.tool.repository}/blob/main/docs/rules/${rule.id}.md` : undefined),
    // A rule that is off never reaches here, so the level in force is always a SARIF level.
    defaultConfiguration: { level: r.level === 'off' ? rule.level : r.level },
    properties: { tags: ['security', 'configuration', rule.id.split('/')[0]], section: rule.section },
  };
}

/** `okta/idp-issuer-matches` -> `IdpIssuerMatches`: SARIF wants a readable name distinct from the opaque id. */
export function ruleName(id: string): string {
  const last = id.split('/').pop() ?? id;
  return last
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function helpText(rule: Rule): string {
  return guardLines(
    multiline([sentence(rule.description), sentence(rule.rationale), `How to fix: ${sentence(rule.fix)}`].join('\n\n')),
  );
}

function helpMarkdown(rule: Rule): string {
  return guardLines(
    multiline(
      [sentence(rule.description), sentence(rule.rationale), `**How to fix:** ${sentence(rule.fix)}`].join('\n\n'),
    ),
  );
}

/** A drift finding about a removed resource: located in the baseline, where the resource still is. */
function inBaseline(f: Finding): boolean {
  return (f as Finding & { artifact?: string }).artifact === 'baseline';
}

function baselineLocation(path: string) {
  return { uri: encodeUriPath(path.replace(/\\/g, '/')), uriBaseId: SRCROOT };
}

function physicalLocation(ctx: ReportContext, f: Finding) {
  // a plan's finding points at its resource block (--tf-dir), else at the plan file
  if (f.plan?.tf)
    return {
      artifactLocation: { uri: encodeUriPath(f.plan.tf.file), uriBaseId: SRCROOT },
      region: { startLine: f.plan.tf.line, startColumn: 1 },
    };
  const d = ctx.driftRun;
  if (d && inBaseline(f)) {
    const pos = d.baselinePositions.get(f.pointer) ?? { line: 1, column: 1 };
    return {
      artifactLocation: { ...baselineLocation(d.baseline.path), index: 1 },
      region: { startLine: pos.line, startColumn: pos.column },
    };
  }
  const pos = positionOf(ctx, f.pointer) ?? positionOf(ctx, '') ?? { line: 1, column: 1 };
  return {
    artifactLocation: { ...artifactLocation(ctx), index: 0 },
    region: { startLine: pos.line, startColumn: pos.column },
  };
}

function result(ctx: ReportContext, f: Finding, ruleIndex: number) {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.level,
    message: {
      text: inline(
        f.changedBy
          ? `${sentence(f.message)} ${sentence(capitalize(f.changedBy.text))}`
          : f.plan
            ? `${sentence(f.message)} ${sentence(capitalize(planNote(f)!))}`
            : sentence(f.message),
      ),
    },
    locations: [
      {
        physicalLocation: physicalLocation(ctx, f),
        logicalLocations: [
          { fullyQualifiedName: f.resource.logical, name: logicalName(f), kind: 'object' },
          ...(f.plan?.address
            ? [
                {
                  fullyQualifiedName: f.plan.address,
                  name: f.plan.address.split('.').slice(-2).join('.'),
                  kind: 'resource',
                },
              ]
            : []),
        ],
      },
    ],
    ...(f.plan ? { baselineState: f.plan.change === 'introduced' ? 'new' : 'unchanged' } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.suppressed ? { suppressions: [suppression(f.suppressed)] } : {}),
    ...(f.changedBy ? { properties: { attribution: f.changedBy.details } } : {}),
  };
}

/**
 * check --plan: each finding the plan fixes, as a result of kind pass whose baselineState is
 * absent (it was there without the plan, and is gone with it), at its resource block when known.
 */
function fixedResults(ctx: ReportContext, ruleIndex: Map<string, number>) {
  return (ctx.plan?.fixed ?? []).map((f) => {
    const index = ruleIndex.get(f.ruleId);
    const logical = f.logical ?? f.address ?? f.ruleId;
    return {
      ruleId: f.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      kind: 'pass',
      level: 'none',
      message: { text: inline(`${sentence(f.message)} ${sentence(capitalize(fixedNote(f)))}`) },
      locations: [
        {
          physicalLocation: f.tf
            ? {
                artifactLocation: { uri: encodeUriPath(f.tf.file), uriBaseId: SRCROOT },
                region: { startLine: f.tf.line, startColumn: 1 },
              }
            : { artifactLocation: { ...artifactLocation(ctx), index: 0 }, region: { startLine: 1, startColumn: 1 } },
          logicalLocations: [
            { fullyQualifiedName: logical, name: logical.split('/').pop() ?? logical, kind: 'object' },
            ...(f.address
              ? [{ fullyQualifiedName: f.address, name: f.address.split('.').slice(-2).join('.'), kind: 'resource' }]
              : []),
          ],
        },
      ],
      baselineState: 'absent',
      ...(f.fingerprint ? { partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint } } : {}),
    };
  });
}

function logicalName(f: Finding): string {
  return f.resource.name ?? f.resource.id ?? f.resource.logical.split('/').pop() ?? f.resource.logical;
}

function suppression(s: NonNullable<Finding['suppressed']>) {
  const props = { owner: s.owner, expires: s.expires };
  const hasProps = props.owner !== undefined || props.expires !== undefined;
  return {
    kind: 'external',
    status: 'accepted',
    justification: s.justification,
    ...(hasProps ? { properties: props } : {}),
  };
}

/** Not-evaluated rules are errors of the run (exit 3); skipped ones are informational (how to include the data). */
function notification(r: RuleResult, ruleIndex: Map<string, number>) {
  return {
    level: r.status === 'not-evaluated' ? 'error' : 'note',
    message: {
      text: inline(
        sentence(`${r.rule.id} ${r.status === 'not-evaluated' ? 'was not evaluated' : 'was skipped'}: ${r.reason}`),
      ),
    },
    descriptor: { id: r.rule.id },
    associatedRule: { id: r.rule.id, index: ruleIndex.get(r.rule.id)! },
  };
}

function artifactLocation(ctx: ReportContext) {
  return { uri: encodeUriPath(ctx.snapshot.path.replace(/\\/g, '/')), uriBaseId: SRCROOT };
}

/** A relative URI reference: each segment percent-encoded, the slashes kept. */
function encodeUriPath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/** SARIF requires a base URI to end with a slash, or relative references resolve against its parent. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** An expired or unused suppression: a problem with the run's configuration, not with the org. */
function configurationNotification(w: RunWarning) {
  return {
    level: w.level,
    message: { text: inline(sentence(formatWarning(w))) },
  };
}
