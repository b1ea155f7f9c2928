// The fixture snapshots are generated (fixtures/generate.mjs, from recorded Okta responses): the
// committed files must be exactly what the script writes, valid against the snapshot schema, free
// of secrets, shaped like Okta's objects, and every example a rule documents must be among them.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync, readdirSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: a plain ES module without type declarations
import { buildAll, serialize } from '../fixtures/generate.mjs';
import { loadRules } from '../src/engine/load-rules.ts';
import { loadSnapshot } from '../src/snapshot/load.ts';
import { validator } from '../src/util/ajv.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'snapshots');
const built = buildAll() as Record<string, Record<string, any>>;
const committed = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort();

const generated = suite('generated fixtures');

generated('should commit every fixture exactly as generate.mjs writes it', () => {
  const stale = Object.keys(built).filter((name) => {
    let text: string;
    try {
      text = readFileSync(path.join(FIXTURES, name), 'utf8');
    } catch {
      return true;
    }
    return text !== serialize(built[name]);
  });
  assert.equal(stale, [], `run \`node fixtures/generate.mjs\`: ${stale.join(', ')} differ from what it writes`);
});

generated('should commit no fixture that generate.mjs does not produce', () => {
  assert.equal(
    committed.filter((f) => !(f in built)),
    [],
  );
});

generated('should build the same documents on every run', () => {
  const again = buildAll() as Record<string, unknown>;
  for (const name of Object.keys(built)) assert.is(serialize(again[name]), serialize(built[name]), name);
});

generated('should name fixtures so that no two collide on a case-insensitive file system', () => {
  const lower = new Map<string, string>();
  for (const name of Object.keys(built)) {
    const other = lower.get(name.toLowerCase());
    assert.not.ok(other, `${name} and ${other} are the same file on macOS and Windows`);
    lower.set(name.toLowerCase(), name);
  }
});

generated.run();

const valid = suite('fixture validity');

valid('should validate every fixture against schemas/snapshot.schema.json', () => {
  const validate = validator('snapshot.schema.json');
  for (const name of committed) {
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
    assert.ok(validate(doc), `${name}: ${JSON.stringify(validate.errors)}`);
    loadSnapshot(path.join(FIXTURES, name)); // throws an InputError on anything the loader refuses
  }
});

valid("should have every rule's examples.pass and examples.fail among the fixtures", () => {
  const missing: string[] = [];
  for (const rule of loadRules()) {
    if (!rule.examples?.pass || !rule.examples?.fail)
      missing.push(`${rule.id}: no ${rule.examples?.pass ? 'fail' : 'pass'} example`);
    for (const kind of ['pass', 'fail'] as const) {
      const name = rule.examples?.[kind];
      if (name && !committed.includes(name)) missing.push(`${rule.id}: examples.${kind} ${name} does not exist`);
    }
  }
  assert.equal(missing, []);
});

/** Every [pointer, value] pair of a document. */
function* leaves(v: unknown, pointer = ''): Generator<[string, string, unknown]> {
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* leaves(v[i], `${pointer}/${i}`);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      yield [`${pointer}/${k}`, k, x];
      yield* leaves(x, `${pointer}/${k}`);
    }
}

const SECRET_KEYS = new Set([
  'client_secret',
  'clientSecret',
  'okta_token',
  'token',
  'private_key',
  'privateKey',
  'password',
  'secret',
]);

valid('should hold no secret: every credential field is "[REDACTED]"', () => {
  for (const name of committed) {
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
    let secrets = 0;
    for (const [ptr, key, value] of leaves(doc)) {
      if ((SECRET_KEYS.has(key) && typeof value === 'string') || ptr.endsWith('/authScheme/value')) {
        assert.is(value, '[REDACTED]', `${name} ${ptr}`);
        secrets++;
      }
    }
    // every fixture has at least one IdP's client secret, so the walk must have met it
    assert.ok(secrets >= 1, `${name}: no secret field seen`);
  }
});

/** Okta ids are 20 characters with a type prefix (reference/README.md, "Id shapes"). */
const ID_PREFIX: Record<string, string> = {
  '/okta/groups': '00g',
  '/okta/apps': '0oa',
  '/okta/apps/_assignedGroups': '00g',
  '/okta/apps/_groupPushMappings': 'gPm',
  '/okta/idps': '0oa',
  '/okta/idpDiscoveryPolicies': '00p',
  '/okta/idpDiscoveryPolicies/_rules': '0pr',
  '/okta/eventHooks': 'who',
  '/okta/apiTokens': '00T',
  '/okta/users': '00u',
};

valid("should give every Okta object an id of Okta's shape: 20 characters with its type prefix", () => {
  let checked = 0;
  for (const name of committed) {
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
    for (const [ptr, key, value] of leaves(doc)) {
      if (key !== 'id') continue;
      const collection = ptr.replace(/\/\d+/g, '').replace(/\/id$/, '');
      const prefix = ID_PREFIX[collection];
      if (!prefix) continue;
      assert.match(String(value), new RegExp(`^${prefix}[A-Za-z0-9]{${20 - prefix.length}}$`), `${name} ${ptr}`);
      checked++;
    }
    for (const [group, members] of Object.entries((doc.okta.groupMembers ?? {}) as Record<string, string[]>)) {
      assert.match(group, /^00g[A-Za-z0-9]{17}$/, `${name} groupMembers key`);
      for (const m of members) assert.match(m, /^00u[A-Za-z0-9]{17}$/, `${name} groupMembers ${group}`);
    }
  }
  assert.ok(checked > 1000, `only ${checked} ids checked`);
});

valid("should keep users in the collector's shape, and SCIM users keyed by the Okta user id", () => {
  const withUsers = committed.filter((n) => n.startsWith('users-'));
  assert.ok(withUsers.length >= 3, withUsers.join(', '));
  for (const name of withUsers) {
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
    const ids = new Set(doc.okta.users.map((u: { id: string }) => u.id));
    for (const u of doc.okta.users) {
      assert.equal(Object.keys(u), ['id', 'status', 'profile'], `${name} ${u.id}`);
      for (const k of Object.keys(u.profile))
        assert.ok(['login', 'byndidRegistered'].includes(k), `${name} ${u.id} profile.${k}`);
      assert.ok(
        [
          'STAGED',
          'PROVISIONED',
          'ACTIVE',
          'RECOVERY',
          'PASSWORD_EXPIRED',
          'LOCKED_OUT',
          'SUSPENDED',
          'DEPROVISIONED',
        ].includes(u.status),
        `${name} ${u.id} ${u.status}`,
      );
    }
    for (const s of doc.beyondIdentity.scimUsers) {
      assert.equal(s.schemas, ['urn:ietf:params:scim:schemas:core:2.0:User'], name);
      assert.ok(
        ids.has(s.externalId),
        `${name}: SCIM user ${s.id} has externalId ${s.externalId}, not an Okta user id`,
      );
    }
  }
});

valid.run();
