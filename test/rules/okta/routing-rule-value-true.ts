// The cases of okta/routing-rule-value-true (rules/okta/routing-rule-value-true.yaml); the runner is test/rules.test.ts.
import { type RuleCases, f, p, RULE, RULE_NAME, RULE_PTR } from '../shared.ts';

/** The finding for a pattern value (as shown, quoted) and how it misses "true" (equals' hint); with the rendered message when asked. */
const valueTrue = (found: string, hint: string, english = false) =>
  f(
    'error',
    RULE,
    `${RULE_PTR}/conditions/userIdentifier/patterns/0/value`,
    [p('mismatch', { field: 'the pattern value', found, expected: '"true"', hint })],
    english
      ? `${RULE_NAME}: the pattern value is ${found}${hint}; Okta compares it exactly, so only "true" routes registered users`
      : undefined,
  );

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    {
      fixture: 'routing-rule-value-True.json',
      config: { rules: { 'okta/routing-rule-value-true': 'off' } },
      status: 'off',
      reason: 'turned off in the config (rules: okta/routing-rule-value-true: off)',
    },
  ],
  invalid: [
    {
      fixture: 'routing-rule-value-True.json',
      findings: [valueTrue('"True"', ' (the comparison is case-sensitive)', true)],
    },
    {
      fixture: 'routing-rule-value-uppercase.json',
      findings: [valueTrue('"TRUE"', ' (the comparison is case-sensitive)')],
    },
    // a space is not a matter of case: the message says what is wrong with this value
    {
      fixture: 'routing-rule-value-leading-space.json',
      findings: [valueTrue('" true"', ' (remove the leading space)')],
    },
    { fixture: 'routing-rule-value-1.json', findings: [valueTrue('"1"', '')] },
  ],
};
