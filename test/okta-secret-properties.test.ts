/**
 * Every property of Okta's management OpenAPI spec that carries a credential (format: password,
 * writeOnly, or credential-named; enumerated into test/data/okta-secret-properties.json by
 * test/data/gen-okta-secret-properties.mjs) is redacted wherever it appears in collected data.
 * The end-to-end proof through the emulator and the CLI is test/canaries.test.ts, which plants the
 * same list; this one names the property that a change lets through.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { redactSecrets, REDACTED } from '../src/secrets/redact.js';
import { oktaSecretPlacements, SPEC_NOT_SECRET, type SecretProperty } from './emulator/canaries.js';

const data = JSON.parse(readFileSync(new URL('./data/okta-secret-properties.json', import.meta.url), 'utf8')) as {
  source: string;
  properties: SecretProperty[];
};

test("the list is Okta's: every kind of mark is present, and the only exclusions are the written-down settings", () => {
  assert.is(data.source, "Okta's management OpenAPI spec");
  const reasons = new Set(data.properties.flatMap((p) => p.reasons));
  assert.equal([...reasons].sort(), ['credential-named', 'format: password', 'writeOnly']);
  assert.ok(data.properties.length >= 60, `${data.properties.length} properties`);
  // writeOnly properties that are settings, not credentials (a temporary access code's lifetime
  // and reuse, a security event's subject): listed on purpose, so that a new one cannot slip by
  const excluded = data.properties
    .filter((p) => SPEC_NOT_SECRET.has(`${p.schema}.${p.path}`))
    .map((p) => `${p.schema}.${p.path}`);
  assert.equal(excluded.sort(), [...SPEC_NOT_SECRET].sort());
  for (const p of data.properties.filter((x) => x.reasons.includes('format: password')))
    assert.not.ok(SPEC_NOT_SECRET.has(`${p.schema}.${p.path}`));
});

test('each credential property of the spec is redacted where it sits in an object, under every name it is referenced by', () => {
  const missed: string[] = [];
  const canaries: string[] = [];
  const placements = oktaSecretPlacements(data.properties, () => {
    canaries.push(`CANARY${canaries.length}xspec`);
    return canaries[canaries.length - 1];
  });
  const n = placements.length;
  placements.forEach(({ where, object }, i) => {
    const text = JSON.stringify(redactSecrets({ id: 'x', ...object }));
    if (text.includes(canaries[i])) missed.push(where);
    else if (!text.includes(REDACTED)) missed.push(`${where} (gone instead of redacted)`);
  });
  assert.ok(n >= data.properties.length - SPEC_NOT_SECRET.size, `${n} placements`);
  assert.equal(missed, [], 'not redacted');
});

test.run();
