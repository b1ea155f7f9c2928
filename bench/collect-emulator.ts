/**
 * The Okta emulator of test/emulator with a large org, for bench/collect.mjs. Run it with
 * `node --import tsx bench/collect-emulator.ts [options]`; it builds the org, starts the emulator
 * on 127.0.0.1 and talks over stdio, one JSON object per line:
 *
 *   → {"ready": true, "url", "token", "windowMs", "limits", "org": {…counts}}
 *   ← "log <fromSeq>"  → {"log": [entries with seq > fromSeq, each with finishMs], "now"}
 *   ← "limits workforce|developer" → {"limits"}: Okta's per-minute limits of that kind from now on
 *   ← "quit"           → the emulator closes and the process exits
 *
 * Options: --users N (100000), --registered N (20000), --members N (25000: the registered users
 * and 5,000 more who have not registered yet), --apps N (2000), --groups N (5000),
 * --window-ms N (1000: Okta's per-minute limits, per window of this length), --max-page-size N.
 *
 * The emulator is test/emulator/okta-emulator.ts unchanged (rate limits, pagination, Link headers,
 * error bodies), except that two list endpoints read precomputed results instead of scanning the
 * whole org on every page: `GET /api/v1/users?search=…` (a filter over 100,000 users per page) and
 * `GET /api/v1/groups/{id}/users` (a linear search of the users for every member, 25,000 × 100,000
 * comparisons per page). The responses are the same; only the emulator's own CPU time is saved, so
 * that what is measured is the collector and the rate-limit budget, not the emulator. Canaries are
 * off (the tests check redaction; this measures time).
 */
import { createInterface } from 'node:readline';
import type { ServerResponse } from 'node:http';
import { OktaEmulator, OKTA_LIMITS, parseSearch, type Fault, type LogEntry } from '../test/emulator/okta-emulator.js';
import { cleanSnapshot, DATA_ORIGIN, oktaId, orgFromSnapshot, type UserSpec } from '../test/emulator/org.js';

type Obj = Record<string, any>;

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : dflt;
};
const USERS = opt('users', 100_000);
const REGISTERED = Math.min(USERS, opt('registered', 20_000));
const MEMBERS = Math.min(USERS, opt('members', REGISTERED + 5_000));
const APPS = opt('apps', 2_000);
const GROUPS = opt('groups', 5_000);
const WINDOW_MS = opt('window-ms', 1_000);
const MAX_PAGE = opt('max-page-size', 0);
const TOKEN = '00benchTokenForTheEmulator0123456789abcdef';

/** Okta's per-minute limits of a Developer (free) org (the Workforce Identity ones are OKTA_LIMITS). */
export const DEVELOPER_LIMITS: Record<string, number> = {
  apps: 20,
  app: 100,
  groups: 100,
  group: 100,
  users: 100,
  user: 100,
  logs: 20,
  'api-v1': 100,
  'oauth2-token': 100,
  oauth2: 100,
};
const LIMIT_SETS: Record<string, Record<string, number>> = { workforce: OKTA_LIMITS, developer: DEVELOPER_LIMITS };

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** The emulator with indexes for the two list endpoints whose reference implementation scans the org. */
class BenchEmulator extends OktaEmulator {
  private readonly searches = new Map<string, Obj[] | null>();
  private members?: Map<string, Obj[]>;
  private readonly serialized = new WeakMap<object, string>();

  // `route` and `page` are private in OktaEmulator's type only; this file is run by tsx, not type-checked.
  route(res: ServerResponse, entry: LogEntry, u: URL, linkFault?: Fault): void {
    const self = this as any;
    const org = self.org as { users: Obj[]; groups: Obj[]; members: Record<string, string[]> };
    const p = u.pathname.replace(/\/+$/, '');
    const q = u.searchParams;
    if (p === '/api/v1/users' && q.has('search')) {
      const expr = q.get('search')!;
      if (!this.searches.has(expr)) {
        const pred = parseSearch(expr);
        this.searches.set(expr, pred ? org.users.filter(pred) : null);
      }
      const users = this.searches.get(expr);
      if (users)
        return self.page(
          res,
          entry,
          u,
          users,
          { defaultLimit: 200, maxLimit: 200, order: ['limit', 'search'] },
          linkFault,
        );
    }
    const m = /^\/api\/v1\/groups\/([^/]+)\/users$/.exec(p);
    if (m) {
      if (!this.members) {
        const byId = new Map(org.users.map((x) => [x.id, x]));
        this.members = new Map(
          Object.entries(org.members).map(([gid, ids]) => [
            gid,
            ids.map((id) => byId.get(id)).filter(Boolean) as Obj[],
          ]),
        );
      }
      const users = this.members.get(m[1]);
      if (users && org.groups.some((x) => x.id === m[1]))
        return self.page(res, entry, u, users, { defaultLimit: 1000, maxLimit: 10000, order: ['limit'] }, linkFault);
    }
    return (OktaEmulator.prototype as any).route.call(this, res, entry, u, linkFault);
  }

  /** Serializes the org's list items now rather than on the first request that serves them. */
  warm(): void {
    const org = (this as any).org as { users: Obj[]; groups: Obj[]; apps: Array<{ app: Obj }> };
    const one = (v: Obj) => this.serialized.set(v, JSON.stringify(v).split(DATA_ORIGIN).join(this.url));
    for (const u of org.users) one(u);
    for (const g of org.groups) one(g);
    for (const a of org.apps) one(a.app);
  }

  /** As OktaEmulator's json() without canaries, with every list item serialized once. */
  json(res: ServerResponse, entry: LogEntry, value: unknown, status = 200): void {
    const one = (v: unknown) => JSON.stringify(v).split(DATA_ORIGIN).join(this.url);
    let text: string;
    if (Array.isArray(value)) {
      text = `[${value
        .map((item) => {
          if (item === null || typeof item !== 'object') return one(item);
          let s = this.serialized.get(item);
          if (s === undefined) this.serialized.set(item, (s = one(item)));
          return s;
        })
        .join(',')}]`;
    } else {
      text = one(value);
    }
    entry.status = status;
    (entry as LogEntry & { bytes?: number }).bytes = text.length;
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.end(text);
  }
}

async function main(): Promise<void> {
  const clean = await cleanSnapshot();
  // users: the first MEMBERS are in the Beyond Identity group; the first REGISTERED have registered
  // (profile.byndidRegistered = true), the next MEMBERS say false, the others never had the attribute
  const specs: UserSpec[] = [];
  const statuses = [
    'ACTIVE',
    'ACTIVE',
    'ACTIVE',
    'ACTIVE',
    'ACTIVE',
    'ACTIVE',
    'ACTIVE',
    'PROVISIONED',
    'SUSPENDED',
    'ACTIVE',
  ];
  for (let i = 0; i < USERS; i++) {
    specs.push({
      word: `b${i.toString().padStart(7, '0')}`,
      status: statuses[i % statuses.length],
      registered: i < REGISTERED ? true : i < REGISTERED + MEMBERS ? false : undefined,
      member: i < MEMBERS,
    });
  }
  const org = orgFromSnapshot(clean, specs);

  // apps: the recorded ones, and copies of the non-Beyond Identity ones up to APPS, before the two
  // Beyond Identity apps (the newest, on the last page)
  const isBi = (a: Obj) => /^Beyond Identity/.test(String(a.app.label));
  const bi = org.apps.filter(isBi);
  const others = org.apps.filter((a) => !isBi(a));
  const apps = [...others];
  for (let i = 0; apps.length + bi.length < APPS; i++) {
    const a = clone(others[i % others.length]);
    a.app.id = oktaId('0oa', `x${i.toString().padStart(6, '0')}`);
    a.app.label = `${a.app.label} ${i + 1}`;
    if (a.app._links?.self?.href)
      a.app._links.self.href = String(a.app._links.self.href).replace(/apps\/[^/]+$/, `apps/${a.app.id}`);
    apps.push(a);
  }
  org.apps = [...apps, ...bi];

  // groups: the recorded ones and department groups up to GROUPS
  const shape = org.groups.find((g) => g.profile?.name === 'Admins') ?? org.groups[0];
  for (let i = 0; org.groups.length < GROUPS; i++) {
    const g = clone(shape);
    g.id = oktaId('00g', `d${i.toString().padStart(6, '0')}`);
    g.profile = { name: `Department ${i + 1}`, description: `Department ${i + 1}` };
    org.groups.push(g);
  }

  const rateLimits = { windowMs: WINDOW_MS, limits: { ...OKTA_LIMITS } };
  // the shortcuts rely on OktaEmulator's route/page/json; without them, serve with the reference code
  const fast = ['route', 'page', 'json'].every((k) => typeof (OktaEmulator.prototype as any)[k] === 'function');
  if (!fast)
    process.stderr.write(
      'collect-emulator: OktaEmulator has no route/page/json any more; serving with its own (slower) code\n',
    );
  const emu = new (fast ? BenchEmulator : OktaEmulator)({
    org,
    tokens: [TOKEN],
    canaries: false,
    rateLimits,
    ...(MAX_PAGE > 0 ? { maxPageSize: MAX_PAGE } : {}),
  });
  await emu.start();
  if (emu instanceof BenchEmulator) emu.warm();
  // when each response was finished (the log has the arrival only)
  const server = (emu as any).server as import('node:http').Server | undefined;
  server?.on('request', (_req, res) => {
    const entry = emu.log[emu.log.length - 1] as LogEntry & { finishMs?: number };
    res.on('close', () => {
      entry.finishMs = Date.now();
    });
  });

  const counts = {
    users: org.users.length,
    registered: org.users.filter((u) => u.profile?.byndidRegistered === true).length,
    members: Object.values(org.members).reduce((n, l) => n + l.length, 0),
    apps: org.apps.length,
    groups: org.groups.length,
  };
  const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
  out({
    ready: true,
    url: emu.url,
    token: TOKEN,
    windowMs: WINDOW_MS,
    limits: OKTA_LIMITS,
    maxPageSize: MAX_PAGE || undefined,
    org: counts,
  });

  const rl = createInterface({ input: process.stdin });
  const quit = async () => {
    rl.close();
    await emu.close();
    process.exit(0);
  };
  rl.on('line', (line) => {
    const [cmd, arg] = line.trim().split(/\s+/);
    if (cmd === 'log') out({ log: emu.log.filter((e) => e.seq > Number(arg ?? 0)), now: Date.now() });
    else if (cmd === 'limits' && LIMIT_SETS[arg]) {
      // the emulator reads its options on every request
      rateLimits.limits = { ...LIMIT_SETS[arg] };
      out({ limits: rateLimits.limits });
    } else if (cmd === 'quit') void quit();
  });
  rl.on('close', () => void quit());
}

main().catch((e) => {
  process.stderr.write(`collect-emulator: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
