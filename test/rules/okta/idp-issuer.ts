// The cases of okta/idp-issuer (rules/okta/idp-issuer.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f, IDP, IDP_NAME, SA_BASE } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // Secure Access and declared Beyond Identity values
    { fixture: SA_BASE },
    // a section it reads could not be collected
    uncollected(SA_BASE, ['okta.idps', 'beyondIdentity.ssoConfig']),
    uncollected(SA_BASE, ['okta.idps']),
    uncollected(SA_BASE, ['beyondIdentity.ssoConfig']),
  ],
  invalid: [
    {
      fixture: 'idp-issuer-trailing-slash.json',
      findings: [
        f(
          'error',
          IDP,
          '/okta/idps/1/protocol/issuer/url',
          [
            p('mismatch', {
              field: 'protocol.issuer.url',
              found: '"https://auth.byndid.com/v2/"',
              expected: '"https://auth.byndid.com/v2"',
              hint: ' (remove the trailing slash)',
            }),
          ],
          `${IDP_NAME}: protocol.issuer.url is "https://auth.byndid.com/v2/", expected "https://auth.byndid.com/v2" (remove the trailing slash)`,
        ),
      ],
    },
    // Secure Access and declared Beyond Identity values
    {
      // the issuer of another application of the realm: each application has its own
      fixture: 'sa-issuer-mismatch.json',
      base: SA_BASE,
      findings: [
        f('error', IDP, '/okta/idps/1/protocol/issuer/url', [
          p('mismatch', {
            field: 'protocol.issuer.url',
            found:
              '"https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"',
            expected:
              '"https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a"',
            hint: '',
          }),
        ]),
      ],
    },
  ],
};
