import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FIXTURES, REPO_ROOT, runCli } from './helpers/cli.js';

// The differential test of check --plan: each scenario plan laid over a baseline snapshot must
// audit exactly like a snapshot in which the same configuration was written by hand, the way Okta
// would hold it, on every rule the plan can decide (those it does not leave not evaluated). The
// hand-written side never goes through the plan code, so a mapping mistake shows as a difference.

type Obj = Record<string, any>;
type Report = { rules: { id: string; status: string; findings: { message: string }[] }[] };

const PLANS = path.join(REPO_ROOT, 'fixtures', 'plans');
const clean = (): Obj => JSON.parse(readFileSync(path.join(FIXTURES, 'clean-scim.json'), 'utf8'));
const IDP = '0oabyndidp000000a1d7';
const RULE = '0prbyndid0000000a1d7';

const idps = (d: Obj): Obj[] => d.okta.idps;
const rules = (d: Obj): Obj[] => d.okta.idpDiscoveryPolicies[0]._rules;
const biIdp = (d: Obj): Obj => idps(d).find((i) => i.id === IDP)!;

/** The Beyond Identity routing rule as Okta holds it, with another id, name and value. */
function ruleAs(id: string, name: string, value: string, idpId: string): Obj {
  return {
    id,
    status: 'ACTIVE',
    name,
    priority: 1,
    system: false,
    type: 'IDP_DISCOVERY',
    conditions: {
      network: { connection: 'ANYWHERE' },
      platform: { include: [], exclude: [] },
      userIdentifier: { patterns: [{ matchType: 'EQUALS', value }], type: 'ATTRIBUTE', attribute: 'byndidRegistered' },
      app: { include: [], exclude: [] },
    },
    actions: { idp: { providers: [{ id: idpId, type: 'OIDC' }], idpSelectionType: 'SPECIFIC' } },
  };
}
/** The Beyond Identity IdP as Okta holds it, with another id and JIT setting. */
function idpAs(d: Obj, id: string, jit: 'AUTO' | 'DISABLED'): Obj {
  const i = structuredClone(biIdp(d));
  i.id = id;
  i.policy.provisioning.action = jit;
  return i;
}
/** clean-scim without the Beyond Identity IdP and routing rule: the org a plan creating them is applied to. */
function withoutBi(): Obj {
  const d = clean();
  d.okta.idps = idps(d).filter((i) => i.id !== IDP);
  d.okta.idpDiscoveryPolicies[0]._rules = rules(d).filter((r) => r.id !== RULE);
  return d;
}

interface Scenario {
  plan: string;
  baseline: () => Obj;
  /** the baseline with the plan's configuration written in by hand */
  expected: () => Obj;
  config?: string;
}

const SCENARIOS: Scenario[] = [
  {
    plan: 'update',
    baseline: clean,
    expected: () => {
      const d = clean();
      biIdp(d).protocol.scopes = ['openid', 'profile'];
      return d;
    },
  },
  { plan: 'no-op', baseline: clean, expected: clean },
  ...['replace', 'replace-create-first'].map((p) => ({
    plan: p,
    baseline: clean,
    expected: () => {
      const d = clean();
      d.okta.idpDiscoveryPolicies[0]._rules = rules(d).filter((r) => r.id !== RULE);
      rules(d).push(ruleAs('tf:okta_policy_rule_idp_discovery.bi', 'BI Auth', 'True', IDP));
      return d;
    },
  })),
  {
    plan: 'delete',
    baseline: clean,
    expected: () => {
      const d = clean();
      d.okta.idpDiscoveryPolicies[0]._rules = rules(d).filter((r) => r.id !== RULE);
      return d;
    },
  },
  {
    plan: 'create-idp-and-rule',
    baseline: withoutBi,
    expected: () => {
      const d = withoutBi();
      idps(d).push(idpAs(clean(), 'tf:okta_idp_oidc.bi', 'AUTO'));
      rules(d).push(
        ruleAs('tf:okta_policy_rule_idp_discovery.bi', 'Beyond Identity Auth', 'true', 'tf:okta_idp_oidc.bi'),
      );
      return d;
    },
  },
  {
    plan: 'module',
    baseline: withoutBi,
    expected: () => {
      const d = withoutBi();
      idps(d).push(idpAs(clean(), 'tf:module.bi.okta_idp_oidc.this', 'DISABLED'));
      const r = ruleAs(
        'tf:module.bi.okta_policy_rule_idp_discovery.this',
        'Beyond Identity Auth',
        ' true',
        'tf:module.bi.okta_idp_oidc.this',
      );
      rules(d).push(r);
      return d;
    },
  },
  {
    plan: 'dynamic-block',
    baseline: clean,
    expected: () => {
      const d = clean();
      d.okta.groups.push({ id: 'tf:okta_group.bi', type: 'OKTA_GROUP', profile: { name: 'Beyond Identity' } });
      return d;
    },
  },
  {
    plan: 'sensitive',
    baseline: clean,
    config: 'provisioning: event-hook\n',
    expected: () => {
      const d = clean();
      d.okta.eventHooks.push({
        id: 'tf:okta_event_hook.bi',
        name: 'Beyond Identity',
        status: 'ACTIVE',
        verificationStatus: 'VERIFIED',
        events: {
          type: 'EVENT_TYPE',
          items: [
            'group.user_membership.add',
            'group.user_membership.remove',
            'user.lifecycle.suspend',
            'user.lifecycle.unsuspend',
          ],
        },
        channel: {
          type: 'HTTP',
          version: '1.0.0',
          config: {
            uri: 'https://api.byndid.com/okta_events',
            headers: [{ key: 'X-Canary', value: '[REDACTED]' }],
            method: 'POST',
            authScheme: { type: 'HEADER', key: 'Authorization', value: '[REDACTED]' },
          },
        },
      });
      return d;
    },
  },
];

let dir: string;
const test = suite('check --plan: differential');
test.before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'okta-bi-lint-plan-diff-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

function audit(args: string[]): Report {
  const r = runCli(['check', ...args, '--format', 'json']);
  assert.ok(r.stdout.startsWith('{'), r.stderr);
  return JSON.parse(r.stdout) as Report;
}

for (const s of SCENARIOS) {
  test(`${s.plan}: the plan over the baseline audits like the same configuration as a snapshot`, () => {
    const baseline = path.join(dir, `${s.plan}.baseline.json`);
    const expected = path.join(dir, `${s.plan}.expected.json`);
    writeFileSync(baseline, JSON.stringify(s.baseline()));
    writeFileSync(expected, JSON.stringify(s.expected()));
    const cfg = ['--config', path.join(dir, `${s.plan}.yaml`)];
    writeFileSync(cfg[1], s.config ?? 'rules: {}\n');
    const planned = audit(['--snapshot', baseline, '--plan', path.join(PLANS, `${s.plan}.json`), ...cfg]);
    const written = audit(['--snapshot', expected, ...cfg]);
    let decided = 0;
    for (const r of planned.rules) {
      if (r.status === 'not-evaluated') continue;
      decided++;
      const w = written.rules.find((x) => x.id === r.id)!;
      assert.is(r.status, w.status, `${s.plan}: ${r.id}`);
      assert.equal(
        r.findings.map((f) => f.message).sort(),
        w.findings.map((f) => f.message).sort(),
        `${s.plan}: ${r.id}`,
      );
    }
    assert.ok(decided > 20, `${s.plan}: only ${decided} rules decided`);
  });
}

test.run();
