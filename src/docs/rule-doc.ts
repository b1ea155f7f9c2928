import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../util/ajv.js';
import { loadSnapshot } from '../snapshot/load.js';
import { resolveExpectations } from '../config/expectations.js';
import { evaluate } from '../engine/evaluate.js';
import { sectionTitle } from '../engine/sections.js';
import { resolvePointer } from '../util/pointer.js';
import type { Rule } from '../engine/types.js';

export const FIXTURES_DIR = path.join(PACKAGE_ROOT, 'fixtures', 'snapshots');

/**
 * A rule's documentation page, generated from its YAML and its example fixtures: what, why, how to
 * fix, and what the rule reports on a failing and a passing snapshot. `rules show` prints the same
 * page that docs/rules/<id>.md holds.
 */
export function renderRuleDoc(rule: Rule): string {
  const out: string[] = [];
  out.push(`# ${rule.id}`, '', `**${rule.title}**`, '');
  out.push(`| level | mode | section | reads |`, `|---|---|---|---|`);
  out.push(`| ${rule.level} | ${rule.mode ?? 'any'} | ${sectionTitle(rule.section)} | ${rule.requires.map((r) => `\`${r}\``).join(', ')} |`, '');
  out.push('## What it checks', '', rule.description, '');
  out.push('## Why it matters', '', rule.rationale, '');
  out.push('## How to fix', '', rule.fix, '');
  if (rule.subject) out.push(`It inspects the resource found by the rule that defines \`${rule.subject}\`; when that resource is missing, this rule is *not evaluated*.`, '');
  out.push('## Configuration', '', 'Change its level or turn it off in `okta-bi-lint.yaml`:', '', '```yaml', 'rules:', `  ${rule.id}: ${rule.level === 'error' ? 'warning' : 'error'}   # error | warning | note | off`, '```', '');
  for (const kind of ['fail', 'pass'] as const) {
    const name = rule.examples?.[kind];
    if (!name) continue;
    out.push(`## ${kind === 'fail' ? 'Failing' : 'Passing'} example`, '');
    out.push(...example(rule, name, kind));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function example(rule: Rule, name: string, kind: 'pass' | 'fail'): string[] {
  const file = path.join(FIXTURES_DIR, name);
  if (!existsSync(file)) return [`(fixture \`fixtures/snapshots/${name}\` is missing)`, ''];
  const snap = loadSnapshot(file);
  const mode = name.includes('event-hook') ? 'event-hook' : 'scim';
  const expectations = resolveExpectations({ provisioning: mode }, snap.doc.okta.orgUrl);
  const [result] = evaluate([rule], snap, { expectations }).filter((r) => r.rule.id === rule.id);
  const lines = [`\`fixtures/snapshots/${name}\`${mode === 'event-hook' ? ' (with `provisioning: event-hook`)' : ''}:`, ''];
  if (kind === 'fail') {
    for (const f of result.findings) {
      const value = resolvePointer(snap.doc, f.pointer);
      lines.push('```json', `// ${f.pointer}`, excerpt(value), '```', '', `reports (${f.level}):`, '', `> ${f.message}`, '');
    }
    if (!result.findings.length) lines.push(`status: ${result.status} (${result.reason})`, '');
  } else {
    lines.push(`status: **${result.status}**: ${result.reason}`, '');
  }
  return lines;
}

function excerpt(v: unknown): string {
  const s = JSON.stringify(v, null, 2) ?? 'undefined';
  const lines = s.split('\n');
  return lines.length > 25 ? [...lines.slice(0, 24), '  …'].join('\n') : s;
}
