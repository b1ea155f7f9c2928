// The cases of okta/user-portal-provisioning (rules/okta/user-portal-provisioning.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, EH, USER_PORTAL, USER_PORTAL_NAME, MODE_OFF_HOOK, USES_EVENT_HOOK } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    { fixture: 'clean-event-hook.json', config: EH, status: 'off', reason: MODE_OFF_HOOK },
  ],
  invalid: [
    {
      fixture: 'user-portal-provisioning-no-deactivate.json',
      findings: [
        f('error', USER_PORTAL, '/okta/apps/6/features', [
          p('lacks', { field: 'features', missing: '"PUSH_USER_DEACTIVATION"' }),
        ]),
      ],
    },
    {
      // an event-hook org audited in the default scim mode: the app does not provision, and the
      // findings say which channel the org uses instead of leaving the fix to turn on a second one
      fixture: 'clean-event-hook.json',
      base: 'clean-scim.json',
      findings: [
        f(
          'error',
          USER_PORTAL,
          '/okta/apps/6/features',
          [
            p('lacks', {
              field: 'features',
              missing: '"PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"',
            }),
          ],
          `${USER_PORTAL_NAME}: features lacks "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION" (${USES_EVENT_HOOK})`,
        ),
      ],
      others: {
        'okta/user-portal-group-push': {
          status: 'fail',
          reason: '1 finding',
          findings: [
            f('warning', USER_PORTAL, '/okta/apps/6/_groupPushMappings', [
              p('noCandidate', { field: 'group-push mappings' }),
            ]),
          ],
        },
      },
    },
  ],
};
