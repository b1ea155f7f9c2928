// The cases of okta/api-token-defined (rules/okta/api-token-defined.yaml); the runner is test/rules.test.ts.
import { type RuleCases, f } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    {
      fixture: 'api-token-expired.json',
      config: { rules: { 'okta/api-token-defined': 'off' } },
      status: 'off',
      reason: 'turned off in the config (rules: okta/api-token-defined: off)',
    },
    // a section it reads could not be collected
    {
      fixture: 'clean-scim.json',
      gaps: ['okta.apiTokens'],
      status: 'not-evaluated',
      reason: 'okta.apiTokens could not be collected: GET answered HTTP 403 forbidden',
    },
  ],
  invalid: [
    {
      fixture: 'api-token-expired.json',
      findings: [
        f(
          'warning',
          'okta/api-tokens/00T1gtr35t8ZbfBfV1d7',
          '/okta/apiTokens/0/expiresAt',
          'API token "Beyond Identity" (00T1gtr35t8ZbfBfV1d7): expiresAt is "2026-11-20T09:00:00.000Z", which is not after 2026-11-29T10:00:00.000Z (expired)',
        ),
      ],
    },
  ],
};
