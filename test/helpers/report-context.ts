import type { Finding, Rule, RuleResult, Status } from '../../src/engine/types.js';
import type { LevelSetting } from '../../src/util/levels.js';
import type { ReportContext } from '../../src/report/types.js';
import type { Position } from '../../src/util/json-position.js';

// A hand-built report context: one rule in every status, and no dependency on rules/, so a change
// to the rule pack never breaks the formatter tests.

function rule(id: string, section: string, extra: Partial<Rule> = {}): Rule {
  return {
    id,
    title: `Checks ${id}`,
    level: 'error',
    section,
    description: `Description of ${id}`,
    rationale: `Rationale of ${id}.`,
    fix: 'Okta Admin Console > Security > Identity Providers > Beyond Identity > Edit',
    requires: ['okta.idps'],
    then: [],
    file: `rules/${id}.yaml`,
    builtin: true,
    ...extra,
  };
}

function finding(ruleId: string, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    level: 'error',
    message:
      'Identity provider "Beyond Identity" (0oa1x2): issuer is "https://auth.example.com", expected "https://auth.byndid.com/v2"',
    resource: {
      kind: 'identity provider',
      id: '0oa1x2',
      name: 'Beyond Identity',
      logical: 'okta/idps/0oa1x2',
      pointer: '/okta/idps/0',
    },
    pointer: '/okta/idps/0/protocol/issuer/url',
    found: 'https://auth.example.com',
    expected: 'https://auth.byndid.com/v2',
    problems: [
      {
        detail: 'issuer is "https://auth.example.com", expected "https://auth.byndid.com/v2"',
        pointer: '/okta/idps/0/protocol/issuer/url',
        field: 'protocol.issuer.url',
        found: 'https://auth.example.com',
        expected: 'https://auth.byndid.com/v2',
      },
    ],
    fingerprint: `fp-${ruleId}-0oa1x2`,
    ...extra,
  };
}

function result(
  r: Rule,
  status: Status,
  reason: string,
  findings: Finding[] = [],
  level: LevelSetting = r.level,
): RuleResult {
  return { rule: r, level, status, reason, findings };
}

const groupPushFinding = finding('okta/group-push', {
  level: 'warning',
  message: 'Group push mapping 0gm9 (app "BI | Admin <b>"): status is "INACTIVE", expected "ACTIVE"',
  resource: {
    kind: 'group push mapping',
    id: '0gm9',
    logical: 'okta/apps/0oa5/group-push/mappings/0gm9',
    pointer: '/okta/apps/0/_groupPushMappings/0',
  },
  pointer: '/okta/apps/0/_groupPushMappings/0/status',
  found: 'INACTIVE',
  expected: 'ACTIVE',
  problems: [
    {
      detail: 'status is "INACTIVE", expected "ACTIVE"',
      pointer: '/okta/apps/0/_groupPushMappings/0/status',
      field: 'status',
      found: 'INACTIVE',
      expected: 'ACTIVE',
      level: 'warning',
    },
  ],
  fingerprint: 'fp-group-push-0gm9',
});

const suppressedFinding = finding('bi/oidc-client-alg', {
  message: 'OIDC client "Okta SSO" (c1): id_token_signed_response_alg is "HS256", expected "RS256"',
  resource: {
    kind: 'OIDC client',
    id: 'c1',
    name: 'Okta SSO',
    logical: 'beyond-identity/oidc-clients/c1',
    pointer: '/beyondIdentity/oidcClients/0',
  },
  pointer: '/beyondIdentity/oidcClients/0/id_token_signed_response_alg',
  found: 'HS256',
  expected: 'RS256',
  problems: [
    {
      detail: 'id_token_signed_response_alg is "HS256", expected "RS256"',
      pointer: '/beyondIdentity/oidcClients/0/id_token_signed_response_alg',
    },
  ],
  fingerprint: 'fp-bi-alg-c1',
  suppressed: { justification: 'legacy client, replaced in Q3', owner: 'iam-team' },
});

export function results(): RuleResult[] {
  return [
    result(rule('okta/registration-attribute', 'okta-profile'), 'pass', 'user schema: every check holds'),
    result(rule('okta/group-push', 'okta-apps', { level: 'warning' }), 'fail', 'failed', [groupPushFinding]),
    result(rule('okta/idp-issuer', 'okta-idp'), 'fail', 'failed', [finding('okta/idp-issuer')]),
    result(
      rule('okta/routing-rule-active', 'okta-routing'),
      'not-evaluated',
      'depends on okta/routing-rule-defined, which failed',
    ),
    result(
      rule('okta/api-token-defined', 'okta-hook'),
      'off',
      'turned off in the config (rules: okta/api-token-defined: off)',
      [],
      'off',
    ),
    result(rule('bi/oidc-client-alg', 'bi'), 'suppressed', 'every finding is suppressed', [suppressedFinding]),
    result(
      rule('users/registered', 'users', { level: 'note', requires: ['okta.users'] }),
      'skipped',
      'okta.users was not collected; run collect --include users',
    ),
    result(
      rule('acme/custom-check', 'acme', {
        builtin: false,
        helpUri: 'https://wiki.acme.example/okta-bi-lint/custom-check',
      }),
      'pass',
      'the snapshot: every check holds',
    ),
  ];
}

export const POSITIONS: [string, Position][] = [
  ['', { line: 1, column: 1 }],
  ['/okta/apps/0/_groupPushMappings/0/status', { line: 48, column: 23 }],
  ['/okta/idps/0/protocol/issuer/url', { line: 112, column: 20 }],
  ['/beyondIdentity/oidcClients/0/id_token_signed_response_alg', { line: 240, column: 40 }],
];

export function context(overrides: Partial<ReportContext> = {}): ReportContext {
  return {
    tool: { name: 'okta-bi-lint', version: '0.1.0', informationUri: 'https://github.com/okta-bi-lint/okta-bi-lint' },
    snapshot: {
      path: 'fixtures/acme snapshot.json',
      sha256: 'a'.repeat(64),
      collectedAt: '2026-11-29T10:00:00Z',
      orgUrl: 'https://acme.okta.com',
      biPlatform: 'secure-workforce',
    },
    expectations: {
      okta: { orgUrl: 'https://acme.okta.com', group: 'Beyond Identity' },
      beyondIdentity: { issuer: 'https://auth.byndid.com/v2' },
      provisioning: 'scim',
    },
    configFile: 'okta-bi-lint.yaml',
    results: results(),
    positions: new Map(POSITIONS),
    counts: { pass: 2, fail: 2, 'not-evaluated': 1, skipped: 1, off: 1, suppressed: 1 },
    levelCounts: { error: 1, warning: 1, note: 0 },
    failOn: 'error',
    exitCode: 1,
    startedAt: '2026-11-29T10:05:00.000Z',
    finishedAt: '2026-11-29T10:05:01.250Z',
    cwd: '/home/ci/work',
    ...overrides,
  };
}

/** Every rule passing: the shape of a clean, complete audit. */
export function cleanContext(): ReportContext {
  const r = rule('okta/idp-defined', 'okta-idp');
  return context({
    results: [result(r, 'pass', 'identity provider "Beyond Identity" (0oa1x2): every check holds')],
    counts: { pass: 1, fail: 0, 'not-evaluated': 0, skipped: 0, off: 0, suppressed: 0 },
    levelCounts: { error: 0, warning: 0, note: 0 },
    exitCode: 0,
  });
}
