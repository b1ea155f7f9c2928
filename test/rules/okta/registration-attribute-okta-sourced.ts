// The cases of okta/registration-attribute-okta-sourced (rules/okta/registration-attribute-okta-sourced.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f, ATTR, ATTR_PTR } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    {
      fixture: 'clean-scim.json',
      reason: `no app is a profile source (no PROFILE_MASTERING feature), so Okta is the attribute's only source`,
    },
    { fixture: 'profile-source-okta-master.json', reason: 'custom attribute "byndidRegistered": every check holds' },
    // a section it reads could not be collected
    uncollected('clean-scim.json', ['okta.userSchema', 'okta.apps']),
    uncollected('clean-scim.json', ['okta.userSchema']),
    uncollected('clean-scim.json', ['okta.apps']),
  ],
  invalid: [
    {
      fixture: 'registration-attribute-profile-sourced.json',
      findings: [
        f(
          'error',
          ATTR,
          `${ATTR_PTR}/master/type`,
          [
            p('mismatch', {
              field: 'master.type (source priority)',
              found: '"PROFILE_MASTER"',
              expected: '"OKTA"',
              hint: '',
            }),
          ],
          'Custom attribute "byndidRegistered": master.type (source priority) is "PROFILE_MASTER", expected "OKTA"',
        ),
      ],
    },
  ],
};
