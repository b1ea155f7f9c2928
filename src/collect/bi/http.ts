/**
 * The Beyond Identity side of the transport: GET requests with a bearer credential, through the
 * one shared request policy (src/collect/http: rate-limit budget, concurrency, timeouts, retries).
 *
 * Beyond Identity reports its rate limits with the draft-polli-ratelimit-headers fields
 * (`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` in seconds from now) and sends 429
 * beyond them. The shared budget reads Okta's `X-Rate-Limit-*` (Reset as epoch seconds), so each
 * response's headers are translated here (Reset converted with the response's Date header; a
 * `Retry-After` stands in for a missing Reset) and the budget, retries and 429 waits are the same
 * code as for Okta.
 *
 * Every response is classified: 2xx is data; 401 stops the collection (the credential is wrong);
 * 403, 404, other 4xx, redirects, malformed JSON, and 5xx or network errors that outlasted the
 * retries make the section a gap. Error bodies are Beyond Identity's `{code, message, details}`,
 * the Events API's `{message}`, or SCIM's `{schemas, status, scimType, detail}`.
 */
import { plural } from '../../util/text.js';
import { AbortedError, type HeaderMap } from '../http/ratelimit.js';
import {
  RateLimitedOutError,
  RetriesExhaustedError,
  TransportError,
  type HttpResult,
  type RequestRunner,
} from '../http/runner.js';
import { CollectFatalError, SectionError } from '../errors.js';
import { scrubber } from '../../secrets/redact.js';

export interface BiHttpOptions {
  /** scheme://host[:port] */
  baseUrl: string;
  token: string;
  /** the environment variable the credential came from, for messages */
  credential: string;
  /** the API, for messages: "the Beyond Identity API" */
  service: string;
  runner: RequestRunner;
  userAgent: string;
  /** the most pages one list may have */
  maxPages: number;
  /** what a 401 means and how to fix it */
  unauthorizedHint: string;
  /** the scope (or permission) a path needs, for the hint on 403 */
  scopeFor?: (path: string) => string | undefined;
  onPage?: () => void;
}

export interface BiError {
  code?: string;
  message?: string;
}

/** Reads Beyond Identity's three error shapes; never throws. */
export function parseBiError(body: string): BiError {
  let j: unknown;
  try {
    j = JSON.parse(body);
  } catch {
    return {};
  }
  if (!j || typeof j !== 'object' || Array.isArray(j)) return {};
  const o = j as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  if (Array.isArray(o.schemas) && o.schemas.includes('urn:ietf:params:scim:api:messages:2.0:Error')) {
    return { code: str(o.scimType), message: str(o.detail) };
  }
  let message = str(o.message) ?? str(o.detail) ?? str(o.error_description);
  const details: string[] = [];
  if (Array.isArray(o.details)) {
    for (const d of o.details) {
      if (!d || typeof d !== 'object') continue;
      const dd = d as Record<string, unknown>;
      if (Array.isArray(dd.field_violations)) {
        for (const v of dd.field_violations)
          if (v && typeof v === 'object')
            details.push(
              [str((v as Record<string, unknown>).field), str((v as Record<string, unknown>).description)]
                .filter(Boolean)
                .join(': '),
            );
      } else if (str(dd.description)) details.push(String(dd.description));
    }
  }
  const extra = details.filter((d) => d && d !== message);
  if (extra.length) message = [message, ...extra].filter(Boolean).join('; ');
  return { code: str(o.code) ?? str(o.error), message };
}

/** A short, secret-free text of a server message. */
function clean(text: string | undefined, max = 300): string {
  if (!text) return '';
  const one = scrubber.scrub(text).replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function firstInt(values: string[] | undefined): number | undefined {
  for (const v of values ?? []) {
    const m = /^\s*(\d+)/.exec(v);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * Adds the `x-rate-limit-*` fields the shared budget reads from Beyond Identity's `RateLimit-*`
 * (Reset: seconds from the response's Date) or `Retry-After`. A missing Date header is supplied
 * from the local clock, so the reset and the clock the budget converts it with agree.
 */
export function translateRateLimit(h: HeaderMap, nowMs = Date.now()): HeaderMap {
  if (h['x-rate-limit-reset'] || h['x-rate-limit-limit']) return h;
  const out: HeaderMap = { ...h };
  let dateMs = h.date?.[0] ? Date.parse(h.date[0]) : NaN;
  if (!Number.isFinite(dateMs)) {
    dateMs = nowMs;
    out.date = [new Date(nowMs).toUTCString()];
  }
  const base = Math.floor(dateMs / 1000);
  const limit = firstInt(h['ratelimit-limit']);
  const remaining = firstInt(h['ratelimit-remaining']);
  let reset = firstInt(h['ratelimit-reset']);
  if (reset === undefined && h['retry-after']?.[0]) {
    const ra = h['retry-after'][0].trim();
    if (/^\d+$/.test(ra)) reset = Number(ra);
    else if (Number.isFinite(Date.parse(ra))) reset = Math.max(0, Math.ceil((Date.parse(ra) - dateMs) / 1000));
  }
  if (limit !== undefined && reset !== undefined) out['x-rate-limit-limit'] = [String(limit)];
  if (remaining !== undefined && reset !== undefined) out['x-rate-limit-remaining'] = [String(remaining)];
  if (reset !== undefined) out['x-rate-limit-reset'] = [String(base + reset)];
  return out;
}

export class BiHttp {
  readonly origin: string;
  pages = 0;

  constructor(readonly options: BiHttpOptions) {
    this.origin = new URL(options.baseUrl).origin;
  }

  url(pathAndQuery: string): string {
    return this.origin + pathAndQuery;
  }

  /** A printable request, without the origin. */
  show(url: string): string {
    const u = new URL(url);
    let shown = (u.pathname + u.search).replace(/\+/g, ' ');
    try {
      shown = decodeURIComponent(shown);
    } catch {
      /* keep it encoded */
    }
    return `GET ${clean(shown, 400)}`;
  }

  private async transport(url: string, signal: AbortSignal): Promise<HttpResult> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'GET',
        headers: {
          Authorization: `Bearer ${this.options.token}`,
          Accept: 'application/json',
          'User-Agent': this.options.userAgent,
        },
        redirect: 'manual',
        signal,
      });
    } catch (e) {
      if (signal.aborted) throw new TransportError('timeout', 'the request was aborted (timeout)');
      const cause = (e as { cause?: { code?: string } })?.cause;
      const code = cause?.code ?? (e as { code?: string })?.code;
      throw new TransportError('network', `cannot connect: ${code ?? 'network error'}`, code);
    }
    let body: string;
    try {
      body = await res.text();
    } catch {
      if (signal.aborted) throw new TransportError('timeout', 'the request was aborted (timeout)');
      throw new TransportError('network', 'the connection was closed before the whole answer arrived', 'ECONNRESET');
    }
    const headers: HeaderMap = {};
    res.headers.forEach((v, k) => {
      (headers[k.toLowerCase()] ??= []).push(v);
    });
    return { status: res.status, headers: translateRateLimit(headers), body, url };
  }

  private async send(section: string, url: string): Promise<HttpResult> {
    try {
      return await this.options.runner.request(url, (signal) => this.transport(url, signal));
    } catch (e) {
      if (e instanceof AbortedError || e instanceof CollectFatalError) throw e;
      if (e instanceof RetriesExhaustedError) {
        if (e.last instanceof TransportError) {
          throw new SectionError(
            {
              section,
              reason: `${this.show(url)} failed: ${e.message} (check the Beyond Identity API address and the network)`,
              request: this.show(url),
            },
            true,
          );
        }
        const { code, message } = parseBiError(e.last.body);
        throw new SectionError({
          section,
          reason:
            `${this.show(url)} answered HTTP ${e.last.status}${code ? ` ${clean(code, 60)}` : ''}${message ? `: ${clean(message)}` : ''}, ` +
            `still after ${e.attempts} attempts`,
          status: e.last.status,
          errorCode: code ? clean(code, 60) : undefined,
          request: this.show(url),
        });
      }
      if (e instanceof RateLimitedOutError) {
        throw new SectionError({
          section,
          reason: `${this.show(url)}: ${e.message}; try again later or with a lower --rate-limit-share`,
          status: 429,
          errorCode: parseBiError(e.last.body).code ?? 'rate_limited',
          request: this.show(url),
        });
      }
      throw e;
    }
  }

  /** Turns a response that is not 2xx into a fatal error (401) or a gap. */
  private failure(section: string, url: string, res: HttpResult): Error {
    const { code, message } = parseBiError(res.body);
    const what = `HTTP ${res.status}${code ? ` ${clean(code, 60)}` : ''}${message ? `: ${clean(message)}` : ''}`;
    if (res.status === 401) {
      return new CollectFatalError(
        `${this.options.service} rejected ${this.options.credential}: ${what}`,
        this.options.unauthorizedHint,
      );
    }
    if (res.status >= 300 && res.status < 400) {
      const to = res.headers.location?.[0];
      return new SectionError({
        section,
        reason:
          `${this.show(url)} answered HTTP ${res.status}, a redirect${to ? ` to ${clean(to, 200)}` : ''}; ` +
          `not followed (the credentials stay with ${this.origin})`,
        status: res.status,
        request: this.show(url),
      });
    }
    let hint = '';
    if (res.status === 403) {
      const scope = this.options.scopeFor?.(new URL(url).pathname);
      hint = ` (${this.options.credential} is not allowed to read this${scope ? `; it needs ${scope}` : ''})`;
    } else if (res.status === 404) {
      hint = ' (not found: check the tenant, the realm and the API address)';
    }
    return new SectionError({
      section,
      reason: `${this.show(url)} answered ${what}${hint}`,
      status: res.status,
      errorCode: code ? clean(code, 60) : undefined,
      request: this.show(url),
    });
  }

  /** GETs a JSON object (any 2xx), or throws a gap / fatal error. */
  async getObject(section: string, pathAndQuery: string): Promise<Record<string, unknown>> {
    const url = this.url(pathAndQuery);
    const res = await this.send(section, url);
    if (res.status < 200 || res.status >= 300) throw this.failure(section, url, res);
    this.pages++;
    this.options.onPage?.();
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch (e) {
      // never quote the parser's message: it may hold a piece of the body
      const pos = /position (\d+)/.exec((e as Error).message)?.[1];
      const where = pos !== undefined ? `error at byte ${pos} of ${res.body.length}` : `${res.body.length} bytes`;
      throw new SectionError({
        section,
        reason: `${this.show(url)} answered HTTP ${res.status} with a body that is not valid JSON (${where})`,
        status: res.status,
        request: this.show(url),
      });
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new SectionError({
        section,
        reason: `${this.show(url)} answered with ${describe(body)}, expected a JSON object`,
        status: res.status,
        request: this.show(url),
      });
    }
    return body as Record<string, unknown>;
  }

  /** A gap for a response of the wrong shape. */
  shapeError(section: string, pathAndQuery: string, what: string): SectionError {
    const shown = this.show(this.url(pathAndQuery));
    return new SectionError({ section, reason: `${shown} answered with ${what}`, request: shown });
  }

  /** A gap for runaway pagination. */
  tooManyPages(section: string, pathAndQuery: string): SectionError {
    const shown = this.show(this.url(pathAndQuery));
    return new SectionError({
      section,
      reason: `${shown} had more than ${this.options.maxPages} pages; stopped (raise OKTA_BI_LINT_MAX_PAGES if the tenant really is that large)`,
      request: shown,
    });
  }

  /** A gap for a pagination loop. */
  loop(section: string, pathAndQuery: string, pages: number, what: string): SectionError {
    const shown = this.show(this.url(pathAndQuery));
    return new SectionError({
      section,
      reason: `pagination loop: ${what} of ${shown} after ${plural(pages, 'page')}; stopped`,
      request: shown,
    });
  }
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a JSON array';
  return typeof v === 'object' ? 'a JSON object' : `a JSON ${typeof v}`;
}

export const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The host of an Okta domain as Beyond Identity stores it: a bare host (Secure Workforce) or a URL (Secure Access). */
export function hostOf(domain: unknown): string | undefined {
  if (typeof domain !== 'string' || domain.trim() === '') return undefined;
  const d = domain.trim();
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(d) ? d : `https://${d}`).host.toLowerCase();
  } catch {
    return d.toLowerCase();
  }
}
