// The cases of okta/event-hook-active-verified (rules/okta/event-hook-active-verified.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, EH, HOOK, HOOK_NAME, MODE_OFF_SCIM, NEITHER_LIVE } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-event-hook.json', config: EH },
    { fixture: 'clean-scim.json', status: 'off', reason: MODE_OFF_SCIM },
  ],
  invalid: [
    {
      fixture: 'event-hook-unverified.json',
      config: EH,
      findings: [
        f(
          'error',
          HOOK,
          '/okta/eventHooks/1/verificationStatus',
          [p('mismatch', { field: 'verificationStatus', found: '"UNVERIFIED"', expected: '"VERIFIED"', hint: '' })],
          `${HOOK_NAME}: verificationStatus is "UNVERIFIED", expected "VERIFIED"`,
        ),
      ],
      // an unverified hook is not live, so no channel is
      others: { 'link/provisioning-exclusive': NEITHER_LIVE },
    },
    // an inactive hook fails
    {
      fixture: 'clean-event-hook.json',
      config: EH,
      edit: [{ op: 'replace', path: '/okta/eventHooks/1/status', value: 'INACTIVE' }],
      findings: [
        f('error', HOOK, '/okta/eventHooks/1/status', [
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
