// The cases of okta/routing-rule-defined (rules/okta/routing-rule-defined.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f, dependsOn, RULE, RULE_PTR } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    // a section it reads could not be collected
    uncollected('clean-scim.json', ['okta.idpDiscoveryPolicies', 'okta.idps']),
    uncollected('clean-scim.json', ['okta.idpDiscoveryPolicies']),
    // of two rules routing there, the one of that name is inspected
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'add',
          path: '/okta/idpDiscoveryPolicies/0/_rules/0',
          value: {
            id: '0prbyndidold0000a1d7',
            status: 'ACTIVE',
            name: 'Beyond Identity (old)',
            priority: 1,
            created: '2026-11-01T09:00:00.000Z',
            lastUpdated: '2026-11-01T09:00:00.000Z',
            system: false,
            conditions: {
              network: { connection: 'ANYWHERE' },
              platform: { include: [], exclude: [] },
              userIdentifier: {
                patterns: [{ matchType: 'EQUALS', value: 'true' }],
                type: 'ATTRIBUTE',
                attribute: 'byndidRegistered',
              },
              app: { include: [], exclude: [] },
            },
            actions: {
              idp: { providers: [{ id: '0oabyndidp000000a1d7', type: 'OIDC' }], idpSelectionType: 'SPECIFIC' },
            },
            type: 'IDP_DISCOVERY',
          },
        },
      ],
      reason: 'routing rule "Beyond Identity Auth" (0prbyndid0000000a1d7): every check holds',
      others: {
        'okta/routing-rule-first': {
          status: 'fail',
          reason: '1 finding',
          findings: [
            f('error', RULE, '/okta/idpDiscoveryPolicies/0/_rules/1/priority', [
              p('notLowest', {
                field: 'priority',
                found: 1,
                before: 'the rule',
                names: '"Beyond Identity (old)" (priority 1)',
                comes: 'comes',
              }),
            ]),
          ],
        },
      },
    },
    // of two rules of that name, the active one is inspected
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'add',
          path: '/okta/idpDiscoveryPolicies/0/_rules/0',
          value: {
            id: '0prbyndidold0000a1d7',
            status: 'INACTIVE',
            name: 'Beyond Identity Auth',
            priority: 1,
            created: '2026-11-01T09:00:00.000Z',
            lastUpdated: '2026-11-01T09:00:00.000Z',
            system: false,
            conditions: {
              network: { connection: 'ANYWHERE' },
              platform: { include: [], exclude: [] },
              userIdentifier: {
                patterns: [{ matchType: 'EQUALS', value: 'true' }],
                type: 'ATTRIBUTE',
                attribute: 'byndidRegistered',
              },
              app: { include: [], exclude: [] },
            },
            actions: {
              idp: { providers: [{ id: '0oabyndidp000000a1d7', type: 'OIDC' }], idpSelectionType: 'SPECIFIC' },
            },
            type: 'IDP_DISCOVERY',
          },
        },
      ],
      reason: 'routing rule "Beyond Identity Auth" (0prbyndid0000000a1d7): every check holds',
      others: {},
    },
  ],
  invalid: [
    {
      fixture: 'routing-rule-missing.json',
      findings: [
        f(
          'error',
          'okta/policies/00p5qwjvjjpuZBaOR1d7',
          '/okta/idpDiscoveryPolicies/0/_rules',
          [
            p('resourceMissing', {
              missing:
                'no routing rule of the IdP discovery policy routes to the identity provider 0oabyndidp000000a1d7',
            }),
          ],
          'No routing rule of the IdP discovery policy routes to the identity provider 0oabyndidp000000a1d7',
        ),
      ],
      others: Object.fromEntries(
        [
          'okta/routing-rule-active',
          'okta/routing-rule-attribute',
          'okta/routing-rule-first',
          'okta/routing-rule-unscoped',
          'okta/routing-rule-value-true',
        ].map((id) => [id, dependsOn('okta/routing-rule-defined')]),
      ),
    },
    {
      // another name still routes there: a note, not an error
      fixture: 'routing-rule-renamed.json',
      findings: [
        f('note', RULE, `${RULE_PTR}/name`, [
          p('mismatch', {
            field: 'name',
            found: '"Passwordless sign-in"',
            expected: '"Beyond Identity Auth"',
            hint: '',
          }),
        ]),
      ],
    },
    // a rule routing to a provider of another type is not the one
    {
      fixture: 'clean-scim.json',
      edit: [
        { op: 'replace', path: '/okta/idpDiscoveryPolicies/0/_rules/0/actions/idp/providers/0/type', value: 'SAML2' },
      ],
      findings: [
        f('error', 'okta/policies/00p5qwjvjjpuZBaOR1d7', '/okta/idpDiscoveryPolicies/0/_rules', [
          p('resourceMissing', {
            missing: 'no routing rule of the IdP discovery policy routes to the identity provider 0oabyndidp000000a1d7',
          }),
        ]),
      ],
      others: {
        'okta/routing-rule-active': {
          status: 'not-evaluated',
          reason: 'depends on okta/routing-rule-defined, which failed',
        },
        'okta/routing-rule-attribute': {
          status: 'not-evaluated',
          reason: 'depends on okta/routing-rule-defined, which failed',
        },
        'okta/routing-rule-first': {
          status: 'not-evaluated',
          reason: 'depends on okta/routing-rule-defined, which failed',
        },
        'okta/routing-rule-unscoped': {
          status: 'not-evaluated',
          reason: 'depends on okta/routing-rule-defined, which failed',
        },
        'okta/routing-rule-value-true': {
          status: 'not-evaluated',
          reason: 'depends on okta/routing-rule-defined, which failed',
        },
      },
    },
    // a rule routing to another identity provider is not the one
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'replace',
          path: '/okta/idpDiscoveryPolicies/0/_rules/0/actions/idp/providers/0/id',
          value: '0oapartner000000a1d7',
        },
      ],
      findings: [
        f('error', 'okta/policies/00p5qwjvjjpuZBaOR1d7', '/okta/idpDiscoveryPolicies/0/_rules', [
          p('resourceMissing', {
            missing: 'no routing rule of the IdP discovery policy routes to the identity provider 0oabyndidp000000a1d7',
          }),
        ]),
      ],
      others: {
        'okta/routing-rule-active': {
          status: 'not-evaluated',
          reason: 'depends on okta/routing-rule-defined, which failed',
        },
        'okta/routing-rule-attribute': {
          status: 'not-evaluated',
          reason: 'depends on okta/routing-rule-defined, which failed',
        },
        'okta/routing-rule-first': {
          status: 'not-evaluated',
          reason: 'depends on okta/routing-rule-defined, which failed',
        },
        'okta/routing-rule-unscoped': {
          status: 'not-evaluated',
          reason: 'depends on okta/routing-rule-defined, which failed',
        },
        'okta/routing-rule-value-true': {
          status: 'not-evaluated',
          reason: 'depends on okta/routing-rule-defined, which failed',
        },
      },
    },
  ],
};
