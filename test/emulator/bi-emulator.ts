/**
 * A local HTTP emulator of the Beyond Identity endpoints the collector reads, from Beyond Identity's
 * published API descriptions (Secure Workforce v2 admin, Events v0, Secure Access v1). One instance plays one API host:
 *
 * - `sw-events`: the Secure Workforce Events API, `GET /v1/events` (bearer key; `ordering` required,
 *   else 400; `page_size` default 100, max 1000; `event_type` filter, repeated or as `event_type[]`,
 *   case-insensitive; `start_time`/`end_time`; an opaque `cursor`, absent on the last page; body
 *   `{message: "OK", body: {events, cursor}}`; errors `{message}`)
 * - `sw-api`: the Secure Workforce admin API's SCIM users, `GET /scim/v2/Users` (no Resources
 *   without `count`, as the spec warns; `count` max 1000, 1-based `startIndex`; SCIM errors
 *   `{schemas, status: "401", detail}`; application/scim+json)
 * - `sa`: the Secure Access API under `/v1/tenants/{t}`: realms, sso-configs (summaries only in the
 *   list, `type` filter, `page_size` default 20 max 200, `page_token`/`next_page_token`), one
 *   sso-config in full (its payload internally or externally tagged), `:listGroupAssociations`,
 *   applications, SCIM users; errors `{code, message, details}`; `x-correlation-id` on every response
 *
 * Common to all: `RateLimit-Limit`, `-Remaining`, `-Reset` (seconds to the end of a fixed window on
 * the server's clock) and a `Date` header on every response, 429 beyond the limit; fault injection
 * (error statuses, malformed bodies, pagination loops, endless pagination, slow answers, dropped
 * connections, 429s, redirects); canary secrets planted in every object, header and error body; a
 * log of every request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { plant } from './canaries.js';
import { EmulatorServer } from './server.js';
import { pascal, type SaTenant } from './bi-tenant.js';

type Obj = Record<string, any>;

type BiRole = 'sw-events' | 'sw-api' | 'sa';

type BiFaultKind =
  | 'status' // answer `status` with the API's error body
  | 'html' // answer `status` with an HTML page (a gateway error)
  | 'malformed' // 200 with a truncated JSON body
  | 'loop' // the next cursor / page token points back to the first page
  | 'endless' // a new cursor / page token, and new items, on every page
  | 'slow' // wait delayMs before answering
  | 'drop' // close the connection without an answer
  | 'redirect' // 302 to another host
  | '429'; // 429 with RateLimit-Reset resetInMs ahead, for every request until then

export interface BiFault {
  kind: BiFaultKind;
  path: string | RegExp;
  /** only requests whose query contains this text */
  query?: string;
  times?: number;
  status?: number;
  code?: string;
  message?: string;
  delayMs?: number;
  resetInMs?: number;
  /** for redirect: the origin the Location points to (default: a closed port) */
  target?: string;
}

export interface BiEmulatorOptions {
  role: BiRole;
  tokens: string[];
  /** sw-events */
  events?: Obj[];
  /** sw-api and sa */
  scimUsers?: Obj[];
  /** sa */
  sa?: SaTenant;
  /** sa: how a full sso-config's payload is encoded (and a summary's) */
  encoding?: 'internal' | 'external';
  /** sa: answer the sso-config list without applying the type filter */
  ignoreTypeFilter?: boolean;
  /** fixed windows of windowMs with `limit` requests each (default: 1 s, 1000); false: no headers */
  rateLimit?: { windowMs: number; limit: number; background?: number } | false;
  /** serve at most this many items per page whatever the request asks */
  maxPageSize?: number;
  clockSkewMs?: number;
  canaries?: boolean;
  faults?: BiFault[];
}

export interface BiLogEntry {
  seq: number;
  method: string;
  path: string;
  search: string;
  serverMs: number;
  /** the window (its end, epoch ms) the request was counted in */
  window?: number;
  status?: number;
  auth: string;
  fault?: BiFaultKind;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

export class BiEmulator extends EmulatorServer {
  readonly log: BiLogEntry[] = [];
  faults: BiFault[];
  private readonly counts = new Map<number, number>();
  private blockedUntil = 0;
  private seq = 0;

  constructor(readonly options: BiEmulatorOptions) {
    super(() => options.clockSkewMs ?? 0);
    this.faults = [...(options.faults ?? [])];
  }

  /** Requests other than GET: a read-only collector sends none. */
  writes(): BiLogEntry[] {
    return this.log.filter((e) => e.method !== 'GET');
  }

  /** Requests counted per window (by its end). */
  windows(): Map<number, number> {
    const m = new Map<number, number>();
    for (const e of this.log) if (e.window !== undefined) m.set(e.window, (m.get(e.window) ?? 0) + 1);
    return m;
  }

  // ------------------------------------------------------------------------------------------

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', this.url);
    const serverMs = this.serverNow();
    const entry: BiLogEntry = {
      seq: ++this.seq,
      method: req.method ?? 'GET',
      path: u.pathname,
      search: u.search,
      serverMs,
      auth: (req.headers.authorization ?? 'none').split(' ')[0],
    };
    this.log.push(entry);
    res.setHeader('Date', new Date(serverMs).toUTCString());
    if (this.options.role === 'sa')
      res.setHeader('x-correlation-id', String(req.headers['x-correlation-id'] ?? randomBytes(8).toString('hex')));
    if (this.options.canaries !== false) {
      res.setHeader('Set-Cookie', `bi_session=${this.make((c) => c, '')}; Path=/; HttpOnly`);
      res.setHeader(
        'X-Debug-Credential',
        this.make((c) => `Bearer ${c}`, ''),
      );
    }

    // --- rate limit: one fixed window per tenant
    const rl = this.options.rateLimit === undefined ? { windowMs: 1000, limit: 1000 } : this.options.rateLimit;
    if (rl) {
      const end = (Math.floor(serverMs / rl.windowMs) + 1) * rl.windowMs;
      entry.window = end;
      const used = (this.counts.get(end) ?? rl.background ?? 0) + 1;
      this.counts.set(end, used);
      res.setHeader('RateLimit-Limit', String(rl.limit));
      res.setHeader('RateLimit-Remaining', String(Math.max(0, rl.limit - used)));
      res.setHeader('RateLimit-Reset', String(Math.max(1, Math.ceil((end - serverMs) / 1000))));
      if (serverMs < this.blockedUntil) {
        res.setHeader('RateLimit-Remaining', '0');
        res.setHeader('RateLimit-Reset', String(Math.max(1, Math.ceil((this.blockedUntil - serverMs) / 1000))));
        return this.error(res, entry, 429, 'too_many_requests', 'Rate limit exceeded.');
      }
      if (used > rl.limit) return this.error(res, entry, 429, 'too_many_requests', 'Rate limit exceeded.');
    }

    // --- faults
    const fault = this.takeFault(this.faults, u);
    let pageFault: BiFault | undefined;
    if (fault) {
      entry.fault = fault.kind;
      switch (fault.kind) {
        case 'status':
          return this.error(
            res,
            entry,
            fault.status ?? 500,
            fault.code ?? 'internal_server_error',
            fault.message ?? 'Internal server error.',
          );
        case 'html':
          entry.status = fault.status ?? 502;
          res.statusCode = entry.status;
          res.setHeader('Content-Type', 'text/html');
          res.end(`<html><body>${entry.status} Bad Gateway; session ${this.make((c) => c, '')}</body></html>`);
          return;
        case 'malformed':
          entry.status = 200;
          res.statusCode = 200;
          res.setHeader('Content-Type', 'application/json');
          res.end(
            `{"message":"OK","body":{"events":[{"id":"x","data":{"client_secret":"${this.make((c) => c, '')}"},,`,
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
        case 'redirect':
          entry.status = 302;
          res.statusCode = 302;
          res.setHeader('Location', `${fault.target ?? 'http://127.0.0.2:9'}${u.pathname}${u.search}`);
          res.end();
          return;
        case '429': {
          this.blockedUntil = serverMs + (fault.resetInMs ?? 1000);
          res.setHeader('RateLimit-Remaining', '0');
          res.setHeader('RateLimit-Reset', String(Math.max(1, Math.ceil((fault.resetInMs ?? 1000) / 1000))));
          return this.error(res, entry, 429, 'too_many_requests', 'Rate limit exceeded.');
        }
        default:
          pageFault = fault;
      }
    }

    // --- authentication
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !this.options.tokens.includes(auth.slice(7))) {
      if (this.options.role === 'sw-events') return this.error(res, entry, 401, '', 'User unauthorized.');
      return this.error(res, entry, 401, 'unauthorized', 'The authorization header is invalid or missing.');
    }
    if (entry.method !== 'GET') return this.error(res, entry, 405, 'method_not_allowed', 'Method not allowed.');
    switch (this.options.role) {
      case 'sw-events':
        return this.events(res, entry, u, pageFault);
      case 'sw-api':
        if (u.pathname === '/scim/v2/Users') return this.scim(res, entry, u, pageFault);
        return this.error(res, entry, 404, 'not_found', 'resource not found');
      case 'sa':
        return this.secureAccess(res, entry, u, pageFault);
    }
  }

  // --- Secure Workforce Events API
  private events(res: ServerResponse, entry: BiLogEntry, u: URL, fault?: BiFault): void {
    if (u.pathname !== '/v1/events') return this.error(res, entry, 404, '', 'Not found.');
    const q = u.searchParams;
    const ordering = q.get('ordering');
    if (ordering !== 'asc' && ordering !== 'desc')
      return this.error(res, entry, 400, '', 'Malformed request: ordering is required and must be asc or desc.');
    const types = [...q.getAll('event_type'), ...q.getAll('event_type[]')].map((t) => t.toUpperCase());
    const start = q.has('start_time') ? Number(q.get('start_time')) : 0;
    const end = q.has('end_time') ? Number(q.get('end_time')) : Infinity;
    if (!Number.isFinite(start))
      return this.error(res, entry, 400, '', 'Malformed request: start_time must be an integer.');
    let all = (this.options.events ?? []).filter(
      (e) =>
        (types.length === 0 || types.includes(String(e.event_type).toUpperCase())) &&
        e.event_recorded_millis >= start &&
        e.event_recorded_millis <= end,
    );
    all = [...all].sort((a, b) =>
      ordering === 'asc'
        ? a.event_recorded_millis - b.event_recorded_millis
        : b.event_recorded_millis - a.event_recorded_millis,
    );
    const asked = q.has('page_size') ? Number(q.get('page_size')) : 100;
    if (!Number.isInteger(asked) || asked < 1 || asked > 1000)
      return this.error(res, entry, 400, '', 'Malformed request: page_size must be between 1 and 1000.');
    const size = Math.min(asked, this.options.maxPageSize ?? Infinity);
    let offset = 0;
    if (q.has('cursor')) {
      try {
        offset = JSON.parse(Buffer.from(q.get('cursor')!, 'base64').toString('utf8')).offset;
      } catch {
        return this.error(res, entry, 400, '', 'Malformed request: invalid cursor.');
      }
    }
    let events = all.slice(offset, offset + size);
    let cursor: string | undefined =
      offset + size < all.length
        ? Buffer.from(JSON.stringify({ offset: offset + size, at: randomBytes(4).toString('hex') })).toString('base64')
        : undefined;
    if (fault?.kind === 'loop') cursor = Buffer.from(JSON.stringify({ offset: 0 })).toString('base64');
    if (fault?.kind === 'endless') {
      events = events.length
        ? events.map((e) => ({ ...e, id: randomBytes(16).toString('hex') }))
        : [{ ...(all[0] ?? {}), id: randomBytes(16).toString('hex') }];
      cursor = Buffer.from(JSON.stringify({ offset: 0, n: randomBytes(8).toString('hex') })).toString('base64');
    }
    const body = clone(events);
    if (this.options.canaries !== false) {
      for (const e of body) {
        plant([e], this.make);
        if (e.data?.configuration) plant([e.data.configuration], this.make);
        else if (e.data && typeof e.data === 'object') plant([e.data], this.make);
      }
    }
    this.json(res, entry, { message: 'OK', body: { events: body, ...(cursor ? { cursor } : {}) } });
  }

  // --- SCIM users (both platforms)
  private scim(res: ServerResponse, entry: BiLogEntry, u: URL, fault?: BiFault): void {
    const q = u.searchParams;
    const all = this.options.scimUsers ?? [];
    const count = q.has('count') ? Number(q.get('count')) : 0;
    const startIndex = q.has('startIndex') ? Math.max(1, Number(q.get('startIndex'))) : 1;
    // "the API returns nothing without count" (and a count of 0)
    const served = Math.min(Math.max(count, 0), 1000, this.options.maxPageSize ?? Infinity);
    let resources = all.slice(startIndex - 1, startIndex - 1 + served);
    if (fault?.kind === 'loop') resources = all.slice(0, served);
    const body = clone(resources);
    if (this.options.canaries !== false) plant(body, this.make);
    this.json(
      res,
      entry,
      {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        Resources: body,
        totalResults: all.length,
        startIndex,
        itemsPerPage: body.length,
      },
      200,
      'application/scim+json',
    );
  }

  // --- Secure Access API
  private secureAccess(res: ServerResponse, entry: BiLogEntry, u: URL, fault?: BiFault): void {
    const sa = this.options.sa!;
    const p = u.pathname;
    const m = /^\/v1\/tenants\/([^/]+)(\/.*)?$/.exec(p);
    if (!m) return this.error(res, entry, 404, 'not_found', 'not found');
    if (m[1] !== sa.tenantId) return this.error(res, entry, 403, 'forbidden', 'the token is not valid for this tenant');
    const rest = m[2] ?? '';
    let r: RegExpExecArray | null;
    if (rest === '/realms') return this.page(res, entry, u, 'realms', sa.realms, 20, fault);
    if (!(r = /^\/realms\/([^/]+)(\/.*)?$/.exec(rest))) return this.error(res, entry, 404, 'not_found', 'not found');
    const realmId = r[1];
    if (!sa.realms.some((x) => x.id === realmId)) return this.notFound(res, entry, 'Realm', realmId);
    const sub = r[2] ?? '';
    const configs = sa.ssoConfigs.filter((c) => c.realmId === realmId).map((c) => c.config);
    if (sub === '/sso-configs') {
      const types = this.options.ignoreTypeFilter ? [] : u.searchParams.getAll('type');
      const chosen = configs.filter((c) => types.length === 0 || types.includes(c.payload.type));
      const summaries = chosen.map((c) => ({
        id: c.id,
        display_name: c.display_name,
        payload: this.encode(summaryPayload(c.payload)),
      }));
      return this.page(res, entry, u, 'sso_configs', summaries, 20, fault);
    }
    if ((r = /^\/sso-configs\/([^/:]+):listGroupAssociations$/.exec(sub))) {
      const c = configs.find((x) => x.id === r![1]);
      if (!c) return this.notFound(res, entry, 'SsoConfig', r[1]);
      return this.page(res, entry, u, 'groups', sa.groupAssociations[c.id] ?? [], 100, fault);
    }
    if ((r = /^\/sso-configs\/([^/:]+)$/.exec(sub))) {
      const c = configs.find((x) => x.id === r![1]);
      if (!c) return this.notFound(res, entry, 'SsoConfig', r[1]);
      const body = clone(c);
      if (this.options.canaries !== false) {
        plant([body], this.make);
        plant([body.payload], this.make);
      }
      body.payload = this.encode(body.payload);
      return this.json(res, entry, body);
    }
    if ((r = /^\/applications\/([^/]+)$/.exec(sub))) {
      const a = sa.applications.find((x) => x.realmId === realmId && x.app.id === r![1]);
      if (!a) return this.notFound(res, entry, 'Application', r[1]);
      const body = clone(a.app);
      if (this.options.canaries !== false) plant([body], this.make);
      return this.json(res, entry, body);
    }
    if (sub === '/scim/v2/Users') return this.scim(res, entry, u, fault);
    return this.error(res, entry, 404, 'not_found', 'not found');
  }

  /** A payload in the chosen encoding: {type, …} or {PascalType: {…}}. */
  private encode(payload: Obj): unknown {
    if (this.options.encoding !== 'external') return payload;
    const { type, ...fields } = payload;
    return Object.keys(fields).length === 0 ? pascal(type) : { [pascal(type)]: fields };
  }

  /** Secure Access pagination: page_size (default `def`, max 200), page_token, next_page_token. */
  private page(
    res: ServerResponse,
    entry: BiLogEntry,
    u: URL,
    key: string,
    all: Obj[],
    def: number,
    fault?: BiFault,
  ): void {
    const q = u.searchParams;
    const asked = q.has('page_size') ? Number(q.get('page_size')) : def;
    if (!Number.isInteger(asked) || asked < 0)
      return this.error(res, entry, 400, 'bad_request', 'invalid parameters', [
        {
          type: 'FieldViolations',
          field_violations: [{ field: 'page_size', description: 'must be a non-negative integer' }],
        },
      ]);
    const size = Math.min(asked || def, 200, this.options.maxPageSize ?? Infinity);
    let offset = 0;
    if (q.has('page_token')) {
      try {
        offset = JSON.parse(Buffer.from(q.get('page_token')!, 'base64url').toString('utf8')).o;
      } catch {
        return this.error(res, entry, 400, 'bad_request', 'invalid page token');
      }
    }
    let items = all.slice(offset, offset + size);
    let next: string | null =
      offset + size < all.length ? Buffer.from(JSON.stringify({ o: offset + size })).toString('base64url') : null;
    if (fault?.kind === 'loop') next = Buffer.from(JSON.stringify({ o: 0 })).toString('base64url');
    if (fault?.kind === 'endless') {
      items = items.map((x) => ({ ...x, id: randomBytes(8).toString('hex') }));
      next = Buffer.from(JSON.stringify({ o: offset, n: randomBytes(6).toString('hex') })).toString('base64url');
    }
    const body = clone(items);
    if (this.options.canaries !== false) plant(body, this.make);
    this.json(res, entry, { [key]: body, total_size: all.length, ...(next ? { next_page_token: next } : {}) });
  }

  private json(res: ServerResponse, entry: BiLogEntry, value: unknown, status = 200, type = 'application/json'): void {
    let text = JSON.stringify(value);
    // secrets the tenant data holds as "[REDACTED]" are served as real (canary) values
    if (this.options.canaries !== false)
      text = text.replace(/"\[REDACTED\]"/g, () => JSON.stringify(this.make((c) => `secret-${c}`, '')));
    entry.status = status;
    res.statusCode = status;
    res.setHeader('Content-Type', type);
    res.end(text);
  }

  private error(
    res: ServerResponse,
    entry: BiLogEntry,
    status: number,
    code: string,
    message: string,
    details: Obj[] = [],
  ): void {
    entry.status = status;
    res.statusCode = status;
    let body: Obj;
    if (this.options.role === 'sw-events') {
      body = { message };
    } else if (this.options.role === 'sw-api' || entry.path.includes('/scim/v2/')) {
      // scimType only for 400s (RFC 7644 §3.12), as Beyond Identity's examples show
      body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: String(status),
        ...(code && status === 400 ? { scimType: code } : {}),
        detail: message,
      };
    } else {
      body = { code, message, details };
    }
    if (this.options.canaries !== false) body.debug_token = this.make((c) => `Bearer ${c}`, '');
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(body));
  }

  private notFound(res: ServerResponse, entry: BiLogEntry, type: string, id: string): void {
    this.error(res, entry, 404, 'not_found', `${type.toLowerCase()} not found`, [
      { type: 'ResourceInfo', resource_type: type, id, description: `${type.toLowerCase()} not found` },
    ]);
  }
}

/** What a list shows of a payload: its type, and for some types a login link or redirect URIs. */
function summaryPayload(p: Obj): Obj {
  if (p.type === 'bookmark') return { type: p.type, login_link: p.login_link };
  if (p.type === 'generic_oidc') return { type: p.type, redirect_uris: p.redirect_uris };
  return { type: p.type };
}

export async function startBiEmulator(options: BiEmulatorOptions): Promise<BiEmulator> {
  return new BiEmulator(options).start();
}
