// The cases of bi/console-sso (rules/bi/console-sso.yaml); the runner is test/rules.test.ts.
import { type RuleCases, f, SA_BASE, SA_OFF } from '../shared.ts';

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
  ],
  invalid: [
    {
      fixture: 'bi-console-sso-wrong-issuer.json',
      findings: [
        f(
          'error',
          'beyondIdentity/console-sso/USER',
          '/beyondIdentity/consoleSso/0/issuer',
          'Console SSO configuration "USER": issuer is "https://acme.oktapreview.com", expected "https://acme.okta.com"',
        ),
      ],
    },
  ],
};
