import { plural } from '../util/text.js';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT, loadSchema } from '../util/ajv.js';
import { loadSnapshot } from '../snapshot/load.js';
import { guideDefaults, type ConfigFile } from '../config/load.js';
import { resolveExpectations } from '../config/expectations.js';
import { evaluate } from '../engine/evaluate.js';
import { loadRules, sectionsRead } from '../engine/load-rules.js';
import { sectionTitle } from '../engine/sections.js';
import { resolvePointer } from '../util/pointer.js';
import { describeResource, resourceAt } from '../engine/resources.js';
import type { Rule } from '../engine/types.js';

const FIXTURES_DIR = path.join(PACKAGE_ROOT, 'fixtures', 'snapshots');

/**
 * A rule's documentation page, generated from its YAML and its example fixtures: what, why, how to
 * fix, which expected values it reads, and what the rule reports on a failing and a passing
 * snapshot. `rules show` prints the same page that docs/rules/<id>.md holds.
 *
 * The examples are evaluated with the whole rule set (`ruleSet`, by default the built-in rules plus
 * this one), since a rule that inspects a subject needs the rule that defines it.
 */
export function renderRuleDoc(rule: Rule, ruleSet?: readonly Rule[]): string {
  const rules = withRule(ruleSet ?? loadRules(), rule);
  const out: string[] = [];
  out.push(`# ${rule.id}`, '', `**${rule.title}**`, '');
  const definers = new Map(rules.filter((r) => r.defines).map((r) => [r.defines!.name, r]));
  const reads = sectionsRead(rule, (s) => definers.get(s));
  out.push(`| level | mode | section | reads |`, `|---|---|---|---|`);
  out.push(
    `| ${rule.level} | ${rule.mode ?? 'any'} | ${sectionTitle(rule.section)} | ${reads.map((r) => `\`${r}\``).join(', ')} |`,
    '',
  );
  out.push('## What it checks', '', rule.description, '');
  if (rule.mode && rule.mode !== 'any')
    out.push(
      `It applies only when the declared provisioning mode is \`${rule.mode}\` (\`provisioning: ${rule.mode}\`); otherwise it is *off*.`,
      '',
    );
  out.push('## Why it matters', '', rule.rationale, '');
  out.push('## How to fix', '', rule.fix, '');
  const dependsOn = rule.subject ? rules.find((r) => r.defines?.name === rule.subject) : undefined;
  if (dependsOn)
    out.push(
      `It inspects the resource that [${dependsOn.id}](${relativeLink(rule.id, dependsOn.id)}) finds; when that rule ` +
        `fails because the resource is missing, this rule is *not evaluated* ("depends on ${dependsOn.id}, which failed").`,
      '',
    );
  if (rule.platforms && Object.keys(rule.platforms).length) {
    out.push('## Beyond Identity platforms', '', '| platform | what it reads |', '|---|---|');
    for (const [name, o] of Object.entries(rule.platforms)) {
      out.push(`| ${name} | ${o?.off ? `*off*: ${cell(o.off)}` : cell(o?.reads ?? 'as above')} |`);
    }
    out.push('');
  }
  out.push('## Configuration', '');
  const keys = expectationKeys(rule);
  if (keys.length) {
    out.push(
      'The values it compares against, set in `okta-bi-lint.yaml`:',
      '',
      '| key | default | meaning |',
      '|---|---|---|',
    );
    for (const k of keys) out.push(`| \`${k}\` | ${cell(defaultOf(k))} | ${cell(meaningOf(k))} |`);
    out.push('');
  }
  out.push(
    'Change its level or turn it off:',
    '',
    '```yaml',
    'rules:',
    `  ${rule.id}: ${rule.level === 'error' ? 'warning' : 'error'}   # error | warning | note | off`,
    '```',
    '',
  );
  for (const kind of ['fail', 'pass'] as const) {
    const name = rule.examples?.[kind];
    if (!name) continue;
    out.push(`## ${kind === 'fail' ? 'Failing' : 'Passing'} example`, '');
    out.push(...example(rule, rules, name, kind));
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** The index of rules as a Markdown table: id (linked), level, mode, title. `link` maps an id to its page. */
export function renderRuleTable(rules: readonly Rule[], link: (id: string) => string): string {
  const rows = rules.map(
    (r) => `| [\`${r.id}\`](${link(r.id)}) | ${r.level} | ${r.mode ?? 'any'} | ${cell(r.title)} |`,
  );
  return `${['| id | level | mode | title |', '|---|---|---|---|', ...rows].join('\n')}\n`;
}

/** The config the examples are audited with: the rule's own provisioning mode, else the defaults. */
function exampleConfig(rule: Rule): ConfigFile {
  return rule.mode === 'event-hook' ? { provisioning: 'event-hook' } : {};
}

function withRule(rules: readonly Rule[], rule: Rule): Rule[] {
  return rules.some((r) => r.id === rule.id) ? rules.map((r) => (r.id === rule.id ? rule : r)) : [...rules, rule];
}

function example(rule: Rule, rules: readonly Rule[], name: string, kind: 'pass' | 'fail'): string[] {
  const file = path.join(FIXTURES_DIR, name);
  if (!existsSync(file)) return [`(fixture \`fixtures/snapshots/${name}\` is missing)`, ''];
  const snap = loadSnapshot(file);
  const config = exampleConfig(rule);
  const expectations = resolveExpectations(config, snap.doc.okta.orgUrl);
  const result = evaluate(rules, snap, { expectations }).find((r) => r.rule.id === rule.id)!;
  const lines = [
    `\`fixtures/snapshots/${name}\`${config.provisioning ? ` (with \`provisioning: ${config.provisioning}\`)` : ''}:`,
    '',
  ];
  if (kind === 'fail' && result.findings.length) {
    for (const f of result.findings) {
      lines.push(
        ...excerpt(snap.doc, f.pointer),
        '',
        `reports (${f.level}) on \`${f.resource.logical}\`:`,
        '',
        `> ${f.message}`,
        '',
      );
    }
  } else {
    lines.push(`status: **${result.status}**: ${result.reason}`, '');
  }
  return lines;
}

/** The offending value as JSON; a list of API objects (a resource that is missing from it) as the resources it holds. */
function excerpt(doc: unknown, pointer: string): string[] {
  const v = resolvePointer(doc, pointer);
  if (Array.isArray(v) && v.length && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
    const items = v.slice(0, 10).map((_x, i) => `- ${describeResource(resourceAt(doc, `${pointer}/${i}`))}`);
    if (v.length > 10) items.push(`- and ${v.length - 10} more`);
    return [`\`${pointer}\` holds ${plural(v.length, 'item')}:`, '', ...items];
  }
  const s = JSON.stringify(v, null, 2) ?? 'undefined';
  const lines = s.split('\n');
  return ['```json', `// ${pointer}`, lines.length > 25 ? [...lines.slice(0, 24), '  …'].join('\n') : s, '```'];
}

/** The expectations (okta-bi-lint.yaml keys) a rule names, as `{ expect: k }`, `${expect.k}` or `{{expect.k}}`. */
function expectationKeys(rule: Rule): string[] {
  const keys = new Set<string>();
  const scan = (v: unknown) => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(/(?:\$\{|\{\{\s*)expect\.([A-Za-z0-9_.]+?)\s*\}\}?/g)) keys.add(m[1]);
    } else if (Array.isArray(v)) v.forEach(scan);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'expect' && typeof x === 'string') keys.add(x);
        else scan(x);
      }
    }
  };
  scan([rule.defines, rule.when, rule.then, rule.message]);
  return [...keys].sort();
}

/** Values derived from the config rather than set in it. */
const DERIVED: Record<string, { default: string; meaning: string }> = {
  'okta.orgHost': { default: 'the host of `okta.orgUrl`', meaning: 'The Okta org host (derived from `okta.orgUrl`).' },
  'okta.issuerUrls': {
    default: '`okta.orgUrl`, and `https://<okta.customDomain>` when set',
    meaning: 'The accepted console SSO issuers (derived).',
  },
  'okta.callbackUrls': {
    default: "`https://<org host>/oauth2/v1/authorize/callback`, and the custom domain's when set",
    meaning: 'The redirect URIs that must be registered (derived).',
  },
  'okta.customDomainUrl': { default: 'none', meaning: '`https://<okta.customDomain>` (derived).' },
};

function schemaProperty(key: string): { default?: unknown; description?: string } | undefined {
  const [section, name] = key.split('.');
  const schema = loadSchema('config.schema.json') as {
    properties: Record<string, { properties?: Record<string, { default?: unknown; description?: string }> }>;
  };
  return schema.properties[section]?.properties?.[name];
}

function defaultOf(key: string): string {
  if (DERIVED[key]) return DERIVED[key].default;
  const d = guideDefaults() as unknown as Record<string, Record<string, unknown>>;
  const [section, name] = key.split('.');
  const v = d[section]?.[name];
  if (v !== undefined) return `\`${String(v)}\``;
  if (key === 'okta.orgUrl') return "the snapshot's `okta.orgUrl`";
  return 'none';
}

function meaningOf(key: string): string {
  return DERIVED[key]?.meaning ?? schemaProperty(key)?.description ?? '';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A link from one rule page (docs/rules/<id>.md) to another. */
function relativeLink(from: string, to: string): string {
  const rel = path.posix.relative(path.posix.dirname(from), to);
  return `${rel}.md`;
}
