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
    // a rule scoped to a device platform fails
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'replace',
          path: '/okta/idpDiscoveryPolicies/0/_rules/0/conditions/platform/include',
          value: [{ type: 'DESKTOP', os: { type: 'WINDOWS' } }],
        },
      ],
      findings: [
        f(
          'warning',
          'okta/policies/00p5qwjvjjpuZBaOR1d7/rules/0prbyndid0000000a1d7',
          '/okta/idpDiscoveryPolicies/0/_rules/0/conditions/platform/include',
          'Routing rule "Beyond Identity Auth" (0prbyndid0000000a1d7): conditions.platform.include is not empty (1 item)',
        ),
      ],
    },
    // a rule scoped to an app fails
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'replace',
          path: '/okta/idpDiscoveryPolicies/0/_rules/0/conditions/app/include',
          value: [{ type: 'APP', id: '0oaoffice0000000a1d7' }],
        },
      ],
      findings: [
        f(
          'warning',
          'okta/policies/00p5qwjvjjpuZBaOR1d7/rules/0prbyndid0000000a1d7',
          '/okta/idpDiscoveryPolicies/0/_rules/0/conditions/app/include',
          'Routing rule "Beyond Identity Auth" (0prbyndid0000000a1d7): conditions.app.include is not empty (1 item)',
        ),
      ],
    },
  ],
};
