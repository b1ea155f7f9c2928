// The cases of okta/user-portal-provisioning (rules/okta/user-portal-provisioning.yaml); the runner is test/rules.test.ts.
import { type RuleCases, f, EH, USER_PORTAL, USER_PORTAL_NAME, MODE_OFF_HOOK, USES_EVENT_HOOK } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    { fixture: 'clean-event-hook.json', config: EH, status: 'off', reason: MODE_OFF_HOOK },
  ],
  invalid: [
    {
      fixture: 'user-portal-provisioning-no-deactivate.json',
      findings: [
        f(
          'error',
          USER_PORTAL,
          '/okta/apps/6/features',
          `${USER_PORTAL_NAME}: features lacks "PUSH_USER_DEACTIVATION"`,
        ),
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
          `${USER_PORTAL_NAME}: features lacks "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION" (${USES_EVENT_HOOK})`,
        ),
      ],
      others: {
        'okta/user-portal-group-push': {
          status: 'fail',
          reason: '1 finding',
          findings: [
            f(
              'warning',
              USER_PORTAL,
              '/okta/apps/6/_groupPushMappings',
              `${USER_PORTAL_NAME}: the group "Beyond Identity" is not pushed to the app (no group-push mapping for 00gbyndid0000000a1d7) (${USES_EVENT_HOOK})`,
            ),
          ],
        },
      },
    },
  ],
};
