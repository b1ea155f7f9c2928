// The rule cases (test/rules/<rule id>.ts) pin every check of every rule: for each rule file in
// rules/, every one-edit mutant (test/rules/mutants.ts: a check removed, a literal altered, a level
// swapped, a `requires` entry dropped, a check replaced by a presence test) is loaded in memory in
// place of the rule, and the rule's own cases are run against it through the engine. A mutant no
// case notices ("survives") means the cases would pass a rule that no longer checks what it says:
// the test lists every survivor with its place in the rule file.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BUILTIN_RULES_DIR, parseBuiltinRules, parseRule } from '../src/engine/load-rules.ts';
import type { Rule, RuleSpec } from '../src/engine/types.ts';
import { PACKAGE_ROOT } from '../src/util/ajv.ts';
import { jsonEqual } from '../src/util/json-equal.ts';
import { parseYaml } from '../src/util/yaml.ts';
import { Auditor, allComparisons, loadCases } from './rules/harness.ts';
import { type Mutant, type MutantKind, mutantsOf } from './rules/mutants.ts';
import type { RuleCases } from './rules/shared.ts';

const RULES = parseBuiltinRules();
const TABLE = loadCases();
const test = suite('rule mutations');

/** The comparisons of a rule's cases that fail with this rule set, as "case: what" lines. */
function failures(id: string, cases: RuleCases, rules: readonly Rule[]): string[] {
  return allComparisons(id, cases, new Auditor(rules))
    .filter((x) => !jsonEqual(x.c.actual, x.c.expected))
    .map((x) => `${x.case}: ${x.c.what}`);
}

/** A mutated rule, loaded in memory as `check` would load its file (JSON is YAML). */
const load = (spec: RuleSpec, file: string): Rule => parseRule(JSON.stringify(spec), file, true);

interface Outcome {
  mutant: Mutant;
  file: string;
  line: number;
  /** the loader's refusal, when the mutant is not a valid rule */
  refused?: string;
  killedBy: string[];
}

function mutate(): Outcome[] {
  const out: Outcome[] = [];
  for (const builtin of RULES.filter((r) => r.builtin)) {
    const file = path.join(PACKAGE_ROOT, builtin.file);
    const text = readFileSync(file, 'utf8');
    const yaml = parseYaml(text, builtin.file, 'rule file');
    const cases = TABLE[builtin.id] ?? { valid: [], invalid: [] };
    for (const mutant of mutantsOf(yaml.value as RuleSpec)) {
      const line = yaml.locate(mutant.pointer)?.line ?? 1;
      let rule: Rule;
      try {
        rule = load(mutant.spec, builtin.file);
      } catch (e) {
        try {
          if (!mutant.neutral) throw e;
          rule = load(mutant.neutral, builtin.file);
        } catch (e2) {
          out.push({ mutant, file: builtin.file, line, refused: (e2 as Error).message, killedBy: [] });
          continue;
        }
      }
      const rules = RULES.map((r) => (r.id === builtin.id ? rule : r));
      out.push({ mutant, file: builtin.file, line, killedBy: failures(builtin.id, cases, rules) });
    }
  }
  return out;
}

test('should read every built-in rule from rules/', () => {
  assert.ok(RULES.filter((r) => r.builtin).every((r) => path.join(PACKAGE_ROOT, r.file).startsWith(BUILTIN_RULES_DIR)));
  assert.is(RULES.filter((r) => r.builtin).length, Object.keys(TABLE).length);
});

test('should hold every case of every rule as written (a mutant is killed only against that)', () => {
  for (const r of RULES) assert.equal(failures(r.id, TABLE[r.id], RULES), [], r.id);
});

test('should kill every one-edit mutant of every rule with that rule’s own cases', () => {
  const outcomes = mutate();
  const count = (k: MutantKind) => outcomes.filter((o) => o.mutant.kind === k).length;
  // every kind is generated, each many times, so the mutant generator cannot quietly stop producing one
  for (const k of ['check removed', 'literal altered', 'level swapped', 'requires dropped', 'presence test'] as const)
    assert.ok(count(k) >= 10, `${k}: ${count(k)} mutants`);
  const refused = outcomes.filter((o) => o.refused);
  assert.equal(
    refused.map((o) => `${o.file}:${o.line} ${o.mutant.change}: ${o.refused}`),
    [],
    'a mutant the loader refuses tests the loader, not the cases: the generator should not make it',
  );
  const survivors = outcomes.filter((o) => !o.refused && o.killedBy.length === 0);
  assert.equal(
    survivors.map((o) => `${o.file}:${o.line} ${o.mutant.kind}: ${o.mutant.change}`),
    [],
    `${survivors.length} of ${outcomes.length} mutants survive the rules' cases; add the case (and fixture) that proves each matters`,
  );
});

test.run();
