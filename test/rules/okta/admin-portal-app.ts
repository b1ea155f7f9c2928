// The cases of okta/admin-portal-app (rules/okta/admin-portal-app.yaml); the runner is test/rules.test.ts.
import { type RuleCases, f } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // a section it reads could not be collected
    {
      fixture: 'clean-scim.json',
      gaps: ['okta.apps'],
      status: 'not-evaluated',
      reason: 'okta.apps could not be collected: GET answered HTTP 403 forbidden',
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
          'App "Beyond Identity Admin Portal" (0oabiadmin000000a1d7): the app is assigned to no group and no user',
        ),
      ],
    },
  ],
};
