// The cases of okta/routing-rule-attribute (rules/okta/routing-rule-attribute.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, RULE, RULE_NAME, RULE_PTR } from '../shared.ts';

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
          [
            p('mismatch', {
              field: 'conditions.userIdentifier.attribute',
              found: '"byndidregistered"',
              expected: '"byndidRegistered"',
              hint: ' (the comparison is case-sensitive)',
            }),
          ],
          `${RULE_NAME}: conditions.userIdentifier.attribute is "byndidregistered", expected "byndidRegistered" (the comparison is case-sensitive)`,
        ),
      ],
    },
    // a condition on the login, not an attribute, fails
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'replace',
          path: '/okta/idpDiscoveryPolicies/0/_rules/0/conditions/userIdentifier/type',
          value: 'IDENTIFIER',
        },
      ],
      findings: [
        f('error', RULE, `${RULE_PTR}/conditions/userIdentifier/type`, [
          p('mismatch', {
            field: 'conditions.userIdentifier.type',
            found: '"IDENTIFIER"',
            expected: '"ATTRIBUTE"',
            hint: '',
          }),
        ]),
      ],
    },
    // a second pattern fails
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'add',
          path: '/okta/idpDiscoveryPolicies/0/_rules/0/conditions/userIdentifier/patterns/-',
          value: { matchType: 'EQUALS', value: 'yes' },
        },
      ],
      findings: [
        f('error', RULE, `${RULE_PTR}/conditions/userIdentifier/patterns`, [
          p('notExactly', { field: 'conditions.userIdentifier.patterns', items: '2 items', equals: 1 }),
        ]),
      ],
      others: {
        'okta/routing-rule-value-true': {
          status: 'fail',
          reason: '1 finding',
          findings: [
            f('error', RULE, `${RULE_PTR}/conditions/userIdentifier/patterns/1/value`, [
              p('mismatch', { field: 'the pattern value', found: '"yes"', expected: '"true"', hint: '' }),
            ]),
          ],
        },
      },
    },
    // a pattern that does not compare exactly fails
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'replace',
          path: '/okta/idpDiscoveryPolicies/0/_rules/0/conditions/userIdentifier/patterns/0/matchType',
          value: 'STARTS_WITH',
        },
      ],
      findings: [
        f('error', RULE, `${RULE_PTR}/conditions/userIdentifier/patterns/0/matchType`, [
          p('mismatch', {
            field: 'conditions.userIdentifier.patterns[*].matchType',
            found: '"STARTS_WITH"',
            expected: '"EQUALS"',
            hint: '',
          }),
        ]),
      ],
    },
  ],
};
