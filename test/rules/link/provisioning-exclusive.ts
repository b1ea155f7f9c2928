// The cases of link/provisioning-exclusive (rules/link/provisioning-exclusive.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f, EH, HOOK, NEITHER_LIVE, SA_BASE } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    { fixture: 'clean-event-hook.json', config: EH },
    // Secure Access and declared Beyond Identity values
    { fixture: SA_BASE },
    // a section it reads could not be collected
    uncollected('clean-scim.json', ['okta.apps', 'okta.eventHooks']),
    uncollected('clean-scim.json', ['okta.apps']),
    uncollected('clean-scim.json', ['okta.eventHooks']),
    // an inactive app is not a live channel
    {
      fixture: 'provisioning-both-live.json',
      edit: [{ op: 'replace', path: '/okta/apps/6/status', value: 'INACTIVE' }],
      reason: 'the snapshot: every check holds',
    },
    // an inactive hook is not a live channel
    {
      fixture: 'provisioning-both-live.json',
      edit: [{ op: 'replace', path: '/okta/eventHooks/1/status', value: 'INACTIVE' }],
      reason: 'the snapshot: every check holds',
    },
  ],
  invalid: [
    {
      fixture: 'provisioning-both-live.json',
      findings: [
        f(
          'error',
          HOOK,
          '/okta/eventHooks/1',
          [
            p('many', {
              field: 'value',
              live: 'SCIM provisioning (app "Beyond Identity User Portal" (0oabiuser0000000a1d7)) and the event hook (event hook "Beyond Identity" (whobyndid0000000a1d7))',
            }),
          ],
          'Both SCIM provisioning (app "Beyond Identity User Portal" (0oabiuser0000000a1d7)) and the event hook (event hook "Beyond Identity" (whobyndid0000000a1d7)) are live, so every membership change is applied twice (declared mode: scim)',
        ),
      ],
    },
    {
      fixture: 'event-hook-unverified.json',
      config: EH,
      findings: NEITHER_LIVE.findings!,
      others: {
        'okta/event-hook-active-verified': {
          status: 'fail',
          reason: '1 finding',
          findings: [
            f('error', HOOK, '/okta/eventHooks/1/verificationStatus', [
              p('mismatch', { field: 'verificationStatus', found: '"UNVERIFIED"', expected: '"VERIFIED"', hint: '' }),
            ]),
          ],
        },
      },
    },
  ],
};
