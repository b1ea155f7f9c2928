// The cases of bi/oidc-client-auth-method (rules/bi/oidc-client-auth-method.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f, CLIENT, CLIENT_NAME, SA_BASE, SA_OFF } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // Secure Access and declared Beyond Identity values
    // the auth method Secure Access reports (client_secret_basic) would fail; the rule is off there
    { fixture: SA_BASE, status: 'off', reason: SA_OFF['bi/oidc-client-auth-method'] },
    // a section it reads could not be collected
    uncollected('clean-scim.json', ['beyondIdentity.oidcClients']),
  ],
  invalid: [
    {
      fixture: 'bi-auth-method-basic.json',
      findings: [
        f(
          'error',
          CLIENT,
          '/beyondIdentity/oidcClients/0/token_endpoint_auth_method',
          [
            p('mismatch', {
              field: 'token_endpoint_auth_method',
              found: '"client_secret_basic"',
              expected: '"client_secret_post"',
              hint: '',
            }),
          ],
          `${CLIENT_NAME}: token_endpoint_auth_method is "client_secret_basic", expected "client_secret_post"`,
        ),
      ],
    },
  ],
};
