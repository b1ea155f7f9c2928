// The cases of okta/routing-rule-active (rules/okta/routing-rule-active.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, RULE, RULE_NAME, RULE_PTR } from '../shared.ts';

export const cases: RuleCases = {
  valid: [{ fixture: 'clean-scim.json' }],
  invalid: [
    {
      fixture: 'routing-rule-inactive.json',
      findings: [
        f(
          'error',
          RULE,
          `${RULE_PTR}/status`,
          [p('mismatch', { field: 'status', found: '"INACTIVE"', expected: '"ACTIVE"', hint: '' })],
          `${RULE_NAME}: status is "INACTIVE", expected "ACTIVE"`,
        ),
      ],
    },
  ],
};
