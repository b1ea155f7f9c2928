// The cases of okta/event-hook-defined (rules/okta/event-hook-defined.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, dependsOn, EH, MODE_OFF_SCIM, NEITHER_LIVE } from '../shared.ts';

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
    // of two hooks to the endpoint, the active one is inspected
    {
      fixture: 'clean-event-hook.json',
      config: EH,
      edit: [
        {
          op: 'add',
          path: '/okta/eventHooks/1',
          value: {
            id: 'whobyndidold000INACT',
            status: 'INACTIVE',
            verificationStatus: 'VERIFIED',
            name: 'Beyond Identity',
            description: null,
            created: '2026-11-01T09:05:00.000Z',
            createdBy: '00uadmin00000000a1d7',
            lastUpdated: '2026-11-01T09:06:00.000Z',
            events: {
              type: 'EVENT_TYPE',
              items: [
                'group.user_membership.add',
                'group.user_membership.remove',
                'user.lifecycle.suspend',
                'user.lifecycle.unsuspend',
              ],
              filter: null,
            },
            channel: {
              type: 'HTTP',
              version: '1.0.0',
              config: {
                uri: 'https://api.byndid.com/okta_events',
                headers: [],
                method: 'POST',
                authScheme: { type: 'HEADER', key: 'Authorization' },
              },
            },
          },
        },
      ],
      reason: 'event hook "Beyond Identity" (whobyndid0000000a1d7): every check holds',
      others: {},
    },
    // of two hooks to the endpoint, the verified one is inspected
    {
      fixture: 'clean-event-hook.json',
      config: EH,
      edit: [
        {
          op: 'add',
          path: '/okta/eventHooks/1',
          value: {
            id: 'whobyndidold000UNVER',
            status: 'ACTIVE',
            verificationStatus: 'UNVERIFIED',
            name: 'Beyond Identity',
            description: null,
            created: '2026-11-01T09:05:00.000Z',
            createdBy: '00uadmin00000000a1d7',
            lastUpdated: '2026-11-01T09:06:00.000Z',
            events: {
              type: 'EVENT_TYPE',
              items: [
                'group.user_membership.add',
                'group.user_membership.remove',
                'user.lifecycle.suspend',
                'user.lifecycle.unsuspend',
              ],
              filter: null,
            },
            channel: {
              type: 'HTTP',
              version: '1.0.0',
              config: {
                uri: 'https://api.byndid.com/okta_events',
                headers: [],
                method: 'POST',
                authScheme: { type: 'HEADER', key: 'Authorization' },
              },
            },
          },
        },
      ],
      reason: 'event hook "Beyond Identity" (whobyndid0000000a1d7): every check holds',
      others: {},
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
          [p('resourceMissing', { missing: 'no event hook sends events to https://api.byndid.com/okta_events' })],
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
