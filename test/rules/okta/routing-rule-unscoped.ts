// The cases of okta/routing-rule-unscoped (rules/okta/routing-rule-unscoped.yaml); the runner is test/rules.test.ts.
import { type RuleCases, f, RULE, RULE_NAME, RULE_PTR } from '../shared.ts';

export const cases: RuleCases = {
  valid: [{ fixture: 'clean-scim.json' }],
  invalid: [
    {
      fixture: 'routing-rule-scoped-to-zone.json',
      findings: [
        f(
          'warning',
          RULE,
          `${RULE_PTR}/conditions/network/connection`,
          `${RULE_NAME}: conditions.network.connection is "ZONE", expected "ANYWHERE"`,
        ),
      ],
    },
  ],
};
