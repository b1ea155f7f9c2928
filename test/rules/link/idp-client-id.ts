// The cases of link/idp-client-id (rules/link/idp-client-id.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f, IDP, IDP_NAME, SA_BASE } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // the declared client id stands in for the missing client
    {
      fixture: 'bi-oidc-client-missing.json',
      config: { beyondIdentity: { oidcClientId: 'bi-okta-sso-client-7f3a' } },
      reason: 'identity provider "Beyond Identity" (0oabyndidp000000a1d7): every check holds',
    },
    // Secure Access and declared Beyond Identity values
    { fixture: SA_BASE },
    // a section it reads could not be collected
    uncollected('clean-scim.json', ['okta.idps', 'beyondIdentity.oidcClients']),
    uncollected('clean-scim.json', ['okta.idps']),
    uncollected('clean-scim.json', ['beyondIdentity.oidcClients']),
    uncollected(SA_BASE, ['okta.idps', 'beyondIdentity.ssoConfig']),
    uncollected(SA_BASE, ['okta.idps']),
    uncollected(SA_BASE, ['beyondIdentity.ssoConfig']),
  ],
  invalid: [
    {
      fixture: 'idp-client-id-mismatch.json',
      findings: [
        f(
          'error',
          IDP,
          '/okta/idps/1/protocol/credentials/client/client_id',
          [
            p('mismatch', {
              field: "the IdP's client id",
              found: '"bi-okta-sso-client-2b91"',
              expected: '"bi-okta-sso-client-7f3a"',
              hint: '',
            }),
          ],
          `${IDP_NAME}: the IdP's client id is "bi-okta-sso-client-2b91", expected "bi-okta-sso-client-7f3a"`,
        ),
      ],
    },
    {
      // an observed client id wins over the declared one
      fixture: 'idp-client-id-mismatch.json',
      config: { beyondIdentity: { oidcClientId: 'bi-okta-sso-client-2b91' } },
      findings: [
        f('error', IDP, '/okta/idps/1/protocol/credentials/client/client_id', [
          p('mismatch', {
            field: "the IdP's client id",
            found: '"bi-okta-sso-client-2b91"',
            expected: '"bi-okta-sso-client-7f3a"',
            hint: '',
          }),
        ]),
      ],
    },
    // Secure Access and declared Beyond Identity values
    {
      fixture: 'sa-client-id-mismatch.json',
      base: SA_BASE,
      findings: [
        f('error', IDP, '/okta/idps/1/protocol/credentials/client/client_id', [
          p('mismatch', {
            field: "the IdP's client id",
            found: '"Xq7LmN2pR4sT6vW8yZ0bC1dE"',
            expected: '"AYYNcuOSpfqIf33JeegCzDIT"',
            hint: '',
          }),
        ]),
      ],
    },
  ],
};
