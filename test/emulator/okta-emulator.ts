/**
 * A local HTTP emulator of the Okta Management API endpoints the collector reads, built from the
 * recorded responses (see org.ts) and Okta's documented behaviour:
 *
 * - pagination with `after` cursors and one `Link` header value per relation, rebuilt by the
 *   server (self drops `after`; IdP links keep only after/limit, as the recordings show); bare
 *   arrays without Link for /groups?q=, /policies/{id}/rules and /eventHooks
 * - X-Rate-Limit-Limit/-Remaining/-Reset per bucket in fixed windows on the server's clock (which
 *   may be skewed from the real one), 429 E0000047 beyond the limit, a Date header on every response
 * - SSWS tokens and OAuth 2.0 private key JWT (POST /oauth2/v1/token verifies the assertion's
 *   signature, iss/sub/aud/exp, and the scopes granted; Bearer tokens are checked per endpoint scope)
 * - Okta's error body {errorCode, errorSummary, errorLink, errorId, errorCauses}
 * - fault injection: 5xx, 401/403/404, E0000015, malformed bodies, pagination loops, endless
 *   pagination, a next link to another host, slow responses, dropped connections, 429s
 * - canary secrets planted in every response (body and headers)
 * - a log of every request: method, path, bucket, window, status, auth scheme
 */
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { plant } from './canaries.js';
import { EmulatorServer } from './server.js';
import { DATA_ORIGIN, type OktaOrg } from './org.js';
import { listLogs } from './system-log.js';

type Obj = Record<string, any>;

type FaultKind =
  | 'status' // answer `status` with an Okta error body (errorCode/errorSummary)
  | 'html' // answer `status` with an HTML body (a gateway error)
  | 'malformed' // 200 with a truncated JSON body
  | 'loop' // a next link back to the first page (or to itself)
  | 'endless' // a next link with a new cursor on every page
  | 'foreign-next' // a next link to another host
  | 'slow' // wait delayMs before answering
  | 'drop' // close the connection without an answer
  | 'redirect' // `status` (default 302) with Location: `target` + the request's path and query
  | '429'; // 429 E0000047 with a reset resetInMs ahead, until then for every request of the bucket

export interface Fault {
  kind: FaultKind;
  /** exact pathname, or a pattern */
  path: string | RegExp;
  /** only requests whose query contains this text */
  query?: string;
  /** how many times it applies (default: always) */
  times?: number;
  status?: number;
  errorCode?: string;
  errorSummary?: string;
  delayMs?: number;
  resetInMs?: number;
  /** for foreign-next and redirect: the other host's origin */
  target?: string;
}

interface OAuthClientReg {
  clientId: string;
  /** the public key (a KeyObject, a PEM, or a JWK) */
  publicKey: KeyObject | string | Obj;
  kid?: string;
  /** scopes granted to the app */
  scopes: string[];
}

interface RateLimitConfig {
  /** window length, a multiple of 1000 ms (Okta: 60 000) */
  windowMs: number;
  /** per-bucket limits; missing buckets use Okta's Workforce Identity defaults scaled by `scale` */
  limits?: Record<string, number>;
  /** requests other integrations make in every window, per bucket */
  background?: Record<string, number>;
}

export interface EmulatorOptions {
  org: OktaOrg;
  tokens?: string[];
  oauthClients?: OAuthClientReg[];
  /** default: Okta's per-minute limits with 1 s windows scaled down (see DEFAULT_LIMITS) */
  rateLimits?: RateLimitConfig | false;
  /** serve at most this many items per page whatever `limit` says */
  maxPageSize?: number;
  /** server clock = real clock + skew */
  clockSkewMs?: number;
  canaries?: boolean;
  faults?: Fault[];
  /** System Log events (system-log.ts: logEvent), served by GET /api/v1/logs */
  systemLog?: Obj[];
}

export interface LogEntry {
  seq: number;
  method: string;
  path: string;
  search: string;
  bucket: string;
  /** server-clock ms at arrival */
  serverMs: number;
  /** the window (its reset, epoch s) the request was counted in */
  reset?: number;
  status?: number;
  auth: string;
  fault?: FaultKind;
}

/** Okta's Workforce Identity per-minute limits (developer.okta.com, Management rate limits). */
export const OKTA_LIMITS: Record<string, number> = {
  apps: 100,
  app: 500,
  groups: 500,
  group: 1000,
  users: 600,
  user: 2000,
  logs: 120,
  'api-v1': 1200,
  'oauth2-token': 600,
  oauth2: 600,
};

/** The emulator's own reading of Okta's bucket table. */
export function bucketOf(pathname: string): string {
  const p = pathname.replace(/\/+$/, '');
  if (p === '/oauth2/v1/token') return 'oauth2-token';
  if (p.startsWith('/oauth2/')) return 'oauth2';
  const seg = p.split('/').slice(1); // api, v1, resource, id, sub…
  if (seg[0] === 'api' && seg[1] === 'v1') {
    const [res, id, ...rest] = seg.slice(2);
    if (res === 'apps') return id && rest.length === 0 ? 'app' : 'apps';
    if (res === 'groups') return id && rest.length === 0 ? 'group' : 'groups';
    if (res === 'users') return id ? 'user' : 'users';
    if (res === 'logs') return 'logs';
  }
  return 'api-v1';
}

const SCOPES: Array<[RegExp, string[]]> = [
  [/^\/api\/v1\/meta\/schemas/, ['okta.schemas.read']],
  [/^\/api\/v1\/apps\/[^/]+\/group-push/, ['okta.apps.read', 'okta.groups.read']],
  [/^\/api\/v1\/apps/, ['okta.apps.read']],
  [/^\/api\/v1\/groups\/[^/]+\/users/, ['okta.groups.read']],
  [/^\/api\/v1\/groups/, ['okta.groups.read']],
  [/^\/api\/v1\/idps/, ['okta.idps.read']],
  [/^\/api\/v1\/policies/, ['okta.policies.read']],
  [/^\/api\/v1\/eventHooks/, ['okta.eventHooks.read']],
  [/^\/api\/v1\/api-tokens/, ['okta.apiTokens.read']],
  [/^\/api\/v1\/users/, ['okta.users.read']],
  [/^\/api\/v1\/logs/, ['okta.logs.read']],
];

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

export class OktaEmulator extends EmulatorServer {
  readonly log: LogEntry[] = [];
  faults: Fault[];
  private readonly issued = new Map<string, string[]>();
  private readonly counts = new Map<string, number>();
  private readonly blocked = new Map<string, number>();
  private readonly org: OktaOrg;
  private readonly options: EmulatorOptions;
  private seq = 0;

  constructor(options: EmulatorOptions) {
    super(() => options.clockSkewMs ?? 0);
    this.options = options;
    this.org = clone(options.org);
    this.faults = [...(options.faults ?? [])];
  }

  /** Requests other than GET (and the OAuth token POST). */
  writes(): LogEntry[] {
    return this.log.filter((e) => e.method !== 'GET' && !(e.method === 'POST' && e.path === '/oauth2/v1/token'));
  }

  /** Requests counted per bucket and window. */
  windows(): Map<string, number> {
    const m = new Map<string, number>();
    for (const e of this.log)
      if (e.reset !== undefined) m.set(`${e.bucket}@${e.reset}`, (m.get(`${e.bucket}@${e.reset}`) ?? 0) + 1);
    return m;
  }

  limitOf(bucket: string): number | undefined {
    const rl = this.options.rateLimits;
    if (rl === false) return undefined;
    return rl?.limits?.[bucket] ?? OKTA_LIMITS[bucket] ?? 1200;
  }

  private windowMs(): number {
    const rl = this.options.rateLimits;
    return rl ? rl.windowMs : 60_000;
  }

  // ------------------------------------------------------------------------------------------

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const serverMs = this.serverNow();
    const bucket = bucketOf(u.pathname);
    const entry: LogEntry = {
      seq: ++this.seq,
      method,
      path: u.pathname,
      search: u.search,
      bucket,
      serverMs,
      auth: schemeOf(req.headers.authorization),
    };
    this.log.push(entry);
    const body = method === 'POST' ? await readBody(req) : '';

    res.setHeader('Date', new Date(serverMs).toUTCString());
    res.setHeader('X-Okta-Request-Id', randomBytes(9).toString('base64url'));
    if (this.options.canaries !== false) {
      res.setHeader('Set-Cookie', `JSESSIONID=${this.make((c) => c, '')}; Path=/; HttpOnly`);
      res.setHeader(
        'X-Debug-Credential',
        this.make((c) => `Bearer ${c}`, ''),
      );
    }

    // --- rate limit, per bucket and window, on the server's clock
    if (this.options.rateLimits !== false) {
      const limit = this.limitOf(bucket)!;
      const w = this.windowMs();
      const start = Math.floor(serverMs / w) * w;
      const reset = (start + w) / 1000;
      entry.reset = reset;
      const key = `${bucket}@${start}`;
      const used = (this.counts.get(key) ?? this.options.rateLimits?.background?.[bucket] ?? 0) + 1;
      this.counts.set(key, used);
      const blockedUntil = this.blocked.get(bucket) ?? 0;
      res.setHeader('X-Rate-Limit-Limit', String(limit));
      res.setHeader('X-Rate-Limit-Remaining', String(Math.max(0, limit - used)));
      res.setHeader('X-Rate-Limit-Reset', String(reset));
      if (serverMs < blockedUntil) {
        res.setHeader('X-Rate-Limit-Remaining', '0');
        res.setHeader('X-Rate-Limit-Reset', String(Math.ceil(blockedUntil / 1000)));
        return this.error(res, entry, 429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
      }
      if (used > limit)
        return this.error(res, entry, 429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
    }

    // --- faults
    const fault = this.takeFault(this.faults, u);
    let linkFault: Fault | undefined;
    if (fault) {
      entry.fault = fault.kind;
      switch (fault.kind) {
        case 'status':
          return this.error(
            res,
            entry,
            fault.status ?? 500,
            fault.errorCode ?? 'E0000009',
            fault.errorSummary ?? 'Internal Server Error',
          );
        case 'redirect':
          entry.status = fault.status ?? 302;
          res.statusCode = entry.status;
          res.setHeader('Location', `${fault.target ?? this.url}${u.pathname}${u.search}`);
          res.end();
          return;
        case 'html':
          entry.status = fault.status ?? 502;
          res.statusCode = entry.status;
          res.setHeader('Content-Type', 'text/html');
          res.end(
            `<html><head><title>${entry.status} Bad Gateway</title></head><body>upstream error; session ${this.make((c) => c, '')}</body></html>`,
          );
          return;
        case 'malformed':
          entry.status = 200;
          res.statusCode = 200;
          res.setHeader('Content-Type', 'application/json');
          res.end(
            `[{"id":"00T1gtr35t8ZbfBfV1d7","name":"Beyond Identity","token":"${this.make((c) => c, '')}",,"clientName":"Okta API",`,
          );
          return;
        case 'slow':
          await new Promise((r) => setTimeout(r, fault.delayMs ?? 5000));
          if (res.destroyed || req.destroyed) return;
          break;
        case 'drop':
          entry.status = 0;
          req.socket.destroy();
          return;
        case '429': {
          const until = serverMs + (fault.resetInMs ?? 2000);
          this.blocked.set(bucket, until);
          res.setHeader('X-Rate-Limit-Remaining', '0');
          res.setHeader('X-Rate-Limit-Reset', String(Math.ceil(until / 1000)));
          return this.error(res, entry, 429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
        }
        default:
          linkFault = fault;
      }
    }

    // --- the token endpoint
    if (u.pathname === '/oauth2/v1/token') {
      if (method !== 'POST')
        return this.error(res, entry, 405, 'E0000022', 'The endpoint does not support the provided HTTP method');
      return this.token(res, entry, body);
    }

    // --- authentication
    const auth = req.headers.authorization ?? '';
    let scopes: string[] | undefined;
    if (auth.startsWith('SSWS ')) {
      if (!(this.options.tokens ?? []).includes(auth.slice(5)))
        return this.error(res, entry, 401, 'E0000011', 'Invalid token provided');
    } else if (auth.startsWith('Bearer ')) {
      scopes = this.issued.get(auth.slice(7));
      if (!scopes) return this.error(res, entry, 401, 'E0000011', 'Invalid token provided');
    } else {
      return this.error(res, entry, 401, 'E0000011', 'Invalid token provided');
    }
    if (method !== 'GET')
      return this.error(res, entry, 405, 'E0000022', 'The endpoint does not support the provided HTTP method');
    if (scopes) {
      const need = SCOPES.find(([re]) => re.test(u.pathname))?.[1] ?? [];
      if (!need.every((s) => scopes!.includes(s))) {
        res.setHeader(
          'WWW-Authenticate',
          `Bearer authorization_uri="${this.url}/oauth2/v1/authorize", realm="${this.url}", scope="${need.join(' ')}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${u.pathname}"`,
        );
        return this.error(res, entry, 403, 'E0000006', 'You do not have permission to perform the requested action');
      }
    }
    return this.route(res, entry, u, linkFault);
  }

  private route(res: ServerResponse, entry: LogEntry, u: URL, linkFault?: Fault): void {
    const p = u.pathname.replace(/\/+$/, '');
    const q = u.searchParams;
    const org = this.org;
    let m: RegExpExecArray | null;
    if (p === '/api/v1/meta/schemas/user/default') return this.json(res, entry, org.userSchema);
    if (p === '/api/v1/groups') {
      if (q.has('q')) {
        // name prefix; not pageable; a bare array without Link (as recorded)
        const prefix = q.get('q')!.toLowerCase();
        return this.json(
          res,
          entry,
          org.groups.filter((g) => String(g.profile?.name).toLowerCase().startsWith(prefix)).slice(0, 300),
        );
      }
      let groups = org.groups;
      if (q.has('search')) {
        const pred = parseSearch(q.get('search')!);
        if (!pred) return this.error(res, entry, 400, 'E0000031', 'Invalid search.');
        groups = groups.filter(pred);
      }
      if (q.has('filter')) {
        const pred = parseSearch(q.get('filter')!);
        if (!pred) return this.error(res, entry, 400, 'E0000031', 'Invalid filter.');
        groups = groups.filter(pred);
      }
      return this.page(
        res,
        entry,
        u,
        groups,
        { defaultLimit: 10000, maxLimit: 10000, order: ['limit', 'filter', 'search'] },
        linkFault,
      );
    }
    if ((m = /^\/api\/v1\/groups\/([^/]+)$/.exec(p))) {
      const g = org.groups.find((x) => x.id === m![1]);
      return g ? this.json(res, entry, g) : this.notFound(res, entry, m[1], 'UserGroup');
    }
    if ((m = /^\/api\/v1\/groups\/([^/]+)\/users$/.exec(p))) {
      if (!org.groups.some((x) => x.id === m![1])) return this.notFound(res, entry, m[1], 'UserGroup');
      const ids = new Set(org.members[m[1]] ?? []);
      const users = (org.members[m[1]] ?? []).map((id) => org.users.find((x) => x.id === id)).filter(Boolean) as Obj[];
      void ids;
      return this.page(res, entry, u, users, { defaultLimit: 1000, maxLimit: 10000, order: ['limit'] }, linkFault);
    }
    if (p === '/api/v1/apps') {
      let apps = org.apps.map((a) => a.app);
      if (q.has('q')) {
        const prefix = q.get('q')!.toLowerCase();
        apps = apps.filter(
          (a) => String(a.name).toLowerCase().startsWith(prefix) || String(a.label).toLowerCase().startsWith(prefix),
        );
      }
      if (q.has('filter')) {
        const pred = parseSearch(q.get('filter')!);
        if (!pred) return this.error(res, entry, 400, 'E0000031', 'Invalid filter.');
        apps = apps.filter(pred);
      }
      return this.page(
        res,
        entry,
        u,
        apps,
        { defaultLimit: 200, maxLimit: 200, order: ['limit', 'q', 'filter'] },
        linkFault,
      );
    }
    if ((m = /^\/api\/v1\/apps\/([^/]+)(?:\/(groups|users|group-push\/mappings))?$/.exec(p))) {
      const a = org.apps.find((x) => x.app.id === m![1]);
      if (!a) return this.notFound(res, entry, m[1], 'AppInstance');
      if (!m[2]) return this.json(res, entry, a.app);
      if (m[2] === 'groups')
        return this.page(
          res,
          entry,
          u,
          a.groups,
          { defaultLimit: 20, minLimit: 20, maxLimit: 200, order: ['limit'] },
          linkFault,
        );
      if (m[2] === 'users')
        return this.page(res, entry, u, a.users, { defaultLimit: 50, maxLimit: 500, order: ['limit'] }, linkFault);
      return this.page(
        res,
        entry,
        u,
        a.pushMappings,
        { defaultLimit: 100, maxLimit: 1000, order: ['limit'] },
        linkFault,
      );
    }
    if (p === '/api/v1/idps') {
      let idps = org.idps;
      // the first page honours type and q; the links keep only after and limit (as recorded)
      if (q.has('type') && !q.has('after')) idps = idps.filter((i) => i.type === q.get('type'));
      if (q.has('q')) idps = idps.filter((i) => String(i.name).toLowerCase().startsWith(q.get('q')!.toLowerCase()));
      return this.page(
        res,
        entry,
        u,
        idps,
        { defaultLimit: 20, maxLimit: 200, order: ['limit'], keepOnly: true },
        linkFault,
      );
    }
    if (p === '/api/v1/policies') {
      if (!q.has('type'))
        return this.error(res, entry, 400, 'E0000001', 'Api validation failed: type', [
          { errorSummary: 'type: The field cannot be left blank' },
        ]);
      const policies = org.policies.map((x) => x.policy).filter((x) => x.type === q.get('type'));
      return this.page(
        res,
        entry,
        u,
        policies,
        { defaultLimit: 20, maxLimit: 200, order: ['type', 'limit'] },
        linkFault,
      );
    }
    if ((m = /^\/api\/v1\/policies\/([^/]+)\/rules$/.exec(p))) {
      const pol = org.policies.find((x) => x.policy.id === m![1]);
      if (!pol) return this.notFound(res, entry, m[1], 'Policy');
      if (linkFault)
        return this.page(res, entry, u, pol.rules, { defaultLimit: 200, maxLimit: 200, order: ['limit'] }, linkFault);
      return this.json(res, entry, pol.rules); // a bare array, no Link (as recorded)
    }
    if (p === '/api/v1/eventHooks') {
      if (linkFault)
        return this.page(
          res,
          entry,
          u,
          org.eventHooks,
          { defaultLimit: 200, maxLimit: 200, order: ['limit'] },
          linkFault,
        );
      return this.json(res, entry, org.eventHooks);
    }
    if (p === '/api/v1/api-tokens')
      return this.page(res, entry, u, org.apiTokens, { defaultLimit: 20, maxLimit: 200, order: ['limit'] }, linkFault);
    if (p === '/api/v1/users') {
      let users = org.users;
      if (q.has('search')) {
        const pred = parseSearch(q.get('search')!);
        if (!pred) return this.error(res, entry, 400, 'E0000031', 'Invalid search.');
        users = users.filter(pred);
      }
      return this.page(
        res,
        entry,
        u,
        users,
        { defaultLimit: 200, maxLimit: 200, order: ['limit', 'search'] },
        linkFault,
      );
    }
    if (p === '/api/v1/logs') {
      const answer = listLogs(this.options.systemLog ?? [], u, this.serverNow(), this.url);
      if ('status' in answer) return this.error(res, entry, answer.status, answer.errorCode, answer.errorSummary);
      res.setHeader('Link', answer.links);
      return this.json(res, entry, answer.items);
    }
    return this.error(res, entry, 404, 'E0000022', `The endpoint does not support the provided HTTP method`);
  }

  private page(
    res: ServerResponse,
    entry: LogEntry,
    u: URL,
    all: Obj[],
    o: { defaultLimit: number; minLimit?: number; maxLimit: number; order: string[]; keepOnly?: boolean },
    fault?: Fault,
  ): void {
    const q = u.searchParams;
    const asked = Number(q.get('limit'));
    let limit = q.has('limit') && Number.isInteger(asked) && asked > 0 ? asked : o.defaultLimit;
    limit = Math.min(o.maxLimit, Math.max(o.minLimit ?? 1, limit));
    const served = Math.min(limit, this.options.maxPageSize ?? Infinity);
    let start = 0;
    const after = q.get('after');
    if (after) {
      const i = all.findIndex((x) => x.id === after);
      start = i >= 0 ? i + 1 : fault?.kind === 'endless' ? 0 : all.length;
    }
    const items = all.slice(start, start + served);
    const base = `${this.url}${u.pathname}`;
    const params = (withAfter?: string) => {
      const sp = new URLSearchParams();
      if (withAfter) sp.set('after', withAfter);
      for (const k of o.order) {
        if (k === 'limit') sp.set('limit', String(limit));
        else if (!o.keepOnly && q.has(k)) sp.set(k, q.get(k)!);
      }
      const s = sp.toString();
      return s ? `?${s}` : '';
    };
    const links = [`<${base}${params()}>; rel="self"`];
    let next: string | undefined;
    if (start + served < all.length && items.length) next = `${base}${params(String(items[items.length - 1].id))}`;
    if (fault?.kind === 'loop') next = after ? `${base}${params()}` : `${base}${u.search}`;
    if (fault?.kind === 'endless') next = `${base}${params(randomBytes(8).toString('hex'))}`;
    if (fault?.kind === 'foreign-next')
      next = `${fault.target ?? 'http://127.0.0.2:9'}${u.pathname}${params(String(items[items.length - 1]?.id ?? 'x'))}`;
    if (next) links.push(`<${next}>; rel="next"`);
    res.setHeader('Link', links);
    this.json(res, entry, items);
  }

  private json(res: ServerResponse, entry: LogEntry, value: unknown, status = 200): void {
    const body = clone(value);
    if (this.options.canaries !== false) {
      plant(body, this.make);
    }
    // secrets the fixtures hold as "[REDACTED]" are served as real (canary) values
    let text = JSON.stringify(body).split(DATA_ORIGIN).join(this.url);
    if (this.options.canaries !== false)
      text = text.replace(/"\[REDACTED\]"/g, () => JSON.stringify(this.make((c) => `secret-${c}`, '')));
    entry.status = status;
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.end(text);
  }

  private error(
    res: ServerResponse,
    entry: LogEntry,
    status: number,
    errorCode: string,
    errorSummary: string,
    causes: Obj[] = [],
  ): void {
    entry.status = status;
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    const body: Obj = {
      errorCode,
      errorSummary,
      errorLink: errorCode,
      errorId: `oae${randomBytes(11).toString('base64url')}`,
      errorCauses: causes,
    };
    if (this.options.canaries !== false) body.debugToken = this.make((c) => `Bearer ${c}`, '');
    res.end(JSON.stringify(body));
  }

  private notFound(res: ServerResponse, entry: LogEntry, id: string, type: string): void {
    this.error(res, entry, 404, 'E0000007', `Not found: Resource not found: ${id} (${type})`);
  }

  // --- OAuth 2.0: client credentials with a private key JWT (RFC 7523)
  private token(res: ServerResponse, entry: LogEntry, body: string): void {
    const form = new URLSearchParams(body);
    const fail = (status: number, error: string, description: string) => {
      entry.status = status;
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ error, error_description: description }));
    };
    if (form.get('grant_type') !== 'client_credentials')
      return fail(
        400,
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server.',
      );
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
      return fail(401, 'invalid_client', 'Client authentication failed.');
    const jwt = form.get('client_assertion') ?? '';
    const parts = jwt.split('.');
    if (parts.length !== 3) return fail(401, 'invalid_client', 'The client_assertion is not a JWT.');
    let header: Obj;
    let claims: Obj;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return fail(401, 'invalid_client', 'The client_assertion is malformed.');
    }
    const reg = (this.options.oauthClients ?? []).find((c) => c.clientId === claims.iss);
    if (!reg || claims.sub !== claims.iss)
      return fail(401, 'invalid_client', 'The client_assertion token has an invalid issuer or subject.');
    if (reg.kid !== undefined && header.kid !== reg.kid)
      return fail(401, 'invalid_client', 'The client_assertion kid does not match a registered key.');
    if (header.alg !== 'RS256') return fail(401, 'invalid_client', 'The client_assertion must be signed with RS256.');
    const key =
      typeof reg.publicKey === 'object' &&
      'type' in reg.publicKey &&
      typeof (reg.publicKey as KeyObject).export === 'function'
        ? (reg.publicKey as KeyObject)
        : typeof reg.publicKey === 'string'
          ? createPublicKey(reg.publicKey)
          : createPublicKey({ key: reg.publicKey as any, format: 'jwk' });
    const ok = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'));
    if (!ok) return fail(401, 'invalid_client', 'The client_assertion signature is invalid.');
    if (claims.aud !== `${this.url}/oauth2/v1/token`)
      return fail(401, 'invalid_client', 'The audience of the client_assertion is invalid.');
    const now = Math.floor(this.serverNow() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp < now - 60)
      return fail(401, 'invalid_client', 'The client_assertion has expired.');
    const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const missing = scopes.filter((s) => !reg.scopes.includes(s));
    if (!scopes.length || missing.length)
      return fail(
        400,
        'invalid_scope',
        `The following scopes are not allowed: ${missing.join(', ') || '(none asked)'}`,
      );
    const accessToken =
      this.options.canaries === false
        ? `at-${randomBytes(16).toString('hex')}`
        : this.make((c) => `eyJraWQiOiJrMSJ9.eyJzY3AiOlsib2t0YSJdfQ.${c}`, '');
    this.issued.set(accessToken, scopes);
    entry.status = 200;
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: accessToken, scope: scopes.join(' ') }),
    );
  }
}

function schemeOf(h: string | undefined): string {
  if (!h) return 'none';
  return h.split(' ')[0];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

/**
 * Okta's search/filter expressions as far as the collector uses them: `<path> eq|sw <value>`
 * joined by `and`, where value is "string", true, false or a number. String comparisons ignore
 * case, as Okta's do.
 */
export function parseSearch(expr: string): ((o: Obj) => boolean) | undefined {
  const clauses = expr.split(/\s+and\s+/i);
  const preds: Array<(o: Obj) => boolean> = [];
  for (const c of clauses) {
    const m = /^\s*([A-Za-z_][\w.]*)\s+(eq|sw)\s+(?:"((?:[^"\\]|\\.)*)"|(true|false)|(-?\d+(?:\.\d+)?))\s*$/.exec(c);
    if (!m) return undefined;
    const [, p, op, str, bool, num] = m;
    const want: unknown =
      str !== undefined ? str.replace(/\\(.)/g, '$1') : bool !== undefined ? bool === 'true' : Number(num);
    preds.push((o) => {
      let v: any = o;
      for (const k of p.split('.')) v = v?.[k];
      if (typeof want === 'string') {
        if (typeof v !== 'string') return false;
        return op === 'eq' ? v.toLowerCase() === want.toLowerCase() : v.toLowerCase().startsWith(want.toLowerCase());
      }
      return op === 'eq' && v === want;
    });
  }
  return (o) => preds.every((f) => f(o));
}

export async function startEmulator(options: EmulatorOptions): Promise<OktaEmulator> {
  return new OktaEmulator(options).start();
}
