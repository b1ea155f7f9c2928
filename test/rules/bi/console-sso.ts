// The cases of bi/console-sso (rules/bi/console-sso.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, SA_BASE, SA_OFF } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    {
      fixture: 'bi-absent.json',
      config: { beyondIdentity: { platform: 'none' } },
      status: 'off',
      reason: 'the Beyond Identity side was declared absent (platform none)',
    },
    // Secure Access and declared Beyond Identity values
    { fixture: SA_BASE, status: 'off', reason: SA_OFF['bi/console-sso'] },
    { fixture: 'bi-declared.json' },
    // the Admin Console's integration, listed first, is not the one checked
    {
      fixture: 'clean-scim.json',
      edit: [
        { op: 'replace', path: '/beyondIdentity/consoleSso/1/issuer', value: 'https://admin.example.com' },
        { op: 'replace', path: '/beyondIdentity/consoleSso/1/token_field', value: 'email' },
        { op: 'replace', path: '/beyondIdentity/consoleSso/1/token_field_lookup', value: 'EMAIL' },
        {
          op: 'add',
          path: '/beyondIdentity/consoleSso/-',
          value: {
            console_type: 'USER',
            sso_protocol_type: 'OIDC',
            id: '3bab36f0-5d1c-4e0a-9b7e-4c1f0e2a9d11',
            name: 'Okta OIDC Integration',
            issuer: 'https://acme.okta.com',
            client_id: '0oabiadmin000000a1d7',
            token_field: 'sub',
            token_field_lookup: 'EXTERNAL_ID',
          },
        },
        { op: 'remove', path: '/beyondIdentity/consoleSso/0' },
      ],
      reason: 'console SSO configuration "USER": every check holds',
    },
  ],
  invalid: [
    {
      fixture: 'bi-console-sso-wrong-issuer.json',
      findings: [
        f(
          'error',
          'beyondIdentity/console-sso/USER',
          '/beyondIdentity/consoleSso/0/issuer',
          [
            p('notOneOf', {
              field: 'issuer',
              found: '"https://acme.oktapreview.com"',
              values: '"https://acme.okta.com"',
            }),
          ],
          'Console SSO configuration "USER": issuer is "https://acme.oktapreview.com", expected "https://acme.okta.com"',
        ),
      ],
    },
    // each field of the integration counts
    {
      fixture: 'clean-scim.json',
      edit: [{ op: 'replace', path: '/beyondIdentity/consoleSso/0/token_field', value: 'email' }],
      findings: [
        f('error', 'beyondIdentity/console-sso/USER', '/beyondIdentity/consoleSso/0/token_field', [
          p('mismatch', { field: 'token_field', found: '"email"', expected: '"sub"', hint: '' }),
        ]),
      ],
    },
    // each field of the integration counts
    {
      fixture: 'clean-scim.json',
      edit: [{ op: 'replace', path: '/beyondIdentity/consoleSso/0/token_field_lookup', value: 'EMAIL' }],
      findings: [
        f('error', 'beyondIdentity/console-sso/USER', '/beyondIdentity/consoleSso/0/token_field_lookup', [
          p('mismatch', { field: 'token_field_lookup', found: '"EMAIL"', expected: '"EXTERNAL_ID"', hint: '' }),
        ]),
      ],
    },
  ],
};
