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
 * Options: --users N (100000), --registered N (a fifth of the users), --members N (the registered
 * users and a twentieth of the users more, who have not registered yet), --apps N (2000),
 * --groups N (5000), --window-ms N (1000: Okta's per-minute limits, per window of this length),
 * --max-page-size N.
 *
 * The emulator is test/emulator/okta-emulator.ts unchanged (rate limits, pagination, Link headers,
 * error bodies), except for the users: they are made one page at a time when a page is served (the
 * i-th user as test/emulator/org.ts makes it), never held all at once, so that an org of millions
 * fits, and the three endpoints that list them (`GET /api/v1/users`, with or without `search`, and
 * `GET /api/v1/groups/{id}/users`) read the positions of the users they list instead of scanning
 * the org on every page. The responses are the same; only the emulator's own memory and CPU time
 * are saved, so that what is measured is the collector and the rate-limit budget, not the emulator.
 * Canaries are off (the tests check redaction; this measures time).
 */
import { createInterface } from 'node:readline';
import type { ServerResponse } from 'node:http';
import { OktaEmulator, OKTA_LIMITS, parseSearch, type Fault, type LogEntry } from '../test/emulator/okta-emulator.js';
import { cleanSnapshot, DATA_ORIGIN, oktaId, orgFromSnapshot, userMaker, type UserSpec } from '../test/emulator/org.js';

type Obj = Record<string, any>;

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : dflt;
};
const USERS = opt('users', 100_000);
const REGISTERED = Math.min(USERS, opt('registered', Math.round(USERS / 5)));
const MEMBERS = Math.min(USERS, opt('members', REGISTERED + Math.round(USERS / 20)));
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

// users: the first MEMBERS are in the Beyond Identity group; the first REGISTERED have registered
// (profile.byndidRegistered = true), the next MEMBERS say false, the others never had the attribute
const STATUSES = [
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
/** Seven digits in every user's id (oktaId('00u', 'b0001234')): its position, read back from a cursor. */
const DIGITS = 7;
const spec = (i: number): UserSpec => ({
  word: `b${i.toString().padStart(DIGITS, '0')}`,
  status: STATUSES[i % STATUSES.length],
  registered: i < REGISTERED ? true : i < REGISTERED + MEMBERS ? false : undefined,
  member: i < MEMBERS,
});
const makeUser = userMaker();
const userAt = (i: number): Obj => makeUser(spec(i), i);
/** The position of the user with this id, or -1. */
const positionOf = (id: string): number => {
  const i = Number(id.slice(4, 4 + DIGITS));
  return Number.isInteger(i) && i < USERS && userAt(i).id === id ? i : -1;
};

/**
 * Users listed by position (ascending), for OktaEmulator's `page`, which reads `length`, `slice`
 * and `findIndex` (only to find the user after whom a page starts, named by the request's `after`).
 */
function listed(count: number, at: (k: number) => number, after: string | null) {
  return {
    length: count,
    slice: (from: number, to: number) => {
      const out: Obj[] = [];
      for (let k = from; k < Math.min(to, count); k++) out.push(userAt(at(k)));
      return out;
    },
    findIndex: () => {
      const i = after === null ? -1 : positionOf(after);
      if (i < 0) return -1;
      // the first k with at(k) >= i
      let lo = 0;
      let hi = count;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (at(mid) < i) lo = mid + 1;
        else hi = mid;
      }
      return lo < count && at(lo) === i ? lo : -1;
    },
  };
}

/** The emulator with the users made as they are served. */
class BenchEmulator extends OktaEmulator {
  /** the positions of the users each search expression matches (null: not a valid expression) */
  private readonly searches = new Map<string, Int32Array | null>();
  private readonly serialized = new WeakMap<object, string>();

  // `route` and `page` are private in OktaEmulator's type only; this file is run by tsx, not type-checked.
  route(res: ServerResponse, entry: LogEntry, u: URL, linkFault?: Fault): void {
    const self = this as any;
    const org = self.org as { groups: Obj[]; members: Record<string, string[]> };
    const p = u.pathname.replace(/\/+$/, '');
    const q = u.searchParams;
    const after = q.get('after');
    if (p === '/api/v1/users') {
      const expr = q.get('search');
      if (expr === null) {
        const all = listed(USERS, (k) => k, after);
        return self.page(res, entry, u, all, { defaultLimit: 200, maxLimit: 200, order: ['limit'] }, linkFault);
      }
      if (!this.searches.has(expr)) this.searches.set(expr, this.search(expr));
      const found = this.searches.get(expr);
      if (found) {
        const users = listed(found.length, (k) => found[k], after);
        return self.page(
          res,
          entry,
          u,
          users,
          { defaultLimit: 200, maxLimit: 200, order: ['limit', 'search'] },
          linkFault,
        );
      }
    }
    const m = /^\/api\/v1\/groups\/([^/]+)\/users$/.exec(p);
    if (m && m[1] in org.members && org.groups.some((x) => x.id === m[1])) {
      const users = listed(MEMBERS, (k) => k, after);
      return self.page(res, entry, u, users, { defaultLimit: 1000, maxLimit: 10000, order: ['limit'] }, linkFault);
    }
    return (OktaEmulator.prototype as any).route.call(this, res, entry, u, linkFault);
  }

  /** The positions of the users a search expression matches (the registered users: the first REGISTERED). */
  private search(expr: string): Int32Array | null {
    if (expr === 'profile.byndidRegistered eq true') return Int32Array.from({ length: REGISTERED }, (_, i) => i);
    const pred = parseSearch(expr);
    if (!pred) return null;
    const found: number[] = [];
    for (let i = 0; i < USERS; i++) if (pred(userAt(i))) found.push(i);
    return Int32Array.from(found);
  }

  /** Serializes the org's groups and apps now rather than on the first request that serves them. */
  warm(): void {
    const org = (this as any).org as { groups: Obj[]; apps: Array<{ app: Obj }> };
    const one = (v: Obj) => this.serialized.set(v, JSON.stringify(v).split(DATA_ORIGIN).join(this.url));
    for (const g of org.groups) one(g);
    for (const a of org.apps) one(a.app);
  }

  /** As OktaEmulator's json() without canaries, with every group and app serialized once. */
  json(res: ServerResponse, entry: LogEntry, value: unknown, status = 200): void {
    const one = (v: unknown) => JSON.stringify(v).split(DATA_ORIGIN).join(this.url);
    let text: string;
    if (Array.isArray(value)) {
      text = `[${value.map((item) => (item !== null && typeof item === 'object' && this.serialized.get(item)) || one(item)).join(',')}]`;
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
  if (USERS > 10 ** DIGITS) throw new Error(`at most ${10 ** DIGITS} users`);
  // the users are made as they are served (BenchEmulator); the org's group lists none of them
  const org = orgFromSnapshot(clean, []);

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
  // the users are served through OktaEmulator's route/page/json
  if (!['route', 'page', 'json'].every((k) => typeof (OktaEmulator.prototype as any)[k] === 'function'))
    throw new Error('OktaEmulator has no route/page/json any more: BenchEmulator cannot serve its users');
  const emu = new BenchEmulator({
    org,
    tokens: [TOKEN],
    canaries: false,
    rateLimits,
    ...(MAX_PAGE > 0 ? { maxPageSize: MAX_PAGE } : {}),
  });
  await emu.start();
  emu.warm();
  // when each response was finished (the log has the arrival only)
  const server = (emu as any).server as import('node:http').Server | undefined;
  server?.on('request', (_req, res) => {
    const entry = emu.log[emu.log.length - 1] as LogEntry & { finishMs?: number };
    res.on('close', () => {
      entry.finishMs = Date.now();
    });
  });

  const counts = {
    users: USERS,
    registered: REGISTERED,
    members: MEMBERS,
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
