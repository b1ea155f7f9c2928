// The cases of bi/oidc-client-defined (rules/bi/oidc-client-defined.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f, dependsOn, IDP, SA_BASE, SA_APP_PTR, SA_APP } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    {
      fixture: 'bi-platform-none.json',
      status: 'off',
      reason: 'the Beyond Identity side was declared absent (the snapshot was collected with --bi-platform none)',
    },
    // Secure Access and declared Beyond Identity values
    { fixture: SA_BASE, reason: 'application "Okta" (4d3b2c7f-69c9-4edf-8c21-4b098af8d40a): every check holds' },
    { fixture: 'bi-declared.json' },
    // a section it reads could not be collected
    uncollected(SA_BASE, ['beyondIdentity.ssoConfig', 'beyondIdentity.application']),
    uncollected(SA_BASE, ['beyondIdentity.ssoConfig']),
    uncollected(SA_BASE, ['beyondIdentity.application']),
  ],
  invalid: [
    {
      fixture: 'bi-oidc-client-missing.json',
      findings: [
        f(
          'error',
          'beyondIdentity/oidc-clients',
          '/beyondIdentity/oidcClients',
          [p('resourceMissing', { missing: 'no OIDC client is named "Okta SSO"' })],
          'No OIDC client is named "Okta SSO"',
        ),
      ],
      others: {
        'bi/oidc-client-auth-method': dependsOn('bi/oidc-client-defined'),
        'bi/oidc-client-redirect-uri': dependsOn('bi/oidc-client-defined'),
        'bi/oidc-client-signing-alg': dependsOn('bi/oidc-client-defined'),
        // no client id to compare with: not evaluated, never passed
        'link/idp-client-id': {
          status: 'not-evaluated',
          reason: `the Beyond Identity OIDC client's client id is not known (no OIDC client with a client id in the snapshot and beyondIdentity.oidcClientId is not set); depends on bi/oidc-client-defined, which failed`,
        },
      },
    },
    // Secure Access and declared Beyond Identity values
    {
      fixture: 'sa-okta-application-missing.json',
      base: SA_BASE,
      findings: [
        f('error', 'beyondIdentity/applications', SA_APP_PTR, [
          p('resourceMissing', {
            missing:
              'the realm has no Okta application: no sso-config of type okta_sso_bi_idp with the OIDC application it names (Access Control > Applications > Okta)',
          }),
        ]),
      ],
      others: {
        'bi/oidc-client-redirect-uri': dependsOn('bi/oidc-client-defined'),
        'bi/oidc-client-signing-alg': dependsOn('bi/oidc-client-defined'),
        // the registration sync is part of the missing sso-config: not configured either
        'bi/registration-extension': {
          status: 'fail',
          reason: 'the resource it requires does not exist',
          findings: [
            f('error', 'beyondIdentity/sso-configs', '/beyondIdentity/ssoConfig/payload', [
              p('resourceMissing', {
                missing:
                  'not configured: no sso-config of type okta_sso_bi_idp has payload.okta_registration (Access Control > Applications > Okta > Configure registration attribute)',
              }),
            ]),
          ],
        },
        'link/idp-client-id': {
          status: 'not-evaluated',
          reason:
            "the Okta application's client id is not known (no sso-config of type okta_sso_bi_idp with a client_id in the snapshot and beyondIdentity.oidcClientId is not set); depends on bi/oidc-client-defined, which failed",
        },
        // without the sso-config's issuer, the configured one (the guide's default) is expected
        'okta/idp-issuer': {
          status: 'fail',
          reason: '1 finding',
          findings: [
            f('error', IDP, '/okta/idps/1/protocol/issuer/url', [
              p('mismatch', {
                field: 'protocol.issuer.url',
                found:
                  '"https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a"',
                expected: '"https://auth.byndid.com/v2"',
                hint: '',
              }),
            ]),
          ],
        },
        'okta/idp-endpoints': {
          status: 'fail',
          reason: '1 finding',
          findings: [
            f('error', IDP, '/okta/idps/1/protocol/endpoints/authorization/url', [
              p('mismatch', {
                field: 'protocol.endpoints.authorization.url',
                found:
                  '"https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/authorize"',
                expected: '"https://auth.byndid.com/v2/authorize"',
                hint: '',
              }),
              p('mismatch', {
                field: 'protocol.endpoints.token.url',
                found:
                  '"https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/token"',
                expected: '"https://auth.byndid.com/v2/token"',
                hint: '',
              }),
              p('mismatch', {
                field: 'protocol.endpoints.jwks.url',
                found:
                  '"https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/.well-known/jwks.json"',
                expected: '"https://auth.byndid.com/v2/.well-known/jwks.json"',
                hint: '',
              }),
            ]),
          ],
        },
      },
    },
    // a client of another name is not the one
    {
      fixture: 'clean-scim.json',
      edit: [{ op: 'replace', path: '/beyondIdentity/oidcClients/0/name', value: 'Okta SSO (old)' }],
      findings: [
        f('error', 'beyondIdentity/oidc-clients', '/beyondIdentity/oidcClients', [
          p('resourceMissing', { missing: 'no OIDC client is named "Okta SSO"' }),
        ]),
      ],
      others: {
        'bi/oidc-client-auth-method': {
          status: 'not-evaluated',
          reason: 'depends on bi/oidc-client-defined, which failed',
        },
        'bi/oidc-client-redirect-uri': {
          status: 'not-evaluated',
          reason: 'depends on bi/oidc-client-defined, which failed',
        },
        'bi/oidc-client-signing-alg': {
          status: 'not-evaluated',
          reason: 'depends on bi/oidc-client-defined, which failed',
        },
        'link/idp-client-id': {
          status: 'not-evaluated',
          reason:
            "the Beyond Identity OIDC client's client id is not known (no OIDC client with a client id in the snapshot and beyondIdentity.oidcClientId is not set); depends on bi/oidc-client-defined, which failed",
        },
      },
    },
    // an application the sso-config does not name is not the one
    {
      fixture: SA_BASE,
      edit: [
        {
          op: 'replace',
          path: '/beyondIdentity/ssoConfig/payload/application_id',
          value: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
        },
      ],
      findings: [
        f('error', SA_APP, '/beyondIdentity/application', [
          p('resourceMissing', {
            missing:
              'the realm has no Okta application: no sso-config of type okta_sso_bi_idp with the OIDC application it names (Access Control > Applications > Okta)',
          }),
        ]),
      ],
      others: {
        'bi/oidc-client-redirect-uri': {
          status: 'not-evaluated',
          reason: 'depends on bi/oidc-client-defined, which failed',
        },
        'bi/oidc-client-signing-alg': {
          status: 'not-evaluated',
          reason: 'depends on bi/oidc-client-defined, which failed',
        },
      },
    },
  ],
};
