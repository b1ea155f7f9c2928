// The cases of okta/registration-attribute-defined (rules/okta/registration-attribute-defined.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f, dependsOn } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // a section it reads could not be collected
    uncollected('clean-scim.json', ['okta.userSchema']),
  ],
  invalid: [
    {
      fixture: 'registration-attribute-missing.json',
      findings: [
        f(
          'error',
          'okta/meta/schemas/user/default',
          '/okta/userSchema/definitions/custom/properties',
          [p('resourceMissing', { missing: 'the default user schema has no custom attribute "byndidRegistered"' })],
          'The default user schema has no custom attribute "byndidRegistered"',
        ),
      ],
      others: {
        'okta/registration-attribute-boolean': dependsOn('okta/registration-attribute-defined'),
        'okta/registration-attribute-okta-sourced': dependsOn('okta/registration-attribute-defined'),
      },
    },
  ],
};
