// The cases of bi/event-hook-extension (rules/bi/event-hook-extension.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, EH, MODE_OFF_SCIM, SA_BASE, SA_OFF } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-event-hook.json', config: EH },
    { fixture: 'clean-scim.json', status: 'off', reason: MODE_OFF_SCIM },
    // Secure Access and declared Beyond Identity values
    { fixture: SA_BASE, config: EH, status: 'off', reason: SA_OFF['bi/event-hook-extension'] },
    // a section it reads could not be collected
    {
      fixture: 'clean-event-hook.json',
      gaps: ['beyondIdentity.oktaEventHook'],
      config: EH,
      status: 'not-evaluated',
      reason: 'beyondIdentity.oktaEventHook could not be collected: GET answered HTTP 403 forbidden',
    },
  ],
  invalid: [
    {
      // as for bi/registration-extension: the message names the extension
      fixture: 'bi-event-hook-extension-wrong-group.json',
      config: EH,
      findings: [
        f(
          'error',
          'beyondIdentity/extensions/okta-event-hook',
          '/beyondIdentity/oktaEventHook/okta_group_name',
          [p('mismatch', { field: 'okta_group_name', found: '"BI Users"', expected: '"Beyond Identity"', hint: '' })],
          'Okta event-hook extension: okta_group_name is "BI Users", expected "Beyond Identity"',
        ),
      ],
    },
    // each field of the extension counts
    {
      fixture: 'clean-event-hook.json',
      config: EH,
      edit: [{ op: 'replace', path: '/beyondIdentity/oktaEventHook/enabled', value: false }],
      findings: [
        f('error', 'beyondIdentity/extensions/okta-event-hook', '/beyondIdentity/oktaEventHook/enabled', [
          p('mismatch', { field: 'enabled', found: 'false', expected: 'true', hint: '' }),
        ]),
      ],
    },
    // each field of the extension counts
    {
      fixture: 'clean-event-hook.json',
      config: EH,
      edit: [{ op: 'replace', path: '/beyondIdentity/oktaEventHook/okta_domain', value: 'acme-admin.okta.com' }],
      findings: [
        f('error', 'beyondIdentity/extensions/okta-event-hook', '/beyondIdentity/oktaEventHook/okta_domain', [
          p('mismatch', {
            field: 'okta_domain',
            found: '"acme-admin.okta.com"',
            expected: '"acme.okta.com"',
            hint: '',
          }),
        ]),
      ],
    },
  ],
};
