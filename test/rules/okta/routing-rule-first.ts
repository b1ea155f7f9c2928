// The cases of okta/routing-rule-first (rules/okta/routing-rule-first.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, RULE, RULE_NAME } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    { fixture: 'routing-rule-inactive-rule-above.json' },
    // the system's default rule does not count, whatever its priority
    {
      fixture: 'clean-scim.json',
      edit: [{ op: 'replace', path: '/okta/idpDiscoveryPolicies/0/_rules/1/priority', value: 0 }],
      reason: 'routing rule "Beyond Identity Auth" (0prbyndid0000000a1d7): every check holds',
    },
  ],
  invalid: [
    {
      fixture: 'routing-rule-not-first.json',
      findings: [
        f(
          'error',
          RULE,
          '/okta/idpDiscoveryPolicies/0/_rules/1/priority',
          [
            p('notLowest', {
              field: 'priority',
              found: 2,
              before: 'the rule',
              names: '"Contractors to Partner SSO" (priority 1)',
              comes: 'comes',
            }),
          ],
          `${RULE_NAME}: priority is 2, but the rule "Contractors to Partner SSO" (priority 1) comes first`,
        ),
      ],
    },
  ],
};
