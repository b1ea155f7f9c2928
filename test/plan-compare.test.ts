// check --plan evaluates the org without the plan only for the rules that read a section the plan
// changes (src/plan/compare.ts). This test audits every fixture plan, alone and laid over
// snapshots, both ways: as check does it, and by evaluating every rule on both sides. The marks
// (introduced or unchanged per finding) and the fixed findings must be the same.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FIXTURES, REPO_ROOT } from './helpers/cli.js';
import { check } from '../src/api/check.ts';
import { loadConfig } from '../src/config/load.ts';
import { resolveExpectations } from '../src/config/expectations.ts';
import { evaluate } from '../src/engine/evaluate.ts';
import { loadRules } from '../src/engine/load-rules.ts';
import { rulesToCompare } from '../src/plan/compare.ts';
import { preparePlan, readPlan } from '../src/plan/index.ts';
import { markChanges } from '../src/plan/marks.ts';
import { buildSide } from '../src/plan/build.ts';
import { loadSnapshot } from '../src/snapshot/load.ts';

const PLANS = path.join(REPO_ROOT, 'fixtures', 'plans');
const good = readdirSync(PLANS).filter((f) => f.endsWith('.json') && !f.startsWith('bad-'));

let dir: string;
const test = suite('check --plan: the rules compared');
test.before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'okta-bi-lint-plan-compare-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('the marks and the fixed findings are those of evaluating every rule on both sides', async () => {
  const config = path.join(dir, 'okta-bi-lint.yaml');
  writeFileSync(config, 'provisioning: event-hook\n');
  let skipped = 0;
  let compared = 0;
  for (const base of [undefined, 'clean-scim.json', 'idp-jit-auto.json', 'idp-extra-scope.json']) {
    for (const file of good) {
      const where = `${file} over ${base ?? 'nothing'}`;
      const snapshot = base ? loadSnapshot(path.join(FIXTURES, base)) : undefined;
      const plan = await preparePlan(path.join(PLANS, file), snapshot, path.join(PLANS, 'tf'));
      const report = check({ snapshot: plan.after.snapshot, plan, config });
      const marks = report.results.flatMap((r) =>
        r.findings.map((f) => `${f.ruleId} ${f.fingerprint} ${f.plan?.change}`),
      );
      const fixed = report.plan!.fixed.map((f) => `${f.ruleId} ${f.fingerprint}`);
      // every rule, on both sides
      const loaded = loadConfig(config);
      const rules = loadRules([]);
      const expectations = resolveExpectations(loaded.data, plan.after.snapshot.doc.okta.orgUrl);
      const before = evaluate(rules, plan.before.snapshot, {
        expectations,
        ruleLevels: loaded.data.rules,
        partial: plan.before.facts,
      });
      const full = markChanges(plan, report.results, before);
      assert.equal(
        report.results.flatMap((r) => r.findings.map((f) => `${f.ruleId} ${f.fingerprint} ${f.plan?.change}`)),
        marks,
        where,
      );
      assert.equal(
        full.fixed.map((f) => `${f.ruleId} ${f.fingerprint}`),
        fixed,
        where,
      );
      const { same } = rulesToCompare(rules, plan.changed);
      skipped += same.size;
      compared += rules.length - same.size;
    }
  }
  // the optimisation is exercised: some rules were left out, and some compared
  assert.ok(skipped > 0 && compared > 0, `${skipped} left out, ${compared} compared`);
});

test('a rule that names a section the plan changes, or uses a subject defined from one, is compared', async () => {
  const rules = loadRules([]);
  const { compare, same } = rulesToCompare(rules, new Set(['okta.idps']));
  const ids = compare.map((r) => r.id);
  // reads okta.idps itself
  assert.ok(ids.includes('okta/idp-no-jit'));
  // routes to the IdP: its subject is defined from okta.idps
  assert.ok(ids.includes('okta/routing-rule-value-true'));
  // the Beyond Identity side and the groups are not read through the IdP
  assert.ok(same.has('bi/oidc-client-signing-alg'));
  assert.ok(same.has('okta/group-defined'));
  assert.not.ok(same.has('okta/idp-no-jit'));
  // nothing changed: nothing compared
  assert.equal(rulesToCompare(rules, new Set()).compare, []);
});

test('alone, the side before the plan takes the sections the plan does not change from the side after it: the same document and facts as built whole', async () => {
  let kept = 0;
  for (const file of good) {
    const plan = await preparePlan(path.join(PLANS, file), undefined);
    const whole = buildSide(readPlan(path.join(PLANS, file)), undefined, 'before');
    assert.equal(JSON.parse(JSON.stringify(plan.before.snapshot.doc)), JSON.parse(JSON.stringify(whole.doc)), file);
    assert.equal([...plan.before.facts.unknownPointers], [...whole.facts.unknownPointers], file);
    assert.equal(new Map([...plan.before.facts.partial].sort()), new Map([...whole.facts.partial].sort()), file);
    kept += 7 - plan.changed.size;
  }
  assert.ok(kept > 0);
});

test.run();
