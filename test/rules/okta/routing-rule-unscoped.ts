// The cases of okta/routing-rule-unscoped (rules/okta/routing-rule-unscoped.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, RULE, RULE_NAME, RULE_PTR } from '../shared.ts';

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
          [
            p('mismatch', {
              field: 'conditions.network.connection',
              found: '"ZONE"',
              expected: '"ANYWHERE"',
              hint: '',
            }),
          ],
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
        f('warning', RULE, `${RULE_PTR}/conditions/platform/include`, [
          p('notEmpty', { field: 'conditions.platform.include', items: '1 item' }),
        ]),
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
        f('warning', RULE, `${RULE_PTR}/conditions/app/include`, [
          p('notEmpty', { field: 'conditions.app.include', items: '1 item' }),
        ]),
      ],
    },
  ],
};
