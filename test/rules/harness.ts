// Runs rule cases through the engine, as `okta-bi-lint check` would: the table's own rules
// (tableProblems), the audit of a fixture with a given rule set (Auditor), and what a case compares
// (comparisons). test/rules.test.ts asserts the comparisons of the built-in rules; the mutation test
// (test/rule-mutations.test.ts) counts those that fail for a mutated rule.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { exitCode } from '../../src/api/check.ts';
import { resolveExpectations } from '../../src/config/expectations.ts';
import { evaluate } from '../../src/engine/evaluate.ts';
import type { Finding, Rule, RuleResult } from '../../src/engine/types.ts';
import { loadSnapshot, parseSnapshot, type Snapshot } from '../../src/snapshot/load.ts';
import {
  type Audit,
  type ExpectedFinding,
  GAP_REASON,
  type InvalidCase,
  type RuleCases,
  type ValidCase,
} from './shared.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const load = createRequire(import.meta.url);
export const FIXTURES = path.resolve(HERE, '..', '..', 'fixtures', 'snapshots');

/**
 * Every rule's cases, by rule id: test/rules/<rule id>.ts exports `cases`. The files at the top of
 * test/rules/ (this harness, shared.ts) are not cases: a rule id always has a slash.
 */
export function loadCases(dir = HERE): Record<string, RuleCases> {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (d !== dir && e.name.endsWith('.ts')) files.push(p);
    }
  };
  walk(dir);
  const table: Record<string, RuleCases> = {};
  for (const file of files) {
    const id = path.relative(dir, file).replace(/\.ts$/, '').split(path.sep).join('/');
    // loaded synchronously (the tests run as CommonJS through tsx, without top-level await)
    const mod = load(file) as { cases?: RuleCases };
    if (!mod.cases) throw new Error(`${path.relative(process.cwd(), file)} exports no cases`);
    table[id] = mod.cases;
  }
  return table;
}

// ---------------------------------------------------------------------------------------------
// The table's own rules: a case that cannot fail is rejected before anything runs.

export const auditKey = (a: Audit) =>
  `${a.fixture}${a.edit ? ` edit ${JSON.stringify(a.edit)}` : ''}${a.gaps ? ` gaps ${a.gaps.join(',')}` : ''} ${JSON.stringify(a.config ?? {})} ${a.biPlatform ?? ''}`.trim();

/** Everything wrong with a table, as sentences; [] when it is sound. */
export function tableProblems(
  table: Record<string, RuleCases>,
  rules: readonly Pick<Rule, 'id' | 'examples'>[],
  fixtureExists: (name: string) => boolean,
): string[] {
  const problems: string[] = [];
  const ids = new Set(rules.map((r) => r.id));
  for (const id of Object.keys(table)) if (!ids.has(id)) problems.push(`${id}: cases for a rule that does not exist`);
  for (const rule of rules) {
    const cases = table[rule.id];
    if (!cases) {
      problems.push(`${rule.id}: no cases`);
      continue;
    }
    if (cases.valid.length === 0) problems.push(`${rule.id}: no valid case`);
    if (cases.invalid.length === 0) problems.push(`${rule.id}: no invalid case`);
    const seen = new Map<string, string>();
    const see = (kind: string, c: Audit) => {
      const key = auditKey(c);
      const before = seen.get(key);
      if (before) problems.push(`${rule.id}: ${kind} case ${key} duplicates a ${before} case`);
      else seen.set(key, kind);
      if (!fixtureExists(c.fixture))
        problems.push(`${rule.id}: ${kind} case ${key}: fixture ${c.fixture} does not exist`);
    };
    const checkOthers = (kind: string, c: ValidCase | InvalidCase) => {
      for (const [other, st] of Object.entries(c.others ?? {})) {
        if (other === rule.id)
          problems.push(`${rule.id}: ${kind} case ${auditKey(c)} lists the rule itself under others`);
        if (!ids.has(other)) problems.push(`${rule.id}: ${kind} case ${auditKey(c)} lists an unknown rule ${other}`);
        if (st.status === 'fail' && !st.findings?.length)
          problems.push(`${rule.id}: ${kind} case ${auditKey(c)}: ${other} fails without expected findings`);
      }
    };
    for (const c of cases.valid) {
      see('valid', c);
      if (c.status !== undefined && !['pass', 'off', 'skipped', 'not-evaluated'].includes(c.status))
        problems.push(`${rule.id}: valid case ${auditKey(c)} expects status ${c.status}`);
      checkOthers('valid', c);
    }
    for (const c of cases.invalid) {
      see('invalid', c);
      if (!Array.isArray(c.findings) || c.findings.length === 0)
        problems.push(`${rule.id}: invalid case ${auditKey(c)} expects no finding, so it cannot fail`);
      checkOthers('invalid', c);
    }
    const english = [...cases.invalid.flatMap((c) => c.findings)].some((x) => x.message !== undefined);
    if (cases.invalid.length && !english)
      problems.push(`${rule.id}: no invalid case asserts a finding's rendered message, so its wording is never seen`);
    const pass = rule.examples?.pass;
    const fail = rule.examples?.fail;
    if (pass && !cases.valid.some((c) => c.fixture === pass && (c.status ?? 'pass') === 'pass'))
      problems.push(`${rule.id}: its examples.pass ${pass} is not a passing valid case`);
    if (fail && !cases.invalid.some((c) => c.fixture === fail))
      problems.push(`${rule.id}: its examples.fail ${fail} is not an invalid case`);
  }
  return problems;
}

export const fixtureExists = (name: string) => existsSync(path.join(FIXTURES, name));

// ---------------------------------------------------------------------------------------------
// Running the cases

export interface Run {
  results: Map<string, RuleResult>;
  list: RuleResult[];
  exit: (failOn?: 'error' | 'warning' | 'note' | 'never') => 0 | 1 | 3;
}

/** The reason of a gap a case makes (`gap:`), as the collector records a section it may not read. */

/** A fixture with a case's edits and gap applied, parsed as the snapshot loader parses a file. */
function edited(a: Audit): Snapshot {
  const doc = JSON.parse(readFileSync(path.join(FIXTURES, a.fixture), 'utf8'));
  for (const e of a.edit ?? []) {
    const segs = e.path
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const key = segs.pop()!;
    let parent = doc;
    for (const s of segs) {
      parent = parent?.[s];
      if (parent === undefined) throw new Error(`${auditKey(a)}: ${e.path} is not in ${a.fixture}`);
    }
    if (Array.isArray(parent)) {
      const i = key === '-' ? parent.length : Number(key);
      if (e.op === 'add') parent.splice(i, 0, e.value);
      else if (i >= parent.length) throw new Error(`${auditKey(a)}: ${e.path} is not in ${a.fixture}`);
      else if (e.op === 'remove') parent.splice(i, 1);
      else parent[i] = e.value;
    } else {
      if (e.op !== 'add' && !(key in parent)) throw new Error(`${auditKey(a)}: ${e.path} is not in ${a.fixture}`);
      if (e.op === 'remove') delete parent[key];
      else parent[key] = e.value;
    }
  }
  for (const gap of a.gaps ?? []) {
    const [system, section] = gap.split('.');
    if (!doc[system] || !(section in doc[system])) throw new Error(`${auditKey(a)}: ${gap} is not in ${a.fixture}`);
    delete doc[system][section];
    doc.gaps = [...(doc.gaps ?? []), { section: gap, reason: GAP_REASON, status: 403 }];
  }
  return parseSnapshot(JSON.stringify(doc), a.fixture);
}

/** The snapshots, each loaded once for every auditor of the process (the engine does not change a snapshot). */
const snapshots = new Map<string, Snapshot>();
function snapshotOf(a: Audit): Snapshot {
  const key = `${a.fixture}${a.edit ? ` edit ${JSON.stringify(a.edit)}` : ''}${a.gaps ? ` gaps ${a.gaps.join(',')}` : ''}`;
  let s = snapshots.get(key);
  if (!s) {
    s = a.edit || a.gaps ? edited(a) : loadSnapshot(path.join(FIXTURES, a.fixture));
    snapshots.set(key, s);
  }
  return s;
}

/** Audits fixtures with one rule set through the engine API, as `okta-bi-lint check` would (memoised per fixture and config). */
export class Auditor {
  private readonly runs = new Map<string, Run>();
  /** the fixtures audited so far */
  readonly audited = new Set<string>();

  constructor(readonly rules: readonly Rule[]) {}

  audit(a: Audit): Run {
    const key = auditKey(a);
    this.audited.add(a.fixture);
    let r = this.runs.get(key);
    if (!r) {
      const snap = snapshotOf(a);
      const config = a.config ?? {};
      const expectations = resolveExpectations(config, snap.doc.okta.orgUrl, a.biPlatform);
      const list = evaluate(this.rules, snap, { expectations, ruleLevels: config.rules });
      r = {
        list,
        results: new Map(list.map((x) => [x.rule.id, x])),
        exit: (failOn = 'error') => exitCode(list, failOn),
      };
      this.runs.set(key, r);
    }
    return r;
  }
}

/**
 * Findings as a case compares them: level, place and problems (message ids and data); the
 * rendered message too where the expected finding at the same place in the list gives one.
 */
export const seen = (fs: readonly Finding[], expected?: readonly ExpectedFinding[]) =>
  fs.map((x, i) => ({
    ruleId: x.ruleId,
    level: x.level,
    logical: x.resource.logical,
    pointer: x.pointer,
    problems: x.problems.map((p) => ({ messageId: p.messageId, data: p.data })),
    ...(x.basis ? { basis: x.basis } : {}),
    ...(expected === undefined || expected[i]?.message !== undefined ? { message: x.message } : {}),
  }));
export const want = (ruleId: string, fs: readonly ExpectedFinding[]) => fs.map((x) => ({ ruleId, ...x }));

/** The clean org a failing fixture was made from (the fixture itself, for an edit or a gap), audited with the same provisioning mode. */
export function baseOf(c: Audit & { base?: string }): Audit {
  const provisioning = c.config?.provisioning;
  const fixture =
    c.base ??
    (c.edit || c.gaps ? c.fixture : undefined) ??
    (provisioning === 'event-hook'
      ? 'clean-event-hook.json'
      : c.fixture.startsWith('users-')
        ? 'users-clean.json'
        : 'clean-scim.json');
  return { fixture, config: provisioning ? { provisioning } : {} };
}

export const describeAudit = (a: Audit) =>
  `${a.fixture}${a.edit ? ` edited (${a.edit.map((e) => `${e.op} ${e.path}${e.op === 'remove' ? '' : ` ${JSON.stringify(e.value)}`}`).join(', ')})` : ''}${a.gaps ? ` without ${a.gaps.join(', ')} (gaps)` : ''}${a.config && Object.keys(a.config).length ? ` with ${JSON.stringify(a.config)}` : ''}${a.biPlatform ? ` --bi-platform ${a.biPlatform}` : ''}`;

/** One thing a case asserts: what the engine gave and what the case expects, equal when the case holds. */
export interface Comparison {
  what: string;
  actual: unknown;
  expected: unknown;
}

/** A valid case: the rule ends in the expected status (pass by default) without findings, with the expected reason. */
export function validComparisons(id: string, c: ValidCase, auditor: Auditor): Comparison[] {
  const status = c.status ?? 'pass';
  const r = auditor.audit(c).results.get(id);
  if (!r) return [{ what: `${id} is not in the results`, actual: undefined, expected: status }];
  const out: Comparison[] = [
    {
      what: r.reason,
      actual: { status: r.status, findings: seen(r.findings, []) },
      expected: { status, findings: [] },
    },
  ];
  if (c.reason !== undefined) out.push({ what: 'the reason', actual: r.reason, expected: c.reason });
  if (c.others) out.push(...otherComparisons(id, c, auditor));
  return out;
}

/** An invalid case: the rule fails with exactly the expected findings. */
export function findingComparisons(id: string, c: InvalidCase, auditor: Auditor): Comparison[] {
  const r = auditor.audit(c).results.get(id);
  if (!r) return [{ what: `${id} is not in the results`, actual: undefined, expected: 'fail' }];
  return [
    { what: r.reason, actual: r.status, expected: 'fail' },
    { what: 'the findings', actual: seen(r.findings, c.findings), expected: want(id, c.findings) },
  ];
}

/** Every other rule is as the base org has it, but those the case lists under others, exactly so (every invalid case; a valid case that lists others). */
export function otherComparisons(id: string, c: ValidCase | InvalidCase, auditor: Auditor): Comparison[] {
  const run = auditor.audit(c);
  const base = auditor.audit(baseOf(c));
  const changed: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  for (const r of run.list) {
    if (r.rule.id === id) continue;
    const b = base.results.get(r.rule.id)!;
    const differs = r.status !== b.status || JSON.stringify(seen(r.findings)) !== JSON.stringify(seen(b.findings));
    const other = c.others?.[r.rule.id];
    if (differs || other)
      changed[r.rule.id] = { status: r.status, reason: r.reason, findings: seen(r.findings, other?.findings ?? []) };
    if (other)
      expected[r.rule.id] = {
        status: other.status,
        reason: other.reason,
        findings: want(r.rule.id, other.findings ?? []),
      };
  }
  return [{ what: 'the other rules', actual: changed, expected }];
}

/** Every comparison of a rule's cases. */
export function allComparisons(id: string, cases: RuleCases, auditor: Auditor): { case: string; c: Comparison }[] {
  const out: { case: string; c: Comparison }[] = [];
  for (const v of cases.valid)
    for (const c of validComparisons(id, v, auditor)) out.push({ case: `valid ${describeAudit(v)}`, c });
  for (const i of cases.invalid)
    for (const c of [...findingComparisons(id, i, auditor), ...otherComparisons(id, i, auditor)])
      out.push({ case: `invalid ${describeAudit(i)}`, c });
  return out;
}
