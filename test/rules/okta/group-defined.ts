// The cases of okta/group-defined (rules/okta/group-defined.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f, dependsOn } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'clean-scim.json' },
    { fixture: 'users-clean.json' },
    // a section it reads could not be collected
    uncollected('clean-scim.json', ['okta.groups']),
  ],
  invalid: [
    {
      fixture: 'group-missing.json',
      findings: [
        f(
          'error',
          'okta/groups',
          '/okta/groups',
          [p('resourceMissing', { missing: 'no group is named "Beyond Identity"' })],
          'No group is named "Beyond Identity"',
        ),
      ],
      others: {
        'okta/user-portal-app': dependsOn('okta/group-defined'),
        'okta/user-portal-group-push': dependsOn('okta/group-defined'),
      },
    },
    {
      fixture: 'group-duplicate.json',
      findings: [
        f('error', 'okta/groups/00gbyndid0000000a1d7', '/okta/groups/4', [
          p('notOnlyOne', {
            count: 2,
            names: 'group "Beyond Identity" (00gbyndid0000000a1d7), group "Beyond Identity" (00gadbyndid00000a1d7)',
          }),
        ]),
      ],
    },
    // a group of another type fails
    {
      fixture: 'clean-scim.json',
      edit: [{ op: 'replace', path: '/okta/groups/3/type', value: 'APP_GROUP' }],
      findings: [
        f('error', 'okta/groups/00gbyndid0000000a1d7', '/okta/groups/3/type', [
          p('mismatch', { field: 'type', found: '"APP_GROUP"', expected: '"OKTA_GROUP"', hint: '' }),
        ]),
      ],
    },
    // of two groups of that name, the Okta group is the one inspected, wherever it is listed
    {
      fixture: 'clean-scim.json',
      edit: [
        {
          op: 'add',
          path: '/okta/groups/3',
          value: {
            id: '00gadbyndid00000a1d7',
            created: '2025-03-13T23:24:20.000Z',
            lastUpdated: '2025-03-13T23:24:20.000Z',
            lastMembershipUpdated: '2025-03-13T23:24:20.000Z',
            objectClass: ['okta:user_group'],
            type: 'APP_GROUP',
            profile: { name: 'Beyond Identity', description: 'Beyond Identity Users Group' },
          },
        },
      ],
      findings: [
        f('error', 'okta/groups/00gbyndid0000000a1d7', '/okta/groups/3', [
          p('notOnlyOne', {
            count: 2,
            names: 'group "Beyond Identity" (00gbyndid0000000a1d7), group "Beyond Identity" (00gadbyndid00000a1d7)',
          }),
        ]),
      ],
    },
  ],
};
