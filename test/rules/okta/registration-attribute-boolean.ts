// The cases of okta/registration-attribute-boolean (rules/okta/registration-attribute-boolean.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, ATTR, ATTR_PTR } from '../shared.ts';

export const cases: RuleCases = {
  valid: [{ fixture: 'clean-scim.json' }],
  invalid: [
    {
      fixture: 'registration-attribute-string.json',
      findings: [
        f(
          'error',
          ATTR,
          `${ATTR_PTR}/type`,
          [p('mismatch', { field: 'type', found: '"string"', expected: '"boolean"', hint: '' })],
          'Custom attribute "byndidRegistered": type is "string", expected "boolean"',
        ),
      ],
    },
  ],
};
