// The cases of okta/user-portal-app (rules/okta/user-portal-app.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f, EH, USER_PORTAL, USER_PORTAL_NAME } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    { fixture: 'clean-event-hook.json', config: EH },
    // a section it reads could not be collected
    uncollected('clean-scim.json', ['okta.apps', 'okta.groups']),
    uncollected('clean-scim.json', ['okta.apps']),
    // of two apps of that label, the active one is inspected
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'add',
          path: '/okta/apps/6',
          value: {
            id: '0oabiuserold0000a1d7',
            orn: 'orn:okta:idp:00oacme000000000a1d7:apps:beyondidentity_user:0oabiuser0000000a1d7',
            name: 'beyondidentity_user',
            label: 'Beyond Identity User Portal',
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
            features: [
              'GROUP_PUSH',
              'PUSH_NEW_USERS',
              'PUSH_PROFILE_UPDATES',
              'PUSH_USER_DEACTIVATION',
              'REACTIVATE_USERS',
            ],
            signOnMode: 'OPENID_CONNECT',
            credentials: {
              userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
              signing: { kid: '48X-q9YWQ_p1aXo_HbPDTPbEncSYjFgiJEzhmK8Kq8I' },
              oauthClient: {
                autoKeyRotation: true,
                client_id: '0oabiuser0000000a1d7',
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
                id: '00gbyndid0000000a1d7',
                lastUpdated: '2026-02-02T11:09:05.000Z',
                priority: 0,
                profile: {},
              },
            ],
            _groupPushMappings: [
              {
                created: '2026-03-25T06:00:40Z',
                id: 'gPmbyndid0000000a1d7',
                lastUpdated: '2026-03-25T06:00:40Z',
                sourceGroupId: '00gbyndid0000000a1d7',
                status: 'ACTIVE',
                targetGroupId: 'bi-group-beyond-identity',
              },
            ],
          },
        },
      ],
      reason: 'app "Beyond Identity User Portal" (0oabiuser0000000a1d7): every check holds',
      others: {},
    },
  ],
  invalid: [
    {
      fixture: 'user-portal-app-group-unassigned.json',
      findings: [
        f(
          'error',
          USER_PORTAL,
          '/okta/apps/6/_assignedGroups',
          [
            p('notIncluded', {
              field: 'group assignments',
              noun: 'the group "Beyond Identity"',
              wanted: '"00gbyndid0000000a1d7"',
              ids: '"00grp9xdc1NNG01rz697"',
            }),
          ],
          `${USER_PORTAL_NAME}: group assignments does not include the group "Beyond Identity" ("00gbyndid0000000a1d7"); it has "00grp9xdc1NNG01rz697"`,
        ),
      ],
    },
    // an inactive app fails
    {
      fixture: 'clean-scim.json',
      edit: [{ op: 'replace', path: '/okta/apps/6/status', value: 'INACTIVE' }],
      findings: [
        f('error', USER_PORTAL, '/okta/apps/6/status', [
          p('mismatch', { field: 'status', found: '"INACTIVE"', expected: '"ACTIVE"', hint: '' }),
        ]),
      ],
      others: {
        'link/provisioning-exclusive': {
          status: 'fail',
          reason: '1 finding',
          findings: [f('error', 'okta/apps', '/okta/apps', [p('none', { field: 'value', live: '' })])],
        },
      },
    },
  ],
};
