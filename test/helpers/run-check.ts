// Runs one check the way a rule does: a one-rule rule set parsed by the real loader (so its options
// are validated) and evaluated against a small snapshot by the real engine (value expressions,
// messages and all). Tests of check functions use it; paths in checks start at the snapshot root
// (okta.…).
import { parseRule } from '../../src/engine/load-rules.ts';
import { evaluate } from '../../src/engine/evaluate.ts';
import { parseSnapshot } from '../../src/snapshot/load.ts';
import { resolveExpectations } from '../../src/config/expectations.ts';
import type { Problem, RuleResult } from '../../src/engine/types.ts';

const ORG = 'https://acme.okta.com';

export interface CheckRun extends RuleResult {
  /** the problems of every finding, in order */
  problems: Problem[];
}

/**
 * Evaluates `check` as the only check of a rule over a snapshot whose `okta` section is `okta`
 * (orgUrl added). `extra` adds or replaces keys of the rule (subject, when, message, …).
 */
export function runCheck(
  check: Record<string, unknown>,
  okta: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): CheckRun {
  const rule = parseRule(
    JSON.stringify({
      id: 'test/fn',
      title: 'test rule',
      level: 'error',
      section: 'test',
      description: 'a rule under test',
      rationale: 'tests',
      fix: 'nothing to fix',
      requires: ['okta.idps'],
      then: [check],
      ...extra,
    }),
    'test.yaml',
  );
  const snap = parseSnapshot(
    JSON.stringify({
      format: 'okta-bi-lint/snapshot@1',
      collectedAt: '2026-11-29T10:00:00Z',
      okta: { orgUrl: ORG, ...okta },
    }),
    'snap.json',
  );
  const expectations = resolveExpectations({ okta: { group: 'Beyond Identity' } }, ORG);
  const result = evaluate([rule], snap, { expectations })[0];
  return { ...result, problems: result.findings.flatMap((f) => f.problems) };
}
