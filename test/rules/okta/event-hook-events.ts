// The cases of okta/event-hook-events (rules/okta/event-hook-events.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, EH, HOOK, HOOK_NAME } from '../shared.ts';

export const cases: RuleCases = {
  valid: [{ fixture: 'clean-event-hook.json', config: EH }],
  invalid: [
    {
      fixture: 'event-hook-missing-suspend-event.json',
      config: EH,
      findings: [
        f(
          'error',
          HOOK,
          '/okta/eventHooks/1/events/items',
          [p('lacks', { field: 'events.items', missing: '"user.lifecycle.suspend"' })],
          `${HOOK_NAME}: events.items lacks "user.lifecycle.suspend"`,
        ),
      ],
    },
    {
      fixture: 'event-hook-extra-event.json',
      config: EH,
      findings: [
        f('warning', HOOK, '/okta/eventHooks/1/events/items', [
          p('extra', { field: 'events.items', extra: '"user.lifecycle.create"', isAre: 'is' }),
        ]),
      ],
    },
  ],
};
