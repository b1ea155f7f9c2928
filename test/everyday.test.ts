// What an engineer meets first at a terminal and in CI, through the built CLI in a fresh process:
// an org that uses the other provisioning channel than the declared (or default) one, an empty
// expectations file, a routing value with a leading space, and a Beyond Identity issuer declared in
// the config when the Beyond Identity side could not be read.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { FIXTURES, runCli, tempDir } from './helpers/cli.ts';

const fixture = (name: string) => path.join(FIXTURES, name);

interface JsonReport {
  exitCode: number;
  rules: { id: string; status: string; reason: string; findings: { message: string }[] }[];
}

function checkJson(args: string[], cwd?: string): JsonReport {
  const run = runCli(['check', ...args, '--format', 'json'], { cwd });
  assert.ok(run.code === 0 || run.code === 1 || run.code === 3, `exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as JsonReport;
}

const messages = (r: JsonReport, id: string) => r.rules.find((x) => x.id === id)!.findings.map((f) => f.message);

// ---- the provisioning channel ----

const channel = suite('an org that uses the other provisioning channel');

channel(
  'should say that a clean event-hook org checked in the default SCIM mode uses the event hook, and name the line to declare it',
  () => {
    const t = tempDir();
    try {
      const run = runCli(['check', '--snapshot', fixture('clean-event-hook.json')], { cwd: t.dir });
      assert.is(run.code, 1, run.stderr);
      const line = run.stdout.split('\n').find((l) => l.includes('okta/user-portal-provisioning'))!;
      assert.match(
        line,
        'this org uses the event hook, not SCIM provisioning: the event hook "Beyond Identity" is ACTIVE and VERIFIED and the app "Beyond Identity User Portal" pushes no users; but the provisioning mode is scim by default.',
      );
      assert.match(
        line,
        'put "provisioning: event-hook" in okta-bi-lint.yaml; enabling SCIM provisioning as well would provision every user twice',
      );
      // every finding of a SCIM-only rule says it, in every format
      const report = checkJson(['--snapshot', fixture('clean-event-hook.json')], t.dir);
      for (const id of ['okta/user-portal-provisioning', 'okta/user-portal-group-push']) {
        assert.ok(messages(report, id).length > 0, id);
        for (const m of messages(report, id))
          assert.match(m, 'put "provisioning: event-hook" in okta-bi-lint.yaml', id);
      }
      // rules that hold in either mode say nothing of it
      for (const r of report.rules)
        if (!r.id.startsWith('okta/user-portal-'))
          for (const m of r.findings.map((f) => f.message)) assert.not.match(m, 'provisioning:');
    } finally {
      t.cleanup();
    }
  },
);

channel('should pass that org once okta-bi-lint.yaml says "provisioning: event-hook"', () => {
  const t = tempDir();
  try {
    writeFileSync(t.file('okta-bi-lint.yaml'), 'provisioning: event-hook\n');
    const run = runCli(['check', '--snapshot', fixture('clean-event-hook.json')], { cwd: t.dir });
    assert.is(run.code, 0, run.stdout + run.stderr);
  } finally {
    t.cleanup();
  }
});

channel(
  'should name the config file that declares the mode, and the other way round: a SCIM org declared event-hook',
  () => {
    const t = tempDir();
    try {
      const config = t.file('expect.yaml');
      writeFileSync(config, 'provisioning: event-hook\n');
      const report = checkJson(['--snapshot', fixture('clean-scim.json'), '--config', config]);
      const m = messages(report, 'okta/event-hook-defined');
      assert.is(m.length, 1);
      assert.match(
        m[0],
        `this org uses SCIM provisioning, not the event hook: the app "Beyond Identity User Portal" pushes new users and no event hook to https://api.byndid.com/okta_events is live; but ${config} declares provisioning: event-hook. If SCIM provisioning is your channel, put "provisioning: scim" in ${config}; enabling the event hook as well would provision every user twice`,
      );
    } finally {
      t.cleanup();
    }
  },
);

channel('should say nothing of the channel when the org does not clearly use the other one', () => {
  // both channels live: link/provisioning-exclusive reports it; a SCIM org missing one push feature is a SCIM problem
  for (const name of ['provisioning-both-live.json', 'user-portal-provisioning-no-deactivate.json']) {
    const report = checkJson(['--snapshot', fixture(name)], path.dirname(fixture(name)));
    assert.ok(
      report.rules.some((r) => r.findings.length),
      name,
    );
    for (const r of report.rules)
      for (const m of r.findings.map((f) => f.message)) assert.not.match(m, 'provisioning:', `${name}: ${r.id}`);
  }
});

channel.run();

// ---- an empty expectations file ----

const empty = suite('an empty okta-bi-lint.yaml');

empty(
  "should mean the guide's values, as no file does: empty, blank, comments only, or a section with every line commented out",
  () => {
    const t = tempDir();
    try {
      const none = runCli(['check', '--snapshot', fixture('clean-scim.json'), '--format', 'json'], { cwd: t.dir });
      assert.is(none.code, 0, none.stderr);
      const guide = (JSON.parse(none.stdout) as { expectations: unknown }).expectations;
      for (const text of [
        '',
        '\n  \n',
        "# our org keeps the guide's values\n",
        'okta:\n  # group: Beyond Identity\nbeyondIdentity:\nrules:\n',
      ]) {
        writeFileSync(t.file('okta-bi-lint.yaml'), text);
        const run = runCli(['check', '--snapshot', fixture('clean-scim.json'), '--format', 'json'], { cwd: t.dir });
        assert.is(run.code, 0, `${JSON.stringify(text)}: ${run.stderr}`);
        assert.is(run.stderr, '');
        const report = JSON.parse(run.stdout) as { expectations: unknown; configFile?: string };
        assert.equal(report.expectations, guide, JSON.stringify(text));
        assert.is(report.configFile, 'okta-bi-lint.yaml', 'the file that was read is still named');
      }
      // named with --config, and read by drift as well
      writeFileSync(t.file('expect.yaml'), '');
      const drift = runCli(
        [
          'drift',
          '--baseline',
          fixture('clean-scim.json'),
          '--current',
          fixture('clean-scim.json'),
          '--config',
          t.file('expect.yaml'),
        ],
        { cwd: t.dir },
      );
      assert.is(drift.code, 0, drift.stderr);
      // a value of the wrong kind is still an error
      writeFileSync(t.file('okta-bi-lint.yaml'), 'okta: 3\n');
      const bad = runCli(['check', '--snapshot', fixture('clean-scim.json')], { cwd: t.dir });
      assert.is(bad.code, 2);
      assert.match(bad.stderr, 'okta-bi-lint.yaml:1:7: okta must be object');
    } finally {
      t.cleanup();
    }
  },
);

empty.run();

// ---- the routing rule's value ----

const routing = suite("the routing rule's value");

routing('should explain a leading space as a leading space, and a wrong case as case', () => {
  const line = (name: string) =>
    runCli(['check', '--snapshot', fixture(name)])
      .stdout.split('\n')
      .find((l) => l.includes('okta/routing-rule-value-true'))!;
  const space = line('routing-rule-value-leading-space.json');
  assert.match(
    space,
    'the pattern value is " true" (remove the leading space); Okta compares it exactly, so only "true" routes registered users',
  );
  assert.not.match(space, 'case');
  assert.match(line('routing-rule-value-True.json'), 'the pattern value is "True" (the comparison is case-sensitive)');
  assert.match(line('routing-rule-value-1.json'), 'the pattern value is "1"; Okta compares it exactly');
});

routing.run();

// ---- links in SARIF ----

const links = suite('SARIF links');

links(
  'should link a rule only to an address package.json declares, never to a guessed repository, and stay valid',
  async () => {
    const { validateSarif } = await import('./helpers/sarif-validate.ts');
    const pkg = JSON.parse(readFileSync(path.join(FIXTURES, '..', '..', 'package.json'), 'utf8')) as {
      repository?: unknown;
      homepage?: unknown;
    };
    assert.is(
      pkg.repository,
      undefined,
      'this test assumes package.json names no repository; when it does, expect links into it',
    );
    for (const args of [
      ['check', '--snapshot', fixture('idp-issuer-trailing-slash.json')],
      ['drift', '--baseline', fixture('clean-scim.json'), '--current', fixture('idp-issuer-trailing-slash.json')],
    ]) {
      const run = runCli([...args, '--format', 'sarif']);
      assert.is(run.code, 1, run.stderr);
      const log = JSON.parse(run.stdout) as {
        runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } } }[];
      };
      const rules = log.runs[0].tool.driver.rules;
      assert.ok(rules.length > 0);
      for (const r of rules) assert.is(r.helpUri, undefined, `${args[0]}: ${r.id}`);
      const v = validateSarif(run.stdout);
      assert.equal([v.errors, v.warnings], [[], []], v.output);
    }
  },
);

links.run();

// ---- a Beyond Identity issuer declared in the config ----

const declared = suite('values declared in okta-bi-lint.yaml when the Beyond Identity side has a gap');

/** The clean Secure Access org whose Okta application (sso-config) could not be read. */
function secureAccessWithGap(file: string): { issuer: string; clientId: string } {
  const doc = JSON.parse(readFileSync(fixture('clean-secure-access.json'), 'utf8'));
  const issuer = doc.beyondIdentity.ssoConfig.payload.oidc_configuration.issuer as string;
  const clientId = doc.beyondIdentity.ssoConfig.payload.client_id as string;
  for (const s of ['ssoConfig', 'application', 'groupAssociations']) delete doc.beyondIdentity[s];
  doc.gaps = ['ssoConfig', 'application', 'groupAssociations'].map((s) => ({
    section: `beyondIdentity.${s}`,
    reason: '403 Forbidden: the token lacks sso-configs:read',
  }));
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return { issuer, clientId };
}

const status = (r: JsonReport, id: string) => r.rules.find((x) => x.id === id)!;

declared(
  'should evaluate okta/idp-issuer, okta/idp-endpoints and link/idp-client-id from the declared issuer and client id under Secure Access',
  () => {
    const t = tempDir();
    try {
      const { issuer, clientId } = secureAccessWithGap(t.file('sa.json'));
      writeFileSync(
        t.file('okta-bi-lint.yaml'),
        `beyondIdentity:\n  platform: secure-access\n  issuer: ${issuer}\n  oidcClientId: ${clientId}\n`,
      );
      const ok = checkJson(['--snapshot', t.file('sa.json')], t.dir);
      for (const [id, key] of [
        ['okta/idp-issuer', 'issuer'],
        ['okta/idp-endpoints', 'issuer'],
        ['link/idp-client-id', 'oidcClientId'],
      ]) {
        assert.is(status(ok, id).status, 'pass', `${id}: ${status(ok, id).reason}`);
        assert.match(
          status(ok, id).reason,
          `compared with beyondIdentity.${key} as declared in okta-bi-lint.yaml, since beyondIdentity.ssoConfig could not be collected: 403 Forbidden`,
        );
      }
      assert.is(ok.exitCode, 3, 'the rules that need the sso-config itself are still not evaluated');

      // a declared issuer the IdP does not use is a finding that says what it was compared with
      writeFileSync(
        t.file('okta-bi-lint.yaml'),
        `beyondIdentity:\n  platform: secure-access\n  issuer: https://auth-us.beyondidentity.com/v1/tenants/t/realms/r/applications/other\n`,
      );
      const wrong = checkJson(['--snapshot', t.file('sa.json')], t.dir);
      assert.is(status(wrong, 'okta/idp-issuer').status, 'fail');
      assert.match(
        status(wrong, 'okta/idp-issuer').findings[0].message,
        'expected "https://auth-us.beyondidentity.com/v1/tenants/t/realms/r/applications/other" (compared with beyondIdentity.issuer as declared in okta-bi-lint.yaml',
      );
      assert.is(status(wrong, 'okta/idp-endpoints').status, 'fail');
      assert.is(
        status(wrong, 'link/idp-client-id').status,
        'not-evaluated',
        'no client id declared: nothing stands in for it',
      );
      assert.is(wrong.exitCode, 1);

      // the guide's default issuer is not a declaration: without one the rules are not evaluated, as before
      writeFileSync(t.file('okta-bi-lint.yaml'), 'beyondIdentity:\n  platform: secure-access\n');
      const none = checkJson(['--snapshot', t.file('sa.json')], t.dir);
      for (const id of ['okta/idp-issuer', 'okta/idp-endpoints', 'link/idp-client-id']) {
        assert.is(status(none, id).status, 'not-evaluated', id);
        assert.is(
          status(none, id).reason,
          'beyondIdentity.ssoConfig could not be collected: 403 Forbidden: the token lacks sso-configs:read',
        );
      }
    } finally {
      t.cleanup();
    }
  },
);

declared.run();
