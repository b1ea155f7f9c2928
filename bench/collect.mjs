#!/usr/bin/env node
// npm run bench (after bench/run.mjs and bench/drift.mjs): how close `okta-bi-lint collect` comes
// to the floor its rate-limit budget allows (the README's "Development" section shows the numbers).
//
// A large org on the Okta emulator of test/emulator (bench/collect-emulator.ts, run through tsx in
// a child process): 100,000 users of which 20,000 registered (profile.byndidRegistered = true),
// 25,000 in the "Beyond Identity" group, 2,000 apps, 5,000 groups; Okta's per-minute limits per
// bucket in windows compressed from 60 s to 1 s. Against it, from the built CLI (dist/):
//
//   ours    okta-bi-lint collect --bi-platform none --include users --rate-limit-share 0.5 --out <temp>
//   naive   the same data read with the Okta SDK's collections (listUsers, listGroupUsers, …), one
//           request at a time, with the SDK's default request executor (its own 429 retries)
//
// in two cases: Okta's Workforce Identity limits (apps 100, groups 500, users 600, the rest of
// /api/v1 1,200 per window; a large enterprise's case), and Okta's Developer edition limits (apps 20, 100 for
// the others), the same requests against a sixth of the budget, so that the budget binds.
//
// From the emulator's request log it prints, per case: the requests per bucket and the most of
// them in one window against our share of the limit; the wall time of the collection (first request
// received to last response sent; median and best of the runs); the floor the budget allows for
// the requests made (max over buckets of requests / floor(share x limit) windows: buckets are spent
// concurrently); wall / floor (target <= 1.25); the 429s (target 0 at share 0.5); and naive / ours.
// When every bucket's requests fit in less than one window of our share (this org at Okta's
// Workforce limits), the budget never makes the collection wait: it is bound by receiving and
// parsing the responses, 100 of which are one chain of pages (each needs the cursor of the one
// before). It prints; it never fails on a target.
//
// Wall times on a small shared machine vary from run to run by a third or more (both processes
// compete for the same CPUs): compare medians of several runs, or builds with --bin, run by run.
//
// It also prints the peak RSS of the collecting process against the size of the snapshot written.
// For the memory of a large org, one run of one case without the naive reading, e.g. a million
// users, 800,000 registered, all in the group:
//
//   node bench/collect.mjs --runs 1 --limits workforce --no-naive --users 1000000 --registered 800000 --members 1000000
//
// Options: --runs N (default 7), --share S (default 0.5), --window-ms N (default 1000),
//          --limits workforce|developer (one case only), --no-naive, --concurrency N (for the CLI),
//          --max-page-size N (the emulator serves at most N items per page), --users N,
//          --registered N (default a fifth of the users), --members N (default the registered and a
//          twentieth of the users more), --apps N, --groups N (the org),
//          --bin PATH (measure another build's bin/okta-bi-lint.js, e.g. an older commit's).
// Environment: BENCH_EMULATOR_NODE_OPTIONS="--trace-gc …" runs the emulator with these node
//          options and shows what it prints.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const BIN = argv.includes('--bin')
  ? path.resolve(argv[argv.indexOf('--bin') + 1])
  : path.join(ROOT, 'bin', 'okta-bi-lint.js');
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : dflt;
};
const flag = (name) => argv.includes(`--${name}`);

// ---------------------------------------------------------------------------------------------
// Child mode: the naive collection (node bench/collect.mjs --naive-child), in a clean environment.

if (flag('naive-child')) {
  naive()
    .then((r) => process.stdout.write(`${JSON.stringify(r)}\n`))
    .catch((e) => {
      process.stdout.write(`${JSON.stringify({ error: String(e?.stack ?? e) })}\n`);
      process.exitCode = 1;
    });
} else {
  main().catch((e) => {
    console.error(`bench/collect: ${e?.stack ?? e}`);
    process.exitCode = 1;
  });
}

/**
 * What an integration written with the SDK would do: its typed collections, one request at a time,
 * each list to its end before the next. Explicit configuration (orgUrl, token), no cache; it runs
 * with HOME and the working directory in an empty temporary directory and without OKTA_* variables,
 * so the SDK's loader finds no okta.yaml and nothing else.
 */
async function naive() {
  const require = createRequire(path.join(ROOT, 'package.json'));
  const okta = require('@okta/okta-sdk-nodejs');
  const client = new okta.Client({
    orgUrl: process.env.BENCH_ORG_URL,
    token: process.env.BENCH_TOKEN,
    authorizationMode: 'SSWS',
    cacheMiddleware: null,
    cacheStore: undefined,
  });
  const all = async (p) => {
    const out = [];
    for await (const x of await p) out.push(x);
    return out;
  };
  const started = Date.now();
  await client.schemaApi.getUserSchema({ schemaId: 'default' });
  const groups = (
    await all(client.groupApi.listGroups({ search: 'profile.name eq "Beyond Identity"', limit: 200 }))
  ).filter((g) => g.profile?.name === 'Beyond Identity');
  const apps = await all(client.applicationApi.listApplications({ limit: 200 }));
  for (const app of apps) {
    const admin = app.label === 'Beyond Identity Admin Portal';
    const user = app.label === 'Beyond Identity User Portal';
    if (!admin && !user) continue;
    const assigned = await all(client.applicationApi.listApplicationGroupAssignments({ appId: app.id, limit: 200 }));
    if (admin && assigned.length === 0)
      await all(client.applicationApi.listApplicationUsers({ appId: app.id, limit: 500 }));
    if (user) await all(client.groupPushMappingApi.listGroupPushMappings({ appId: app.id, limit: 1000 }));
  }
  await all(client.identityProviderApi.listIdentityProviders({ type: 'OIDC', limit: 200 }));
  const policies = await all(client.policyApi.listPolicies({ type: 'IDP_DISCOVERY' }));
  for (const p of policies) await all(client.policyApi.listPolicyRules({ policyId: p.id }));
  await all(client.eventHookApi.listEventHooks());
  await all(client.apiTokenApi.listApiTokens());
  const registered = await all(client.userApi.listUsers({ search: 'profile.byndidRegistered eq true', limit: 200 }));
  const members = [];
  for (const g of groups) members.push(...(await all(client.groupApi.listGroupUsers({ groupId: g.id, limit: 1000 }))));
  const users = new Set([...registered, ...members].map((u) => u.id));
  return {
    ms: Date.now() - started,
    apps: apps.length,
    users: users.size,
    members: members.length,
    registered: registered.length,
  };
}

// ---------------------------------------------------------------------------------------------

function cleanEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(OKTA_|BI_)|proxy/i.test(k)) env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Starts bench/collect-emulator.ts; resolves with its ready message and a `send(command)` function. */
async function startEmulator(args) {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_EMULATOR_NODE_OPTIONS ?? '').split(' ').filter(Boolean),
      '--import',
      'tsx',
      path.join(ROOT, 'bench', 'collect-emulator.ts'),
      ...args,
    ],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'], env: cleanEnv({}) },
  );
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (l) => {
    if (l.startsWith('{')) waiting.shift()?.resolve(JSON.parse(l));
    else if (process.env.BENCH_EMULATOR_NODE_OPTIONS) process.stderr.write(`emulator: ${l}\n`);
  });
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the emulator exited (${code})`));
  });
  const next = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = await next();
  return {
    ready,
    send: (command) => {
      const p = next();
      child.stdin.write(`${command}\n`);
      return p;
    },
    stop: () => {
      child.stdin.end('quit\n');
      return new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    },
  };
}

function run(cmd, args, options) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Date.now() - started,
      }),
    );
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Starts on a fresh window (nothing of ours left in any bucket), a little after it began. */
async function freshWindow(windowMs) {
  await sleep(windowMs + 50);
  const into = Date.now() % windowMs;
  await sleep((windowMs - into + 30) % windowMs);
}

/** What the emulator's log says about one collection. */
function analyse(log, { share, windowMs, limits }) {
  const buckets = new Map();
  for (const e of log) {
    let b = buckets.get(e.bucket);
    if (!b)
      buckets.set(
        e.bucket,
        (b = {
          bucket: e.bucket,
          requests: 0,
          r429: 0,
          perWindow: new Map(),
          firstIn: new Map(),
          first: Infinity,
          last: 0,
        }),
      );
    b.requests++;
    if (e.status === 429) b.r429++;
    b.perWindow.set(e.reset, (b.perWindow.get(e.reset) ?? 0) + 1);
    if (!b.firstIn.has(e.reset) || e.serverMs < b.firstIn.get(e.reset)) b.firstIn.set(e.reset, e.serverMs);
    b.first = Math.min(b.first, e.serverMs);
    b.last = Math.max(b.last, e.finishMs ?? e.serverMs);
  }
  const rows = [...buckets.values()].map((b) => {
    const limit = limits[b.bucket] ?? 1200;
    const capacity = Math.max(1, Math.floor(share * limit + 1e-9));
    return { ...b, limit, capacity, peak: Math.max(...b.perWindow.values()), windowsUsed: b.requests / capacity };
  });
  // after a window whose share was used up, how long into the next one its first request came
  const lags = [];
  for (const r of rows) {
    const resets = [...r.perWindow.keys()].sort((a, b) => a - b);
    for (let i = 1; i < resets.length; i++) {
      if (r.perWindow.get(resets[i - 1]) >= r.capacity && resets[i] === resets[i - 1] + windowMs / 1000)
        lags.push(r.firstIn.get(resets[i]) - (resets[i] * 1000 - windowMs));
    }
  }
  const first = Math.min(...log.map((e) => e.serverMs));
  const last = Math.max(...log.map((e) => e.finishMs ?? e.serverMs));
  const floorWindows = Math.max(...rows.map((r) => r.windowsUsed));
  // the longest sequential chain: the pages of one list follow each other (after=… cursors)
  const chains = new Map();
  for (const e of log) {
    const key = `${e.path}?${new URLSearchParams(e.search).get('search') ?? ''}`;
    chains.set(key, (chains.get(key) ?? 0) + 1);
  }
  const [chainKey, chainLen] = [...chains].sort((a, b) => b[1] - a[1])[0];
  const chainEntries = log.filter((e) => `${e.path}?${new URLSearchParams(e.search).get('search') ?? ''}` === chainKey);
  const serverMs = chainEntries.map((e) => (e.finishMs ?? e.serverMs) - e.serverMs);
  return {
    rows,
    requests: log.length,
    bytes: log.reduce((a, e) => a + (e.bytes ?? 0), 0),
    r429: log.filter((e) => e.status === 429).length,
    wallMs: last - first,
    floorMs: floorWindows * windowMs,
    lags,
    floorWindows,
    chain: {
      path: chainKey.replace(/\?$/, ''),
      pages: chainLen,
      ms:
        Math.max(...chainEntries.map((e) => e.finishMs ?? e.serverMs)) -
        Math.min(...chainEntries.map((e) => e.serverMs)),
      serverMsPerPage: serverMs.reduce((a, b) => a + b, 0) / serverMs.length,
    },
  };
}

/** Columns: text left-aligned, numbers right-aligned. */
function table(rows, indent = '  ') {
  const right = (c) => typeof c === 'number' || /^[\d.,]+( s| ms)?$/.test(String(c));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  return rows
    .map(
      (r, j) =>
        indent +
        r
          .map((c, i) => (j > 0 && right(c) ? String(c).padStart(widths[i]) : String(c ?? '').padEnd(widths[i])))
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}

const fmt = (ms) => `${(ms / 1000).toFixed(3)} s`;
const n = (x) => x.toLocaleString('en');
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const SCENARIOS = [
  {
    limits: 'workforce',
    title: "Okta's Workforce Identity limits (a large enterprise's case)",
  },
  {
    limits: 'developer',
    title: "Okta's Developer edition limits (the same requests against a sixth of the budget, so that it binds)",
  },
];

async function main() {
  if (!existsSync(path.join(path.dirname(BIN), '..', 'dist', 'cli', 'main.js'))) {
    console.error('bench/collect: dist/ is missing; run `npm run bench` (it builds first)');
    process.exitCode = 2;
    return;
  }
  const RUNS = Math.max(1, opt('runs', 7));
  const SHARE = opt('share', 0.5);
  const WINDOW_MS = opt('window-ms', 1000);
  const emuArgs = [];
  for (const k of ['users', 'registered', 'members', 'apps', 'groups', 'max-page-size'])
    if (opt(k, undefined) !== undefined) emuArgs.push(`--${k}`, String(opt(k)));
  emuArgs.push('--window-ms', String(WINDOW_MS));
  const only = argv.includes('--limits') ? argv[argv.indexOf('--limits') + 1] : undefined;

  const emu = await startEmulator(emuArgs);
  const { url, token, org } = emu.ready;
  console.log(
    `\nbench/collect: okta-bi-lint collect --include users --rate-limit-share ${SHARE} against an emulated org of ${n(org.users)} users`,
  );
  console.log(
    `(${n(org.registered)} registered, ${n(org.members)} in the Beyond Identity group), ${n(org.apps)} apps, ${n(org.groups)} groups; Okta's per-minute limits in ${WINDOW_MS / 1000} s windows${emu.ready.maxPageSize ? `, pages of at most ${emu.ready.maxPageSize} items` : ''}.`,
  );
  console.log(
    `ours: the built CLI, median of ${RUNS} run${RUNS === 1 ? '' : 's'}; naive: the SDK's collections, one request at a time. Wall time: first request received to last response sent.`,
  );

  const tmp = mkdtempSync(path.join(tmpdir(), 'okta-bi-lint-bench-collect-'));
  let seq = 0;
  const logSince = async () => {
    const { log } = await emu.send(`log ${seq}`);
    seq = Math.max(seq, ...log.map((e) => e.seq));
    return log;
  };
  const summary = [];
  try {
    for (const sc of SCENARIOS) {
      if (only && only !== sc.limits) continue;
      const { limits } = await emu.send(`limits ${sc.limits}`);
      const ctx = { share: SHARE, windowMs: WINDOW_MS, limits };
      const ours = [];
      let snapshot;
      for (let i = 0; i < RUNS; i++) {
        await freshWindow(WINDOW_MS);
        await logSince();
        const out = path.join(tmp, `snap${i}.json`);
        const args = [
          BIN,
          'collect',
          '--bi-platform',
          'none',
          '--include',
          'users',
          '--rate-limit-share',
          String(SHARE),
          '--out',
          out,
        ];
        if (opt('concurrency', undefined) !== undefined) args.push('--concurrency', String(opt('concurrency')));
        // peak RSS of the collecting process, written by a preload when it exits
        const rssFile = path.join(tmp, `rss${i}.txt`);
        const preload = path.join(tmp, 'rss-preload.cjs');
        writeFileSync(
          preload,
          `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS * 1024)));\n`,
        );
        args.unshift('--require', preload);
        const r = await run(process.execPath, args, {
          cwd: tmp,
          env: cleanEnv({ OKTA_ORG_URL: url, OKTA_API_TOKEN: token, HOME: tmp }),
        });
        const log = await logSince();
        if (r.code !== 0) console.log(`ours, run ${i + 1}: exit ${r.code}\n${r.stderr.trim()}`);
        let fileBytes = NaN;
        if (existsSync(out)) {
          fileBytes = statSync(out).size;
          // read back only to compare with the naive reading (a large org's is hundreds of MB)
          if (!flag('no-naive')) snapshot ??= JSON.parse(readFileSync(out, 'utf8'));
          rmSync(out);
        }
        const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
        ours.push({ ...analyse(log, ctx), processMs: r.ms, code: r.code, rss, fileBytes });
      }

      let nv;
      if (!flag('no-naive')) {
        await freshWindow(WINDOW_MS);
        await logSince();
        const r = await run(process.execPath, [fileURLToPath(import.meta.url), '--naive-child'], {
          cwd: tmp,
          env: cleanEnv({ BENCH_ORG_URL: url, BENCH_TOKEN: token, HOME: tmp }),
        });
        const log = await logSince();
        let res;
        try {
          res = JSON.parse(r.stdout.trim().split('\n').pop());
        } catch {
          res = { error: r.stderr || r.stdout };
        }
        if (res.error) console.log(`naive: failed: ${String(res.error).split('\n').slice(0, 6).join('\n')}`);
        nv = { ...analyse(log, ctx), processMs: r.ms, result: res };
      }

      // --- the run with the median wall time
      const byWall = [...ours].sort((a, b) => a.wallMs - b.wallMs);
      const mid = byWall[Math.floor((byWall.length - 1) / 2)];
      const best = byWall[0];
      const nvRows = new Map((nv?.rows ?? []).map((r) => [r.bucket, r]));
      console.log(
        `\n${sc.title}: ${['apps', 'groups', 'users', 'api-v1'].map((b) => `${b} ${n(limits[b])}`).join(', ')} per window\n`,
      );
      console.log(
        table([
          [
            'bucket',
            'limit',
            'our share',
            'requests',
            'most in a window',
            'windows of share',
            '429s',
            ...(nv ? ['  naive: requests', 'most in a window', '429s'] : []),
          ],
          ...mid.rows
            .sort((a, b) => b.windowsUsed - a.windowsUsed)
            .map((r) => [
              r.bucket,
              r.limit,
              r.capacity,
              r.requests,
              r.peak,
              r.windowsUsed.toFixed(3),
              r.r429,
              ...(nv
                ? [
                    nvRows.get(r.bucket)?.requests ?? 0,
                    nvRows.get(r.bucket)?.peak ?? 0,
                    nvRows.get(r.bucket)?.r429 ?? 0,
                  ]
                : []),
            ]),
        ]),
      );
      const wall = mid.wallMs;
      const floor = mid.floorMs;
      const r429 = Math.max(...ours.map((o) => o.r429));
      const lags = ours.flatMap((o) => o.lags);
      console.log('');
      console.log(
        table([
          ['', ''],
          [
            'floor: max over buckets of requests / our share of a window',
            `${fmt(floor)} (${mid.floorWindows.toFixed(3)} windows)`,
          ],
          [
            'ours: wall time',
            `median ${fmt(wall)}, best ${fmt(best.wallMs)}${ours.length > 1 ? ` (${ours.length} runs: ${ours.map((o) => fmt(o.wallMs)).join(', ')})` : ''}`,
          ],
          [
            'ours: wall / floor',
            `median ${(wall / floor).toFixed(2)}, best ${(best.wallMs / floor).toFixed(2)} (target <= 1.25)`,
          ],
          ['ours: 429s', `${r429 === 0 ? 'none' : `${r429} (most in one run)`} (target 0 at share 0.5)`],
          ...(lags.length
            ? [
                [
                  'ours: first request after a used-up window',
                  `${Math.round(median(lags))} ms into the next window (median of ${lags.length}; max ${Math.max(...lags)} ms)`,
                ],
              ]
            : []),
          ['ours: process time (node start to exit)', `median ${fmt(median(ours.map((o) => o.processMs)))}`],
          [
            'ours: peak RSS / snapshot written',
            `median ${mb(median(ours.map((o) => o.rss)))} for ${mb(mid.fileBytes)} (${(median(ours.map((o) => o.rss)) / mid.fileBytes).toFixed(2)}x; a large org's users are kept on disk as they are read)`,
          ],
          ['ours: longest chain of pages', `${mid.chain.pages} pages of ${mid.chain.path} in ${fmt(mid.chain.ms)}`],
          ...(nv
            ? [
                ['naive: wall time', `${fmt(nv.wallMs)} (${nv.requests} requests, ${nv.r429} answered 429)`],
                ['naive / ours', `${(nv.wallMs / wall).toFixed(2)} (ours: median)`],
              ]
            : []),
        ])
          .split('\n')
          .slice(1)
          .join('\n'),
      );
      if (mid.floorWindows < 1) {
        console.log(
          `\n  Every bucket's requests fit in ${(mid.floorWindows * 100).toFixed(0)}% of one window of our share: the budget never has to make this collection wait.`,
        );
        console.log(
          `  What bounds it is the time to receive and parse ${n(Math.round(mid.bytes / 1e6))} MB in ${mid.requests} responses, ${mid.chain.pages} of which form one chain (each page is requested`,
        );
        console.log(`  with the cursor of the one before), on a machine that also runs the emulator.`);
      }
      if (lags.length && Math.max(...lags) > 100) {
        console.log(
          `\n  Okta's Date header (like the emulator's) has a resolution of 1 s, and here a window lasts 1 s. The budget never sends into`,
        );
        console.log(
          `  a window before it has certainly begun on the server's clock, which it knows only to within the part of a second its`,
        );
        console.log(
          `  responses did not cover; when a window's share is spent in less than a second, that uncertainty is waited out at the`,
        );
        console.log(
          `  next one. With Okta's 60 s windows, the responses of a window span many seconds and that wait is about a round trip.`,
        );
      }
      if (snapshot && nv?.result && !nv.result.error) {
        const o = snapshot.okta;
        const mine = {
          apps: o.apps?.length,
          users: o.users?.length,
          members: Object.values(o.groupMembers ?? {}).reduce((x, l) => x + l.length, 0),
        };
        const same =
          mine.apps === nv.result.apps && mine.users === nv.result.users && mine.members === nv.result.members;
        console.log(
          `\n  data: ours ${n(mine.apps)} apps, ${n(mine.users)} users, ${n(mine.members)} members; naive ${n(nv.result.apps)} apps, ${n(nv.result.users)} users, ${n(nv.result.members)} members${same ? ' (the same)' : ' (DIFFERENT)'}`,
        );
      }
      summary.push([
        sc.limits,
        mid.requests,
        fmt(floor),
        fmt(wall),
        (wall / floor).toFixed(2),
        (best.wallMs / floor).toFixed(2),
        r429,
        nv ? fmt(nv.wallMs) : '',
        nv ? (nv.wallMs / wall).toFixed(2) : '',
        nv ? nv.r429 : '',
      ]);
    }
    console.log(`\nsummary (share ${SHARE}; targets: wall/floor <= 1.25, 0 429s)\n`);
    console.log(
      table([
        [
          'limits',
          'requests',
          'floor',
          'wall (median)',
          'wall/floor',
          'best',
          '429s',
          'naive wall',
          'naive/ours',
          'naive 429s',
        ],
        ...summary,
      ]),
    );
    console.log('');
  } finally {
    await emu.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
