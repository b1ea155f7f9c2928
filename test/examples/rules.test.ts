// The worked example of docs/writing-rules.md, run as a user runs it: examples/rules/ passed to
// `okta-bi-lint check --rules`, next to the built-in rules, on the bundled snapshots and on
// examples/rules/snapshots/idp-userinfo-wrong.json (clean-scim.json with an http userinfo endpoint
// of the wrong issuer).
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanSnapshot, FIXTURES, REPO_ROOT, runCli, tempDir, writeJson } from '../helpers/cli.ts';

const RULES_DIR = path.join(REPO_ROOT, 'examples', 'rules');
const WRONG = path.join(RULES_DIR, 'snapshots', 'idp-userinfo-wrong.json');
const ID = 'acme/idp-userinfo-endpoint';
const IDP = 'Identity provider "Beyond Identity" (0oabyndidp000000a1d7)';
const SA_APP =
  'https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a';

interface JsonRule {
  id: string;
  level: string;
  status: string;
  reason: string;
  findings: { level: string; message: string; pointer: string }[];
}

function check(snapshot: string, ...args: string[]) {
  const run = runCli(['check', '--snapshot', snapshot, '--rules', RULES_DIR, '--format', 'json', ...args]);
  assert.is(run.stderr, '', 'no error');
  const report = JSON.parse(run.stdout) as { rules: JsonRule[] };
  const rule = report.rules.find((r) => r.id === ID);
  assert.ok(rule, `${ID} is in the report`);
  return { code: run.code, rule, report };
}

const test = suite('examples/rules');

test('should pass the example rule, beside every built-in rule, on the clean snapshot', () => {
  const { code, rule, report } = check(path.join(FIXTURES, 'clean-scim.json'), '--fail-on', 'warning');
  assert.is(code, 0);
  assert.is(rule.status, 'pass', rule.reason);
  assert.is(rule.reason, `${IDP.replace('Identity', 'identity')}: every check holds`);
  assert.ok(report.rules.length > 30, 'the built-in rules run too');
});

test('should report the wrong userinfo endpoint as a warning with its own message, exit 1 only at --fail-on warning', () => {
  const { code, rule } = check(WRONG, '--fail-on', 'warning');
  assert.is(code, 1);
  assert.is(rule.status, 'fail');
  assert.equal(
    rule.findings.map((f) => [f.level, f.pointer, f.message]),
    [
      [
        'warning',
        '/okta/idps/1/protocol/endpoints/userInfo/url',
        `${IDP}: the userinfo endpoint is "http://auth.byndid.com/userinfo", expected "https://auth.byndid.com/v2/userinfo" (the issuer followed by /userinfo); the userinfo endpoint "http://auth.byndid.com/userinfo" uses http, not https`,
      ],
    ],
  );
  assert.is(check(WRONG).code, 0, 'a warning does not fail the run at the default --fail-on error');
});

test('should read the endpoint Secure Access publishes in the sso-config on that platform', () => {
  const clean = check(path.join(FIXTURES, 'clean-secure-access.json'));
  assert.is(clean.rule.status, 'pass', clean.rule.reason);
  const t = tempDir();
  try {
    const doc = cleanSnapshot('clean-secure-access.json');
    doc.okta.idps[1].protocol.endpoints.userInfo.url = 'https://auth.byndid.com/v2/userinfo';
    const { rule } = check(writeJson(t.file('sa-userinfo.json'), doc));
    assert.equal(
      rule.findings.map((f) => f.message),
      [
        `${IDP}: the userinfo endpoint is "https://auth.byndid.com/v2/userinfo", expected "${SA_APP}/userinfo" (the Okta application's userinfo endpoint)`,
      ],
    );
    // without the sso-config, the rule is not evaluated (no beyondIdentity.issuer is declared to stand in)
    delete doc.beyondIdentity.ssoConfig;
    doc.gaps = [{ section: 'beyondIdentity.ssoConfig', reason: 'GET answered HTTP 403 forbidden', status: 403 }];
    const gap = check(writeJson(t.file('sa-gap.json'), doc));
    assert.is(gap.rule.status, 'not-evaluated');
    assert.is(gap.rule.reason, 'beyondIdentity.ssoConfig could not be collected: GET answered HTTP 403 forbidden');
  } finally {
    t.cleanup();
  }
});

test.run();
