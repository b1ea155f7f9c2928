// The cases of okta/idp-username-template (rules/okta/idp-username-template.yaml); the runner is test/rules.test.ts.
import { type RuleCases, p, f, IDP, IDP_NAME } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    { fixture: 'idp-username-template-email.json', config: { okta: { idpUsernameTemplate: 'idpuser.email' } } },
  ],
  invalid: [
    {
      fixture: 'idp-username-template-email.json',
      findings: [
        f(
          'error',
          IDP,
          '/okta/idps/1/policy/subject/userNameTemplate/template',
          [
            p('mismatch', {
              field: 'policy.subject.userNameTemplate.template',
              found: '"idpuser.email"',
              expected: '"idpuser.externalId"',
              hint: '',
            }),
          ],
          `${IDP_NAME}: policy.subject.userNameTemplate.template is "idpuser.email", expected "idpuser.externalId"`,
        ),
      ],
    },
  ],
};
