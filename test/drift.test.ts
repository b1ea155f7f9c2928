// Drift between two snapshots, through the library (src/drift): matching by identity, field-level
// changes, sets, recreated resources, volatile fields and configured ignores, the level table, and
// fingerprints. The CLI cases (exit codes, refusals, formats) are in drift-cli.test.ts.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseConfig, type LoadedConfig } from '../src/config/load.ts';
import { resolveExpectations } from '../src/config/expectations.ts';
import { parseSnapshot, type Snapshot } from '../src/snapshot/load.ts';
import { compareSnapshots, type DriftComparison } from '../src/drift/compare.ts';
import { driftResults, toFinding } from '../src/drift/findings.ts';
import { DRIFT_IDS, SECTION_TYPES, TYPES, TYPE_NAMES, levelTableRows } from '../src/drift/table.ts';
import { VOLATILE_KEYS } from '../src/drift/ignores.ts';
import { parseDuration } from '../src/drift/baseline.ts';
import type { Change } from '../src/drift/types.ts';
import { cleanSnapshot, REPO_ROOT } from './helpers/cli.ts';

type Doc = Record<string, any>;

const IDP = '0oabyndidp000000a1d7';
const RULE = '0prbyndid0000000a1d7';

function snap(doc: Doc, file: string): Snapshot {
  return parseSnapshot(`${JSON.stringify(doc, null, 2)}\n`, file);
}

function config(yaml = ''): LoadedConfig {
  return yaml ? parseConfig(yaml, 'okta-bi-lint.yaml') : { data: {} };
}

/** Compares the clean snapshot with a changed copy of it. */
function diff(change: (d: Doc) => void, options: { yaml?: string; base?: (d: Doc) => void } = {}): DriftComparison {
  const base = cleanSnapshot();
  options.base?.(base);
  const cur = JSON.parse(JSON.stringify(base));
  change(cur);
  const cfg = config(options.yaml);
  const expectations = resolveExpectations(cfg.data, base.okta.orgUrl);
  return compareSnapshots(snap(base, 'baseline.json'), snap(cur, 'current.json'), { expectations, config: cfg });
}

/** The part of a change the tests compare exactly. */
function brief(c: Change) {
  return {
    id: c.driftId,
    level: c.level,
    resource: (c.current ?? c.baseline)!.logical,
    ...(c.field ? { path: c.field.path } : {}),
    ...(c.field && 'before' in c.field ? { before: c.field.before } : {}),
    ...(c.field && 'after' in c.field ? { after: c.field.after } : {}),
    ...(c.field?.added ? { added: c.field.added, removed: c.field.removed } : {}),
  };
}

const bi = (d: Doc) => d.okta.idps.find((i: Doc) => i.name === 'Beyond Identity');
const rule = (d: Doc) => d.okta.idpDiscoveryPolicies[0]._rules.find((r: Doc) => r.id === RULE);

// ---- identity, not position ----

const identity = suite('matching by identity');

identity('should find no drift between a snapshot and itself', () => {
  const cmp = diff(() => {});
  assert.equal(cmp.changes, []);
  assert.equal(cmp.notCompared, []);
  assert.ok(cmp.sections.every((s) => s.status === 'compared'));
});

identity(
  'should find no drift when every list is reordered (resources, scopes, redirect URIs, event types, features, patterns)',
  () => {
    const cmp = diff((d) => {
      d.okta.groups.reverse();
      d.okta.apps.reverse();
      d.okta.idps.reverse();
      for (const a of d.okta.apps) a.features?.reverse();
      d.okta.idpDiscoveryPolicies[0]._rules.reverse();
      d.okta.eventHooks[0].events.items.reverse();
      d.beyondIdentity.consoleSso.reverse();
      d.beyondIdentity.oidcClients[0].redirect_uris = [...d.beyondIdentity.oidcClients[0].redirect_uris].reverse();
      // keys in another order are the same object
      const idp = bi(d);
      const { protocol, ...rest } = idp;
      Object.keys(idp).forEach((k) => {
        delete idp[k];
      });
      Object.assign(idp, { protocol }, rest);
    });
    assert.equal(cmp.changes.map(brief), []);
  },
);

identity(
  'should report a renamed routing rule as a change of name on the same rule, not a removal and an addition',
  () => {
    const cmp = diff((d) => {
      rule(d).name = 'BI Auth';
    });
    assert.equal(cmp.changes.map(brief), [
      {
        id: 'drift/routing-rule-changed',
        level: 'error',
        resource: `okta/policies/00p5qwjvjjpuZBaOR1d7/rules/${RULE}`,
        path: 'name',
        before: 'Beyond Identity Auth',
        after: 'BI Auth',
      },
    ]);
    assert.is(
      cmp.changes[0].message,
      'Routing rule "BI Auth" (0prbyndid0000000a1d7) of policy "Idp Discovery Policy": name changed from "Beyond Identity Auth" to "BI Auth"',
    );
  },
);

identity('should report a deleted and recreated IdP as a removal plus an addition, and say so', () => {
  const NEW = '0oabyndidpNEW000a1d7';
  const cmp = diff((d) => {
    bi(d).id = NEW;
    rule(d).actions.idp.providers[0].id = NEW;
  });
  const idps = cmp.changes.filter((c) => c.type === 'idp');
  assert.equal(idps.map(brief), [
    { id: 'drift/idp-removed', level: 'error', resource: `okta/idps/${IDP}` },
    { id: 'drift/idp-added', level: 'error', resource: `okta/idps/${NEW}` },
  ]);
  assert.equal(idps[0].recreated, { otherId: NEW });
  assert.equal(idps[1].recreated, { otherId: IDP });
  assert.match(
    idps[0].message,
    `Identity provider "Beyond Identity" (${IDP}) was removed; it was deleted and recreated as ${NEW}`,
  );
  assert.match(
    idps[1].message,
    `Identity provider "Beyond Identity" (${NEW}) was added; it replaces ${IDP} of the same name, which was removed (deleted and recreated)`,
  );
  // the routing rule now points at the new id: a change of what the rules check
  const ref = cmp.changes.find((c) => c.type === 'routing-rule')!;
  assert.equal(brief(ref), {
    id: 'drift/routing-rule-changed',
    level: 'error',
    resource: `okta/policies/00p5qwjvjjpuZBaOR1d7/rules/${RULE}`,
    path: 'actions.idp.providers',
    before: [{ id: IDP, type: 'OIDC' }],
    after: [{ id: NEW, type: 'OIDC' }],
    added: [{ id: NEW, type: 'OIDC' }],
    removed: [{ id: IDP, type: 'OIDC' }],
  });
  // a removal points into the baseline, everything else into the current snapshot
  assert.is(toFinding(idps[0]).artifact, 'baseline');
  assert.is(toFinding(idps[0]).pointer, '/okta/idps/1');
  assert.is(toFinding(idps[1]).artifact, 'current');
});

identity('should report an IdP removed and another added under another name as plain removal and addition', () => {
  const cmp = diff((d) => {
    const other = d.okta.idps.find((i: Doc) => i.name === 'Partner SSO');
    other.id = '0oapartnerNEW000a1d7';
    other.name = 'Partner SSO 2';
  });
  assert.equal(
    cmp.changes.map((c) => [c.driftId, c.level, c.recreated]),
    [
      ['drift/idp-added', 'note', undefined],
      ['drift/idp-removed', 'note', undefined],
    ],
  );
});

identity('should match Beyond Identity objects without an id by name', () => {
  const cmp = diff(
    (d) => {
      d.beyondIdentity.oidcClients[0].token_endpoint_auth_method = 'client_secret_basic';
    },
    { base: (d) => delete d.beyondIdentity.oidcClients[0].id },
  );
  assert.equal(cmp.changes.map(brief), [
    {
      id: 'drift/oidc-client-changed',
      level: 'error',
      resource: 'beyondIdentity/oidc-clients/Okta SSO',
      path: 'token_endpoint_auth_method',
      before: 'client_secret_post',
      after: 'client_secret_basic',
    },
  ]);
});

identity('should match a Beyond Identity object that gained an id to its id-less baseline by name', () => {
  const cmp = diff((d) => (d.beyondIdentity.oidcClients[0].id = 'new-id'), {
    base: (d) => delete d.beyondIdentity.oidcClients[0].id,
  });
  assert.equal(cmp.changes.map(brief), [
    {
      id: 'drift/oidc-client-changed',
      level: 'warning',
      resource: 'beyondIdentity/oidc-clients/new-id',
      path: 'id',
      after: 'new-id',
    },
  ]);
});

identity.run();

// ---- field-level changes ----

const fields = suite('field-level changes');

fields('should report a scope added as a set difference', () => {
  const cmp = diff((d) => bi(d).protocol.scopes.push('profile'));
  assert.equal(cmp.changes.map(brief), [
    {
      id: 'drift/idp-changed',
      level: 'error',
      resource: `okta/idps/${IDP}`,
      path: 'protocol.scopes',
      before: ['openid'],
      after: ['openid', 'profile'],
      added: ['profile'],
      removed: [],
    },
  ]);
  assert.is(cmp.changes[0].message, `Identity provider "Beyond Identity" (${IDP}): protocol.scopes: added "profile"`);
  assert.is(cmp.changes[0].field!.currentPointer, '/okta/idps/1/protocol/scopes/1');
});

fields('should report redirect URIs replaced as items added and removed', () => {
  const cmp = diff(
    (d) =>
      (d.beyondIdentity.oidcClients[0].redirect_uris = [
        'https://acme.okta.com/oauth2/v1/authorize/callback/',
        'https://sso.acme.com/oauth2/v1/authorize/callback',
      ]),
  );
  assert.equal(
    cmp.changes.map((c) => [c.driftId, c.level, c.field!.path, c.field!.added, c.field!.removed]),
    [
      [
        'drift/oidc-client-changed',
        'error',
        'redirect_uris',
        ['https://acme.okta.com/oauth2/v1/authorize/callback/', 'https://sso.acme.com/oauth2/v1/authorize/callback'],
        ['https://acme.okta.com/oauth2/v1/authorize/callback'],
      ],
    ],
  );
});

fields('should report an event type removed from a hook as a set difference', () => {
  const cmp = diff((d) => d.okta.eventHooks[0].events.items.pop());
  assert.equal(
    cmp.changes.map((c) => [c.driftId, c.field!.path, c.field!.added, c.field!.removed]),
    [['drift/event-hook-changed', 'events.items', [], ['user.lifecycle.delete.initiated']]],
  );
});

fields('should report a field added and a field removed, with the value', () => {
  const cmp = diff((d) => {
    bi(d).policy.maxClockSkew = undefined;
    delete bi(d).policy.maxClockSkew;
    bi(d).policy.subject.filter = 'user.department eq "IT"';
    bi(d).protocol.settings.extra = true;
  });
  assert.equal(cmp.changes.map(brief), [
    { id: 'drift/idp-changed', level: 'error', resource: `okta/idps/${IDP}`, path: 'policy.maxClockSkew', before: 0 },
    {
      id: 'drift/idp-changed',
      level: 'error',
      resource: `okta/idps/${IDP}`,
      path: 'policy.subject.filter',
      before: null,
      after: 'user.department eq "IT"',
    },
    {
      id: 'drift/idp-changed',
      level: 'error',
      resource: `okta/idps/${IDP}`,
      path: 'protocol.settings.extra',
      after: true,
    },
  ]);
  assert.is(
    cmp.changes[0].message,
    `Identity provider "Beyond Identity" (${IDP}): policy.maxClockSkew was removed (it was 0)`,
  );
  assert.is(
    cmp.changes[2].message,
    `Identity provider "Beyond Identity" (${IDP}): protocol.settings.extra was added: true`,
  );
});

fields('should compare elements of an id-less object list as a multiset (the routing rule patterns)', () => {
  const cmp = diff((d) => (rule(d).conditions.userIdentifier.patterns = [{ matchType: 'EQUALS', value: 'True' }]));
  assert.equal(
    cmp.changes.map((c) => [c.field!.path, c.field!.added, c.field!.removed, c.level]),
    [
      [
        'conditions.userIdentifier.patterns',
        [{ matchType: 'EQUALS', value: 'True' }],
        [{ matchType: 'EQUALS', value: 'true' }],
        'error',
      ],
    ],
  );
});

fields('should match elements of an object list that carry ids, and report their fields', () => {
  const cmp = diff((d) => {
    rule(d).actions.idp.providers[0].type = 'SAML2';
  });
  assert.equal(cmp.changes.map(brief), [
    {
      id: 'drift/routing-rule-changed',
      level: 'error',
      resource: `okta/policies/00p5qwjvjjpuZBaOR1d7/rules/${RULE}`,
      path: `actions.idp.providers[${IDP}].type`,
      before: 'OIDC',
      after: 'SAML2',
    },
  ]);
});

fields('should report sub-resources the collector attached as resources of their own', () => {
  const cmp = diff((d) => {
    const portal = d.okta.apps.find((a: Doc) => a.label === 'Beyond Identity User Portal');
    portal._groupPushMappings[0].status = 'ERROR';
    portal._assignedGroups = [];
  });
  assert.equal(
    cmp.changes.map((c) => [c.driftId, c.level, (c.current ?? c.baseline)!.logical, c.field?.path]),
    [
      [
        'drift/app-group-assignment-removed',
        'error',
        'okta/apps/0oabiuser0000000a1d7/groups/00gbyndid0000000a1d7',
        undefined,
      ],
      [
        'drift/group-push-mapping-changed',
        'error',
        'okta/apps/0oabiuser0000000a1d7/group-push/mappings/gPmbyndid0000000a1d7',
        'status',
      ],
    ],
  );
  assert.is(
    cmp.changes[0].message,
    'Group assignment "Beyond Identity" (00gbyndid0000000a1d7) of app "Beyond Identity User Portal" was removed',
  );
});

fields('should report a custom attribute of the user schema as its own resource', () => {
  const cmp = diff((d) => (d.okta.userSchema.definitions.custom.properties.byndidRegistered.type = 'string'));
  assert.equal(cmp.changes.map(brief), [
    {
      id: 'drift/user-attribute-changed',
      level: 'error',
      resource: 'okta/meta/schemas/user/default#/definitions/custom/properties/byndidRegistered',
      path: 'type',
      before: 'boolean',
      after: 'string',
    },
  ]);
});

fields('should report an extension that disappeared (null) as removed, and one that appeared as added', () => {
  const cmp = diff((d) => {
    d.beyondIdentity.oktaRegistrationAttribute = null;
    d.beyondIdentity.oktaEventHook = {
      okta_domain: 'acme.okta.com',
      okta_group_name: 'Beyond Identity',
      enabled: true,
    };
  });
  assert.equal(
    cmp.changes.map((c) => [c.driftId, c.level]),
    [
      ['drift/registration-extension-removed', 'error'],
      ['drift/event-hook-extension-added', 'error'],
    ],
  );
});

fields.run();

// ---- volatile fields and ignores ----

const ignores = suite('ignored fields');

ignores('should ignore the volatile fields by default, at any depth', () => {
  const cmp = diff((d) => {
    d.collectedAt = '2027-01-01T00:00:00.000Z';
    d.collector.version = '9.9.9';
    for (const g of d.okta.groups) {
      g.lastUpdated = '2027-01-01T00:00:00.000Z';
      g.lastMembershipUpdated = '2027-01-01T00:00:00.000Z';
      g._embedded = { stats: { usersCount: 42 } };
    }
    bi(d).created = '2027-01-01T00:00:00.000Z';
    bi(d)._links.authorize.href = 'https://elsewhere.example/x';
    d.okta.apiTokens[0].expiresAt = '2027-02-01T00:00:00.000Z';
    rule(d).lastUpdated = '2027-01-01T00:00:00.000Z';
    d.okta.apps.find((a: Doc) => a.label === 'Beyond Identity User Portal')._groupPushMappings[0].lastPush =
      '2027-01-01T00:00:00Z';
    d.beyondIdentity.oktaRegistrationAttribute.date_modified = '2027-01-01T00:00:00.000+0000';
    d.okta.userSchema.statistics = { n: 1 };
  });
  assert.equal(cmp.changes.map(brief), []);
  for (const k of ['lastUpdated', 'created', 'lastMembershipUpdated', '_links', 'expiresAt', 'statistics', 'lastPush'])
    assert.ok(VOLATILE_KEYS.includes(k), k);
});

ignores('should ignore a field by resource type and path from the config, and everything beneath it', () => {
  const changes = (d: Doc) => {
    bi(d).protocol.credentials.client.client_id = 'rotated';
    bi(d).issuerMode = 'CUSTOM_URL';
    rule(d).name = 'BI Auth';
  };
  const yaml = [
    'drift:',
    '  ignore:',
    '    - type: idp',
    '      path: protocol.credentials',
    '    - type: "*"',
    '      path: issuerMode',
    '',
  ].join('\n');
  const cmp = diff(changes, { yaml });
  assert.equal(
    cmp.changes.map((c) => [c.driftId, c.field?.path]),
    [['drift/routing-rule-changed', 'name']],
  );
  assert.equal(cmp.warnings, []);
});

ignores('should support * for one segment and ** for any number in an ignore path', () => {
  const yaml = [
    'drift:',
    '  ignore:',
    '    - type: idp',
    '      path: protocol.endpoints.*.binding',
    '    - type: app',
    '      path: "**.logo"',
    '',
  ].join('\n');
  const cmp = diff(
    (d) => {
      bi(d).protocol.endpoints.token.binding = 'HTTP-REDIRECT';
      bi(d).protocol.endpoints.token.url = 'https://auth.byndid.com/v2/token2';
      d.okta.apps[0].settings.app = { ...(d.okta.apps[0].settings.app ?? {}), logo: 'x' };
    },
    { yaml },
  );
  assert.equal(
    cmp.changes.map((c) => c.field?.path),
    ['protocol.endpoints.token.url'],
  );
});

ignores('should ignore a whole resource type, additions and removals included, when no path is given', () => {
  const yaml = ['drift:', '  ignore:', '    - type: group', ''].join('\n');
  const cmp = diff(
    (d) => {
      d.okta.groups.pop();
      d.okta.groups[0].profile.description = 'x';
    },
    { yaml },
  );
  assert.equal(cmp.changes, []);
});

ignores('should warn, with file and line, about an ignore path that matches no field in either snapshot', () => {
  const yaml = [
    'drift:',
    '  ignore:',
    '    - type: idp',
    '      path: protocol.credentials',
    '    - type: idp',
    '      path: protocol.credentails',
    '',
  ].join('\n');
  const cmp = diff(() => {}, { yaml });
  assert.equal(
    cmp.warnings.map((w) => [w.file, w.line, w.level, w.message]),
    [
      [
        'okta-bi-lint.yaml',
        5,
        'warning',
        'drift.ignore[1] (idp: protocol.credentails) matches no field of any identity provider in either snapshot; check the path (dotted API field names, e.g. protocol.credentials.client.client_id; * is one segment, ** any number)',
      ],
    ],
  );
});

ignores.run();

// ---- levels ----

const levels = suite('level table');

const LEVEL_CASES: [string, (d: Doc) => void, [string, string][]][] = [
  [
    'a checked field of the integration IdP is an error',
    (d) => (bi(d).policy.provisioning.action = 'AUTO'),
    [['drift/idp-changed', 'error']],
  ],
  [
    'another field of the integration IdP is a warning',
    (d) => (bi(d).issuerMode = 'CUSTOM_URL'),
    [['drift/idp-changed', 'warning']],
  ],
  [
    'a checked field of an IdP outside the integration is a note',
    (d) => d.okta.idps.find((i: Doc) => i.name === 'Partner SSO').protocol.scopes.push('email'),
    [['drift/idp-changed', 'note']],
  ],
  [
    'a description of the integration group is a warning',
    (d) => (d.okta.groups.find((g: Doc) => g.profile.name === 'Beyond Identity').profile.description = 'x'),
    [['drift/group-changed', 'warning']],
  ],
  [
    'a renamed integration group is an error',
    (d) => (d.okta.groups.find((g: Doc) => g.profile.name === 'Beyond Identity').profile.name = 'BI'),
    [['drift/group-changed', 'error']],
  ],
  [
    'another group changed is a note',
    (d) => (d.okta.groups.find((g: Doc) => g.profile.name === 'Admins').profile.description = 'x'),
    [['drift/group-changed', 'note']],
  ],
  [
    'provisioning features of the User Portal app are an error',
    (d) => (d.okta.apps.find((a: Doc) => a.label === 'Beyond Identity User Portal').features = ['GROUP_PUSH']),
    [['drift/app-changed', 'error']],
  ],
  [
    'profile mastering turned on in any app is an error',
    (d) => (d.okta.apps.find((a: Doc) => a.name === 'office365').features = ['PROFILE_MASTERING']),
    [['drift/app-changed', 'error']],
  ],
  [
    'another app relabelled is a note',
    (d) => (d.okta.apps.find((a: Doc) => a.name === 'office365').label = 'Office'),
    [['drift/app-changed', 'note']],
  ],
  [
    'the priority of another routing rule is an error (it decides which rule runs first)',
    (d) => (d.okta.idpDiscoveryPolicies[0]._rules.find((r: Doc) => r.name === 'Default Rule').priority = 0),
    [['drift/routing-rule-changed', 'error']],
  ],
  [
    'another field of another routing rule is a warning',
    (d) =>
      (d.okta.idpDiscoveryPolicies[0]._rules.find((r: Doc) => r.name === 'Default Rule').conditions.network.connection =
        'ZONE'),
    [['drift/routing-rule-changed', 'warning']],
  ],
  [
    'a routing rule added is a warning',
    (d) =>
      d.okta.idpDiscoveryPolicies[0]._rules.push({
        id: '0prnew00000000000000',
        name: 'New',
        priority: 3,
        status: 'ACTIVE',
      }),
    [['drift/routing-rule-added', 'warning']],
  ],
  [
    'a hook outside the integration becoming unverified is a note',
    (d) => (d.okta.eventHooks[0].verificationStatus = 'UNVERIFIED'),
    [['drift/event-hook-changed', 'note']],
  ],
  [
    'the OIDC client signing algorithm is an error',
    (d) => (d.beyondIdentity.oidcClients[0].id_token_signed_response_alg = 'HS256'),
    [['drift/oidc-client-changed', 'error']],
  ],
  [
    'another field of the OIDC client is a warning',
    (d) => (d.beyondIdentity.oidcClients[0].description = 'x'),
    [['drift/oidc-client-changed', 'warning']],
  ],
  [
    'the registration extension disabled is an error',
    (d) => (d.beyondIdentity.oktaRegistrationAttribute.enabled = false),
    [['drift/registration-extension-changed', 'error']],
  ],
  [
    'the console SSO issuer is an error',
    (d) => (d.beyondIdentity.consoleSso[0].issuer = 'https://other.okta.com'),
    [['drift/console-sso-changed', 'error']],
  ],
  [
    'the integration API token renamed is an error',
    (d) => (d.okta.apiTokens[0].name = 'BI'),
    [['drift/api-token-changed', 'error']],
  ],
  [
    'the integration API token network is a warning',
    (d) => (d.okta.apiTokens[0].network = { connection: 'ZONE' }),
    [['drift/api-token-changed', 'warning']],
  ],
  [
    'a new group is a note',
    (d) => d.okta.groups.push({ id: '00gnew00000000000000', type: 'OKTA_GROUP', profile: { name: 'New' } }),
    [['drift/group-added', 'note']],
  ],
  [
    'the integration attribute removed is an error',
    (d) => delete d.okta.userSchema.definitions.custom.properties.byndidRegistered,
    [['drift/user-attribute-removed', 'error']],
  ],
  [
    'another attribute removed is a note',
    (d) => delete d.okta.userSchema.definitions.custom.properties.number123,
    [['drift/user-attribute-removed', 'note']],
  ],
];

for (const [name, change, want] of LEVEL_CASES) {
  levels(`should grade: ${name}`, () => {
    assert.equal(
      diff(change).changes.map((c) => [c.driftId, c.level]),
      want,
    );
  });
}

levels('should grade the integration event hook by its URI (event-hook mode)', () => {
  const cmp = diff((d) => (d.okta.eventHooks[0].verificationStatus = 'UNVERIFIED'), {
    base: (d) => (d.okta.eventHooks[0].channel.config.uri = 'https://api.byndid.com/okta_events'),
  });
  assert.equal(
    cmp.changes.map((c) => [c.driftId, c.level]),
    [['drift/event-hook-changed', 'error']],
  );
});

levels("should keep grading a resource renamed away from the expected name as the integration's", () => {
  const cmp = diff((d) => {
    const idp = bi(d);
    idp.name = 'Old BI';
    idp.issuerMode = 'CUSTOM_URL';
  });
  assert.equal(
    cmp.changes.map((c) => [c.field!.path, c.level]),
    [
      ['issuerMode', 'warning'],
      ['name', 'error'],
    ],
  );
});

levels('should take the names of the integration from the config', () => {
  const yaml = ['okta:', '  idp: Partner SSO', ''].join('\n');
  const cmp = diff((d) => d.okta.idps.find((i: Doc) => i.name === 'Partner SSO').protocol.scopes.push('email'), {
    yaml,
  });
  assert.equal(
    cmp.changes.map((c) => c.level),
    ['error'],
  );
});

levels.run();

// ---- fingerprints, results, sections ----

const results = suite('drift results');

results('should give the same fingerprint to the same change in another run, and another to another change', () => {
  const change = (d: Doc) => {
    bi(d).protocol.scopes.push('profile');
    rule(d).name = 'BI Auth';
  };
  const a = diff(change).changes.map(toFinding);
  const b = diff((d) => {
    change(d);
    d.okta.idps.reverse(); // other positions, other lines
  }).changes.map(toFinding);
  assert.equal(
    a.map((f) => f.fingerprint),
    b.map((f) => f.fingerprint),
  );
  assert.ok(a.every((f) => /^[0-9a-f]{32}$/.test(f.fingerprint)));
  assert.is.not(a[0].fingerprint, a[1].fingerprint);
  const c = diff((d) => bi(d).protocol.scopes.push('email')).changes.map(toFinding);
  assert.is.not(c[0].fingerprint, a[0].fingerprint);
});

results('should make one failing pseudo-rule per drift id, at the highest level of its changes', () => {
  const cmp = diff((d) => {
    bi(d).protocol.scopes.push('profile');
    bi(d).issuerMode = 'CUSTOM_URL';
  });
  const res = driftResults(cmp);
  assert.equal(
    res.map((r) => [r.rule.id, r.status, r.level, r.reason, r.findings.map((f) => f.level)]),
    [['drift/idp-changed', 'fail', 'error', '2 changes since the baseline', ['warning', 'error']]],
  );
  const f = res[0].findings[1];
  assert.equal(
    [f.found, f.expected, f.problems[0].field, f.problems[0].detail],
    [['openid', 'profile'], ['openid'], 'protocol.scopes', 'protocol.scopes: added "profile"'],
  );
});

results(
  'should mark a section listed in gaps as not compared (not-evaluated), and an optional section on one side only as skipped',
  () => {
    const cmp = diff((d) => {
      d.gaps = [{ section: 'okta.eventHooks', reason: '403 E0000006 You do not have permission' }];
      delete d.okta.eventHooks;
      d.okta.users = [{ id: '00u1', status: 'ACTIVE', profile: { login: 'a@acme.com' } }];
    });
    assert.equal(
      cmp.notCompared.map((n) => [n.section, n.status, n.reason]),
      [
        [
          'okta.eventHooks',
          'not-evaluated',
          'okta.eventHooks could not be compared: the current snapshot lists it in gaps (403 E0000006 You do not have permission)',
        ],
        [
          'okta.users',
          'skipped',
          'okta.users was collected in the current snapshot only, so it was not compared (collect both with --include users)',
        ],
      ],
    );
    const res = driftResults(cmp);
    assert.equal(
      res.map((r) => [r.rule.id, r.status]),
      [
        ['drift/event-hook-changed', 'not-evaluated'],
        ['drift/user-changed', 'skipped'],
      ],
    );
  },
);

results('should report a core section missing from one snapshot as not compared', () => {
  const cmp = diff((d) => delete d.okta.apiTokens);
  assert.equal(
    cmp.notCompared.map((n) => [n.section, n.status, n.reason]),
    [
      [
        'okta.apiTokens',
        'not-evaluated',
        'okta.apiTokens is absent from the current snapshot, so it could not be compared',
      ],
    ],
  );
});

results.run();

// ---- the table, the schema and the documentation agree ----

const table = suite('drift table');

table('should list every type in exactly one section, and every id in the config schema and docs/drift.md', () => {
  assert.equal(SECTION_TYPES.flatMap((s) => s.types).sort(), [...TYPE_NAMES].sort());
  assert.is(DRIFT_IDS.length, TYPES.length * 3);
  const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'config.schema.json'), 'utf8'));
  assert.equal(schema.properties.drift.properties.ignore.items.properties.type.enum, [...TYPE_NAMES, '*']);
  const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'drift.md'), 'utf8');
  for (const t of TYPES) assert.match(doc, `\`${t.type}\``, `docs/drift.md does not document ${t.type}`);
  for (const k of VOLATILE_KEYS) assert.match(doc, `\`${k}\``, `docs/drift.md does not list the volatile field ${k}`);
  for (const row of levelTableRows())
    assert.ok(doc.includes(row), `docs/drift.md's level table is stale; expected the row\n${row}`);
});

table('should parse the durations of --max-baseline-age', () => {
  assert.is(parseDuration('30d'), 30 * 86400e3);
  assert.is(parseDuration('12h'), 12 * 3600e3);
  assert.is(parseDuration('2w'), 14 * 86400e3);
  assert.is(parseDuration('P30D'), 30 * 86400e3);
  assert.is(parseDuration('PT12H'), 12 * 3600e3);
  assert.is(parseDuration('30'), undefined);
  assert.is(parseDuration('P'), undefined);
  assert.is(parseDuration('soon'), undefined);
});

table.run();
