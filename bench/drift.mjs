#!/usr/bin/env node
// npm run bench (after bench/run.mjs): how fast `okta-bi-lint drift` compares two large snapshots.
//
// The baseline is bench/run.mjs's large synthetic snapshot (bench/.data/big.json: 200,000 users,
// 139,000 SCIM users, 5,000 groups, 2,000 apps, 50 IdPs, 300 routing rules; generated the same way
// when missing). The current snapshot, bench/.data/big-changed.json, is derived from it with 1% of
// the resources of each list changed, the way a month of an org's life changes it: fields changed,
// users, SCIM users, groups and apps added and removed (and the group's members with them), a
// routing rule renamed and one removed, a scope added to the Beyond Identity IdP, a partner IdP's
// issuer changed, and volatile fields (lastLogin) changed that drift must ignore. Then each of these
// runs in a fresh child process:
//
//   floor             read both files and JSON.parse them (nothing this tool can be faster than)
//   drift --no-check  okta-bi-lint drift --baseline big.json --current big-changed.json --no-check --format sarif --output <temp>
//   drift             the same with the rules run on the current snapshot (the default)
//
// and it prints the wall-time ratios to the floor, the CPU time of all threads (drift hashes and
// indexes both files on background threads) and the peak RSS. Target: drift <= 2x the
// floor. It prints; it never fails on a target.
//
// Options: --runs N (default 3), --users N (default 200000, as bench/run.mjs), --regenerate,
//          --profile (CPU profiles of one drift --no-check run into bench/.data/profile-drift),
//          --bin PATH (measure another build's bin/okta-bi-lint.js on the same data).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BENCH_DATA as DATA,
  ensureBigSnapshot,
  GENERATOR_VERSION,
  HAVE_TIME,
  mb,
  measure,
  median,
  rng,
  table,
} from './run.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : dflt;
};
const flag = (name) => argv.includes(`--${name}`);
const argBin = argv.indexOf('--bin');
const BIN = argBin >= 0 ? path.resolve(argv[argBin + 1]) : path.join(ROOT, 'bin', 'okta-bi-lint.js');
const RUNS = Math.max(1, opt('runs', 3));
const USERS = opt('users', 200_000);
/** Bumped whenever derive() changes, so that a stale big-changed.json is derived again. */
const DERIVE_VERSION = 2;

if (!existsSync(path.join(path.dirname(BIN), '..', 'dist', 'cli', 'main.js'))) {
  console.error('bench: dist/ is missing; run `npm run bench` (it builds first)');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// The current snapshot: the baseline with 1% of its resources changed.

/**
 * Picks 1% of a list's indices (at least `min`), spread over the list, and splits them into
 * changed, removed and added counts by the given shares.
 */
function pick(rand, length, shares = { changed: 0.8, removed: 0.1, added: 0.1 }, min = 1) {
  const n = Math.max(min, Math.round(length * 0.01));
  const chosen = new Set();
  while (chosen.size < Math.min(n, length)) chosen.add(Math.floor(rand() * length));
  const idx = [...chosen];
  const removedN = Math.round(n * shares.removed);
  const addedN = Math.round(n * shares.added);
  return { changed: idx.slice(removedN), removed: new Set(idx.slice(0, removedN)), added: addedN };
}

/** A fresh Okta-style id that the generator never makes (its ids end in 1d7). */
const newId = (prefix, i) => `${prefix}New${String(i).padStart(10, '0')}x8`.slice(0, 20);

function derive(doc) {
  const rand = rng(7);
  const okta = doc.okta;
  const bi = doc.beyondIdentity;
  const counts = {};
  const clone = (v) => JSON.parse(JSON.stringify(v));
  // collected a month after the baseline
  const at = Date.parse(doc.collectedAt ?? '');
  doc.collectedAt = new Date((Number.isNaN(at) ? Date.UTC(2026, 10, 1) : at) + 30 * 86400e3).toISOString();

  // Users: 1% changed (a name, a status, a new profile field), removed or added; another 1% only
  // logged in (lastLogin is volatile: not a change).
  const biGroupId = Object.keys(okta.groupMembers)[0];
  const members = okta.groupMembers[biGroupId];
  {
    const p = pick(rand, okta.users.length);
    p.changed.forEach((i, k) => {
      const u = okta.users[i];
      if (k % 3 === 0) u.profile.lastName = `${u.profile.lastName}-${k}`;
      else if (k % 3 === 1) u.status = u.status === 'ACTIVE' ? 'SUSPENDED' : 'ACTIVE';
      else u.profile.department = `Dept ${k % 17}`;
    });
    const removedIds = new Set([...p.removed].map((i) => okta.users[i].id));
    for (let k = 0; k < okta.users.length / 100; k++)
      okta.users[Math.floor(rand() * okta.users.length)].lastLogin = doc.collectedAt;
    okta.users = okta.users.filter((u) => !removedIds.has(u.id));
    okta.groupMembers[biGroupId] = members.filter((id) => !removedIds.has(id));
    const template = okta.users[0];
    for (let k = 0; k < p.added; k++) {
      const id = newId('00u', k);
      const login = `new.hire.${k}@acme.com`;
      okta.users.push({
        ...clone(template),
        id,
        profile: {
          ...template.profile,
          login,
          email: login,
          firstName: 'new',
          lastName: `hire${k}`,
          byndidRegistered: true,
        },
      });
      okta.groupMembers[biGroupId].push(id);
    }
    counts.users = { changed: p.changed.length, removed: removedIds.size, added: p.added };
  }

  // SCIM users in Beyond Identity.
  {
    const p = pick(rand, bi.scimUsers.length);
    p.changed.forEach((i, k) => {
      const u = bi.scimUsers[i];
      if (k % 2 === 0) u.displayName = `${u.displayName} (${k})`;
      else u.active = !u.active;
    });
    bi.scimUsers = bi.scimUsers.filter((_u, i) => !p.removed.has(i));
    const template = bi.scimUsers[0];
    for (let k = 0; k < p.added; k++) {
      const login = `new.hire.${k}@acme.com`;
      bi.scimUsers.push({
        ...clone(template),
        id: `0b6fnew0-3c1e-4f7a-9d2b-${String(k).padStart(12, '0')}`,
        externalId: newId('00u', k),
        userName: login,
        displayName: `new hire${k}`,
        emails: [{ primary: true, value: login, type: 'work' }],
      });
    }
    counts.scimUsers = { changed: p.changed.length, removed: p.removed.size, added: p.added };
  }

  // Groups (never the integration's own: its members are above).
  {
    const p = pick(rand, okta.groups.length);
    const keep = (g) => g.id !== biGroupId;
    p.changed
      .filter((i) => keep(okta.groups[i]))
      .forEach((i, k) => {
        okta.groups[i].profile.description = `Reorganised ${k}`;
      });
    okta.groups = okta.groups.filter((g, i) => !p.removed.has(i) || !keep(g));
    const template = okta.groups[okta.groups.length - 1];
    for (let k = 0; k < p.added; k++)
      okta.groups.push({
        ...clone(template),
        id: newId('00g', k),
        profile: { name: `New team ${k}`, description: 'Synthetic group added' },
      });
    counts.groups = { changed: p.changed.length, removed: p.removed.size, added: p.added };
  }

  // Apps: labels changed, one app given a feature, some removed and added (never the integration's).
  {
    const p = pick(rand, okta.apps.length);
    const keep = (a) => !/Beyond Identity/.test(a.label ?? '');
    p.changed
      .filter((i) => keep(okta.apps[i]))
      .forEach((i, k) => {
        const a = okta.apps[i];
        if (k === 0) a.features = [...(a.features ?? []), 'PUSH_NEW_USERS'];
        else a.label = `${a.label} (renamed)`;
      });
    okta.apps = okta.apps.filter((a, i) => !p.removed.has(i) || !keep(a));
    const template = okta.apps[okta.apps.length - 1];
    for (let k = 0; k < p.added; k++)
      okta.apps.push({ ...clone(template), id: newId('0oa', k), label: `New app ${k}` });
    counts.apps = { changed: p.changed.length, removed: p.removed.size, added: p.added };
  }

  // The Beyond Identity IdP gets a scope; a partner IdP a new issuer.
  const biIdp = okta.idps.find((i) => i.name === 'Beyond Identity');
  if (biIdp?.protocol?.scopes) biIdp.protocol.scopes.push('profile');
  const partner = okta.idps.find((i) => i.name !== 'Beyond Identity' && i.protocol?.issuer);
  if (partner) partner.protocol.issuer.url = 'https://partner.example.com/oauth2/v2';
  counts.idps = { changed: 2 };

  // Routing rules: 1% of 300 = 3: one renamed, one with a new domain, one removed.
  const rules = okta.idpDiscoveryPolicies[0]._rules;
  const partners = rules.filter((r) => /^Partner routing/.test(r.name));
  partners[10].name = `${partners[10].name} (EU)`;
  partners[20].conditions.userIdentifier.patterns[0].value = '@partner-new.example.com';
  okta.idpDiscoveryPolicies[0]._rules = rules.filter((r) => r !== partners[30]);
  counts.routingRules = { changed: 2, removed: 1 };
  return counts;
}

function ensureChanged(base) {
  const file = path.join(DATA, 'big-changed.json');
  const meta = `${file}.meta.json`;
  const baseMeta = JSON.parse(readFileSync(`${base}.meta.json`, 'utf8'));
  const want = {
    derive: DERIVE_VERSION,
    generator: GENERATOR_VERSION,
    baseSize: statSync(base).size,
    users: baseMeta.want?.users,
  };
  if (
    !flag('regenerate') &&
    existsSync(file) &&
    existsSync(meta) &&
    JSON.stringify(JSON.parse(readFileSync(meta, 'utf8')).want) === JSON.stringify(want)
  )
    return file;
  const t0 = performance.now();
  process.stdout.write(`deriving ${path.relative(ROOT, file)} (1% of the resources changed)… `);
  const doc = JSON.parse(readFileSync(base, 'utf8'));
  const counts = derive(doc);
  // The collector's layout (two-space indent), as the generator writes it.
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  const size = statSync(file).size;
  writeFileSync(meta, JSON.stringify({ want, counts, size }, null, 2));
  console.log(`${mb(size)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

// ---------------------------------------------------------------------------------------------
// Measuring.

/** The floor: a child that only reads both files and parses them. */
const FLOOR_SCRIPT = `
const { readFileSync } = require('node:fs');
for (const f of process.argv.slice(1)) {
  const doc = JSON.parse(readFileSync(f, 'utf8'));
  if (!doc || typeof doc !== 'object') process.exit(1);
}
`;

function summarise(sarifFile) {
  if (!existsSync(sarifFile)) return undefined;
  const log = JSON.parse(readFileSync(sarifFile, 'utf8'));
  rmSync(sarifFile, { force: true });
  const results = log.runs[0].results;
  const byKind = { changed: 0, added: 0, removed: 0 };
  let rules = 0;
  for (const r of results) {
    const m = /^drift\/.+-(changed|added|removed)$/.exec(r.ruleId);
    if (m) byKind[m[1]]++;
    else rules++;
  }
  return { changes: byKind.changed + byKind.added + byKind.removed, byKind, rules };
}

function run(base, current) {
  const rel = (f) => path.relative(ROOT, f);
  const out = path.join(tmpdir(), `okta-bi-lint-bench-drift-${process.pid}.sarif`);
  const cases = [
    { label: 'drift --no-check (sarif)', args: ['--no-check'] },
    { label: 'drift, with the rules (sarif)', args: [] },
  ];
  const floors = [];
  const times = cases.map(() => []);
  const last = [];
  for (let i = 0; i < RUNS; i++) {
    const f = measure(['-e', FLOOR_SCRIPT, base, current]);
    if (f.code !== 0) throw new Error(`the floor run failed: ${f.stderr}`);
    floors.push(f);
    cases.forEach((c, k) => {
      const r = measure([
        BIN,
        'drift',
        '--baseline',
        rel(base),
        '--current',
        rel(current),
        ...c.args,
        '--format',
        'sarif',
        '--output',
        out,
      ]);
      times[k].push(r);
      last[k] = { ...r, summary: summarise(out) };
    });
  }
  return { floors, cases, times, last };
}

// ---------------------------------------------------------------------------------------------

console.log(
  `okta-bi-lint drift bench: node ${process.version}, ${HAVE_TIME ? '/usr/bin/time -v' : 'process.resourceUsage()'} for peak RSS; ${path.relative(ROOT, BIN) || BIN}`,
);
const base = ensureBigSnapshot({ users: USERS, regenerate: flag('regenerate') });
const current = ensureChanged(base);
const sizes = statSync(base).size + statSync(current).size;
const derived = JSON.parse(readFileSync(`${current}.meta.json`, 'utf8')).counts;

const r = run(base, current);
const floorMs = median(r.floors.map((x) => x.ms));
const floorRss = Math.max(...r.floors.map((x) => x.rss));
console.log(
  `\n${path.relative(ROOT, base)} (${mb(statSync(base).size)}) -> ${path.relative(ROOT, current)} (${mb(statSync(current).size)}), median of ${RUNS} run${RUNS > 1 ? 's' : ''}, each in a fresh process`,
);
console.log(
  `changed in the current snapshot: ${Object.entries(derived)
    .map(
      ([k, v]) =>
        `${k} ${Object.entries(v)
          .map(([a, n]) => `${n} ${a}`)
          .join('/')}`,
    )
    .join(', ')}`,
);
const cpu = (xs) =>
  xs.some((x) => Number.isNaN(x.cpuMs)) ? 'n/a' : `${(median(xs.map((x) => x.cpuMs)) / 1000).toFixed(2)} s`;
const rows = [['', 'wall time', 'x floor', 'CPU, all threads', 'peak RSS', 'RSS / both files']];
rows.push([
  'floor (read + JSON.parse both)',
  `${(floorMs / 1000).toFixed(2)} s`,
  '1.00x',
  cpu(r.floors),
  mb(floorRss),
  `${(floorRss / sizes).toFixed(2)}x`,
]);
const ratios = [];
r.cases.forEach((c, k) => {
  const ms = median(r.times[k].map((x) => x.ms));
  const rss = Math.max(...r.times[k].map((x) => x.rss));
  ratios.push(ms / floorMs);
  rows.push([
    `okta-bi-lint ${c.label}`,
    `${(ms / 1000).toFixed(2)} s`,
    `${(ms / floorMs).toFixed(2)}x`,
    cpu(r.times[k]),
    mb(rss),
    `${(rss / sizes).toFixed(2)}x`,
  ]);
});
console.log(table(rows));
r.cases.forEach((c, k) => {
  const l = r.last[k];
  const s = l.summary;
  const what = s
    ? `${s.changes} changes (${s.byKind.changed} changed, ${s.byKind.added} added, ${s.byKind.removed} removed)${c.args.length ? '' : `, ${s.rules} rule findings`}`
    : 'no SARIF written';
  console.log(
    `${c.label}: ${(ratios[k]).toFixed(2)}x the floor (target <= 2x: ${ratios[k] <= 2 ? 'met' : 'NOT met'}); exit code ${l.code}; ${what}${l.code !== 1 && l.stderr ? `; stderr: ${l.stderr.split('\n').slice(0, 3).join(' | ')}` : ''}`,
  );
});

if (flag('profile')) {
  const prof = path.join(DATA, 'profile-drift');
  rmSync(prof, { recursive: true, force: true });
  const p = spawnSync(
    process.execPath,
    [
      '--cpu-prof',
      '--cpu-prof-dir',
      prof,
      BIN,
      'drift',
      '--baseline',
      base,
      '--current',
      current,
      '--no-check',
      '--format',
      'sarif',
      '--output',
      path.join(tmpdir(), 'okta-bi-lint-profile-drift.sarif'),
    ],
    { stdio: 'inherit' },
  );
  console.log(
    `CPU profile (exit ${p.status}) in ${path.relative(ROOT, prof)}/: open it in Chrome DevTools > Performance`,
  );
}
