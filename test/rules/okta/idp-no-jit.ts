// The cases of okta/idp-no-jit (rules/okta/idp-no-jit.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, IDP, IDP_NAME } from '../shared.ts';

export const cases: RuleCases = {
  valid: [{ fixture: 'clean-scim.json' }],
  invalid: [
    {
      fixture: 'idp-jit-auto.json',
      findings: [
        f(
          'error',
          IDP,
          '/okta/idps/1/policy/provisioning/action',
          [p('mismatch', { field: 'policy.provisioning.action', found: '"AUTO"', expected: '"DISABLED"', hint: '' })],
          `${IDP_NAME}: policy.provisioning.action is "AUTO", expected "DISABLED"`,
        ),
      ],
    },
  ],
};
