// The cases of okta/idp-defined (rules/okta/idp-defined.yaml); the runner is test/rules.test.ts.
import { type RuleCases, f, dependsOn, IDP, IDP_NAME } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // a section it reads could not be collected
    {
      fixture: 'clean-scim.json',
      gaps: ['okta.idps'],
      status: 'not-evaluated',
      reason: 'okta.idps could not be collected: GET answered HTTP 403 forbidden',
    },
  ],
  invalid: [
    {
      fixture: 'idp-inactive.json',
      findings: [f('error', IDP, '/okta/idps/1/status', `${IDP_NAME}: status is "INACTIVE", expected "ACTIVE"`)],
    },
    {
      fixture: 'idp-missing.json',
      findings: [f('error', 'okta/idps', '/okta/idps', 'No OIDC identity provider is named "Beyond Identity"')],
      others: Object.fromEntries(
        [
          'okta/idp-endpoints',
          'okta/idp-issuer',
          'okta/idp-match-username',
          'okta/idp-no-jit',
          'okta/idp-scopes-openid-only',
          'okta/idp-username-template',
          'okta/routing-rule-defined',
          'okta/routing-rule-active',
          'okta/routing-rule-attribute',
          'okta/routing-rule-first',
          'okta/routing-rule-unscoped',
          'okta/routing-rule-value-true',
          'link/idp-client-id',
        ].map((id) => [id, dependsOn('okta/idp-defined')]),
      ),
    },
  ],
};
