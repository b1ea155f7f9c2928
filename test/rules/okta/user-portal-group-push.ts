// The cases of okta/user-portal-group-push (rules/okta/user-portal-group-push.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f, EH, USER_PORTAL, USER_PORTAL_NAME, MODE_OFF_HOOK } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    { fixture: 'clean-event-hook.json', config: EH, status: 'off', reason: MODE_OFF_HOOK },
    // a section it reads could not be collected
    uncollected('clean-scim.json', ['okta.apps', 'okta.groups']),
    uncollected('clean-scim.json', ['okta.apps']),
  ],
  invalid: [
    {
      // The errorSummary is the diagnosis ("…: Conflict"); the message must carry it whole.
      fixture: 'user-portal-group-push-error.json',
      findings: [
        f(
          'warning',
          USER_PORTAL,
          '/okta/apps/6/_groupPushMappings/0/status',
          [p('mismatch', { field: 'status', found: '"ERROR"', expected: '"ACTIVE"', hint: '' })],
          `${USER_PORTAL_NAME}: the group-push mapping "gPmbyndid0000000a1d7" is "ERROR", expected "ACTIVE" (errorSummary: "Failed on 11-28-2026 09:12:44AM UTC: Unable to update Group Push mapping target App group Beyond Identity: Error while creating user group Beyond Identity: Conflict")`,
        ),
      ],
    },
    // a push mapping of another group does not count
    {
      fixture: 'clean-scim.json',
      edit: [{ op: 'replace', path: '/okta/apps/6/_groupPushMappings/0/sourceGroupId', value: '00gadmins0000000a1d7' }],
      findings: [
        f('warning', USER_PORTAL, '/okta/apps/6/_groupPushMappings', [
          p('noCandidate', { field: 'group-push mappings' }),
        ]),
      ],
    },
  ],
};
