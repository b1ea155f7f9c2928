// The cases of okta/idp-endpoints (rules/okta/idp-endpoints.yaml); the runner is test/rules.test.ts.
import { type RuleCases, f, IDP, IDP_NAME, SA_BASE } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // Secure Access and declared Beyond Identity values
    { fixture: SA_BASE },
    // a section it reads could not be collected
    {
      fixture: SA_BASE,
      gaps: ['okta.idps', 'beyondIdentity.ssoConfig'],
      status: 'not-evaluated',
      reason: 'okta.idps could not be collected: GET answered HTTP 403 forbidden',
    },
    {
      fixture: SA_BASE,
      gaps: ['okta.idps'],
      status: 'not-evaluated',
      reason: 'okta.idps could not be collected: GET answered HTTP 403 forbidden',
    },
    {
      fixture: SA_BASE,
      gaps: ['beyondIdentity.ssoConfig'],
      status: 'not-evaluated',
      reason: 'beyondIdentity.ssoConfig could not be collected: GET answered HTTP 403 forbidden',
    },
  ],
  invalid: [
    {
      fixture: 'idp-token-endpoint-wrong.json',
      findings: [
        f(
          'error',
          IDP,
          '/okta/idps/1/protocol/endpoints/token/url',
          `${IDP_NAME}: protocol.endpoints.token.url is "https://auth.byndid.com/token", expected "https://auth.byndid.com/v2/token"`,
        ),
      ],
    },
  ],
};
