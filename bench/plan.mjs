#!/usr/bin/env node
// npm run bench (part): how `okta-bi-lint check --plan` scales with the size of a Terraform plan.
//
// Generates a plan of 10,000 okta provider resources (IdPs, routing rules, groups, apps, group
// assignments, custom attributes; half created, with references between them, and some sensitive
// values) in Terraform's JSON format into bench/.data/, then measures, each in a fresh child
// process, the median of --runs runs of:
//
//   floor     read the plan file and JSON.parse it
//   skeleton  the floor, plus the least any check must do beyond it (a yardstick for the target)
//   check     okta-bi-lint check --plan plan.json --format sarif --output <temp file>, run through
//             the CLI's main() in the child
//
// Process startup (starting Node, and for check loading the CLI's modules) is OUTSIDE every timed side:
// each child starts, loads what it needs, then times only the work. The ratio check/floor is the
// target (<= 1.5x). The whole-process wall times, startup inside, are printed too, for reference.
// It prints; it never fails on a target.
// Options: --resources N (default 10000), --runs N (default 3).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.join(ROOT, 'bench', '.data');
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

/** One fresh child process: `script` prints the milliseconds of its timed work on stdout's last line. */
function measure(script, args) {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const wall = performance.now() - t;
  const last = r.stdout.trim().split('\n').pop();
  return { ms: Number(last), wall, code: r.status, stderr: r.stderr };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// the floor: read and parse, timed from after Node started
const FLOOR = `
import { readFileSync } from 'node:fs';
const t = performance.now();
JSON.parse(readFileSync(process.argv[1], 'utf8'));
console.log(performance.now() - t);
`;
// the least any check must do beyond the floor, as a yardstick for the target: hash the file (the
// report names it), one new object per resource and side (its strings gathered for the scanner),
// and per side one pass of each of the 37 rules that compares one field. No mapping, no unknowns,
// no secret scan, no report: a real check cannot be faster than this.
const SKELETON = `
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
const t = performance.now();
const bytes = readFileSync(process.argv[1]);
const plan = JSON.parse(bytes.toString('utf8'));
createHash('sha256').update(bytes).digest('hex');
const sides = [[], []];
const strings = new Set();
for (const rc of plan.resource_changes) {
  const vs = [rc.change.before, rc.change.after];
  for (let i = 0; i < 2; i++) {
    if (!vs[i]) continue;
    const o = { address: rc.address };
    for (const k in vs[i]) {
      o[k] = vs[i][k];
      if (typeof o[k] === 'string') strings.add(o[k]);
    }
    sides[i].push(o);
  }
}
let n = 0;
for (const side of sides) for (let r = 0; r < 37; r++) for (const o of side) if (o.status === 'ACTIVE') n++;
// n is printed should it ever be negative (it never is): the passes cannot be optimised away
console.log(n < 0 ? n : performance.now() - t);
`;
// the check: the CLI's modules (and those check --plan loads on demand) are loaded first, then
// main() is timed from the parsing of its arguments to the report written
const CHECK = `
import { createRequire } from 'node:module';
const dist = (m) => new URL(m, 'file://${ROOT.replaceAll('\\', '/')}/dist/').href;
const { main } = await import(dist('cli/main.js'));
await Promise.all(
  ['report/sarif.js', 'plan/index.js', 'api/check.js', 'secrets/secretlint.js', 'cli/check.js', 'cli/output.js',
   'cli/collect.js', 'report/display.js', 'report/run-messages.js'].map((m) => import(dist(m))),
);
// the argument parser main() imports on demand, resolved from the package as main() resolves it
await import(createRequire(dist('cli/main.js')).resolve('yargs-parser'));
const t = performance.now();
const code = await main(process.argv.slice(1));
const ms = performance.now() - t;
process.exitCode = code;
console.log(ms);
`;

mkdirSync(DATA, { recursive: true });
const file = path.join(DATA, `plan-${N}.json`);
writeFileSync(file, JSON.stringify(generate(), null, 2));
const out = path.join(tmpdir(), `okta-bi-lint-plan-bench-${process.pid}.sarif`);
const floors = [];
const skeletons = [];
const checks = [];
let last;
for (let i = 0; i < RUNS; i++) {
  floors.push(measure(FLOOR, [file]));
  skeletons.push(measure(SKELETON, [file]));
  last = measure(CHECK, ['check', '--plan', file, '--format', 'sarif', '--output', out, '--quiet']);
  checks.push(last);
}
rmSync(out, { force: true });
const f = median(floors.map((x) => x.ms));
const c = median(checks.map((x) => x.ms));
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `\nplan of ${N} resources: ${path.relative(ROOT, file)}, ${(statSync(file).size / 1e6).toFixed(1)} MB, median of ${RUNS} runs, each in a fresh process`,
);
console.log('  process startup and module loading are outside every timed side');
console.log(
  `  floor (read the file + JSON.parse)           ${s(f)}   (whole process: ${s(median(floors.map((x) => x.wall)))})`,
);
const k = median(skeletons.map((x) => x.ms));
console.log(
  `  skeleton (the least a check must do)        ${s(k)}   (${(k / f).toFixed(2)}x the floor: hash, an object per resource and side, 74 passes)`,
);
console.log(
  `  okta-bi-lint check --plan (sarif to a file)  ${s(c)}   (whole process: ${s(median(checks.map((x) => x.wall)))}, exit ${last.code})`,
);
console.log(`  ratio ${(c / f).toFixed(2)}x (target <= 1.5x)`);
if (last.code !== 0 && last.code !== 1 && last.code !== 3) console.log(last.stderr);
