// The cases of okta/event-hook-defined (rules/okta/event-hook-defined.yaml); the runner is test/rules.test.ts.
import { type RuleCases, f, dependsOn, EH, MODE_OFF_SCIM, NEITHER_LIVE } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-event-hook.json', config: EH },
    { fixture: 'clean-scim.json', status: 'off', reason: MODE_OFF_SCIM },
    // a section it reads could not be collected
    {
      fixture: 'clean-event-hook.json',
      gaps: ['okta.eventHooks'],
      config: EH,
      status: 'not-evaluated',
      reason: 'okta.eventHooks could not be collected: GET answered HTTP 403 forbidden',
    },
  ],
  invalid: [
    {
      fixture: 'event-hook-missing.json',
      config: EH,
      findings: [
        f(
          'error',
          'okta/eventHooks',
          '/okta/eventHooks',
          'No event hook sends events to https://api.byndid.com/okta_events',
        ),
      ],
      others: {
        'okta/event-hook-active-verified': dependsOn('okta/event-hook-defined'),
        'okta/event-hook-auth-header': dependsOn('okta/event-hook-defined'),
        'okta/event-hook-events': dependsOn('okta/event-hook-defined'),
        'link/provisioning-exclusive': NEITHER_LIVE,
      },
    },
  ],
};
