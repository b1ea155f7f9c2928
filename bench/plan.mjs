#!/usr/bin/env node
// npm run bench (part): how `okta-bi-lint check --plan` scales with the size of a Terraform plan.
//
// Generates a plan of 10,000 okta provider resources (IdPs, routing rules, groups, apps, group
// assignments, custom attributes; half created, with references between them, and some sensitive
// values) in Terraform's JSON format into bench/.data/, then measures, each in a fresh child
// process, the median of --runs runs:
//
//   floor   read the file and JSON.parse it (nothing this tool can be faster than)
//   check   okta-bi-lint check --plan plan.json --format sarif --output <temp file>
//
// Target: check <= 1.5x floor. It prints; it never fails on a target.
// Options: --resources N (default 10000), --runs N (default 3).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.join(ROOT, 'bench', '.data');
const BIN = path.join(ROOT, 'bin', 'okta-bi-lint.js');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : dflt;
};
const N = opt('resources', 10000);
const RUNS = opt('runs', 3);
const POLICY = '00pbenchpolicy000001';

function generate() {
  const changes = [];
  const planned = [];
  const config = [];
  const add = (type, name, after, { create = false, unknown = {}, sensitive = {}, expressions = {} } = {}) => {
    const address = `${type}.${name}`;
    const values = create ? { ...after, id: null } : after;
    changes.push({
      address,
      mode: 'managed',
      type,
      name,
      provider_name: 'registry.terraform.io/okta/okta',
      change: {
        actions: [create ? 'create' : 'no-op'],
        before: create ? null : after,
        after: values,
        after_unknown: create ? { id: true, ...unknown } : {},
        before_sensitive: create ? false : sensitive,
        after_sensitive: sensitive,
      },
    });
    planned.push({
      address,
      mode: 'managed',
      type,
      name,
      provider_name: 'registry.terraform.io/okta/okta',
      schema_version: 0,
      values,
      sensitive_values: sensitive,
    });
    config.push({ address, mode: 'managed', type, name, provider_config_key: 'okta', expressions, schema_version: 0 });
  };
  const per = Math.floor(N / 6);
  for (let i = 0; i < per; i++) {
    const create = i % 2 === 0;
    const idp = `okta_idp_oidc.idp${i}`;
    add(
      'okta_idp_oidc',
      `idp${i}`,
      {
        id: `0oabenchidp${String(i).padStart(8, '0')}`,
        name: `IdP ${i}`,
        status: 'ACTIVE',
        scopes: ['openid'],
        issuer_url: 'https://auth.byndid.com/v2',
        authorization_url: 'https://auth.byndid.com/v2/authorize',
        token_url: 'https://auth.byndid.com/v2/token',
        jwks_url: 'https://auth.byndid.com/v2/.well-known/jwks.json',
        client_id: `client-${i}`,
        client_secret: `secret-value-${i}-xxxxxxxx`,
        username_template: 'idpuser.externalId',
        subject_match_type: 'USERNAME',
        provisioning_action: 'DISABLED',
      },
      { create, unknown: { type: true }, sensitive: { client_secret: true } },
    );
    add(
      'okta_policy_rule_idp_discovery',
      `rule${i}`,
      {
        id: `0prbenchrule${String(i).padStart(8, '0')}`,
        policy_id: POLICY,
        name: `Rule ${i}`,
        status: 'ACTIVE',
        priority: i + 1,
        idp_providers: [{ id: create ? null : `0oabenchidp${String(i).padStart(8, '0')}`, type: 'OIDC' }],
        user_identifier_type: 'ATTRIBUTE',
        user_identifier_attribute: 'byndidRegistered',
        user_identifier_patterns: [{ match_type: 'EQUALS', value: 'true' }],
        network_connection: 'ANYWHERE',
        platform_include: [],
        app_include: [],
        app_exclude: [],
      },
      {
        create,
        unknown: create ? { idp_providers: [{ id: true }] } : {},
        expressions: {
          policy_id: { references: ['data.okta_policy.discovery.id', 'data.okta_policy.discovery'] },
          idp_providers: [{ id: { references: [`${idp}.id`, idp] } }],
        },
      },
    );
    add(
      'okta_group',
      `group${i}`,
      { id: `00gbenchgrp${String(i).padStart(8, '0')}`, name: `Group ${i}`, description: null },
      { create },
    );
    add('okta_app_oauth', `app${i}`, {
      id: `0oabenchapp${String(i).padStart(8, '0')}`,
      label: `App ${i}`,
      status: 'ACTIVE',
      type: 'web',
      redirect_uris: ['https://example.com/cb'],
      client_id: `app-client-${i}`,
    });
    add(
      'okta_app_group_assignment',
      `asg${i}`,
      {
        id: `asg${i}`,
        app_id: `0oabenchapp${String(i).padStart(8, '0')}`,
        group_id: `00gbenchgrp${String(i).padStart(8, '0')}`,
        priority: 0,
      },
      { expressions: { group_id: { references: [`okta_group.group${i}.id`, `okta_group.group${i}`] } } },
    );
    add('okta_user_schema_property', `attr${i}`, {
      id: `attr${i}`,
      index: `attr${i}`,
      title: `Attribute ${i}`,
      type: 'string',
      master: 'PROFILE_MASTER',
      user_type: 'default',
    });
  }
  return {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: { resources: planned } },
    resource_changes: changes,
    prior_state: {
      values: {
        root_module: {
          resources: [
            {
              address: 'data.okta_policy.discovery',
              mode: 'data',
              type: 'okta_policy',
              name: 'discovery',
              values: { id: POLICY, name: 'Idp Discovery Policy', type: 'IDP_DISCOVERY', status: 'ACTIVE' },
            },
          ],
        },
      },
    },
    configuration: { root_module: { resources: config } },
    complete: true,
    errored: false,
  };
}

function measure(args) {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { ms: performance.now() - t, code: r.status, stderr: r.stderr };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

mkdirSync(DATA, { recursive: true });
const file = path.join(DATA, `plan-${N}.json`);
writeFileSync(file, JSON.stringify(generate(), null, 2));
const out = path.join(tmpdir(), `okta-bi-lint-plan-bench-${process.pid}.sarif`);
const floors = [];
const checks = [];
let last;
for (let i = 0; i < RUNS; i++) {
  floors.push(measure(['-e', "JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))", file]).ms);
  last = measure([BIN, 'check', '--plan', file, '--format', 'sarif', '--output', out]);
  checks.push(last.ms);
}
rmSync(out, { force: true });
const f = median(floors);
const c = median(checks);
console.log(
  `\nplan of ${N} resources: ${path.relative(ROOT, file)}, ${(statSync(file).size / 1e6).toFixed(1)} MB, median of ${RUNS} runs, each in a fresh process`,
);
console.log(`  floor (read + JSON.parse)          ${(f / 1000).toFixed(2)} s`);
console.log(`  okta-bi-lint check --plan (sarif)  ${(c / 1000).toFixed(2)} s  (exit ${last.code})`);
console.log(`  ratio ${(c / f).toFixed(2)}x (target <= 1.5x)`);
if (last.code !== 0 && last.code !== 1 && last.code !== 3) console.log(last.stderr);
