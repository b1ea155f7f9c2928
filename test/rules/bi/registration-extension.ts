// The cases of bi/registration-extension (rules/bi/registration-extension.yaml); the runner is test/rules.test.ts.
import { type RuleCases, f, dependsOn, RULE, RULE_NAME, RULE_PTR, SA_BASE, SA_CONFIG, SA_REG_PTR } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // Secure Access and declared Beyond Identity values
    { fixture: SA_BASE },
    { fixture: 'bi-declared.json' },
    // a section it reads could not be collected
    {
      fixture: 'clean-scim.json',
      gaps: ['beyondIdentity.oktaRegistrationAttribute'],
      status: 'not-evaluated',
      reason: 'beyondIdentity.oktaRegistrationAttribute could not be collected: GET answered HTTP 403 forbidden',
    },
    {
      fixture: SA_BASE,
      gaps: ['beyondIdentity.ssoConfig'],
      status: 'not-evaluated',
      reason: 'beyondIdentity.ssoConfig could not be collected: GET answered HTTP 403 forbidden',
    },
  ],
  invalid: [
    {
      // The extension has no id or name, but the message still names it, and keeps the field name as written.
      fixture: 'bi-registration-extension-wrong-attribute.json',
      findings: [
        f(
          'error',
          'beyondIdentity/extensions/okta-registration-attribute',
          '/beyondIdentity/oktaRegistrationAttribute/okta_registration_attribute_name',
          'Okta Registration Attribute extension: okta_registration_attribute_name is "byndidRegistration", expected "byndidRegistered"',
        ),
      ],
    },
    // Secure Access and declared Beyond Identity values
    {
      fixture: 'sa-registration-disabled.json',
      base: SA_BASE,
      findings: [
        f(
          'error',
          SA_CONFIG,
          `${SA_REG_PTR}/is_enabled`,
          'Registration attribute sync of the Okta application: okta_registration.is_enabled is false, expected true',
        ),
      ],
    },
    {
      fixture: 'sa-registration-wrong-domain.json',
      base: SA_BASE,
      findings: [
        f(
          'error',
          SA_CONFIG,
          `${SA_REG_PTR}/domain`,
          'Registration attribute sync of the Okta application: okta_registration.domain is "https://acme-admin.okta.com/", expected one of "https://acme.okta.com", "acme.okta.com"',
        ),
      ],
    },
    {
      // the attribute the Okta side expects is the config's
      fixture: SA_BASE,
      base: SA_BASE,
      config: { okta: { registrationAttribute: 'biRegistered' } },
      findings: [
        f(
          'error',
          SA_CONFIG,
          `${SA_REG_PTR}/attribute_name`,
          'Registration attribute sync of the Okta application: okta_registration.attribute_name is "byndidRegistered", expected "biRegistered"',
        ),
      ],
      others: {
        'okta/registration-attribute-defined': {
          status: 'fail',
          reason: 'the resource it requires does not exist',
          findings: [
            f(
              'error',
              'okta/meta/schemas/user/default',
              '/okta/userSchema/definitions/custom/properties',
              'The default user schema has no custom attribute "biRegistered"',
            ),
          ],
        },
        'okta/registration-attribute-boolean': dependsOn('okta/registration-attribute-defined'),
        'okta/registration-attribute-okta-sourced': dependsOn('okta/registration-attribute-defined'),
        'okta/routing-rule-attribute': {
          status: 'fail',
          reason: '1 finding',
          findings: [
            f(
              'error',
              RULE,
              `${RULE_PTR}/conditions/userIdentifier/attribute`,
              `${RULE_NAME}: conditions.userIdentifier.attribute is "byndidRegistered", expected "biRegistered"`,
            ),
          ],
        },
      },
    },
    // each field of the extension counts
    {
      fixture: 'clean-scim.json',
      edit: [{ op: 'replace', path: '/beyondIdentity/oktaRegistrationAttribute/enabled', value: false }],
      findings: [
        f(
          'error',
          'beyondIdentity/extensions/okta-registration-attribute',
          '/beyondIdentity/oktaRegistrationAttribute/enabled',
          'Okta Registration Attribute extension: enabled is false, expected true',
        ),
      ],
    },
    // each field of the extension counts
    {
      fixture: 'clean-scim.json',
      edit: [
        { op: 'replace', path: '/beyondIdentity/oktaRegistrationAttribute/okta_domain', value: 'acme-admin.okta.com' },
      ],
      findings: [
        f(
          'error',
          'beyondIdentity/extensions/okta-registration-attribute',
          '/beyondIdentity/oktaRegistrationAttribute/okta_domain',
          'Okta Registration Attribute extension: okta_domain is "acme-admin.okta.com", expected "acme.okta.com"',
        ),
      ],
    },
  ],
};
