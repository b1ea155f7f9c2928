// The cases of okta/idp-match-username (rules/okta/idp-match-username.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, IDP, IDP_NAME } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    { fixture: 'idp-match-email.json', config: { okta: { idpMatchType: 'EMAIL' } } },
  ],
  invalid: [
    {
      fixture: 'idp-match-email.json',
      findings: [
        f(
          'error',
          IDP,
          '/okta/idps/1/policy/subject/matchType',
          [p('mismatch', { field: 'policy.subject.matchType', found: '"EMAIL"', expected: '"USERNAME"', hint: '' })],
          `${IDP_NAME}: policy.subject.matchType is "EMAIL", expected "USERNAME"`,
        ),
      ],
    },
  ],
};
