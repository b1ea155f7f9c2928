// The cases of okta/event-hook-auth-header (rules/okta/event-hook-auth-header.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, EH, HOOK, HOOK_NAME } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-event-hook.json', config: EH },
    { fixture: 'event-hook-auth-header-lowercase.json', config: EH },
  ],
  invalid: [
    {
      fixture: 'event-hook-auth-header-wrong.json',
      config: EH,
      findings: [
        f(
          'error',
          HOOK,
          '/okta/eventHooks/1/channel/config/authScheme/key',
          [
            p('mismatch', {
              field: 'channel.config.authScheme.key',
              found: '"x-api-key"',
              expected: '"Authorization"',
              hint: '',
            }),
          ],
          `${HOOK_NAME}: channel.config.authScheme.key is "x-api-key", expected "Authorization"`,
        ),
      ],
    },
    // an auth scheme other than a header fails
    {
      fixture: 'clean-event-hook.json',
      config: EH,
      edit: [{ op: 'replace', path: '/okta/eventHooks/1/channel/config/authScheme/type', value: 'NONE' }],
      findings: [
        f('error', HOOK, '/okta/eventHooks/1/channel/config/authScheme/type', [
          p('mismatch', { field: 'channel.config.authScheme.type', found: '"NONE"', expected: '"HEADER"', hint: '' }),
        ]),
      ],
    },
  ],
};
