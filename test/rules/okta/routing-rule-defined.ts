// The cases of okta/routing-rule-defined (rules/okta/routing-rule-defined.yaml); the runner is test/rules.test.ts.
import { type RuleCases, f, dependsOn, RULE, RULE_PTR } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // a section it reads could not be collected
    {
      fixture: 'clean-scim.json',
      gaps: ['okta.idpDiscoveryPolicies', 'okta.idps'],
      status: 'not-evaluated',
      reason: 'okta.idpDiscoveryPolicies could not be collected: GET answered HTTP 403 forbidden',
    },
    {
      fixture: 'clean-scim.json',
      gaps: ['okta.idpDiscoveryPolicies'],
      status: 'not-evaluated',
      reason: 'okta.idpDiscoveryPolicies could not be collected: GET answered HTTP 403 forbidden',
    },
  ],
  invalid: [
    {
      fixture: 'routing-rule-missing.json',
      findings: [
        f(
          'error',
          'okta/policies/00p5qwjvjjpuZBaOR1d7',
          '/okta/idpDiscoveryPolicies/0/_rules',
          'No routing rule of the IdP discovery policy routes to the identity provider 0oabyndidp000000a1d7',
        ),
      ],
      others: Object.fromEntries(
        [
          'okta/routing-rule-active',
          'okta/routing-rule-attribute',
          'okta/routing-rule-first',
          'okta/routing-rule-unscoped',
          'okta/routing-rule-value-true',
        ].map((id) => [id, dependsOn('okta/routing-rule-defined')]),
      ),
    },
    {
      // another name still routes there: a note, not an error
      fixture: 'routing-rule-renamed.json',
      findings: [
        f(
          'note',
          RULE,
          `${RULE_PTR}/name`,
          'Routing rule "Passwordless sign-in" (0prbyndid0000000a1d7): the rule routing to Beyond Identity is named "Passwordless sign-in", not "Beyond Identity Auth"; it still counts',
        ),
      ],
    },
  ],
};
