// The cases of okta/admin-portal-app (rules/okta/admin-portal-app.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // a section it reads could not be collected
    uncollected('clean-scim.json', ['okta.apps']),
    // of two apps of that label, the active one is inspected
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'add',
          path: '/okta/apps/5',
          value: {
            id: '0oabiadmold00000a1d7',
            orn: 'orn:okta:idp:00oacme000000000a1d7:apps:beyondidentity_admin:0oabiadmin000000a1d7',
            name: 'beyondidentity_admin',
            label: 'Beyond Identity Admin Portal',
            status: 'INACTIVE',
            lastUpdated: '2026-02-02T11:12:31.000Z',
            created: '2026-02-02T11:12:29.000Z',
            accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
            visibility: {
              autoLaunch: false,
              autoSubmitToolbar: false,
              hide: { iOS: true, web: true },
              appLinks: { oidc_client_link: true },
            },
            features: [],
            signOnMode: 'OPENID_CONNECT',
            credentials: {
              userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
              signing: { kid: '48X-q9YWQ_p1aXo_HbPDTPbEncSYjFgiJEzhmK8Kq8I' },
              oauthClient: {
                autoKeyRotation: true,
                client_id: '0oabiadmin000000a1d7',
                token_endpoint_auth_method: 'client_secret_basic',
                pkce_required: false,
              },
            },
            universalLogout: null,
            settings: {
              app: { orgId: 'bi-org-acme' },
              notifications: { vpn: { network: { connection: 'DISABLED' }, message: null, helpUrl: null } },
              manualProvisioning: false,
              implicitAssignment: false,
              emOptInStatus: 'NONE',
              notes: { admin: null, enduser: null },
              oauthClient: {
                client_uri: null,
                logo_uri: null,
                redirect_uris: ['https://auth.byndid.com/v2/okta/callback'],
                response_types: ['code'],
                grant_types: ['authorization_code'],
                application_type: 'web',
                consent_method: 'TRUSTED',
                issuer_mode: 'ORG_URL',
                idp_initiated_login: { mode: 'DISABLED', default_scope: [] },
                wildcard_redirect: 'DISABLED',
                dpop_bound_access_tokens: false,
                participate_slo: false,
              },
            },
            _assignedGroups: [
              {
                id: '00gadmins0000000a1d7',
                lastUpdated: '2026-02-02T11:09:05.000Z',
                priority: 0,
                profile: {},
              },
            ],
          },
        },
      ],
      reason: 'app "Beyond Identity Admin Portal" (0oabiadmin000000a1d7): every check holds',
      others: {},
    },
    // one user assigned is enough
    {
      fixture: 'clean-scim.json',
      edit: [
        { op: 'replace', path: '/okta/apps/5/_assignedGroups', value: [] },
        { op: 'add', path: '/okta/apps/5/_assignedUsers', value: [{ id: '00ualice00000000a1d7' }] },
      ],
      reason: 'app "Beyond Identity Admin Portal" (0oabiadmin000000a1d7): every check holds',
    },
  ],
  invalid: [
    {
      fixture: 'admin-portal-app-unassigned.json',
      findings: [
        f(
          'error',
          'okta/apps/0oabiadmin000000a1d7',
          '/okta/apps/5/_assignedGroups',
          [
            p('noneHolds', {
              field: 'value',
              alternatives: '_assignedGroups has 0 items, expected at least 1, and _assignedUsers is missing',
            }),
          ],
          'App "Beyond Identity Admin Portal" (0oabiadmin000000a1d7): the app is assigned to no group and no user',
        ),
      ],
    },
    // an inactive app fails
    {
      fixture: 'clean-scim.json',
      edit: [{ op: 'replace', path: '/okta/apps/5/status', value: 'INACTIVE' }],
      findings: [
        f('error', 'okta/apps/0oabiadmin000000a1d7', '/okta/apps/5/status', [
          p('mismatch', { field: 'status', found: '"INACTIVE"', expected: '"ACTIVE"', hint: '' }),
        ]),
      ],
    },
    // empty assignments are no assignment
    {
      fixture: 'clean-scim.json',
      edit: [
        { op: 'replace', path: '/okta/apps/5/_assignedGroups', value: [] },
        { op: 'add', path: '/okta/apps/5/_assignedUsers', value: [] },
      ],
      findings: [
        f('error', 'okta/apps/0oabiadmin000000a1d7', '/okta/apps/5/_assignedGroups', [
          p('noneHolds', {
            field: 'value',
            alternatives:
              '_assignedGroups has 0 items, expected at least 1, and _assignedUsers has 0 items, expected at least 1',
          }),
        ]),
      ],
    },
  ],
};
