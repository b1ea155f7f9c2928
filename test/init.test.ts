import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { check } from '../src/api/check.js';
import { resolveExpectations } from '../src/config/expectations.js';
import { guideDefaults, parseConfig } from '../src/config/load.js';
import { loadRules } from '../src/engine/load-rules.js';
import { init } from '../src/init/index.js';
import { renderConfig } from '../src/init/template.js';
import { loadSchema } from '../src/util/ajv.js';
import { TOOL } from '../src/version.js';
import { app, biIdp, cleanDoc, writeDoc } from './helpers/audit-snapshots.js';
import { FIXTURES, runCli, tempDir } from './helpers/cli.js';

type Schema = {
  properties: Record<
    string,
    {
      description?: string;
      default?: unknown;
      properties?: Record<string, { description?: string; default?: unknown }>;
    }
  >;
};
const SCHEMA = loadSchema('config.schema.json') as Schema;
const CLEAN = path.join(FIXTURES, 'clean-scim.json');

/** Every dotted key of the config schema, with its description and guide default. */
function schemaKeys(schema: Schema = SCHEMA): { key: string; leaf: string; description: string; default?: unknown }[] {
  const out: { key: string; leaf: string; description: string; default?: unknown }[] = [];
  for (const [k, v] of Object.entries(schema.properties)) {
    if (v.properties)
      for (const [k2, v2] of Object.entries(v.properties))
        out.push({ key: `${k}.${k2}`, leaf: k2, description: v2.description ?? '', default: v2.default });
    else out.push({ key: k, leaf: k, description: v.description ?? '', default: v.default });
  }
  return out;
}

/** The comment block and the line of one key: `okta.group` -> the lines just above `  group:` and that line. */
function entry(text: string, key: string): { comment: string; line: string } {
  const parts = key.split('.');
  const lines = text.split('\n');
  let from = 0;
  if (parts.length === 2) from = lines.indexOf(`${parts[0]}:`);
  const indent = parts.length === 2 ? '  ' : '';
  const leaf = parts[parts.length - 1];
  const at = lines.findIndex(
    (l, i) => i > from && (l.startsWith(`${indent}${leaf}:`) || l.startsWith(`${indent}# ${leaf}:`)),
  );
  assert.ok(at > 0, `${key} is in the file`);
  let start = at;
  // Up to the previous key, live or commented out (`# orgUrl: …`); prose such as `# Note: …` belongs to the block.
  while (
    start > 0 &&
    lines[start - 1].trimStart().startsWith('#') &&
    !/^# [a-z][A-Za-z]*: /.test(lines[start - 1].trimStart())
  )
    start--;
  return {
    comment: lines
      .slice(start, at)
      .map((l) => l.replace(/^\s*# ?/, ''))
      .join(' '),
    line: lines[at],
  };
}

const plain = suite("init (the guide's starter file)");

plain("should write okta-bi-lint.yaml with every schema key, its meaning and the guide's default", async () => {
  const t = tempDir();
  try {
    const r = await init({ cwd: t.dir });
    assert.is(r.file, t.file('okta-bi-lint.yaml'));
    const text = readFileSync(t.file('okta-bi-lint.yaml'), 'utf8');
    assert.is(text, r.text);
    for (const k of schemaKeys()) {
      if (!/^(okta|beyondIdentity)\.|^provisioning$/.test(k.key)) continue;
      const e = entry(text, k.key);
      assert.ok(
        e.comment.includes(k.description.split(' ').slice(0, 6).join(' ')),
        `${k.key} is explained: ${e.comment}`,
      );
      if (k.default !== undefined) {
        assert.ok(e.comment.includes(`Guide's default: ${k.default}.`), `${k.key} names the guide's default`);
        assert.ok(e.line.trim().startsWith(`${k.leaf}: `) && !e.line.includes('#'), `${k.key} is set: ${e.line}`);
      } else {
        assert.match(e.line, `# ${k.leaf}:`, `${k.key} has no guide value and is commented out`);
      }
    }
  } finally {
    t.cleanup();
  }
});

plain("should load as a valid config that means exactly the guide's defaults", async () => {
  const { text } = await init({ output: '-' });
  const loaded = parseConfig(text, 'okta-bi-lint.yaml');
  const d = guideDefaults();
  assert.equal(loaded.data, { okta: d.okta, beyondIdentity: d.beyondIdentity, provisioning: d.provisioning });
  assert.equal(
    resolveExpectations(loaded.data, 'https://acme.okta.com'),
    resolveExpectations({}, 'https://acme.okta.com'),
  );
});

plain('should hold every other key as an example block that is valid once uncommented', async () => {
  const { text } = await init({ output: '-' });
  const examples = renderConfig({
    tool: TOOL,
    rules: loadRules([]).map((r) => ({ id: r.id, level: r.level, title: r.title })),
    uncommentExamples: true,
  });
  const data = parseConfig(examples, 'okta-bi-lint.yaml').data as Record<string, unknown>;
  assert.equal(Object.keys(data), Object.keys(SCHEMA.properties), 'every top-level key has a value or an example');
  const walkKeys = (schema: Record<string, any>, value: unknown, where: string) => {
    for (const [k, p] of Object.entries<Record<string, any>>(schema.properties ?? {})) {
      const v = (value as Record<string, unknown>)[k];
      assert.ok(v !== undefined, `${where}${k} has an example`);
      if (p.properties) walkKeys(p, v, `${where}${k}.`);
      if (p.items?.properties) walkKeys(p.items, (v as unknown[])[0], `${where}${k}[].`);
    }
  };
  walkKeys(SCHEMA, data, '');
  // The written file holds the same YAML, commented out where the guide has no value.
  const lines = text.split('\n');
  for (const line of examples.split('\n').filter((l) => l.trim() && !l.trimStart().startsWith('#'))) {
    const bare = line.replace(/ {2}# .*$/, '');
    assert.ok(
      lines.some((l) => l.replace(/ {2}# .*$/, '') === bare || l.replace('# ', '').replace(/ {2}# .*$/, '') === bare),
      `the file holds ${JSON.stringify(bare)}`,
    );
  }
  assert.match(text, /^# suppressions:$/m);
  assert.match(text, /^# drift:$/m);
});

plain(
  'should list every rule, with its level and title, as a commented override that loads when uncommented',
  async () => {
    const { text } = await init({ output: '-' });
    const rules = loadRules([]);
    for (const r of rules)
      assert.match(
        text,
        new RegExp(
          `^#   ${r.id.replace(/[/-]/g, '\\$&')}: ${r.level} +# ${r.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
          'm',
        ),
        r.id,
      );
    const uncommented = text
      .replace('# rules:', 'rules:')
      .replace(/^# {3}(okta\/api-token-defined): warning/m, '  $1: off');
    const loaded = parseConfig(uncommented, 'okta-bi-lint.yaml');
    assert.equal(loaded.data.rules, { 'okta/api-token-defined': 'off' });
  },
);

plain('should follow the schema, so a key added there appears without touching init', () => {
  const schema = structuredClone(SCHEMA) as Schema & Record<string, unknown>;
  schema.properties.okta.properties!.sessionLifetime = {
    description: 'How long an Okta session lasts, in minutes.',
    default: '120',
  } as never;
  const text = renderConfig({ schema, tool: TOOL });
  const e = entry(text, 'okta.sessionLifetime');
  assert.is(e.comment, 'How long an Okta session lasts, in minutes. Guide\'s default: "120".');
  assert.is(e.line, '  sessionLifetime: "120"', 'a string that looks like a number stays a string');
});

plain.run();

// ---- --from SNAPSHOT ----

const from = suite('init --from');

from('should fill in what the bundled clean org has, with nothing differing from the guide', async () => {
  const r = await init({ from: CLEAN, output: '-' });
  assert.equal(r.differs, []);
  const data = parseConfig(r.text, 'okta-bi-lint.yaml').data;
  assert.equal(data.okta, { ...guideDefaults().okta, orgUrl: 'https://acme.okta.com' });
  assert.equal(data.beyondIdentity, { ...guideDefaults().beyondIdentity, platform: 'secure-workforce' });
  assert.is(data.provisioning, 'scim');
  assert.match(r.text, 'group: Beyond Identity  # from the snapshot: the group pushed to the User Portal app');
  assert.match(
    r.text,
    'provisioning: scim  # from the snapshot: the User Portal app is ACTIVE and pushes new users (SCIM)',
  );
  assert.match(r.text, '# customDomain: sso.acme.com', 'no custom domain was seen, so it stays commented');
});

/** An org that named everything its own way, uses the event hook (EU endpoint) and a custom domain. */
function renamedOrg() {
  const doc = cleanDoc();
  const up = app(doc, 'Beyond Identity User Portal');
  up.label = 'Passkeys: User Portal #1';
  up.features = [];
  app(doc, 'Beyond Identity Admin Portal').label = 'BI admin console';
  doc.okta.groups.find((g: { profile: { name: string } }) => g.profile.name === 'Beyond Identity').profile.name =
    'true';
  biIdp(doc).name = 'BYNDID "passwordless"';
  doc.okta.idpDiscoveryPolicies[0]._rules[0].name = 'Route registered users to BI';
  doc.okta.apiTokens[0].name = 'Beyond Identity API Token';
  doc.okta.userSchema.definitions.custom.properties.passkeyEnrolled = {
    ...doc.okta.userSchema.definitions.custom.properties.byndidRegistered,
  };
  delete doc.okta.userSchema.definitions.custom.properties.byndidRegistered;
  doc.okta.idpDiscoveryPolicies[0]._rules[0].conditions.userIdentifier.attribute = 'passkeyEnrolled';
  doc.beyondIdentity!.oktaRegistrationAttribute.okta_registration_attribute_name = 'passkeyEnrolled';
  doc.beyondIdentity!.oidcClients[0].name = 'Okta (prod)';
  doc.beyondIdentity!.oidcClients[0].redirect_uris.push('https://login.acme.com/oauth2/v1/authorize/callback');
  doc.beyondIdentity!.oktaEventHook = { okta_domain: 'login.acme.com', okta_group_name: 'true', enabled: true };
  const hook = structuredClone(doc.okta.eventHooks[0]);
  Object.assign(hook, { id: 'whobyndid', name: 'Beyond Identity', status: 'ACTIVE', verificationStatus: 'VERIFIED' });
  hook.channel.config.uri = 'https://api-eu.byndid.com/okta_events';
  doc.okta.eventHooks.push(hook);
  return doc;
}

from(
  'should mark each value that differs from the guide, and the result must audit the org by its own names',
  async () => {
    const t = tempDir();
    try {
      const snap = writeDoc(t.file('renamed.json'), renamedOrg());
      const r = await init({ from: snap, cwd: t.dir });
      const text = readFileSync(t.file('okta-bi-lint.yaml'), 'utf8');
      const data = parseConfig(text, 'okta-bi-lint.yaml').data;
      assert.equal(data.okta, {
        orgUrl: 'https://acme.okta.com',
        customDomain: 'login.acme.com',
        registrationAttribute: 'passkeyEnrolled',
        group: 'true',
        idp: 'BYNDID "passwordless"',
        routingRule: 'Route registered users to BI',
        adminPortalApp: 'BI admin console',
        userPortalApp: 'Passkeys: User Portal #1',
        apiToken: 'Beyond Identity API Token',
        idpUsernameTemplate: 'idpuser.externalId',
        idpMatchType: 'USERNAME',
        eventHookUri: 'https://api-eu.byndid.com/okta_events',
      });
      assert.is(data.provisioning, 'event-hook');
      assert.is(data.beyondIdentity!.oidcClient, 'Okta (prod)');
      assert.equal(
        r.differs.sort(),
        [
          'beyondIdentity.oidcClient',
          'okta.adminPortalApp',
          'okta.apiToken',
          'okta.eventHookUri',
          'okta.group',
          'okta.idp',
          'okta.registrationAttribute',
          'okta.routingRule',
          'okta.userPortalApp',
          'provisioning',
        ].sort(),
      );
      for (const k of r.differs) {
        const e = entry(text, k);
        const guide =
          k === 'provisioning'
            ? 'scim'
            : String((guideDefaults() as Record<string, Record<string, string>>)[k.split('.')[0]][k.split('.')[1]]);
        assert.match(e.line, `# differs from the guide (${guide}): `, k);
      }
      assert.match(
        entry(text, 'okta.group').line,
        'group: "true"  # differs',
        'a name YAML would read as a boolean is quoted',
      );
      assert.match(entry(text, 'okta.userPortalApp').line, 'userPortalApp: "Passkeys: User Portal #1"  # differs');
      // With the guide's defaults the renamed org fails on names alone; with the inferred file those rules pass.
      writeFileSync(t.file('guide.yaml'), '{}\n');
      const before = check({ snapshot: snap, cwd: t.dir, config: t.file('guide.yaml') });
      const after = check({ snapshot: snap, config: t.file('okta-bi-lint.yaml'), cwd: t.dir });
      const status = (ctx: typeof after, id: string) => ctx.results.find((x) => x.rule.id === id)!.status;
      for (const id of [
        'okta/group-defined',
        'okta/idp-defined',
        'okta/routing-rule-defined',
        'okta/admin-portal-app',
        'okta/registration-attribute-defined',
        'bi/oidc-client-defined',
        'okta/event-hook-defined',
      ]) {
        assert.is(
          status(after, id),
          'pass',
          `${id} passes with the inferred names: ${after.results.find((x) => x.rule.id === id)!.reason}`,
        );
      }
      assert.is(status(before, 'okta/idp-defined'), 'fail');
    } finally {
      t.cleanup();
    }
  },
);

from("should keep the guide's settings even when the org has others, and say what it saw", async () => {
  const doc = cleanDoc();
  biIdp(doc).protocol.issuer.url = 'https://auth.byndid.com/v2/';
  biIdp(doc).policy.subject.matchType = 'EMAIL';
  const t = tempDir();
  try {
    const r = await init({ from: writeDoc(t.file('s.json'), doc), output: '-' });
    const data = parseConfig(r.text, 'x.yaml').data;
    assert.is(data.beyondIdentity!.issuer, 'https://auth.byndid.com/v2');
    assert.is(data.okta!.idpMatchType, 'USERNAME');
    assert.match(
      entry(r.text, 'beyondIdentity.issuer').comment,
      'Note: the identity provider names the issuer "https://auth.byndid.com/v2/"; okta/idp-issuer will report it',
    );
  } finally {
    t.cleanup();
  }
});

from("should say why a value kept the guide's when the snapshot could not show it", async () => {
  const doc = cleanDoc();
  delete doc.okta.idps;
  delete doc.okta.eventHooks;
  doc.gaps = [
    { section: 'okta.idps', reason: '403 E0000006' },
    { section: 'okta.eventHooks', reason: '403 E0000006' },
  ];
  const both = cleanDoc();
  const hook = both.okta.eventHooks[0];
  Object.assign(hook, { status: 'ACTIVE', verificationStatus: 'VERIFIED' });
  hook.channel.config.uri = 'https://api.byndid.com/okta_events';
  const t = tempDir();
  try {
    const gappy = await init({ from: writeDoc(t.file('gappy.json'), doc), output: '-' });
    assert.match(entry(gappy.text, 'okta.idp').comment, 'Note: okta.idps could not be collected (403 E0000006).');
    assert.is(entry(gappy.text, 'okta.idp').line, '  idp: Beyond Identity');
    assert.match(
      entry(gappy.text, 'provisioning').comment,
      'okta.eventHooks could not be collected (403 E0000006), so the live channel is unknown',
    );
    const twoLive = await init({ from: writeDoc(t.file('both.json'), both), output: '-' });
    assert.match(entry(twoLive.text, 'provisioning').comment, 'both SCIM provisioning and the event hook are live');
    assert.is(entry(twoLive.text, 'provisioning').line, 'provisioning: scim');
  } finally {
    t.cleanup();
  }
});

from.run();

// ---- the command ----

const cli = suite('okta-bi-lint init (CLI)');

cli('should write ./okta-bi-lint.yaml atomically and say so on stderr', () => {
  const t = tempDir();
  try {
    const r = runCli(['init', '--from', CLEAN], { cwd: t.dir });
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stdout, '');
    assert.is(r.stderr, `okta-bi-lint: wrote okta-bi-lint.yaml, 11 values from ${CLEAN}, 0 differing from the guide\n`);
    assert.equal(readdirSync(t.dir), ['okta-bi-lint.yaml'], 'no temporary file is left behind');
    // The file it wrote is what check picks up by default.
    const audit = runCli(['check', '--snapshot', CLEAN, '--format', 'json'], { cwd: t.dir });
    assert.is(audit.code, 0, audit.stderr);
    assert.is(JSON.parse(audit.stdout).configFile, 'okta-bi-lint.yaml');
  } finally {
    t.cleanup();
  }
});

cli('should refuse to overwrite an existing file without --force: exit 2, one line, file untouched', () => {
  const t = tempDir();
  try {
    writeFileSync(t.file('okta-bi-lint.yaml'), 'provisioning: event-hook\n');
    const r = runCli(['init'], { cwd: t.dir });
    assert.is(r.code, 2);
    assert.is(r.stdout, '');
    assert.is(r.stderr, 'okta-bi-lint: okta-bi-lint.yaml already exists; pass --force to overwrite it\n');
    assert.is(readFileSync(t.file('okta-bi-lint.yaml'), 'utf8'), 'provisioning: event-hook\n');
    const forced = runCli(['init', '--force', '--quiet'], { cwd: t.dir });
    assert.is(forced.code, 0, forced.stderr);
    assert.is(forced.stderr, '');
    assert.match(readFileSync(t.file('okta-bi-lint.yaml'), 'utf8'), 'provisioning: scim');
  } finally {
    t.cleanup();
  }
});

cli('should print to stdout with --output -, write elsewhere with --output FILE', () => {
  const t = tempDir();
  try {
    const out = runCli(['init', '--output', '-'], { cwd: t.dir });
    assert.is(out.code, 0);
    assert.match(out.stdout, /^# okta-bi-lint expectations/);
    assert.not.ok(existsSync(t.file('okta-bi-lint.yaml')));
    const file = runCli(['init', '-o', 'config/audit.yaml', '--quiet'], { cwd: t.dir });
    assert.is(file.code, 0, file.stderr);
    assert.is(readFileSync(t.file('config/audit.yaml'), 'utf8'), out.stdout);
  } finally {
    t.cleanup();
  }
});

cli('should exit 2 with one line for a snapshot it cannot read', () => {
  const t = tempDir();
  try {
    const r = runCli(['init', '--from', 'missing.json'], { cwd: t.dir });
    assert.is(r.code, 2);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, 'missing.json');
    assert.match(r.stderr, 'snapshot not found');
    assert.not.ok(existsSync(t.file('okta-bi-lint.yaml')), 'nothing is written when the snapshot is bad');
    writeFileSync(t.file('bad.json'), '{"format": "okta-bi-lint/snapshot@1", "okta": {}}');
    const invalid = runCli(['init', '--from', 'bad.json'], { cwd: t.dir });
    assert.is(invalid.code, 2, invalid.stderr);
    assert.match(invalid.stderr, 'bad.json');
  } finally {
    t.cleanup();
  }
});

cli.run();

const fixtures = suite('init output is valid YAML for odd names');

fixtures('should quote names YAML would misread and read them back exactly', async () => {
  const names = [
    'yes',
    '123',
    'null',
    '- dash',
    '@at',
    '*star',
    'a: colon',
    'hash #tag',
    "it's",
    'x"quote',
    ' lead',
    'tail ',
    '[list]',
    '{map}',
    '%pct',
    '!bang',
    '|pipe',
    '>gt',
    'multi\nline',
    'tab\there',
    'ünïcødé 🙂',
  ];
  for (const name of names) {
    const doc = cleanDoc();
    biIdp(doc).name = name;
    const t = tempDir();
    try {
      const r = await init({ from: writeDoc(t.file('s.json'), doc), output: '-' });
      const data = parseConfig(r.text, 'x.yaml').data;
      assert.is(data.okta!.idp, name, JSON.stringify(name));
      assert.is((parse(r.text) as { okta: { idp: string } }).okta.idp, name);
    } finally {
      t.cleanup();
    }
  }
});

fixtures.run();
