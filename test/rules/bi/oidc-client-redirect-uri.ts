// The cases of bi/oidc-client-redirect-uri (rules/bi/oidc-client-redirect-uri.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f, CLIENT, CLIENT_NAME, SA_BASE, SA_APP, SA_APP_PTR } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // Secure Access and declared Beyond Identity values
    { fixture: SA_BASE },
    // a section it reads could not be collected
    uncollected(SA_BASE, ['beyondIdentity.application']),
    // with both missing, the section it reads itself is named first
    uncollected(SA_BASE, ['beyondIdentity.application', 'beyondIdentity.ssoConfig']),
  ],
  invalid: [
    {
      fixture: 'bi-redirect-uri-wrong-domain.json',
      findings: [
        f(
          'error',
          CLIENT,
          '/beyondIdentity/oidcClients/0/redirect_uris',
          [p('lacks', { field: 'redirect_uris', missing: '"https://acme.okta.com/oauth2/v1/authorize/callback"' })],
          `${CLIENT_NAME}: redirect_uris lacks "https://acme.okta.com/oauth2/v1/authorize/callback"`,
        ),
      ],
    },
    {
      // a declared custom domain's callback must be registered too
      fixture: 'clean-scim.json',
      config: { okta: { customDomain: 'sso.acme.com' } },
      findings: [
        f('error', CLIENT, '/beyondIdentity/oidcClients/0/redirect_uris', [
          p('lacks', { field: 'redirect_uris', missing: '"https://sso.acme.com/oauth2/v1/authorize/callback"' }),
        ]),
      ],
    },
    // Secure Access and declared Beyond Identity values
    {
      fixture: 'sa-redirect-uri-wrong.json',
      base: SA_BASE,
      findings: [
        f('error', SA_APP, `${SA_APP_PTR}/protocol_config/redirect_uris`, [
          p('lacks', {
            field: 'protocol_config.redirect_uris',
            missing: '"https://acme.okta.com/oauth2/v1/authorize/callback"',
          }),
        ]),
      ],
    },
    {
      // a declared custom domain's callback must be registered on Secure Access too
      fixture: SA_BASE,
      base: SA_BASE,
      config: { okta: { customDomain: 'sso.acme.com' } },
      findings: [
        f('error', SA_APP, `${SA_APP_PTR}/protocol_config/redirect_uris`, [
          p('lacks', {
            field: 'protocol_config.redirect_uris',
            missing: '"https://sso.acme.com/oauth2/v1/authorize/callback"',
          }),
        ]),
      ],
    },
    // every redirect URI must be a plain https callback
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'add',
          path: '/beyondIdentity/oidcClients/0/redirect_uris/-',
          value: 'http://acme.okta.com/oauth2/v1/authorize/callback',
        },
        {
          op: 'add',
          path: '/beyondIdentity/oidcClients/0/redirect_uris/-',
          value: 'https://*.okta.com/oauth2/v1/authorize/callback',
        },
        {
          op: 'add',
          path: '/beyondIdentity/oidcClients/0/redirect_uris/-',
          value: 'https://acme.okta.com/oauth2/v1/authorize/callback?x=1',
        },
        {
          op: 'add',
          path: '/beyondIdentity/oidcClients/0/redirect_uris/-',
          value: 'https://acme.okta.com/oauth2/v1/authorize/callback#top',
        },
        {
          op: 'add',
          path: '/beyondIdentity/oidcClients/0/redirect_uris/-',
          value: 'https://acme.okta.com/oauth2/v1/authorize/callback/',
        },
      ],
      findings: [
        f('error', CLIENT, '/beyondIdentity/oidcClients/0/redirect_uris/1', [
          p('badUrl', {
            field: 'redirect URI',
            found: '"http://acme.okta.com/oauth2/v1/authorize/callback"',
            problems: 'uses http, not https',
          }),
          p('badUrl', {
            field: 'redirect URI',
            found: '"https://*.okta.com/oauth2/v1/authorize/callback"',
            problems: 'has a wildcard',
          }),
          p('badUrl', {
            field: 'redirect URI',
            found: '"https://acme.okta.com/oauth2/v1/authorize/callback?x=1"',
            problems: 'has a query string',
          }),
          p('badUrl', {
            field: 'redirect URI',
            found: '"https://acme.okta.com/oauth2/v1/authorize/callback#top"',
            problems: 'has a fragment',
          }),
          p('badUrl', {
            field: 'redirect URI',
            found: '"https://acme.okta.com/oauth2/v1/authorize/callback/"',
            problems: 'ends with a slash',
          }),
        ]),
      ],
    },
    // every redirect URI must be a plain https callback
    {
      fixture: SA_BASE,
      edit: [
        {
          op: 'add',
          path: '/beyondIdentity/application/protocol_config/redirect_uris/-',
          value: 'http://acme.okta.com/oauth2/v1/authorize/callback',
        },
        {
          op: 'add',
          path: '/beyondIdentity/application/protocol_config/redirect_uris/-',
          value: 'https://*.okta.com/oauth2/v1/authorize/callback',
        },
        {
          op: 'add',
          path: '/beyondIdentity/application/protocol_config/redirect_uris/-',
          value: 'https://acme.okta.com/oauth2/v1/authorize/callback?x=1',
        },
        {
          op: 'add',
          path: '/beyondIdentity/application/protocol_config/redirect_uris/-',
          value: 'https://acme.okta.com/oauth2/v1/authorize/callback#top',
        },
        {
          op: 'add',
          path: '/beyondIdentity/application/protocol_config/redirect_uris/-',
          value: 'https://acme.okta.com/oauth2/v1/authorize/callback/',
        },
      ],
      findings: [
        f('error', SA_APP, '/beyondIdentity/application/protocol_config/redirect_uris/1', [
          p('badUrl', {
            field: 'redirect URI',
            found: '"http://acme.okta.com/oauth2/v1/authorize/callback"',
            problems: 'uses http, not https',
          }),
          p('badUrl', {
            field: 'redirect URI',
            found: '"https://*.okta.com/oauth2/v1/authorize/callback"',
            problems: 'has a wildcard',
          }),
          p('badUrl', {
            field: 'redirect URI',
            found: '"https://acme.okta.com/oauth2/v1/authorize/callback?x=1"',
            problems: 'has a query string',
          }),
          p('badUrl', {
            field: 'redirect URI',
            found: '"https://acme.okta.com/oauth2/v1/authorize/callback#top"',
            problems: 'has a fragment',
          }),
          p('badUrl', {
            field: 'redirect URI',
            found: '"https://acme.okta.com/oauth2/v1/authorize/callback/"',
            problems: 'ends with a slash',
          }),
        ]),
      ],
    },
  ],
};
