// The cases of users/group-member-not-in-bi (rules/users/group-member-not-in-bi.yaml); the runner is test/rules.test.ts.
import { type RuleCases, uncollected, p, f } from '../shared.ts';

export const cases: RuleCases = {
  valid: [
    { fixture: 'users-clean.json' },
    {
      fixture: 'clean-scim.json',
      status: 'skipped',
      reason: 'okta.groupMembers was not collected (collect with --include users)',
    },
    // a section it reads could not be collected
    uncollected('users-clean.json', ['okta.groupMembers', 'beyondIdentity.scimUsers']),
    uncollected('users-clean.json', ['beyondIdentity.scimUsers']),
  ],
  invalid: [
    {
      fixture: 'users-member-not-in-bi.json',
      findings: [
        f(
          'warning',
          'okta/groups/00gbyndid0000000a1d7/users',
          '/okta/groupMembers/00gbyndid0000000a1d7/2',
          [p('matches', { field: 'value', count: 1, examples: 'bob.martin@acme.com' })],
          'Members of the group "Beyond Identity" do not exist in Beyond Identity, no SCIM user has their Okta id as externalId (1): bob.martin@acme.com',
        ),
      ],
    },
  ],
};
