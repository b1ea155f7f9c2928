// The cases of users/registered-outside-group (rules/users/registered-outside-group.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'users-clean.json' },
    {
      fixture: 'clean-scim.json',
      status: 'skipped',
      reason: 'okta.users was not collected (collect with --include users)',
    },
    // a section it reads could not be collected
    uncollected('users-clean.json', ['okta.users', 'okta.groupMembers']),
    uncollected('users-clean.json', ['okta.groupMembers']),
    // a user outside the group whose attribute is false is not registered
    {
      fixture: 'users-clean.json',
      edit: [{ op: 'add', path: '/okta/users/3/profile/byndidRegistered', value: false }],
      reason: 'the snapshot: every check holds',
    },
    // a staged user cannot sign in
    {
      fixture: 'users-clean.json',
      edit: [
        { op: 'add', path: '/okta/users/3/profile/byndidRegistered', value: true },
        { op: 'replace', path: '/okta/users/3/status', value: 'STAGED' },
      ],
      reason: 'the snapshot: every check holds',
    },
    // a deprovisioned user cannot sign in
    {
      fixture: 'users-clean.json',
      edit: [
        { op: 'add', path: '/okta/users/3/profile/byndidRegistered', value: true },
        { op: 'replace', path: '/okta/users/3/status', value: 'DEPROVISIONED' },
      ],
      reason: 'the snapshot: every check holds',
    },
  ],
  invalid: [
    {
      fixture: 'users-registered-outside-group.json',
      findings: [
        f(
          'error',
          'okta/users',
          '/okta/users/3',
          [p('matches', { field: 'value', count: 1, examples: 'carol.diaz@acme.com' })],
          'Users who can sign in have byndidRegistered true but are not in the group "Beyond Identity", so they are routed to Beyond Identity without a credential (1): carol.diaz@acme.com',
        ),
      ],
    },
  ],
};
