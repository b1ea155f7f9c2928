#!/usr/bin/env node
// npm run bench: how `okta-bi-lint check` scales with the size of a snapshot.
//
// Generates a large synthetic snapshot from fixtures/snapshots/clean-scim.json (200,000 users with
// the Beyond Identity group's members and their SCIM users, 2,000 apps, 5,000 groups, 50 IdPs,
// 300 routing rules; with failures, so that line and column must be computed for findings) into
// bench/.data/, then measures, each in a fresh child process:
//
//   floor   read the file and JSON.parse it (nothing this tool can be faster than)
//   check   okta-bi-lint check --snapshot big.json --format sarif --output <temp file>
//
// and prints the time ratio check/floor and the peak RSS ratio check/floor (medians; other work on
// the machine moves both, so compare runs of one sitting). Targets: time <= 1.25x floor, peak RSS
// <= 1.2x floor. It prints; it never fails on a target.
//
// With 200,000 users the snapshot is over 200 MB, so it is also the "200 MB snapshot must work"
// case. Then a 600 MB file, more than Node.js can hold as one string, which must be refused at
// once with one clear line (never a stack trace).
//
// Then a million users (bench/users-snapshot.mjs: full Okta user objects, about 1.6 GB), generated,
// checked once and deleted: time per user against JSON.parse of the 200k-user file per user, and
// peak RSS against 4 GiB.
//
// Options: --users N (default 200000), --runs N (default 3), --no-oversize, --no-million,
//          --million N (users, default 1000000), --clean (remove .data
//          after), --regenerate, --profile (CPU profiles of one check run into bench/.data/profile),
//          --bin PATH (measure another build's bin/okta-bi-lint.js on the same data).
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { recordTarget } from './summary.mjs';
import { writeUsersSnapshot } from './users-snapshot.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.join(ROOT, 'bench', '.data');
const argBin = process.argv.indexOf('--bin');
/** --bin PATH compares another build (e.g. a checkout of an older commit) on the same data. */
const BIN = argBin > 0 ? path.resolve(process.argv[argBin + 1]) : path.join(ROOT, 'bin', 'okta-bi-lint.js');
const GENERATOR_VERSION = 3;

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : dflt;
};
const flag = (name) => argv.includes(`--${name}`);
const USERS = opt('users', 200_000);
const RUNS = Math.max(1, opt('runs', 3));

/** Run as a script (node bench/run.mjs), not imported by another bench for its generator. */
const MAIN = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;

if (MAIN && !existsSync(path.join(path.dirname(BIN), '..', 'dist', 'cli', 'main.js'))) {
  console.error('bench: dist/ is missing; run `npm run bench` (it builds first)');
  process.exit(2);
}
mkdirSync(DATA, { recursive: true });

// ---------------------------------------------------------------------------------------------
// The synthetic snapshot.

/** A deterministic pseudo-random sequence, so that every run of the bench audits the same file. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An Okta-style id: prefix + 16 base-62 characters + suffix. */
function oktaId(prefix, n) {
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let s = '';
  let x = n + 1;
  for (let i = 0; i < 13; i++) {
    s += chars[x % 62];
    x = Math.floor(x / 62) + i * 7;
  }
  return `${prefix}${s}1d7`.slice(0, 20);
}

const FIRST = [
  'alex',
  'sam',
  'jordan',
  'taylor',
  'morgan',
  'casey',
  'riley',
  'jamie',
  'avery',
  'quinn',
  'drew',
  'robin',
  'kim',
  'lee',
  'pat',
];
const LAST = [
  'nguyen',
  'smith',
  'garcia',
  'chen',
  'patel',
  'mueller',
  'rossi',
  'kowalski',
  'silva',
  'okafor',
  'tanaka',
  'dubois',
  'ivanova',
  'haddad',
];

/**
 * Streams pretty-printed JSON (the collector's layout: two-space indent) of a value in which large
 * arrays may be given lazily as { lazy: count, item: (i) => value }, so that generating a 200 MB
 * file never holds it in memory.
 */
class JsonWriter {
  constructor(file) {
    this.fd = openSync(file, 'w');
    this.buf = [];
    this.size = 0;
    this.written = 0;
  }
  push(s) {
    this.buf.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush() {
    const chunk = this.buf.join('');
    this.written += writeSync(this.fd, chunk);
    this.buf = [];
    this.size = 0;
  }
  value(v, indent) {
    if (v && typeof v === 'object' && 'lazy' in v) {
      if (v.lazy === 0) return this.push('[]');
      const inner = `${indent}  `;
      this.push('[\n');
      for (let i = 0; i < v.lazy; i++) {
        this.push(inner);
        this.push(JSON.stringify(v.item(i), null, 2).replace(/\n/g, `\n${inner}`));
        this.push(i < v.lazy - 1 ? ',\n' : '\n');
      }
      this.push(`${indent}]`);
    } else if (Array.isArray(v)) {
      if (v.length === 0) return this.push('[]');
      const inner = `${indent}  `;
      this.push('[\n');
      v.forEach((x, i) => {
        this.push(inner);
        this.value(x, inner);
        this.push(i < v.length - 1 ? ',\n' : '\n');
      });
      this.push(`${indent}]`);
    } else if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 0) return this.push('{}');
      const inner = `${indent}  `;
      this.push('{\n');
      keys.forEach((k, i) => {
        this.push(`${inner}${JSON.stringify(k)}: `);
        this.value(v[k], inner);
        this.push(i < keys.length - 1 ? ',\n' : '\n');
      });
      this.push(`${indent}}`);
    } else {
      this.push(JSON.stringify(v));
    }
  }
  close() {
    this.push('\n');
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * The synthetic org: the clean fixture's resources (so every rule has its subject and passes
 * unless a failure below is planted) plus filler resources copied from the fixture's real shapes.
 * Planted failures: the routing rule's value is "True"; some registered users are outside the
 * Beyond Identity group; some group members have no SCIM user in Beyond Identity.
 */
function generate(file, users) {
  const base = JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'snapshots', 'clean-scim.json'), 'utf8'));
  const rand = rng(42);
  const okta = base.okta;
  const biGroup = okta.groups.find((g) => g.profile?.name === 'Beyond Identity');
  if (!biGroup) throw new Error('clean-scim.json has no "Beyond Identity" group');

  const groupTemplate = okta.groups.find((g) => g.type === 'OKTA_GROUP') ?? okta.groups[0];
  const groups = {
    lazy: 5_000,
    item: (i) => {
      if (i < okta.groups.length) return okta.groups[i];
      const id = oktaId('00g', i);
      return {
        ...groupTemplate,
        id,
        profile: { name: `Department ${i} ${LAST[i % LAST.length]}`, description: `Synthetic group ${i}` },
        _links: JSON.parse(JSON.stringify(groupTemplate._links).replaceAll(groupTemplate.id, id)),
      };
    },
  };

  // Filler apps are copies of the fixture's ordinary apps (never one the rules look for).
  const plainApps = okta.apps.filter((a) => !/Beyond Identity/.test(a.label ?? ''));
  const apps = {
    lazy: 2_000,
    item: (i) => {
      if (i < okta.apps.length) return okta.apps[i];
      const t = plainApps[i % plainApps.length];
      const id = oktaId('0oa', i);
      return { ...JSON.parse(JSON.stringify(t).replaceAll(t.id, id)), id, label: `${t.label} ${i}` };
    },
  };

  const idpTemplate = okta.idps.find((p) => p.name !== 'Beyond Identity') ?? okta.idps[0];
  const idps = [...okta.idps];
  for (let i = idps.length; i < 50; i++) {
    const id = oktaId('0oi', i);
    idps.push({
      ...JSON.parse(JSON.stringify(idpTemplate).replaceAll(idpTemplate.id, id)),
      id,
      name: `Partner IdP ${i}`,
    });
  }

  const policy = okta.idpDiscoveryPolicies[0];
  const biRule = policy._rules.find((r) => r.name === 'Beyond Identity Auth');
  const defaultRule = policy._rules.find((r) => r.system) ?? policy._rules[policy._rules.length - 1];
  const rules = [JSON.parse(JSON.stringify(biRule))];
  rules[0].conditions.userIdentifier.patterns[0].value = 'True'; // planted failure
  for (let i = 1; i < 299; i++) {
    const r = JSON.parse(JSON.stringify(biRule).replaceAll(biRule.id, oktaId('0pr', i)));
    r.id = oktaId('0pr', i);
    r.name = `Partner routing ${i}`;
    r.priority = i + 1;
    r.conditions.userIdentifier = {
      patterns: [{ matchType: 'SUFFIX', value: `@partner${i}.example.com` }],
      type: 'IDENTIFIER',
    };
    r.actions.idp.providers = [{ id: idps[2 + (i % 48)].id, type: 'OIDC' }];
    rules.push(r);
  }
  rules.push({ ...defaultRule, priority: 300 });

  // Users: most registered and in the group; 0.25% registered outside it; members without a
  // SCIM user every 1,000th.
  const userIds = new Array(users);
  const members = [];
  const scim = [];
  const userAt = (i) => {
    const id = oktaId('00u', i);
    userIds[i] = id;
    const first = FIRST[i % FIRST.length];
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const login = `${first}.${last}.${i}@acme.com`;
    const registered = i % 10 < 7;
    const inGroup = registered && i % 400 !== 3;
    if (inGroup) {
      members.push(id);
      if (i % 1000 !== 11) {
        scim.push({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          id: `0b6f${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-3c1e-4f7a-9d2b-${i.toString(16).padStart(12, '0')}`,
          externalId: id,
          userName: login,
          displayName: `${first} ${last}`,
          active: true,
          emails: [{ primary: true, value: login, type: 'work' }],
          name: { givenName: first, familyName: last },
          meta: { resourceType: 'User', created: '2026-11-02T10:00:00Z', lastModified: '2026-11-02T10:00:00Z' },
        });
      }
    }
    return {
      id,
      status: rand() < 0.96 ? 'ACTIVE' : 'SUSPENDED',
      created: '2025-06-26T15:51:35.000Z',
      activated: '2025-06-26T15:52:00.000Z',
      lastLogin: '2026-11-20T08:00:00.000Z',
      type: { id: 'otynkw1sdzpoFCZMq1d7' },
      profile: { login, email: login, firstName: first, lastName: last, byndidRegistered: registered },
    };
  };

  const w = new JsonWriter(file);
  // Users come first so that members and SCIM users are known when their sections are written.
  const usersSection = { lazy: users, item: userAt };
  const snapshot = {
    format: base.format,
    collectedAt: base.collectedAt,
    collector: base.collector,
    okta: {
      orgUrl: okta.orgUrl,
      userSchema: okta.userSchema,
      users: usersSection,
      groups,
      apps,
      idps,
      idpDiscoveryPolicies: [{ ...policy, _rules: rules }],
      eventHooks: okta.eventHooks,
      apiTokens: okta.apiTokens,
      groupMembers: { [biGroup.id]: { lazy: 0, item: () => null } },
    },
    beyondIdentity: { ...base.beyondIdentity, scimUsers: { lazy: 0, item: () => null } },
  };
  // groupMembers and scimUsers are filled once the users have been written.
  snapshot.okta.groupMembers[biGroup.id] = {
    get lazy() {
      return members.length;
    },
    item: (i) => members[i],
  };
  snapshot.beyondIdentity.scimUsers = {
    get lazy() {
      return scim.length;
    },
    item: (i) => scim[i],
  };
  if (!okta.eventHooks) delete snapshot.okta.eventHooks;
  w.value(snapshot, '');
  w.close();
  return { users, members: members.length, scimUsers: scim.length };
}

function ensureSnapshot(name, users, regenerate = flag('regenerate')) {
  const file = path.join(DATA, name);
  const meta = `${file}.meta.json`;
  const want = { version: GENERATOR_VERSION, users };
  if (
    !regenerate &&
    existsSync(file) &&
    existsSync(meta) &&
    JSON.stringify(JSON.parse(readFileSync(meta, 'utf8')).want) === JSON.stringify(want)
  ) {
    return file;
  }
  const t0 = performance.now();
  process.stdout.write(`generating ${path.relative(ROOT, file)} (${users.toLocaleString('en')} users)… `);
  const counts = generate(file, users);
  const size = statSync(file).size;
  writeFileSync(meta, JSON.stringify({ want, counts, size }, null, 2));
  console.log(`${mb(size)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

/**
 * The large synthetic snapshot of this benchmark, bench/.data/big.json, generated when missing or
 * made by another generator version or user count; returns its path. For the other benches
 * (bench/drift.mjs), so that they measure the same file.
 */
export function ensureBigSnapshot({ users = 200_000, regenerate = false } = {}) {
  return ensureSnapshot('big.json', users, regenerate);
}

export { DATA as BENCH_DATA, GENERATOR_VERSION };

// ---------------------------------------------------------------------------------------------
// Measuring.

const HAVE_TIME = existsSync('/usr/bin/time');

/** The floor: a child that only reads the file and parses it. */
const FLOOR_SCRIPT = `
const { readFileSync } = require('node:fs');
const text = readFileSync(process.argv[1], 'utf8');
const doc = JSON.parse(text);
if (!doc || typeof doc !== 'object') process.exit(1);
`;

/**
 * Runs a command in a fresh process; returns wall time (ms), peak RSS (bytes), CPU time of all its
 * threads (ms, with /usr/bin/time only), exit code, output.
 * Peak RSS comes from /usr/bin/time -v when present, else from a preload that reports
 * process.resourceUsage().maxRSS at exit.
 */
function measure(args, { cwd = ROOT, env = {} } = {}) {
  const node = process.execPath;
  let cmd;
  let cmdArgs;
  const rssFile = path.join(DATA, `.rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const fullEnv = { ...process.env, NO_COLOR: '1', ...env };
  if (HAVE_TIME) {
    cmd = '/usr/bin/time';
    cmdArgs = ['-v', node, ...args];
  } else {
    const preload = path.join(DATA, 'rss-preload.cjs');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS * 1024)));\n`,
    );
    cmd = node;
    cmdArgs = ['--require', preload, ...args];
  }
  const t0 = performance.now();
  const r = spawnSync(cmd, cmdArgs, { cwd, env: fullEnv, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  let rss = NaN;
  let cpuMs = NaN;
  let stderr = r.stderr ?? '';
  if (HAVE_TIME) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    if (m) rss = Number(m[1]) * 1024;
    // CPU time of all the process's threads (user + system), for the benches that print it.
    const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
    if (user && sys) cpuMs = (Number(user[1]) + Number(sys[1])) * 1000;
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
    stderr = stderr.split(/\n\s*Command being timed:/)[0];
    // /usr/bin/time reports "Command exited with non-zero status N" before its table.
    stderr = stderr.replace(/Command exited with non-zero status \d+\n?$/, '');
    void wall;
  } else if (existsSync(rssFile)) {
    rss = Number(readFileSync(rssFile, 'utf8'));
  }
  return { ms, rss, cpuMs, code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: stderr.trim() };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

function mb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map(
      (r, i) =>
        r.map((x, c) => (c === 0 ? String(x).padEnd(widths[c]) : String(x).padStart(widths[c]))).join('  ') +
        (i === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : ''),
    )
    .join('\n');
}

function bench(file, label) {
  const size = statSync(file).size;
  const out = path.join(tmpdir(), `okta-bi-lint-bench-${process.pid}.sarif`);
  const floors = [];
  const checks = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const f = measure(['-e', FLOOR_SCRIPT, file]);
    if (f.code !== 0) throw new Error(`the floor run failed: ${f.stderr}`);
    floors.push(f);
    const c = measure([BIN, 'check', '--snapshot', path.relative(ROOT, file), '--format', 'sarif', '--output', out]);
    checks.push(c);
    last = c;
    if (c.code !== 0 && c.code !== 1 && c.code !== 3) break;
  }
  let results;
  if (existsSync(out)) {
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    results = sarif.runs[0].results.map(
      (r) =>
        `${r.ruleId} at ${r.locations?.[0]?.physicalLocation?.region?.startLine}:${r.locations?.[0]?.physicalLocation?.region?.startColumn}`,
    );
    rmSync(out, { force: true });
  }
  const floorMs = median(floors.map((r) => r.ms));
  const checkMs = median(checks.map((r) => r.ms));
  const floorRss = median(floors.map((r) => r.rss));
  const checkRss = median(checks.map((r) => r.rss));
  return { label, file, size, floorMs, checkMs, floorRss, checkRss, code: last.code, stderr: last.stderr, results };
}

/**
 * A million users (about 1.6 GB of full Okta user objects, more than a string can hold): generated,
 * checked once, deleted. Targets: the planted users reported, peak RSS <= 4 GiB, and time per user
 * <= 1.5x that of JSON.parse of the 200k-user file (the floor above, its parse alone) per user.
 */
function reportMillion(big) {
  const users = opt('million', 1_000_000);
  const file = path.join(DATA, 'million.json');
  const planted = [users - 1000, users - 1];
  const t0 = performance.now();
  const { size, places } = writeUsersSnapshot(file, { users, planted });
  console.log(
    `\n${users.toLocaleString('en')} users: ${path.relative(ROOT, file)}, ${mb(size)}, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const parse = [];
  for (let i = 0; i < RUNS; i++) parse.push(measure(['-e', PARSE_ONLY_SCRIPT, big]));
  const out = path.join(tmpdir(), `okta-bi-lint-bench-${process.pid}-million.sarif`);
  let c;
  try {
    c = measure([BIN, 'check', '--snapshot', path.relative(ROOT, file), '--format', 'sarif', '--output', out], {
      env: {},
    });
  } finally {
    rmSync(file, { force: true });
  }
  const parseMs = median(parse.map((r) => Number(r.stdout.trim())));
  const bigUsers = JSON.parse(readFileSync(`${big}.meta.json`, 'utf8')).counts.users;
  const perUserFloor = parseMs / bigUsers;
  const perUser = c.ms / users;
  let reported = 'no report';
  if (existsSync(out)) {
    const results = JSON.parse(readFileSync(out, 'utf8')).runs[0].results.filter(
      (r) => r.ruleId === 'users/registered-outside-group',
    );
    const region = results[0]?.locations?.[0]?.physicalLocation?.region;
    const want = places.get(planted[0]);
    reported =
      results.length === 1 && region?.startLine === want.line && region?.startColumn === want.column
        ? `users/registered-outside-group at ${region.startLine}:${region.startColumn} (the first planted user: right)`
        : `WRONG: ${JSON.stringify(results.map((r) => r.locations))}, want ${want.line}:${want.column}`;
    rmSync(out, { force: true });
  }
  console.log(
    table([
      ['', 'wall time', 'per user', 'peak RSS'],
      [
        `JSON.parse of big.json (${bigUsers.toLocaleString('en')} users)`,
        `${(parseMs / 1000).toFixed(2)} s`,
        `${(perUserFloor * 1000).toFixed(2)} µs`,
        '',
      ],
      [
        'okta-bi-lint check (sarif), 1M users',
        `${(c.ms / 1000).toFixed(2)} s`,
        `${(perUser * 1000).toFixed(2)} µs`,
        mb(c.rss),
      ],
    ]),
  );
  const ratio = perUser / perUserFloor;
  if (users === 1_000_000)
    recordTarget({
      target: '1M users: check time per user',
      floor: 'JSON.parse of 200k, per user',
      ratio: c.code === 0 || c.code === 1 || c.code === 3 ? ratio : Number.NaN,
      limit: 1.5,
    });
  console.log(
    `time per user / JSON.parse per user: ${ratio.toFixed(2)}x (target <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'});  peak RSS ${(c.rss / 2 ** 30).toFixed(2)} GiB (target <= 4 GiB: ${c.rss <= 4 * 2 ** 30 ? 'met' : 'NOT met'}), ${(c.rss / size).toFixed(2)}x the file`,
  );
  console.log(
    `exit code ${c.code}${c.stderr ? `; stderr: ${c.stderr.split('\n').slice(0, 3).join(' | ')}` : ''}; ${reported}`,
  );
}

/** JSON.parse alone (the file read first, not timed), in ms on stdout. */
const PARSE_ONLY_SCRIPT = `
const text = require('node:fs').readFileSync(process.argv[1], 'utf8');
const t0 = performance.now();
const doc = JSON.parse(text);
process.stdout.write(String(performance.now() - t0));
if (!doc) process.exit(1);
`;

function report(b) {
  const ratio = b.checkMs / b.floorMs;
  const rssRatio = b.checkRss / b.size;
  console.log(
    `\n${b.label}: ${path.relative(ROOT, b.file)}, ${mb(b.size)}, median of ${RUNS} run${RUNS > 1 ? 's' : ''}, each in a fresh process`,
  );
  console.log(
    table([
      ['', 'wall time', 'peak RSS', 'RSS / file size'],
      [
        'floor (read + JSON.parse)',
        `${(b.floorMs / 1000).toFixed(2)} s`,
        mb(b.floorRss),
        `${(b.floorRss / b.size).toFixed(2)}x`,
      ],
      ['okta-bi-lint check (sarif)', `${(b.checkMs / 1000).toFixed(2)} s`, mb(b.checkRss), `${rssRatio.toFixed(2)}x`],
    ]),
  );
  const memRatio = b.checkRss / b.floorRss;
  if (b.users === 200_000) {
    recordTarget({ target: '200k users: check peak RSS', floor: 'read + JSON.parse', ratio: memRatio, limit: 1.2 });
    recordTarget({ target: '200k users: check time', floor: 'read + JSON.parse', ratio, limit: 1.25 });
  }
  console.log(
    `check / floor: time ${ratio.toFixed(2)}x (target <= 1.25x: ${ratio <= 1.25 ? 'met' : 'NOT met'});  peak RSS ${memRatio.toFixed(2)}x (target <= 1.2x: ${memRatio <= 1.2 ? 'met' : 'NOT met'})`,
  );
  console.log(`exit code ${b.code}${b.stderr ? `; stderr: ${b.stderr.split('\n').slice(0, 3).join(' | ')}` : ''}`);
  if (b.results) console.log(`findings: ${b.results.length ? b.results.join('; ') : 'none'}`);
}

// The measuring helpers, for the other benches.
export { HAVE_TIME, measure, median, mb, rng, table };

// ---------------------------------------------------------------------------------------------

function main() {
  console.log(
    `okta-bi-lint bench: node ${process.version}, ${HAVE_TIME ? '/usr/bin/time -v' : 'process.resourceUsage()'} for peak RSS; ${path.relative(ROOT, BIN) || BIN}`,
  );
  const big = ensureSnapshot('big.json', USERS);
  report({ ...bench(big, 'large snapshot'), users: USERS });

  if (flag('profile')) {
    const prof = path.join(DATA, 'profile');
    rmSync(prof, { recursive: true, force: true });
    const r = spawnSync(
      process.execPath,
      [
        '--cpu-prof',
        '--cpu-prof-dir',
        prof,
        BIN,
        'check',
        '--snapshot',
        big,
        '--format',
        'sarif',
        '--output',
        path.join(tmpdir(), 'okta-bi-lint-profile.sarif'),
      ],
      { stdio: 'inherit' },
    );
    console.log(
      `CPU profile (exit ${r.status}) in ${path.relative(ROOT, prof)}/: open it in Chrome DevTools > Performance`,
    );
  }

  if (!flag('no-million')) reportMillion(big);

  if (!flag('no-oversize')) {
    // More than a JSON document can be in Node.js (a string of at most 2^29 - 24 characters): it must
    // be refused at once, with one line and no stack trace, before anything is read. A sparse file
    // takes no disk space.
    const huge = path.join(DATA, 'oversize.json');
    rmSync(huge, { force: true });
    closeSync(openSync(huge, 'w'));
    truncateSync(huge, 600 * 1024 * 1024);
    const r = measure([
      BIN,
      'check',
      '--snapshot',
      path.relative(ROOT, huge),
      '--format',
      'sarif',
      '--output',
      path.join(tmpdir(), `okta-bi-lint-bench-${process.pid}-oversize.sarif`),
    ]);
    rmSync(huge, { force: true });
    const lines = r.stderr.split('\n').filter(Boolean);
    console.log(
      `\n600 MB snapshot (sparse file): exit ${r.code} in ${(r.ms / 1000).toFixed(2)} s, peak RSS ${mb(r.rss)}; ${lines.length} line${lines.length === 1 ? '' : 's'} on stderr:`,
    );
    console.log(`  ${lines.join('\n  ')}`);
  }

  if (flag('clean')) rmSync(DATA, { recursive: true, force: true });
}

if (MAIN) main();
