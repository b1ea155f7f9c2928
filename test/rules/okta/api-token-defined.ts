// The cases of okta/api-token-defined (rules/okta/api-token-defined.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f } from '../shared.ts';

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
    uncollected('clean-scim.json', ['okta.apiTokens']),
    // of two tokens of that name, the one that has not expired is inspected
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'add',
          path: '/okta/apiTokens/0',
          value: {
            id: '00T1gtr35t8ZbfBfOLD7',
            name: 'Beyond Identity',
            userId: '00unkw1sfbTw08c0g1d7',
            clientName: 'Okta API',
            tokenWindow: 'P30D',
            network: { connection: 'ANYWHERE' },
            expiresAt: '2026-10-01T09:00:00.000Z',
            created: '2026-11-01T09:00:00.000Z',
            lastUpdated: '2026-11-28T09:00:00.000Z',
          },
        },
      ],
      reason: 'API token "Beyond Identity" (00T1gtr35t8ZbfBfV1d7): every check holds',
      others: {},
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
          [p('expired', { field: 'expiresAt', found: '"2026-11-20T09:00:00.000Z"', now: '2026-11-29T10:00:00.000Z' })],
          'API token "Beyond Identity" (00T1gtr35t8ZbfBfV1d7): expiresAt is "2026-11-20T09:00:00.000Z", which is not after 2026-11-29T10:00:00.000Z (expired)',
        ),
      ],
    },
    // a token of another name is not the one
    {
      fixture: 'clean-scim.json',
      edit: [{ op: 'replace', path: '/okta/apiTokens/0/name', value: 'Beyond Identity (old)' }],
      findings: [
        f('warning', 'okta/api-tokens', '/okta/apiTokens', [
          p('resourceMissing', { missing: 'no API token is named "Beyond Identity"' }),
        ]),
      ],
    },
  ],
};
