// The cases of okta/idp-endpoints (rules/okta/idp-endpoints.yaml); the runner is test/rules.test.ts.
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
    // without the sso-config's endpoints, they follow from the configured issuer
    {
      fixture: SA_BASE,
      config: {
        beyondIdentity: {
          issuer:
            'https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a',
        },
      },
      edit: [{ op: 'remove', path: '/beyondIdentity/ssoConfig/payload/oidc_configuration' }],
      reason: 'identity provider "Beyond Identity" (0oabyndidp000000a1d7): every check holds',
    },
  ],
  invalid: [
    {
      fixture: 'idp-token-endpoint-wrong.json',
      findings: [
        f(
          'error',
          IDP,
          '/okta/idps/1/protocol/endpoints/token/url',
          [
            p('mismatch', {
              field: 'protocol.endpoints.token.url',
              found: '"https://auth.byndid.com/token"',
              expected: '"https://auth.byndid.com/v2/token"',
              hint: '',
            }),
          ],
          `${IDP_NAME}: protocol.endpoints.token.url is "https://auth.byndid.com/token", expected "https://auth.byndid.com/v2/token"`,
        ),
      ],
    },
    // each endpoint is compared, and must be https
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'replace',
          path: '/okta/idps/1/protocol/endpoints/authorization/url',
          value: 'http://auth.byndid.com/v2/authorize',
        },
      ],
      findings: [
        f('error', IDP, '/okta/idps/1/protocol/endpoints/authorization/url', [
          p('mismatch', {
            field: 'protocol.endpoints.authorization.url',
            found: '"http://auth.byndid.com/v2/authorize"',
            expected: '"https://auth.byndid.com/v2/authorize"',
            hint: '',
          }),
          p('badUrl', {
            field: 'protocol.endpoints.authorization.url',
            found: '"http://auth.byndid.com/v2/authorize"',
            problems: 'uses http, not https',
          }),
        ]),
      ],
    },
    // each endpoint is compared, and must be https
    {
      fixture: 'clean-scim.json',
      edit: [
        { op: 'replace', path: '/okta/idps/1/protocol/endpoints/token/url', value: 'http://auth.byndid.com/v2/token' },
      ],
      findings: [
        f('error', IDP, '/okta/idps/1/protocol/endpoints/token/url', [
          p('mismatch', {
            field: 'protocol.endpoints.token.url',
            found: '"http://auth.byndid.com/v2/token"',
            expected: '"https://auth.byndid.com/v2/token"',
            hint: '',
          }),
          p('badUrl', {
            field: 'protocol.endpoints.token.url',
            found: '"http://auth.byndid.com/v2/token"',
            problems: 'uses http, not https',
          }),
        ]),
      ],
    },
    // each endpoint is compared, and must be https
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'replace',
          path: '/okta/idps/1/protocol/endpoints/jwks/url',
          value: 'http://auth.byndid.com/v2/.well-known/jwks.json',
        },
      ],
      findings: [
        f('error', IDP, '/okta/idps/1/protocol/endpoints/jwks/url', [
          p('mismatch', {
            field: 'protocol.endpoints.jwks.url',
            found: '"http://auth.byndid.com/v2/.well-known/jwks.json"',
            expected: '"https://auth.byndid.com/v2/.well-known/jwks.json"',
            hint: '',
          }),
          p('badUrl', {
            field: 'protocol.endpoints.jwks.url',
            found: '"http://auth.byndid.com/v2/.well-known/jwks.json"',
            problems: 'uses http, not https',
          }),
        ]),
      ],
    },
    // each endpoint is compared, and must be https
    {
      fixture: SA_BASE,
      edit: [
        {
          op: 'replace',
          path: '/okta/idps/1/protocol/endpoints/authorization/url',
          value:
            'http://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/authorize',
        },
      ],
      findings: [
        f('error', IDP, '/okta/idps/1/protocol/endpoints/authorization/url', [
          p('mismatch', {
            field: 'protocol.endpoints.authorization.url',
            found:
              '"http://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/authorize"',
            expected:
              '"https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/authorize"',
            hint: '',
          }),
          p('badUrl', {
            field: 'protocol.endpoints.authorization.url',
            found:
              '"http://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/authorize"',
            problems: 'uses http, not https',
          }),
        ]),
      ],
    },
    // each endpoint is compared, and must be https
    {
      fixture: SA_BASE,
      edit: [
        {
          op: 'replace',
          path: '/okta/idps/1/protocol/endpoints/token/url',
          value:
            'http://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/token',
        },
      ],
      findings: [
        f('error', IDP, '/okta/idps/1/protocol/endpoints/token/url', [
          p('mismatch', {
            field: 'protocol.endpoints.token.url',
            found:
              '"http://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/token"',
            expected:
              '"https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/token"',
            hint: '',
          }),
          p('badUrl', {
            field: 'protocol.endpoints.token.url',
            found:
              '"http://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/token"',
            problems: 'uses http, not https',
          }),
        ]),
      ],
    },
    // each endpoint is compared, and must be https
    {
      fixture: SA_BASE,
      edit: [
        {
          op: 'replace',
          path: '/okta/idps/1/protocol/endpoints/jwks/url',
          value:
            'http://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/.well-known/jwks.json',
        },
      ],
      findings: [
        f('error', IDP, '/okta/idps/1/protocol/endpoints/jwks/url', [
          p('mismatch', {
            field: 'protocol.endpoints.jwks.url',
            found:
              '"http://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/.well-known/jwks.json"',
            expected:
              '"https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/.well-known/jwks.json"',
            hint: '',
          }),
          p('badUrl', {
            field: 'protocol.endpoints.jwks.url',
            found:
              '"http://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a/.well-known/jwks.json"',
            problems: 'uses http, not https',
          }),
        ]),
      ],
    },
  ],
};
