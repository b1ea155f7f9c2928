// The cases of bi/oidc-client-signing-alg (rules/bi/oidc-client-signing-alg.yaml); the runner is test/rules.test.ts.
import {
  type RuleCases,
  uncollected,
  declared,
  p,
  f,
  CLIENT,
  CLIENT_NAME,
  SA_BASE,
  SA_APP,
  SA_APP_PTR,
} from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // Secure Access and declared Beyond Identity values
    { fixture: SA_BASE },
    { fixture: 'bi-declared.json' },
    // a section it reads could not be collected
    uncollected(SA_BASE, ['beyondIdentity.application']),
    // with both missing, the section it reads itself is named first
    uncollected(SA_BASE, ['beyondIdentity.application', 'beyondIdentity.ssoConfig']),
  ],
  invalid: [
    {
      fixture: 'bi-signing-alg-hs256.json',
      findings: [
        f(
          'error',
          CLIENT,
          '/beyondIdentity/oidcClients/0/id_token_signed_response_alg',
          [p('mismatch', { field: 'id_token_signed_response_alg', found: '"HS256"', expected: '"RS256"', hint: '' })],
          `${CLIENT_NAME}: id_token_signed_response_alg is "HS256", expected "RS256"`,
        ),
      ],
    },
    // Secure Access and declared Beyond Identity values
    {
      fixture: 'sa-signing-alg-es256.json',
      base: SA_BASE,
      findings: [
        f('error', SA_APP, `${SA_APP_PTR}/protocol_config/token_configuration/token_signing_algorithm`, [
          p('mismatch', {
            field: 'protocol_config.token_configuration.token_signing_algorithm',
            found: '"ES256"',
            expected: '"RS256"',
            hint: '',
          }),
        ]),
      ],
    },
    {
      // a finding that rests on declared values says so
      fixture: 'bi-declared-signing-alg-es256.json',
      base: 'bi-declared.json',
      findings: [
        declared(
          f('error', CLIENT, '/beyondIdentity/oidcClients/0/id_token_signed_response_alg', [
            p('mismatch', { field: 'id_token_signed_response_alg', found: '"ES256"', expected: '"RS256"', hint: '' }),
          ]),
        ),
      ],
    },
  ],
};
