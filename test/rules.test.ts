// Every built-in rule against the fixture snapshots, RuleTester style: for each rule id, `valid`
// cases (a fixture and config where the rule passes, or is off or skipped as stated) and `invalid`
// cases with the exact findings (rule id, level, logical location, message, pointer). An invalid
// case also proves the fixture changes nothing else: every other rule whose status (or findings)
// differs from the clean org it was made from must be listed under `others`, with its exact status
// and reason. The table itself is checked first: a rule without a valid or an invalid case, an
// invalid case that expects no finding, or a duplicate case fails the run.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRules } from '../src/engine/load-rules.ts';
import { evaluate } from '../src/engine/evaluate.ts';
import { loadSnapshot, parseSnapshot } from '../src/snapshot/load.ts';
import { resolveExpectations } from '../src/config/expectations.ts';
import { exitCode } from '../src/api/check.ts';
import { STATUSES, type Finding, type Rule, type RuleResult, type Status } from '../src/engine/types.ts';
import type { Level } from '../src/util/levels.ts';
import type { BiPlatform, ConfigFile } from '../src/config/load.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'snapshots');
const RULES = loadRules();
const EH: ConfigFile = { provisioning: 'event-hook' };

// ---------------------------------------------------------------------------------------------
// The table

/** A finding as the tests compare it: everything a user sees, nothing that is an implementation detail. */
interface ExpectedFinding {
  level: Level;
  logical: string;
  pointer: string;
  message: string;
}

interface Audit {
  fixture: string;
  /** the expectations file (okta-bi-lint.yaml), as parsed */
  config?: ConfigFile;
  /** --bi-platform */
  biPlatform?: BiPlatform;
}

interface ValidCase extends Audit {
  /** default pass */
  status?: 'pass' | 'off' | 'skipped';
  reason?: string;
}

interface OtherStatus {
  status: Status;
  reason: string;
  /** required when status is fail */
  findings?: ExpectedFinding[];
}

interface InvalidCase extends Audit {
  findings: ExpectedFinding[];
  /** the clean org the fixture was made from (default: by mode and by users) */
  base?: string;
  /** every other rule whose result differs from the base's, exactly */
  others?: Record<string, OtherStatus>;
}

interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

const f = (level: Level, logical: string, pointer: string, message: string): ExpectedFinding => ({
  level,
  logical,
  pointer,
  message,
});
const dependsOn = (id: string): OtherStatus => ({ status: 'not-evaluated', reason: `depends on ${id}, which failed` });

const IDP = 'okta/idps/0oabyndidp000000a1d7';
const IDP_NAME = 'Identity provider "Beyond Identity" (0oabyndidp000000a1d7)';
const RULE = 'okta/policies/00p5qwjvjjpuZBaOR1d7/rules/0prbyndid0000000a1d7';
const RULE_NAME = 'Routing rule "Beyond Identity Auth" (0prbyndid0000000a1d7)';
const RULE_PTR = '/okta/idpDiscoveryPolicies/0/_rules/0';
const USER_PORTAL = 'okta/apps/0oabiuser0000000a1d7';
const USER_PORTAL_NAME = 'App "Beyond Identity User Portal" (0oabiuser0000000a1d7)';
const HOOK = 'okta/eventHooks/whobyndid0000000a1d7';
const HOOK_NAME = 'Event hook "Beyond Identity" (whobyndid0000000a1d7)';
const CLIENT = 'beyondIdentity/oidc-clients/dd58e65d-bd52-4450-a990-238d6251a12a';
const CLIENT_NAME = 'OIDC client "Okta SSO" (dd58e65d-bd52-4450-a990-238d6251a12a)';
const ATTR = 'okta/meta/schemas/user/default#/definitions/custom/properties/byndidRegistered';
const ATTR_PTR = '/okta/userSchema/definitions/custom/properties/byndidRegistered';
const MODE_OFF_SCIM = 'applies only when provisioning is event-hook; the declared mode is scim';
const MODE_OFF_HOOK = 'applies only when provisioning is scim; the declared mode is event-hook';
const USES_EVENT_HOOK =
  'this org uses the event hook, not SCIM provisioning: the event hook "Beyond Identity" is ACTIVE and VERIFIED and the app "Beyond Identity User Portal" pushes no users; but the provisioning mode is scim by default. If the event hook is your channel, put "provisioning: event-hook" in okta-bi-lint.yaml; enabling SCIM provisioning as well would provision every user twice';
const NEITHER_LIVE: OtherStatus = {
  status: 'fail',
  reason: '1 finding',
  findings: [
    f(
      'error',
      'okta/apps',
      '/okta/apps',
      'Neither SCIM provisioning nor the event hook is live, so new users are never enrolled in Beyond Identity (declared mode: event-hook)',
    ),
  ],
};
const valueTrue = (found: string) =>
  f(
    'error',
    RULE,
    `${RULE_PTR}/conditions/userIdentifier/patterns/0/value`,
    `${RULE_NAME}: the pattern value is ${found}; Okta compares it exactly, so only "true" routes registered users`,
  );

export const TABLE: Record<string, RuleCases> = {
  // --- Okta: user profile and group
  'okta/registration-attribute-defined': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'registration-attribute-missing.json',
        findings: [
          f(
            'error',
            'okta/meta/schemas/user/default',
            '/okta/userSchema/definitions/custom/properties',
            'The default user schema has no custom attribute "byndidRegistered"',
          ),
        ],
        others: {
          'okta/registration-attribute-boolean': dependsOn('okta/registration-attribute-defined'),
          'okta/registration-attribute-okta-sourced': dependsOn('okta/registration-attribute-defined'),
        },
      },
    ],
  },
  'okta/registration-attribute-boolean': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'registration-attribute-string.json',
        findings: [
          f(
            'error',
            ATTR,
            `${ATTR_PTR}/type`,
            'Custom attribute "byndidRegistered": type is "string", expected "boolean"',
          ),
        ],
      },
    ],
  },
  'okta/registration-attribute-okta-sourced': {
    valid: [
      {
        fixture: 'clean-scim.json',
        reason: `no app is a profile source (no PROFILE_MASTERING feature), so Okta is the attribute's only source`,
      },
      { fixture: 'profile-source-okta-master.json', reason: 'custom attribute "byndidRegistered": every check holds' },
    ],
    invalid: [
      {
        fixture: 'registration-attribute-profile-sourced.json',
        findings: [
          f(
            'error',
            ATTR,
            `${ATTR_PTR}/master/type`,
            'Custom attribute "byndidRegistered": master.type (source priority) is "PROFILE_MASTER", expected "OKTA"',
          ),
        ],
      },
    ],
  },
  'okta/group-defined': {
    valid: [{ fixture: 'clean-scim.json' }, { fixture: 'users-clean.json' }],
    invalid: [
      {
        fixture: 'group-missing.json',
        findings: [f('error', 'okta/groups', '/okta/groups', 'No group is named "Beyond Identity"')],
        others: {
          'okta/user-portal-app': dependsOn('okta/group-defined'),
          'okta/user-portal-group-push': dependsOn('okta/group-defined'),
        },
      },
      {
        fixture: 'group-duplicate.json',
        findings: [
          f(
            'error',
            'okta/groups/00gbyndid0000000a1d7',
            '/okta/groups/4',
            'Group "Beyond Identity" (00gbyndid0000000a1d7): 2 match where exactly one is expected: group "Beyond Identity" (00gbyndid0000000a1d7), group "Beyond Identity" (00gadbyndid00000a1d7)',
          ),
        ],
      },
    ],
  },

  // --- Okta: catalog apps
  'okta/admin-portal-app': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'admin-portal-app-unassigned.json',
        findings: [
          f(
            'error',
            'okta/apps/0oabiadmin000000a1d7',
            '/okta/apps/5/_assignedGroups',
            'App "Beyond Identity Admin Portal" (0oabiadmin000000a1d7): the app is assigned to no group and no user',
          ),
        ],
      },
    ],
  },
  'okta/user-portal-app': {
    valid: [{ fixture: 'clean-scim.json' }, { fixture: 'clean-event-hook.json', config: EH }],
    invalid: [
      {
        fixture: 'user-portal-app-group-unassigned.json',
        findings: [
          f(
            'error',
            USER_PORTAL,
            '/okta/apps/6/_assignedGroups',
            `${USER_PORTAL_NAME}: group assignments does not include the group "Beyond Identity" ("00gbyndid0000000a1d7"); it has "00grp9xdc1NNG01rz697"`,
          ),
        ],
      },
    ],
  },
  'okta/user-portal-provisioning': {
    valid: [
      { fixture: 'clean-scim.json' },
      { fixture: 'clean-event-hook.json', config: EH, status: 'off', reason: MODE_OFF_HOOK },
    ],
    invalid: [
      {
        fixture: 'user-portal-provisioning-no-deactivate.json',
        findings: [
          f(
            'error',
            USER_PORTAL,
            '/okta/apps/6/features',
            `${USER_PORTAL_NAME}: features lacks "PUSH_USER_DEACTIVATION"`,
          ),
        ],
      },
      {
        // an event-hook org audited in the default scim mode: the app does not provision, and the
        // findings say which channel the org uses instead of leaving the fix to turn on a second one
        fixture: 'clean-event-hook.json',
        base: 'clean-scim.json',
        findings: [
          f(
            'error',
            USER_PORTAL,
            '/okta/apps/6/features',
            `${USER_PORTAL_NAME}: features lacks "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION" (${USES_EVENT_HOOK})`,
          ),
        ],
        others: {
          'okta/user-portal-group-push': {
            status: 'fail',
            reason: '1 finding',
            findings: [
              f(
                'warning',
                USER_PORTAL,
                '/okta/apps/6/_groupPushMappings',
                `${USER_PORTAL_NAME}: the group "Beyond Identity" is not pushed to the app (no group-push mapping for 00gbyndid0000000a1d7) (${USES_EVENT_HOOK})`,
              ),
            ],
          },
        },
      },
    ],
  },
  'okta/user-portal-group-push': {
    valid: [
      { fixture: 'clean-scim.json' },
      { fixture: 'clean-event-hook.json', config: EH, status: 'off', reason: MODE_OFF_HOOK },
    ],
    invalid: [
      {
        // The errorSummary is the diagnosis ("…: Conflict"); the message must carry it whole.
        fixture: 'user-portal-group-push-error.json',
        findings: [
          f(
            'warning',
            USER_PORTAL,
            '/okta/apps/6/_groupPushMappings/0/status',
            `${USER_PORTAL_NAME}: the group-push mapping "gPmbyndid0000000a1d7" is "ERROR", expected "ACTIVE" (errorSummary: "Failed on 11-28-2026 09:12:44AM UTC: Unable to update Group Push mapping target App group Beyond Identity: Error while creating user group Beyond Identity: Conflict")`,
          ),
        ],
      },
    ],
  },

  // --- Okta: the identity provider
  'okta/idp-defined': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'idp-inactive.json',
        findings: [f('error', IDP, '/okta/idps/1/status', `${IDP_NAME}: status is "INACTIVE", expected "ACTIVE"`)],
      },
      {
        fixture: 'idp-missing.json',
        findings: [f('error', 'okta/idps', '/okta/idps', 'No OIDC identity provider is named "Beyond Identity"')],
        others: Object.fromEntries(
          [
            'okta/idp-endpoints',
            'okta/idp-issuer',
            'okta/idp-match-username',
            'okta/idp-no-jit',
            'okta/idp-scopes-openid-only',
            'okta/idp-username-template',
            'okta/routing-rule-defined',
            'okta/routing-rule-active',
            'okta/routing-rule-attribute',
            'okta/routing-rule-first',
            'okta/routing-rule-unscoped',
            'okta/routing-rule-value-true',
            'link/idp-client-id',
          ].map((id) => [id, dependsOn('okta/idp-defined')]),
        ),
      },
    ],
  },
  'okta/idp-scopes-openid-only': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'idp-extra-scope.json',
        findings: [
          f(
            'error',
            IDP,
            '/okta/idps/1/protocol/scopes',
            `${IDP_NAME}: protocol.scopes has "profile", "email", which are not expected (expected exactly ["openid"])`,
          ),
        ],
      },
    ],
  },
  'okta/idp-issuer': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'idp-issuer-trailing-slash.json',
        findings: [
          f(
            'error',
            IDP,
            '/okta/idps/1/protocol/issuer/url',
            `${IDP_NAME}: protocol.issuer.url is "https://auth.byndid.com/v2/", expected "https://auth.byndid.com/v2" (remove the trailing slash)`,
          ),
        ],
      },
    ],
  },
  'okta/idp-endpoints': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'idp-token-endpoint-wrong.json',
        findings: [
          f(
            'error',
            IDP,
            '/okta/idps/1/protocol/endpoints/token/url',
            `${IDP_NAME}: protocol.endpoints.token.url is "https://auth.byndid.com/token", expected "https://auth.byndid.com/v2/token"`,
          ),
        ],
      },
    ],
  },
  'okta/idp-username-template': {
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
            `${IDP_NAME}: policy.subject.userNameTemplate.template is "idpuser.email", expected "idpuser.externalId"`,
          ),
        ],
      },
    ],
  },
  'okta/idp-match-username': {
    valid: [
      { fixture: 'clean-scim.json' },
      { fixture: 'idp-match-email.json', config: { okta: { idpMatchType: 'EMAIL' } } },
    ],
    invalid: [
      {
        fixture: 'idp-match-email.json',
        findings: [
          f(
            'error',
            IDP,
            '/okta/idps/1/policy/subject/matchType',
            `${IDP_NAME}: policy.subject.matchType is "EMAIL", expected "USERNAME"`,
          ),
        ],
      },
    ],
  },
  'okta/idp-no-jit': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'idp-jit-auto.json',
        findings: [
          f(
            'error',
            IDP,
            '/okta/idps/1/policy/provisioning/action',
            `${IDP_NAME}: policy.provisioning.action is "AUTO", expected "DISABLED"`,
          ),
        ],
      },
    ],
  },

  // --- Okta: the routing rule
  'okta/routing-rule-defined': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'routing-rule-missing.json',
        findings: [
          f(
            'error',
            'okta/policies/00p5qwjvjjpuZBaOR1d7',
            '/okta/idpDiscoveryPolicies/0/_rules',
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
          f(
            'note',
            RULE,
            `${RULE_PTR}/name`,
            'Routing rule "Passwordless sign-in" (0prbyndid0000000a1d7): the rule routing to Beyond Identity is named "Passwordless sign-in", not "Beyond Identity Auth"; it still counts',
          ),
        ],
      },
    ],
  },
  'okta/routing-rule-active': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'routing-rule-inactive.json',
        findings: [f('error', RULE, `${RULE_PTR}/status`, `${RULE_NAME}: status is "INACTIVE", expected "ACTIVE"`)],
      },
    ],
  },
  'okta/routing-rule-first': {
    valid: [{ fixture: 'clean-scim.json' }, { fixture: 'routing-rule-inactive-rule-above.json' }],
    invalid: [
      {
        fixture: 'routing-rule-not-first.json',
        findings: [
          f(
            'error',
            RULE,
            '/okta/idpDiscoveryPolicies/0/_rules/1/priority',
            `${RULE_NAME}: priority is 2, but the rule "Contractors to Partner SSO" (priority 1) comes first`,
          ),
        ],
      },
    ],
  },
  'okta/routing-rule-attribute': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'routing-rule-attribute-wrong.json',
        findings: [
          f(
            'error',
            RULE,
            `${RULE_PTR}/conditions/userIdentifier/attribute`,
            `${RULE_NAME}: conditions.userIdentifier.attribute is "byndidregistered", expected "byndidRegistered" (the comparison is case-sensitive)`,
          ),
        ],
      },
    ],
  },
  'okta/routing-rule-value-true': {
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
      { fixture: 'routing-rule-value-True.json', findings: [valueTrue('"True" (the comparison is case-sensitive)')] },
      {
        fixture: 'routing-rule-value-uppercase.json',
        findings: [valueTrue('"TRUE" (the comparison is case-sensitive)')],
      },
      // a space is not a matter of case: the message says what is wrong with this value
      { fixture: 'routing-rule-value-leading-space.json', findings: [valueTrue('" true" (remove the leading space)')] },
      { fixture: 'routing-rule-value-1.json', findings: [valueTrue('"1"')] },
    ],
  },
  'okta/routing-rule-unscoped': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'routing-rule-scoped-to-zone.json',
        findings: [
          f(
            'warning',
            RULE,
            `${RULE_PTR}/conditions/network/connection`,
            `${RULE_NAME}: conditions.network.connection is "ZONE", expected "ANYWHERE"`,
          ),
        ],
      },
    ],
  },

  // --- Okta: event hook and API token
  'okta/event-hook-defined': {
    valid: [
      { fixture: 'clean-event-hook.json', config: EH },
      { fixture: 'clean-scim.json', status: 'off', reason: MODE_OFF_SCIM },
    ],
    invalid: [
      {
        fixture: 'event-hook-missing.json',
        config: EH,
        findings: [
          f(
            'error',
            'okta/eventHooks',
            '/okta/eventHooks',
            'No event hook sends events to https://api.byndid.com/okta_events',
          ),
        ],
        others: {
          'okta/event-hook-active-verified': dependsOn('okta/event-hook-defined'),
          'okta/event-hook-auth-header': dependsOn('okta/event-hook-defined'),
          'okta/event-hook-events': dependsOn('okta/event-hook-defined'),
          'link/provisioning-exclusive': NEITHER_LIVE,
        },
      },
    ],
  },
  'okta/event-hook-active-verified': {
    valid: [
      { fixture: 'clean-event-hook.json', config: EH },
      { fixture: 'clean-scim.json', status: 'off', reason: MODE_OFF_SCIM },
    ],
    invalid: [
      {
        fixture: 'event-hook-unverified.json',
        config: EH,
        findings: [
          f(
            'error',
            HOOK,
            '/okta/eventHooks/1/verificationStatus',
            `${HOOK_NAME}: verificationStatus is "UNVERIFIED", expected "VERIFIED"`,
          ),
        ],
        // an unverified hook is not live, so no channel is
        others: { 'link/provisioning-exclusive': NEITHER_LIVE },
      },
    ],
  },
  'okta/event-hook-auth-header': {
    valid: [
      { fixture: 'clean-event-hook.json', config: EH },
      { fixture: 'event-hook-auth-header-lowercase.json', config: EH },
    ],
    invalid: [
      {
        fixture: 'event-hook-auth-header-wrong.json',
        config: EH,
        findings: [
          f(
            'error',
            HOOK,
            '/okta/eventHooks/1/channel/config/authScheme/key',
            `${HOOK_NAME}: channel.config.authScheme.key is "x-api-key", expected "Authorization"`,
          ),
        ],
      },
    ],
  },
  'okta/event-hook-events': {
    valid: [{ fixture: 'clean-event-hook.json', config: EH }],
    invalid: [
      {
        fixture: 'event-hook-missing-suspend-event.json',
        config: EH,
        findings: [
          f(
            'error',
            HOOK,
            '/okta/eventHooks/1/events/items',
            `${HOOK_NAME}: events.items lacks "user.lifecycle.suspend"`,
          ),
        ],
      },
      {
        fixture: 'event-hook-extra-event.json',
        config: EH,
        findings: [
          f(
            'warning',
            HOOK,
            '/okta/eventHooks/1/events/items',
            `${HOOK_NAME}: events.items also has "user.lifecycle.create", which is not expected`,
          ),
        ],
      },
    ],
  },
  'okta/api-token-defined': {
    valid: [
      { fixture: 'clean-scim.json' },
      {
        fixture: 'api-token-expired.json',
        config: { rules: { 'okta/api-token-defined': 'off' } },
        status: 'off',
        reason: 'turned off in the config (rules: okta/api-token-defined: off)',
      },
    ],
    invalid: [
      {
        fixture: 'api-token-expired.json',
        findings: [
          f(
            'warning',
            'okta/api-tokens/00T1gtr35t8ZbfBfV1d7',
            '/okta/apiTokens/0/expiresAt',
            'API token "Beyond Identity" (00T1gtr35t8ZbfBfV1d7): expiresAt is "2026-11-20T09:00:00.000Z", which is not after 2026-11-29T10:00:00.000Z (expired)',
          ),
        ],
      },
    ],
  },

  // --- the provisioning channel
  'link/provisioning-exclusive': {
    valid: [{ fixture: 'clean-scim.json' }, { fixture: 'clean-event-hook.json', config: EH }],
    invalid: [
      {
        fixture: 'provisioning-both-live.json',
        findings: [
          f(
            'error',
            HOOK,
            '/okta/eventHooks/1',
            'Both SCIM provisioning (app "Beyond Identity User Portal" (0oabiuser0000000a1d7)) and the event hook (event hook "Beyond Identity" (whobyndid0000000a1d7)) are live, so every membership change is applied twice (declared mode: scim)',
          ),
        ],
      },
      {
        fixture: 'event-hook-unverified.json',
        config: EH,
        findings: NEITHER_LIVE.findings!,
        others: {
          'okta/event-hook-active-verified': {
            status: 'fail',
            reason: '1 finding',
            findings: [
              f(
                'error',
                HOOK,
                '/okta/eventHooks/1/verificationStatus',
                `${HOOK_NAME}: verificationStatus is "UNVERIFIED", expected "VERIFIED"`,
              ),
            ],
          },
        },
      },
    ],
  },

  // --- Beyond Identity
  'bi/oidc-client-defined': {
    valid: [
      { fixture: 'clean-scim.json' },
      {
        fixture: 'bi-platform-none.json',
        status: 'off',
        reason: 'the Beyond Identity side was declared absent (the snapshot was collected with --bi-platform none)',
      },
    ],
    invalid: [
      {
        fixture: 'bi-oidc-client-missing.json',
        findings: [
          f(
            'error',
            'beyondIdentity/oidc-clients',
            '/beyondIdentity/oidcClients',
            'No OIDC client is named "Okta SSO"',
          ),
        ],
        others: {
          'bi/oidc-client-auth-method': dependsOn('bi/oidc-client-defined'),
          'bi/oidc-client-redirect-uri': dependsOn('bi/oidc-client-defined'),
          'bi/oidc-client-signing-alg': dependsOn('bi/oidc-client-defined'),
          // no client id to compare with: not evaluated, never passed
          'link/idp-client-id': {
            status: 'not-evaluated',
            reason: `the Beyond Identity OIDC client's client id is not known (no OIDC client with a client id in the snapshot and beyondIdentity.oidcClientId is not set); depends on bi/oidc-client-defined, which failed`,
          },
        },
      },
    ],
  },
  'bi/oidc-client-redirect-uri': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'bi-redirect-uri-wrong-domain.json',
        findings: [
          f(
            'error',
            CLIENT,
            '/beyondIdentity/oidcClients/0/redirect_uris',
            `${CLIENT_NAME}: redirect_uris lacks "https://acme.okta.com/oauth2/v1/authorize/callback"`,
          ),
        ],
      },
      {
        // a declared custom domain's callback must be registered too
        fixture: 'clean-scim.json',
        config: { okta: { customDomain: 'sso.acme.com' } },
        findings: [
          f(
            'error',
            CLIENT,
            '/beyondIdentity/oidcClients/0/redirect_uris',
            `${CLIENT_NAME}: redirect_uris lacks "https://sso.acme.com/oauth2/v1/authorize/callback"`,
          ),
        ],
      },
    ],
  },
  'bi/oidc-client-signing-alg': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'bi-signing-alg-hs256.json',
        findings: [
          f(
            'error',
            CLIENT,
            '/beyondIdentity/oidcClients/0/id_token_signed_response_alg',
            `${CLIENT_NAME}: id_token_signed_response_alg is "HS256", expected "RS256"`,
          ),
        ],
      },
    ],
  },
  'bi/oidc-client-auth-method': {
    valid: [{ fixture: 'clean-scim.json' }],
    invalid: [
      {
        fixture: 'bi-auth-method-basic.json',
        findings: [
          f(
            'error',
            CLIENT,
            '/beyondIdentity/oidcClients/0/token_endpoint_auth_method',
            `${CLIENT_NAME}: token_endpoint_auth_method is "client_secret_basic", expected "client_secret_post"`,
          ),
        ],
      },
    ],
  },
  'bi/console-sso': {
    valid: [
      { fixture: 'clean-scim.json' },
      {
        fixture: 'bi-absent.json',
        config: { beyondIdentity: { platform: 'none' } },
        status: 'off',
        reason: 'the Beyond Identity side was declared absent (platform none)',
      },
    ],
    invalid: [
      {
        fixture: 'bi-console-sso-wrong-issuer.json',
        findings: [
          f(
            'error',
            'beyondIdentity/console-sso/USER',
            '/beyondIdentity/consoleSso/0/issuer',
            'Console SSO configuration "USER": issuer is "https://acme.oktapreview.com", expected "https://acme.okta.com"',
          ),
        ],
      },
    ],
  },
  'bi/registration-extension': {
    valid: [{ fixture: 'clean-scim.json' }],
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
    ],
  },
  'bi/event-hook-extension': {
    valid: [
      { fixture: 'clean-event-hook.json', config: EH },
      { fixture: 'clean-scim.json', status: 'off', reason: MODE_OFF_SCIM },
    ],
    invalid: [
      {
        // as for bi/registration-extension: the message names the extension
        fixture: 'bi-event-hook-extension-wrong-group.json',
        config: EH,
        findings: [
          f(
            'error',
            'beyondIdentity/extensions/okta-event-hook',
            '/beyondIdentity/oktaEventHook/okta_group_name',
            'Okta event-hook extension: okta_group_name is "BI Users", expected "Beyond Identity"',
          ),
        ],
      },
    ],
  },

  // --- across the two systems
  'link/idp-client-id': {
    valid: [
      { fixture: 'clean-scim.json' },
      // the declared client id stands in for the missing client
      {
        fixture: 'bi-oidc-client-missing.json',
        config: { beyondIdentity: { oidcClientId: 'bi-okta-sso-client-7f3a' } },
        reason: 'identity provider "Beyond Identity" (0oabyndidp000000a1d7): every check holds',
      },
    ],
    invalid: [
      {
        fixture: 'idp-client-id-mismatch.json',
        findings: [
          f(
            'error',
            IDP,
            '/okta/idps/1/protocol/credentials/client/client_id',
            `${IDP_NAME}: the IdP's client id is "bi-okta-sso-client-2b91", expected "bi-okta-sso-client-7f3a"`,
          ),
        ],
      },
      {
        // an observed client id wins over the declared one
        fixture: 'idp-client-id-mismatch.json',
        config: { beyondIdentity: { oidcClientId: 'bi-okta-sso-client-2b91' } },
        findings: [
          f(
            'error',
            IDP,
            '/okta/idps/1/protocol/credentials/client/client_id',
            `${IDP_NAME}: the IdP's client id is "bi-okta-sso-client-2b91", expected "bi-okta-sso-client-7f3a"`,
          ),
        ],
      },
    ],
  },

  // --- users
  'users/registered-outside-group': {
    valid: [
      { fixture: 'users-clean.json' },
      {
        fixture: 'clean-scim.json',
        status: 'skipped',
        reason: 'okta.users was not collected (collect with --include users)',
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
            'Users who can sign in have byndidRegistered true but are not in the group "Beyond Identity", so they are routed to Beyond Identity without a credential (1): carol.diaz@acme.com',
          ),
        ],
      },
    ],
  },
  'users/group-member-not-in-bi': {
    valid: [
      { fixture: 'users-clean.json' },
      {
        fixture: 'clean-scim.json',
        status: 'skipped',
        reason: 'okta.groupMembers was not collected (collect with --include users)',
      },
    ],
    invalid: [
      {
        fixture: 'users-member-not-in-bi.json',
        findings: [
          f(
            'warning',
            'okta/groups/00gbyndid0000000a1d7/users',
            '/okta/groupMembers/00gbyndid0000000a1d7/2',
            'Members of the group "Beyond Identity" do not exist in Beyond Identity, no SCIM user has their Okta id as externalId (1): bob.martin@acme.com',
          ),
        ],
      },
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Beyond Identity Secure Access (the rules' `platforms: secure-access`) and declared values
// (collect --bi-from): the same rule ids on the other platform's objects.

const SA_BASE = 'clean-secure-access.json';
const SA_APP = 'beyondIdentity/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a';
const SA_APP_PTR = '/beyondIdentity/application';
const SA_CONFIG = 'beyondIdentity/sso-configs/6b1c3f0e-2a4d-4c8b-9e7f-1d2c3b4a5f60';
const SA_REG_PTR = '/beyondIdentity/ssoConfig/payload/okta_registration';
const SA_ISSUER =
  'https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a';
/** fmt() keeps values in messages whole (the text report shortens them for display) */
const short = (v: string) => JSON.stringify(v);
const SA_OFF = {
  'bi/oidc-client-auth-method':
    "Secure Access has no auth method to check: its token_endpoint_auth_method is deprecated and ignored, confidential applications always report client_secret_basic and accept client_secret_basic and client_secret_post alike, so Okta's client_secret_post works",
  'bi/console-sso':
    "Secure Access has no User Console SSO integration: its consoles sign in through the realm's identity providers, which the API does not tie to this Okta org",
  'bi/event-hook-extension':
    "Secure Access has no Okta event-hook extension: users are provisioned through SCIM (the Okta application's inbound SCIM), so there is nothing to check on the Beyond Identity side",
};
const DECLARED = ' (Beyond Identity values declared in bi-console.yaml, not read from its API)';

const saCases: Record<string, Partial<RuleCases>> = {
  'bi/oidc-client-defined': {
    valid: [
      { fixture: SA_BASE, reason: 'application "Okta" (4d3b2c7f-69c9-4edf-8c21-4b098af8d40a): every check holds' },
      { fixture: 'bi-declared.json' },
    ],
    invalid: [
      {
        fixture: 'sa-okta-application-missing.json',
        base: SA_BASE,
        findings: [
          f(
            'error',
            'beyondIdentity/applications',
            SA_APP_PTR,
            'The realm has no Okta application: no sso-config of type okta_sso_bi_idp with the OIDC application it names (Access Control > Applications > Okta)',
          ),
        ],
        others: {
          'bi/oidc-client-redirect-uri': dependsOn('bi/oidc-client-defined'),
          'bi/oidc-client-signing-alg': dependsOn('bi/oidc-client-defined'),
          // the registration sync is part of the missing sso-config: not configured either
          'bi/registration-extension': {
            status: 'fail',
            reason: 'the resource it requires does not exist',
            findings: [
              f(
                'error',
                'beyondIdentity/sso-configs',
                '/beyondIdentity/ssoConfig/payload',
                'Registration attribute sync of the Okta application: not configured: no sso-config of type okta_sso_bi_idp has payload.okta_registration (Access Control > Applications > Okta > Configure registration attribute)',
              ),
            ],
          },
          'link/idp-client-id': {
            status: 'not-evaluated',
            reason:
              "the Okta application's client id is not known (no sso-config of type okta_sso_bi_idp with a client_id in the snapshot and beyondIdentity.oidcClientId is not set); depends on bi/oidc-client-defined, which failed",
          },
          // without the sso-config's issuer, the configured one (the guide's default) is expected
          'okta/idp-issuer': {
            status: 'fail',
            reason: '1 finding',
            findings: [
              f(
                'error',
                IDP,
                '/okta/idps/1/protocol/issuer/url',
                `${IDP_NAME}: protocol.issuer.url is ${short(SA_ISSUER)}, expected "https://auth.byndid.com/v2"`,
              ),
            ],
          },
          'okta/idp-endpoints': {
            status: 'fail',
            reason: '1 finding',
            findings: [
              f(
                'error',
                IDP,
                '/okta/idps/1/protocol/endpoints/authorization/url',
                `${IDP_NAME}: protocol.endpoints.authorization.url is ${short(`${SA_ISSUER}/authorize`)}, expected "https://auth.byndid.com/v2/authorize"; protocol.endpoints.token.url is ${short(`${SA_ISSUER}/token`)}, expected "https://auth.byndid.com/v2/token"; protocol.endpoints.jwks.url is ${short(`${SA_ISSUER}/.well-known/jwks.json`)}, expected "https://auth.byndid.com/v2/.well-known/jwks.json"`,
              ),
            ],
          },
        },
      },
    ],
  },
  'bi/oidc-client-redirect-uri': {
    valid: [{ fixture: SA_BASE }],
    invalid: [
      {
        fixture: 'sa-redirect-uri-wrong.json',
        base: SA_BASE,
        findings: [
          f(
            'error',
            SA_APP,
            `${SA_APP_PTR}/protocol_config/redirect_uris`,
            'Application "Okta": protocol_config.redirect_uris lacks "https://acme.okta.com/oauth2/v1/authorize/callback"',
          ),
        ],
      },
      {
        // a declared custom domain's callback must be registered on Secure Access too
        fixture: SA_BASE,
        base: SA_BASE,
        config: { okta: { customDomain: 'sso.acme.com' } },
        findings: [
          f(
            'error',
            SA_APP,
            `${SA_APP_PTR}/protocol_config/redirect_uris`,
            'Application "Okta": protocol_config.redirect_uris lacks "https://sso.acme.com/oauth2/v1/authorize/callback"',
          ),
        ],
      },
    ],
  },
  'bi/oidc-client-signing-alg': {
    valid: [{ fixture: SA_BASE }, { fixture: 'bi-declared.json' }],
    invalid: [
      {
        fixture: 'sa-signing-alg-es256.json',
        base: SA_BASE,
        findings: [
          f(
            'error',
            SA_APP,
            `${SA_APP_PTR}/protocol_config/token_configuration/token_signing_algorithm`,
            'Application "Okta": protocol_config.token_configuration.token_signing_algorithm is "ES256", expected "RS256"',
          ),
        ],
      },
      {
        // a finding that rests on declared values says so
        fixture: 'bi-declared-signing-alg-es256.json',
        base: 'bi-declared.json',
        findings: [
          f(
            'error',
            CLIENT,
            '/beyondIdentity/oidcClients/0/id_token_signed_response_alg',
            `${CLIENT_NAME}: id_token_signed_response_alg is "ES256", expected "RS256"${DECLARED}`,
          ),
        ],
      },
    ],
  },
  'bi/oidc-client-auth-method': {
    // the auth method Secure Access reports (client_secret_basic) would fail; the rule is off there
    valid: [{ fixture: SA_BASE, status: 'off', reason: SA_OFF['bi/oidc-client-auth-method'] }],
  },
  'bi/console-sso': {
    valid: [{ fixture: SA_BASE, status: 'off', reason: SA_OFF['bi/console-sso'] }, { fixture: 'bi-declared.json' }],
  },
  'bi/event-hook-extension': {
    valid: [{ fixture: SA_BASE, config: EH, status: 'off', reason: SA_OFF['bi/event-hook-extension'] }],
  },
  'bi/registration-extension': {
    valid: [{ fixture: SA_BASE }, { fixture: 'bi-declared.json' }],
    invalid: [
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
    ],
  },
  'link/idp-client-id': {
    valid: [{ fixture: SA_BASE }],
    invalid: [
      {
        fixture: 'sa-client-id-mismatch.json',
        base: SA_BASE,
        findings: [
          f(
            'error',
            IDP,
            '/okta/idps/1/protocol/credentials/client/client_id',
            `${IDP_NAME}: the IdP's client id is "Xq7LmN2pR4sT6vW8yZ0bC1dE", expected "AYYNcuOSpfqIf33JeegCzDIT"`,
          ),
        ],
      },
    ],
  },
  'link/provisioning-exclusive': {
    valid: [{ fixture: SA_BASE }],
  },
  'okta/idp-issuer': {
    valid: [{ fixture: SA_BASE }],
    invalid: [
      {
        // the issuer of another application of the realm: each application has its own
        fixture: 'sa-issuer-mismatch.json',
        base: SA_BASE,
        findings: [
          f(
            'error',
            IDP,
            '/okta/idps/1/protocol/issuer/url',
            `${IDP_NAME}: protocol.issuer.url is ${short(SA_ISSUER.replace('4d3b2c7f-69c9-4edf-8c21-4b098af8d40a', '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b'))}, expected ${short(SA_ISSUER)}`,
          ),
        ],
      },
    ],
  },
  'okta/idp-endpoints': {
    valid: [{ fixture: SA_BASE }],
  },
};
for (const [id, cases] of Object.entries(saCases)) {
  TABLE[id].valid.push(...(cases.valid ?? []));
  TABLE[id].invalid.push(...(cases.invalid ?? []));
}

// ---------------------------------------------------------------------------------------------
// The table's own rules: a case that cannot fail is rejected before anything runs.

const auditKey = (a: Audit) => `${a.fixture} ${JSON.stringify(a.config ?? {})} ${a.biPlatform ?? ''}`.trim();

/** Everything wrong with a table, as sentences; [] when it is sound. */
export function tableProblems(
  table: Record<string, RuleCases>,
  rules: readonly Pick<Rule, 'id' | 'examples'>[],
  fixtureExists: (name: string) => boolean,
): string[] {
  const problems: string[] = [];
  const ids = new Set(rules.map((r) => r.id));
  for (const id of Object.keys(table)) if (!ids.has(id)) problems.push(`${id}: cases for a rule that does not exist`);
  for (const rule of rules) {
    const cases = table[rule.id];
    if (!cases) {
      problems.push(`${rule.id}: no cases`);
      continue;
    }
    if (cases.valid.length === 0) problems.push(`${rule.id}: no valid case`);
    if (cases.invalid.length === 0) problems.push(`${rule.id}: no invalid case`);
    const seen = new Map<string, string>();
    const see = (kind: string, c: Audit) => {
      const key = auditKey(c);
      const before = seen.get(key);
      if (before) problems.push(`${rule.id}: ${kind} case ${key} duplicates a ${before} case`);
      else seen.set(key, kind);
      if (!fixtureExists(c.fixture))
        problems.push(`${rule.id}: ${kind} case ${key}: fixture ${c.fixture} does not exist`);
    };
    for (const c of cases.valid) {
      see('valid', c);
      if (c.status !== undefined && !['pass', 'off', 'skipped'].includes(c.status))
        problems.push(`${rule.id}: valid case ${auditKey(c)} expects status ${c.status}`);
    }
    for (const c of cases.invalid) {
      see('invalid', c);
      if (!Array.isArray(c.findings) || c.findings.length === 0)
        problems.push(`${rule.id}: invalid case ${auditKey(c)} expects no finding, so it cannot fail`);
      for (const [other, st] of Object.entries(c.others ?? {})) {
        if (other === rule.id)
          problems.push(`${rule.id}: invalid case ${auditKey(c)} lists the rule itself under others`);
        if (!ids.has(other)) problems.push(`${rule.id}: invalid case ${auditKey(c)} lists an unknown rule ${other}`);
        if (st.status === 'fail' && !st.findings?.length)
          problems.push(`${rule.id}: invalid case ${auditKey(c)}: ${other} fails without expected findings`);
      }
    }
    const pass = rule.examples?.pass;
    const fail = rule.examples?.fail;
    if (pass && !cases.valid.some((c) => c.fixture === pass && (c.status ?? 'pass') === 'pass'))
      problems.push(`${rule.id}: its examples.pass ${pass} is not a passing valid case`);
    if (fail && !cases.invalid.some((c) => c.fixture === fail))
      problems.push(`${rule.id}: its examples.fail ${fail} is not an invalid case`);
  }
  return problems;
}

const fixtureExists = (name: string) => existsSync(path.join(FIXTURES, name));

const table = suite('rule table');

table('should cover every rule with a valid and an invalid case, and hold no case that cannot fail', () => {
  assert.equal(tableProblems(TABLE, RULES, fixtureExists), []);
});

table('should reject a rule without cases, a case that cannot fail, and duplicates', () => {
  const rules = [
    { id: 'x/a', examples: { pass: 'clean-scim.json', fail: 'a.json' } },
    { id: 'x/b', examples: {} },
    { id: 'x/c', examples: {} },
  ];
  const broken: Record<string, RuleCases> = {
    'x/a': {
      valid: [{ fixture: 'clean-scim.json' }, { fixture: 'clean-scim.json' }],
      invalid: [
        { fixture: 'a.json', findings: [] },
        { fixture: 'clean-scim.json', findings: [f('error', 'l', '/p', 'm')] },
      ],
    },
    'x/b': {
      valid: [],
      invalid: [
        {
          fixture: 'b.json',
          findings: [f('error', 'l', '/p', 'm')],
          others: { 'x/b': dependsOn('x/a'), 'x/z': { status: 'fail', reason: 'r' } },
        },
      ],
    },
    'x/gone': { valid: [{ fixture: 'clean-scim.json' }], invalid: [] },
  };
  assert.equal(
    tableProblems(broken, rules, (n) => n !== 'b.json'),
    [
      'x/gone: cases for a rule that does not exist',
      'x/a: valid case clean-scim.json {} duplicates a valid case',
      'x/a: invalid case a.json {} expects no finding, so it cannot fail',
      'x/a: invalid case clean-scim.json {} duplicates a valid case',
      'x/b: no valid case',
      'x/b: invalid case b.json {}: fixture b.json does not exist',
      'x/b: invalid case b.json {} lists the rule itself under others',
      'x/b: invalid case b.json {} lists an unknown rule x/z',
      'x/b: invalid case b.json {}: x/z fails without expected findings',
      'x/c: no cases',
    ],
  );
});

table('should reject a rule whose documented examples are not among its cases', () => {
  const rules = [{ id: 'x/a', examples: { pass: 'p.json', fail: 'f.json' } }];
  const cases: Record<string, RuleCases> = {
    'x/a': {
      valid: [{ fixture: 'p.json', status: 'off' }],
      invalid: [{ fixture: 'g.json', findings: [f('error', 'l', '/p', 'm')] }],
    },
  };
  assert.equal(
    tableProblems(cases, rules, () => true),
    [
      'x/a: its examples.pass p.json is not a passing valid case',
      'x/a: its examples.fail f.json is not an invalid case',
    ],
  );
});

table.run();

// ---------------------------------------------------------------------------------------------
// Running the cases

interface Run {
  results: Map<string, RuleResult>;
  list: RuleResult[];
  exit: (failOn?: 'error' | 'warning' | 'note' | 'never') => 0 | 1 | 3;
}

const runs = new Map<string, Run>();
const audited = new Set<string>();

/** Audits a fixture as `okta-bi-lint check` would, through the engine API (memoised per fixture and config). */
function audit(a: Audit): Run {
  const key = auditKey(a);
  audited.add(a.fixture);
  let r = runs.get(key);
  if (!r) {
    const snap = loadSnapshot(path.join(FIXTURES, a.fixture));
    const config = a.config ?? {};
    const expectations = resolveExpectations(config, snap.doc.okta.orgUrl, a.biPlatform);
    const list = evaluate(RULES, snap, { expectations, ruleLevels: config.rules });
    r = { list, results: new Map(list.map((x) => [x.rule.id, x])), exit: (failOn = 'error') => exitCode(list, failOn) };
    runs.set(key, r);
  }
  return r;
}

const seen = (fs: readonly Finding[]) =>
  fs.map((x) => ({
    ruleId: x.ruleId,
    level: x.level,
    logical: x.resource.logical,
    pointer: x.pointer,
    message: x.message,
  }));
const want = (ruleId: string, fs: readonly ExpectedFinding[]) => fs.map((x) => ({ ruleId, ...x }));

/** The clean org a failing fixture was made from, audited with the same provisioning mode. */
function baseOf(c: InvalidCase): Audit {
  const provisioning = c.config?.provisioning;
  const fixture =
    c.base ??
    (provisioning === 'event-hook'
      ? 'clean-event-hook.json'
      : c.fixture.startsWith('users-')
        ? 'users-clean.json'
        : 'clean-scim.json');
  return { fixture, config: provisioning ? { provisioning } : {} };
}

const describeAudit = (a: Audit) =>
  `${a.fixture}${a.config && Object.keys(a.config).length ? ` with ${JSON.stringify(a.config)}` : ''}${a.biPlatform ? ` --bi-platform ${a.biPlatform}` : ''}`;

const rules = suite('rules');

for (const [id, cases] of Object.entries(TABLE)) {
  for (const c of cases.valid) {
    const status = c.status ?? 'pass';
    rules(`${id} should be ${status} on ${describeAudit(c)}`, () => {
      const r = audit(c).results.get(id);
      assert.ok(r, `${id} is not in the results`);
      assert.equal({ status: r.status, findings: seen(r.findings) }, { status, findings: [] }, r.reason);
      if (c.reason !== undefined) assert.is(r.reason, c.reason);
    });
  }
  for (const c of cases.invalid) {
    rules(`${id} should report exactly its findings on ${describeAudit(c)}`, () => {
      const r = audit(c).results.get(id);
      assert.ok(r, `${id} is not in the results`);
      assert.is(r.status, 'fail', r.reason);
      assert.equal(seen(r.findings), want(id, c.findings));
    });
    rules(`${id} should leave every other rule as ${baseOf(c).fixture} has it, on ${describeAudit(c)}`, () => {
      const run = audit(c);
      const base = audit(baseOf(c));
      const changed: Record<string, unknown> = {};
      const expected: Record<string, unknown> = {};
      for (const r of run.list) {
        if (r.rule.id === id) continue;
        const b = base.results.get(r.rule.id)!;
        const differs = r.status !== b.status || JSON.stringify(seen(r.findings)) !== JSON.stringify(seen(b.findings));
        const other = c.others?.[r.rule.id];
        if (differs || other) changed[r.rule.id] = { status: r.status, reason: r.reason, findings: seen(r.findings) };
        if (other)
          expected[r.rule.id] = {
            status: other.status,
            reason: other.reason,
            findings: want(r.rule.id, other.findings ?? []),
          };
      }
      assert.equal(changed, expected);
    });
  }
}

rules.run();

// ---------------------------------------------------------------------------------------------
// The status contract (docs/contracts.md, "Rule status" and "Exit codes")

const statuses = suite('statuses');

const ofStatus = (run: Run, status: Status) =>
  Object.fromEntries(run.list.filter((r) => r.status === status).map((r) => [r.rule.id, r.reason]));
const EVENT_HOOK_RULES = [
  'okta/event-hook-active-verified',
  'okta/event-hook-auth-header',
  'okta/event-hook-defined',
  'okta/event-hook-events',
  'bi/event-hook-extension',
];
const BI_RULES = [
  'bi/console-sso',
  'bi/oidc-client-auth-method',
  'bi/oidc-client-defined',
  'bi/oidc-client-redirect-uri',
  'bi/oidc-client-signing-alg',
  'bi/registration-extension',
  'link/idp-client-id',
];
const SKIPPED_USERS = {
  'users/group-member-not-in-bi': 'okta.groupMembers was not collected (collect with --include users)',
  'users/registered-outside-group': 'okta.users was not collected (collect with --include users)',
};

statuses('should end every rule in exactly one status, once per rule, on every fixture', () => {
  for (const fixture of Object.keys(TABLE).flatMap((id) =>
    [...TABLE[id].valid, ...TABLE[id].invalid].map((c) => c.fixture),
  )) {
    const run = audit({ fixture });
    assert.equal(run.list.map((r) => r.rule.id).sort(), RULES.map((r) => r.id).sort(), fixture);
    for (const r of run.list) {
      assert.ok(STATUSES.includes(r.status), `${fixture} ${r.rule.id}: ${r.status}`);
      assert.ok(r.reason.length > 0, `${fixture} ${r.rule.id} has no reason`);
      assert.is(
        r.findings.length > 0,
        r.status === 'fail',
        `${fixture} ${r.rule.id}: ${r.status} with ${r.findings.length} findings`,
      );
    }
  }
});

statuses(
  'clean-scim.json should pass every rule with the default config: users skipped, event-hook rules off, exit 0',
  () => {
    const run = audit({ fixture: 'clean-scim.json' });
    assert.equal(ofStatus(run, 'skipped'), SKIPPED_USERS);
    assert.equal(ofStatus(run, 'off'), Object.fromEntries(EVENT_HOOK_RULES.map((id) => [id, MODE_OFF_SCIM])));
    const rest = RULES.length - Object.keys(SKIPPED_USERS).length - EVENT_HOOK_RULES.length;
    assert.is(Object.keys(ofStatus(run, 'pass')).length, rest);
    assert.is(run.exit(), 0);
    assert.is(run.exit('note'), 0);
  },
);

statuses('clean-event-hook.json should pass every rule with provisioning: event-hook: scim rules off, exit 0', () => {
  const run = audit({ fixture: 'clean-event-hook.json', config: EH });
  assert.equal(ofStatus(run, 'skipped'), SKIPPED_USERS);
  assert.equal(ofStatus(run, 'off'), {
    'okta/user-portal-group-push': MODE_OFF_HOOK,
    'okta/user-portal-provisioning': MODE_OFF_HOOK,
  });
  assert.is(Object.keys(ofStatus(run, 'pass')).length, RULES.length - 4);
  assert.is(run.exit('note'), 0);
});

statuses('users-clean.json should pass every rule, users rules included', () => {
  const run = audit({ fixture: 'users-clean.json' });
  assert.equal(ofStatus(run, 'skipped'), {});
  assert.is(ofStatus(run, 'pass')['users/registered-outside-group'], 'the snapshot: every check holds');
  assert.is(ofStatus(run, 'pass')['users/group-member-not-in-bi'], 'the snapshot: every check holds');
  assert.is(run.exit('note'), 0);
});

statuses(
  'clean-secure-access.json should pass every rule Secure Access has, the others off with the reason, exit 0',
  () => {
    const run = audit({ fixture: SA_BASE });
    assert.equal(ofStatus(run, 'skipped'), SKIPPED_USERS);
    const off = ofStatus(run, 'off');
    assert.equal(off, {
      ...Object.fromEntries(
        EVENT_HOOK_RULES.filter((id) => id !== 'bi/event-hook-extension').map((id) => [id, MODE_OFF_SCIM]),
      ),
      ...SA_OFF,
    });
    assert.is(
      Object.keys(ofStatus(run, 'pass')).length,
      RULES.length - Object.keys(SKIPPED_USERS).length - Object.keys(off).length,
    );
    assert.is(run.exit('note'), 0);
    // audited as Secure Workforce (--bi-platform), the snapshot has none of its sections
    const sw = audit({ fixture: SA_BASE, biPlatform: 'secure-workforce' });
    assert.equal(ofStatus(sw, 'not-evaluated'), {
      'bi/console-sso': 'beyondIdentity.consoleSso is absent from the snapshot',
      'bi/oidc-client-auth-method': 'beyondIdentity.oidcClients is absent from the snapshot',
      'bi/oidc-client-defined': 'beyondIdentity.oidcClients is absent from the snapshot',
      'bi/oidc-client-redirect-uri': 'beyondIdentity.oidcClients is absent from the snapshot',
      'bi/oidc-client-signing-alg': 'beyondIdentity.oidcClients is absent from the snapshot',
      'bi/registration-extension': 'beyondIdentity.oktaRegistrationAttribute is absent from the snapshot',
      'link/idp-client-id': 'beyondIdentity.oidcClients is absent from the snapshot',
    });
    assert.is(sw.exit(), 1, "the Okta IdP names the Secure Access issuer, not the guide's");
  },
);

statuses(
  'a Secure Access snapshot with a gap should leave exactly the rules that read the section not evaluated',
  () => {
    const snapText = readFileSync(path.join(FIXTURES, SA_BASE), 'utf8');
    const doc = JSON.parse(snapText);
    delete doc.beyondIdentity.application;
    doc.gaps = [
      {
        section: 'beyondIdentity.application',
        reason:
          'GET /v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a answered HTTP 403 forbidden',
        status: 403,
      },
    ];
    const snap = parseSnapshot(JSON.stringify(doc), 'sa-gap.json');
    const list = evaluate(RULES, snap, { expectations: resolveExpectations({}, doc.okta.orgUrl) });
    const ne = Object.fromEntries(list.filter((r) => r.status === 'not-evaluated').map((r) => [r.rule.id, r.reason]));
    const gap = `beyondIdentity.application could not be collected: ${doc.gaps[0].reason}`;
    assert.equal(ne, {
      'bi/oidc-client-defined': gap,
      'bi/oidc-client-redirect-uri': gap,
      'bi/oidc-client-signing-alg': gap,
    });
    assert.equal(
      list.filter((r) => r.status === 'fail').map((r) => r.rule.id),
      [],
    );
    assert.is(exitCode(list, 'error'), 3);
  },
);

statuses(
  'declared Beyond Identity values should pass like observed ones, and every finding resting on them should say so',
  () => {
    const run = audit({ fixture: 'bi-declared.json' });
    assert.equal(ofStatus(run, 'fail'), {});
    assert.equal(ofStatus(run, 'not-evaluated'), {});
    const failing = audit({ fixture: 'bi-declared-signing-alg-es256.json' });
    const findings = failing.list.flatMap((r) => r.findings);
    assert.equal(
      findings.map((x) => [x.ruleId, x.basis]),
      [['bi/oidc-client-signing-alg', 'declared']],
    );
    // Okta-only findings never carry the mark
    const mixed = audit({ fixture: 'bi-declared-signing-alg-es256.json', config: { okta: { group: 'BI Users' } } });
    for (const x of mixed.list.flatMap((r) => r.findings))
      assert.is(x.basis === 'declared', x.ruleId.startsWith('bi/'), x.ruleId);
  },
);

for (const [fixture, config] of [
  ['profile-source-okta-master.json', {}],
  ['routing-rule-inactive-rule-above.json', {}],
  ['event-hook-auth-header-lowercase.json', EH],
  ['sa-payload-externally-tagged.json', {}],
] as const) {
  statuses(`${fixture} should be as clean as the org it was made from`, () => {
    const run = audit({ fixture, config });
    assert.equal(ofStatus(run, 'fail'), {});
    assert.equal(ofStatus(run, 'not-evaluated'), {});
    assert.is(run.exit('note'), 0);
  });
}

statuses(
  'a missing subject should fail once and leave its dependents not-evaluated, "depends on <rule id>, which failed", never passed',
  () => {
    const run = audit({ fixture: 'idp-missing.json' });
    assert.equal(ofStatus(run, 'fail'), { 'okta/idp-defined': 'the resource it requires does not exist' });
    const dependents = ofStatus(run, 'not-evaluated');
    assert.is(Object.keys(dependents).length, 13);
    for (const [id, reason] of Object.entries(dependents))
      assert.is(reason, 'depends on okta/idp-defined, which failed', id);
    assert.is(run.exit(), 1);
  },
);

statuses('a definer turned off should leave its dependents not-evaluated with its reason', () => {
  const run = audit({ fixture: 'idp-missing.json', config: { rules: { 'okta/idp-defined': 'off' } } });
  assert.is(run.results.get('okta/idp-defined')!.status, 'off');
  assert.equal(
    run.results.get('okta/idp-issuer')!.reason,
    'depends on okta/idp-defined, which is off: turned off in the config (rules: okta/idp-defined: off)',
  );
  assert.equal(ofStatus(run, 'pass')['okta/idp-issuer'], undefined);
  assert.is(run.exit(), 3);
});

statuses(
  'a section listed in gaps should make the rules that read it not-evaluated with the gap reason, exit 3',
  () => {
    const gap =
      'okta.eventHooks could not be collected: 403 E0000006 You do not have permission to perform the requested action';
    const scim = audit({ fixture: 'gap-event-hooks.json' });
    assert.equal(ofStatus(scim, 'not-evaluated'), { 'link/provisioning-exclusive': gap });
    assert.equal(ofStatus(scim, 'fail'), {});
    assert.is(scim.exit(), 3);
    const hook = audit({ fixture: 'gap-event-hooks.json', config: EH });
    assert.equal(
      ofStatus(hook, 'not-evaluated'),
      Object.fromEntries(
        [
          'okta/event-hook-active-verified',
          'okta/event-hook-auth-header',
          'okta/event-hook-defined',
          'okta/event-hook-events',
          'link/provisioning-exclusive',
        ].map((id) => [id, gap]),
      ),
    );
  },
);

statuses('a Beyond Identity side that is simply missing should make its rules not-evaluated, exit 3', () => {
  const run = audit({ fixture: 'bi-absent.json' });
  assert.equal(ofStatus(run, 'not-evaluated'), {
    'bi/console-sso': 'beyondIdentity.consoleSso is absent from the snapshot',
    'bi/oidc-client-auth-method': 'beyondIdentity.oidcClients is absent from the snapshot',
    'bi/oidc-client-defined': 'beyondIdentity.oidcClients is absent from the snapshot',
    'bi/oidc-client-redirect-uri': 'beyondIdentity.oidcClients is absent from the snapshot',
    'bi/oidc-client-signing-alg': 'beyondIdentity.oidcClients is absent from the snapshot',
    'bi/registration-extension': 'beyondIdentity.oktaRegistrationAttribute is absent from the snapshot',
    'link/idp-client-id': 'beyondIdentity.oidcClients is absent from the snapshot',
  });
  assert.equal(ofStatus(run, 'fail'), {});
  assert.is(run.exit(), 3);
});

statuses('a Beyond Identity side declared absent should turn its rules off, exit 0', () => {
  const declared = 'the Beyond Identity side was declared absent (platform none)';
  const expected = Object.fromEntries([...BI_RULES, 'users/group-member-not-in-bi'].map((id) => [id, declared]));
  for (const a of [
    { fixture: 'bi-absent.json', config: { beyondIdentity: { platform: 'none' } } },
    { fixture: 'bi-absent.json', biPlatform: 'none' as const },
    { fixture: 'clean-scim.json', biPlatform: 'none' as const },
  ]) {
    const run = audit(a);
    const off = ofStatus(run, 'off');
    for (const id of EVENT_HOOK_RULES) delete off[id];
    assert.equal(off, expected, describeAudit(a));
    assert.is(run.exit(), 0, describeAudit(a));
  }
  const collected = audit({ fixture: 'bi-platform-none.json' });
  const off = ofStatus(collected, 'off');
  for (const id of EVENT_HOOK_RULES) delete off[id];
  assert.equal(
    off,
    Object.fromEntries(
      [...BI_RULES, 'users/group-member-not-in-bi'].map((id) => [
        id,
        'the Beyond Identity side was declared absent (the snapshot was collected with --bi-platform none)',
      ]),
    ),
  );
  assert.is(collected.exit(), 0);
});

statuses('a rule turned off in the config should be off with the config named, and not count for the exit code', () => {
  const run = audit({
    fixture: 'routing-rule-value-True.json',
    config: { rules: { 'okta/routing-rule-value-true': 'off' } },
  });
  assert.equal(
    ofStatus(run, 'off')['okta/routing-rule-value-true'],
    'turned off in the config (rules: okta/routing-rule-value-true: off)',
  );
  assert.is(run.exit(), 0);
  assert.is(audit({ fixture: 'routing-rule-value-True.json' }).exit(), 1);
});

statuses('a level override should change the level of the findings and the exit code with it', () => {
  const run = audit({
    fixture: 'routing-rule-value-True.json',
    config: { rules: { 'okta/routing-rule-value-true': 'warning' } },
  });
  const r = run.results.get('okta/routing-rule-value-true')!;
  assert.is(r.level, 'warning');
  assert.equal(
    r.findings.map((x) => x.level),
    ['warning'],
  );
  assert.is(run.exit('error'), 0);
  assert.is(run.exit('warning'), 1);
});

statuses('a note-level finding should fail the rule without failing the run at --fail-on error', () => {
  const run = audit({ fixture: 'routing-rule-renamed.json' });
  assert.is(run.results.get('okta/routing-rule-defined')!.status, 'fail');
  assert.is(run.exit('error'), 0);
  assert.is(run.exit('warning'), 0);
  assert.is(run.exit('note'), 1);
});

statuses(
  "users rules should be not-evaluated, never passed or failed, when the group's member list was not collected",
  () => {
    // users-group-members-missing.json holds members for the Admins group only.
    const run = audit({ fixture: 'users-group-members-missing.json' });
    for (const id of ['users/registered-outside-group', 'users/group-member-not-in-bi']) {
      const r = run.results.get(id)!;
      assert.is(
        r.status,
        'not-evaluated',
        `${id}: ${r.status} (${r.reason}) ${r.findings.map((x) => x.message).join(' | ')}`,
      );
      assert.match(
        r.reason,
        /00gbyndid0000000a1d7|"Beyond Identity"/,
        `${id}: the reason should name the group whose members are unknown`,
      );
    }
  },
);

statuses('should give the same results, fingerprints included, on every run', () => {
  const strip = (list: RuleResult[]) =>
    list.map((r) => ({ id: r.rule.id, status: r.status, reason: r.reason, findings: r.findings }));
  for (const fixture of ['clean-scim.json', 'idp-missing.json', 'users-registered-outside-group.json']) {
    const snap = loadSnapshot(path.join(FIXTURES, fixture));
    const again = evaluate(RULES, snap, { expectations: resolveExpectations({}, snap.doc.okta.orgUrl) });
    assert.equal(strip(again), strip(audit({ fixture }).list), fixture);
  }
});

statuses('should have audited every committed fixture (a fixture no test reads shows nothing)', () => {
  const unused = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && !audited.has(f));
  assert.equal(unused, []);
});

statuses.run();
