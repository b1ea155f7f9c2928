// The cases of okta/user-portal-app (rules/okta/user-portal-app.yaml); the runner is test/rules.test.ts.
import { type RuleCases, f, EH, USER_PORTAL, USER_PORTAL_NAME } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    { fixture: 'clean-event-hook.json', config: EH },
    // a section it reads could not be collected
    {
      fixture: 'clean-scim.json',
      gaps: ['okta.apps', 'okta.groups'],
      status: 'not-evaluated',
      reason: 'okta.apps could not be collected: GET answered HTTP 403 forbidden',
    },
    {
      fixture: 'clean-scim.json',
      gaps: ['okta.apps'],
      status: 'not-evaluated',
      reason: 'okta.apps could not be collected: GET answered HTTP 403 forbidden',
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
          `${USER_PORTAL_NAME}: group assignments does not include the group "Beyond Identity" ("00gbyndid0000000a1d7"); it has "00grp9xdc1NNG01rz697"`,
        ),
      ],
    },
  ],
};
