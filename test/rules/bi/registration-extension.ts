// The cases of bi/registration-extension (rules/bi/registration-extension.yaml); the runner is test/rules.test.ts.
import {
  type RuleCases,
  uncollected,
  p,
  f,
  dependsOn,
  RULE,
  RULE_PTR,
  SA_BASE,
  SA_CONFIG,
  SA_REG_PTR,
} from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // Secure Access and declared Beyond Identity values
    { fixture: SA_BASE },
    { fixture: 'bi-declared.json' },
    // a section it reads could not be collected
    uncollected('clean-scim.json', ['beyondIdentity.oktaRegistrationAttribute']),
    uncollected(SA_BASE, ['beyondIdentity.ssoConfig']),
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
          [
            p('mismatch', {
              field: 'okta_registration_attribute_name',
              found: '"byndidRegistration"',
              expected: '"byndidRegistered"',
              hint: '',
            }),
          ],
          'Okta Registration Attribute extension: okta_registration_attribute_name is "byndidRegistration", expected "byndidRegistered"',
        ),
      ],
    },
    // Secure Access and declared Beyond Identity values
    {
      fixture: 'sa-registration-disabled.json',
      base: SA_BASE,
      findings: [
        f('error', SA_CONFIG, `${SA_REG_PTR}/is_enabled`, [
          p('mismatch', { field: 'okta_registration.is_enabled', found: 'false', expected: 'true', hint: '' }),
        ]),
      ],
    },
    {
      fixture: 'sa-registration-wrong-domain.json',
      base: SA_BASE,
      findings: [
        f('error', SA_CONFIG, `${SA_REG_PTR}/domain`, [
          p('notOneOf', {
            field: 'okta_registration.domain',
            found: '"https://acme-admin.okta.com/"',
            values: 'one of "https://acme.okta.com", "acme.okta.com"',
          }),
        ]),
      ],
    },
    {
      // the attribute the Okta side expects is the config's
      fixture: SA_BASE,
      base: SA_BASE,
      config: { okta: { registrationAttribute: 'biRegistered' } },
      findings: [
        f('error', SA_CONFIG, `${SA_REG_PTR}/attribute_name`, [
          p('mismatch', {
            field: 'okta_registration.attribute_name',
            found: '"byndidRegistered"',
            expected: '"biRegistered"',
            hint: '',
          }),
        ]),
      ],
      others: {
        'okta/registration-attribute-defined': {
          status: 'fail',
          reason: 'the resource it requires does not exist',
          findings: [
            f('error', 'okta/meta/schemas/user/default', '/okta/userSchema/definitions/custom/properties', [
              p('resourceMissing', { missing: 'the default user schema has no custom attribute "biRegistered"' }),
            ]),
          ],
        },
        'okta/registration-attribute-boolean': dependsOn('okta/registration-attribute-defined'),
        'okta/registration-attribute-okta-sourced': dependsOn('okta/registration-attribute-defined'),
        'okta/routing-rule-attribute': {
          status: 'fail',
          reason: '1 finding',
          findings: [
            f('error', RULE, `${RULE_PTR}/conditions/userIdentifier/attribute`, [
              p('mismatch', {
                field: 'conditions.userIdentifier.attribute',
                found: '"byndidRegistered"',
                expected: '"biRegistered"',
                hint: '',
              }),
            ]),
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
          [p('mismatch', { field: 'enabled', found: 'false', expected: 'true', hint: '' })],
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
          [
            p('mismatch', {
              field: 'okta_domain',
              found: '"acme-admin.okta.com"',
              expected: '"acme.okta.com"',
              hint: '',
            }),
          ],
        ),
      ],
    },
  ],
};
