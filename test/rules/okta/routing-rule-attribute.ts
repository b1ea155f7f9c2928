// The cases of okta/routing-rule-attribute (rules/okta/routing-rule-attribute.yaml); the runner is test/rules.test.ts.
import { type RuleCases, f, RULE, RULE_NAME, RULE_PTR } from '../shared.ts';

export const cases: RuleCases = {
  valid: [{ fixture: 'clean-scim.json' }],
  invalid: [
    {
      fixture: 'routing-rule-attribute-wrong.json',
      findings: [
        f(
          'error',
          RULE,
          `${RULE_PTR}/conditions/userIdentifier/attribute`,
          `${RULE_NAME}: conditions.userIdentifier.attribute is "byndidregistered", expected "byndidRegistered" (the comparison is case-sensitive)`,
        ),
      ],
    },
  ],
};
