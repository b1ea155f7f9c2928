// The cases of okta/idp-defined (rules/okta/idp-defined.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f, dependsOn, IDP, IDP_NAME } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // a section it reads could not be collected
    uncollected('clean-scim.json', ['okta.idps']),
    // of two identity providers of that name, the active one is inspected
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'add',
          path: '/okta/idps/1',
          value: {
            id: '0oabyndidpold000a1d7',
            issuerMode: 'ORG_URL',
            name: 'Beyond Identity',
            status: 'INACTIVE',
            created: '2026-03-09T10:13:23.000Z',
            lastUpdated: '2026-03-09T10:13:23.000Z',
            protocol: {
              type: 'OIDC',
              endpoints: {
                authorization: { url: 'https://auth.byndid.com/v2/authorize', binding: 'HTTP-REDIRECT' },
                token: { url: 'https://auth.byndid.com/v2/token', binding: 'HTTP-POST' },
                userInfo: { url: 'https://auth.byndid.com/v2/userinfo', binding: 'HTTP-REDIRECT' },
                jwks: { url: 'https://auth.byndid.com/v2/.well-known/jwks.json', binding: 'HTTP-REDIRECT' },
              },
              algorithms: { request: { signature: { algorithm: 'HS256', scope: 'REQUEST' } } },
              settings: { nameFormat: null },
              scopes: ['openid'],
              issuer: { url: 'https://auth.byndid.com/v2' },
              credentials: { client: { client_id: 'bi-okta-sso-client-7f3a', client_secret: '[REDACTED]' } },
            },
            policy: {
              provisioning: {
                action: 'DISABLED',
                profileMaster: false,
                groups: { action: 'NONE' },
                conditions: { deprovisioned: { action: 'NONE' }, suspended: { action: 'NONE' } },
              },
              accountLink: { filter: null, action: 'AUTO' },
              subject: {
                userNameTemplate: { template: 'idpuser.externalId' },
                filter: null,
                matchType: 'USERNAME',
                matchAttribute: null,
              },
              maxClockSkew: 0,
              trustClaims: true,
              transformedUsernameMatchingEnabled: false,
            },
            type: 'OIDC',
          },
        },
      ],
      reason: 'identity provider "Beyond Identity" (0oabyndidp000000a1d7): every check holds',
      others: {},
    },
  ],
  invalid: [
    {
      fixture: 'idp-inactive.json',
      findings: [
        f(
          'error',
          IDP,
          '/okta/idps/1/status',
          [p('mismatch', { field: 'status', found: '"INACTIVE"', expected: '"ACTIVE"', hint: '' })],
          `${IDP_NAME}: status is "INACTIVE", expected "ACTIVE"`,
        ),
      ],
    },
    {
      fixture: 'idp-missing.json',
      findings: [
        f('error', 'okta/idps', '/okta/idps', [
          p('resourceMissing', { missing: 'no OIDC identity provider is named "Beyond Identity"' }),
        ]),
      ],
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
    // an identity provider of that name but another type is not the one
    {
      fixture: 'clean-scim.json',
      edit: [{ op: 'replace', path: '/okta/idps/1/type', value: 'SAML2' }],
      findings: [
        f('error', 'okta/idps', '/okta/idps', [
          p('resourceMissing', { missing: 'no OIDC identity provider is named "Beyond Identity"' }),
        ]),
      ],
      others: {
        'okta/idp-endpoints': { status: 'not-evaluated', reason: 'depends on okta/idp-defined, which failed' },
        'okta/idp-issuer': { status: 'not-evaluated', reason: 'depends on okta/idp-defined, which failed' },
        'okta/idp-match-username': { status: 'not-evaluated', reason: 'depends on okta/idp-defined, which failed' },
        'okta/idp-no-jit': { status: 'not-evaluated', reason: 'depends on okta/idp-defined, which failed' },
        'okta/idp-scopes-openid-only': { status: 'not-evaluated', reason: 'depends on okta/idp-defined, which failed' },
        'okta/idp-username-template': { status: 'not-evaluated', reason: 'depends on okta/idp-defined, which failed' },
        'okta/routing-rule-active': { status: 'not-evaluated', reason: 'depends on okta/idp-defined, which failed' },
        'okta/routing-rule-attribute': { status: 'not-evaluated', reason: 'depends on okta/idp-defined, which failed' },
        'okta/routing-rule-defined': { status: 'not-evaluated', reason: 'depends on okta/idp-defined, which failed' },
        'okta/routing-rule-first': { status: 'not-evaluated', reason: 'depends on okta/idp-defined, which failed' },
        'okta/routing-rule-unscoped': { status: 'not-evaluated', reason: 'depends on okta/idp-defined, which failed' },
        'okta/routing-rule-value-true': {
          status: 'not-evaluated',
          reason: 'depends on okta/idp-defined, which failed',
        },
        'link/idp-client-id': { status: 'not-evaluated', reason: 'depends on okta/idp-defined, which failed' },
      },
    },
  ],
};
