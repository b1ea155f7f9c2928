// Rules read each Beyond Identity platform's own objects: a rule may override how it reads a
// platform, or be off there with the reason; findings that rest on declared values say so.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseRule } from '../src/engine/load-rules.ts';
import { evaluate } from '../src/engine/evaluate.ts';
import { parseSnapshot } from '../src/snapshot/load.ts';
import { resolveExpectations } from '../src/config/expectations.ts';
import type { BiPlatform } from '../src/config/load.ts';

const ORG = 'https://acme.okta.com';
const rule = parseRule(
  `id: test/signing-alg
title: signing algorithm
level: error
section: bi
description: the client signs with RS256
rationale: Okta expects RS256
fix: Beyond Identity console > the client
requires: [beyondIdentity.oidcClients]
then:
  - { field: "beyondIdentity.oidcClients[0].alg", function: equals, options: { value: RS256 } }
platforms:
  secure-access:
    requires: [beyondIdentity.application]
    then:
      - { field: beyondIdentity.application.protocol_config.token_configuration.token_signing_algorithm, function: equals, options: { value: RS256 } }
`,
  'signing.yaml',
);
const offRule = parseRule(
  `id: test/console-sso
title: console sso
level: error
section: bi
description: console SSO
rationale: sign-in to the console
fix: Beyond Identity console
requires: [beyondIdentity.consoleSso]
then: [ { field: beyondIdentity.consoleSso, function: count, options: { min: 1 } } ]
platforms:
  secure-access: { off: Secure Access has no console SSO; administrators sign in through the realm's identity providers }
`,
  'console.yaml',
);

function run(bi: Record<string, unknown>, platform?: BiPlatform) {
  const snap = parseSnapshot(
    JSON.stringify({ format: 'okta-bi-lint/snapshot@1', okta: { orgUrl: ORG }, beyondIdentity: bi }),
    'snap.json',
  );
  return evaluate([rule, offRule], snap, { expectations: resolveExpectations({}, ORG, platform) });
}

test('the snapshot platform picks how a rule reads Beyond Identity', () => {
  const sw = run({ platform: 'secure-workforce', oidcClients: [{ alg: 'ES256' }], consoleSso: [{}] });
  assert.is(sw[1].status, 'fail');
  assert.is(
    sw[1].findings[0].message,
    'OIDC client: beyondIdentity.oidcClients[0].alg is "ES256", expected "RS256"',
    'the guide platform reads oidcClients',
  );
});

test("a platform override reads that platform's objects and sections", () => {
  const sa = run({
    platform: 'secure-access',
    application: { protocol_config: { token_configuration: { token_signing_algorithm: 'ES256' } } },
  });
  const signing = sa.find((r) => r.rule.id === 'test/signing-alg')!;
  assert.is(signing.status, 'fail');
  assert.is(
    signing.findings[0].pointer,
    '/beyondIdentity/application/protocol_config/token_configuration/token_signing_algorithm',
  );
  const missing = run({ platform: 'secure-access' }).find((r) => r.rule.id === 'test/signing-alg')!;
  assert.is(missing.status, 'not-evaluated');
  assert.is(missing.reason, 'beyondIdentity.application is absent from the snapshot');
});

test('a rule with no equivalent on a platform is off there, with the reason', () => {
  const sa = run({ platform: 'secure-access', application: {} });
  const con = sa.find((r) => r.rule.id === 'test/console-sso')!;
  assert.is(con.status, 'off');
  assert.match(con.reason, /Secure Access has no console SSO/);
});

test('the config platform wins over the snapshot', () => {
  const r = run({ platform: 'secure-workforce', oidcClients: [{ alg: 'RS256' }], consoleSso: [{}] }, 'secure-access');
  assert.is(r.find((x) => x.rule.id === 'test/console-sso')!.status, 'off');
});

test('findings that rest on declared Beyond Identity values say so', () => {
  const r = run({
    platform: 'secure-workforce',
    source: { kind: 'declared', file: 'bi-console.yaml' },
    oidcClients: [{ alg: 'HS256' }],
    consoleSso: [],
  });
  const signing = r.find((x) => x.rule.id === 'test/signing-alg')!;
  assert.is(signing.findings[0].basis, 'declared');
  assert.match(
    signing.findings[0].message,
    /\(Beyond Identity values declared in bi-console\.yaml, not read from its API\)$/,
  );
});

test('override checks are validated when rules load', () => {
  assert.throws(
    () =>
      parseRule(
        `id: test/x
title: x rule
level: error
section: bi
description: x x x
rationale: x x x
fix: x x x
requires: [beyondIdentity.oidcClients]
then: []
platforms:
  secure-access:
    then: [ { field: a, function: equals, options: { valu: 1 } } ]
`,
        'x.yaml',
      ),
    /invalid options for equals: unknown key "valu"/,
  );
});

test.run();
