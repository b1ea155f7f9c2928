// The cases of okta/idp-scopes-openid-only (rules/okta/idp-scopes-openid-only.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, IDP, IDP_NAME } from '../shared.ts';

export const cases: RuleCases = {
  valid: [{ fixture: 'clean-scim.json' }],
  invalid: [
    {
      fixture: 'idp-extra-scope.json',
      findings: [
        f(
          'error',
          IDP,
          '/okta/idps/1/protocol/scopes',
          [
            p('differs', {
              field: 'protocol.scopes',
              differences: 'has "profile", "email", which are not expected',
              expected: '["openid"]',
            }),
          ],
          `${IDP_NAME}: protocol.scopes has "profile", "email", which are not expected (expected exactly ["openid"])`,
        ),
      ],
    },
  ],
};
