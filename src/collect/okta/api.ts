/**
 * Reads Okta Management API resources as raw JSON: one object, or every page of a list by
 * following `Link: <…>; rel="next"` exactly as the server sends it. Every response is classified
 * here: 2xx is data; 401 with a bad token stops the collection; 403, 404, 401 E0000015 (feature not
 * enabled), other 4xx, malformed JSON, a pagination loop, too many pages, and 5xx or network errors
 * that outlasted the retries each make the section a gap.
 */
import { AbortedError, header, type HeaderMap } from '../http/ratelimit.js';
import {
  RateLimitedOutError,
  RetriesExhaustedError,
  TransportError,
  type HttpResult,
  type RequestRunner,
} from '../http/runner.js';
import { CollectFatalError, SectionError } from '../errors.js';
import { scrubber } from '../../secrets/redact.js';
import type { OktaClient } from './client.js';

export interface OktaApiOptions {
  /** the most pages one list may have before it is treated as runaway pagination */
  maxPages: number;
  onPage?: (section: string, path: string) => void;
}

/** The read-only OAuth scope each endpoint needs (for hints). */
function scopeFor(path: string): string | undefined {
  const p = path.split('?')[0];
  if (p.startsWith('/api/v1/meta/schemas')) return 'okta.schemas.read';
  if (/^\/api\/v1\/apps\/[^/]+\/group-push/.test(p)) return 'okta.apps.read and okta.groups.read';
  if (p.startsWith('/api/v1/apps')) return 'okta.apps.read';
  if (/^\/api\/v1\/groups\/[^/]+\/users/.test(p)) return 'okta.groups.read (and okta.users.read)';
  if (p.startsWith('/api/v1/groups')) return 'okta.groups.read';
  if (p.startsWith('/api/v1/idps')) return 'okta.idps.read';
  if (p.startsWith('/api/v1/policies')) return 'okta.policies.read';
  if (p.startsWith('/api/v1/eventHooks')) return 'okta.eventHooks.read';
  if (p.startsWith('/api/v1/api-tokens')) return 'okta.apiTokens.read';
  if (p.startsWith('/api/v1/users')) return 'okta.users.read';
  if (p.startsWith('/api/v1/logs')) return 'okta.logs.read';
  return undefined;
}

interface OktaErrorBody {
  errorCode?: string;
  errorSummary?: string;
}

function parseErrorBody(body: string): OktaErrorBody {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    if (j && typeof j === 'object') {
      return {
        errorCode: typeof j.errorCode === 'string' ? j.errorCode : undefined,
        errorSummary:
          typeof j.errorSummary === 'string'
            ? j.errorSummary
            : typeof j.error_description === 'string'
              ? j.error_description
              : undefined,
      };
    }
  } catch {
    /* not JSON */
  }
  return {};
}

/** A short, secret-free text of a server message. */
function clean(text: string | undefined, max = 300): string {
  if (!text) return '';
  const one = scrubber.scrub(text).replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** The links of a Link header (one value per relation, or several joined with commas). */
export function parseLinks(values: string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values ?? []) {
    const re = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(v))) {
      const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(m[2]);
      if (rel) for (const r of rel[1].trim().split(/\s+/)) if (!out.has(r)) out.set(r, m[1]);
    }
  }
  return out;
}

export class OktaApi {
  readonly origin: string;
  pages = 0;

  constructor(
    readonly client: OktaClient,
    readonly runner: RequestRunner,
    readonly options: OktaApiOptions,
  ) {
    this.origin = new URL(client.baseUrl).origin;
  }

  url(path: string): string {
    return this.client.baseUrl + path;
  }

  /** A printable request, without the origin. */
  private show(url: string): string {
    const u = new URL(url);
    const raw = (u.pathname + u.search).replace(/\+/g, ' ');
    let shown = raw;
    try {
      shown = decodeURIComponent(raw);
    } catch {
      /* keep it encoded */
    }
    return `GET ${shown}`;
  }

  private async send(section: string, url: string, onHeaders?: (headers: HeaderMap) => void): Promise<HttpResult> {
    try {
      return await this.runner.request(url, (signal) => this.client.get(url, signal, onHeaders));
    } catch (e) {
      if (e instanceof AbortedError || e instanceof CollectFatalError) throw e;
      if (e instanceof RetriesExhaustedError) {
        if (e.last instanceof TransportError) {
          throw new SectionError(
            { section, reason: `${this.show(url)} failed: ${e.message}`, request: this.show(url) },
            true,
          );
        }
        const { errorCode, errorSummary } = parseErrorBody(e.last.body);
        throw new SectionError({
          section,
          reason:
            `${this.show(url)} answered HTTP ${e.last.status}${errorCode ? ` ${errorCode}` : ''}${errorSummary ? ` ${clean(errorSummary)}` : ''}, ` +
            `still after ${e.attempts} attempts`,
          status: e.last.status,
          errorCode,
          request: this.show(url),
        });
      }
      if (e instanceof RateLimitedOutError) {
        throw new SectionError({
          section,
          reason: `${this.show(url)}: ${e.message}; try again later or with a higher --rate-limit-share`,
          status: 429,
          errorCode: parseErrorBody(e.last.body).errorCode ?? 'E0000047',
          request: this.show(url),
        });
      }
      throw this.clientFailure(e);
    }
  }

  /** An error of the client itself (e.g. it could not sign the OAuth assertion with the key). */
  private clientFailure(e: unknown): CollectFatalError {
    const msg = clean((e as Error)?.message ?? String(e));
    if (this.client.mode === 'PrivateKey') {
      return new CollectFatalError(
        `cannot request an OAuth access token: ${msg}`,
        'check OKTA_PRIVATE_KEY (an RSA private key, PEM or JWK) and OKTA_KEY_ID',
      );
    }
    return new CollectFatalError(`the Okta client failed: ${msg}`);
  }

  /** Turns a non-2xx response into a fatal error or a gap. */
  private failure(section: string, url: string, res: HttpResult): Error {
    if (header(res.headers, 'x-okta-bi-lint-redirect')) return this.redirected(section, url, res);
    const { errorCode, errorSummary } = parseErrorBody(res.body);
    const what = `HTTP ${res.status}${errorCode ? ` ${errorCode}` : ''}${errorSummary ? ` ${clean(errorSummary)}` : ''}`;
    if (header(res.headers, 'x-okta-bi-lint-token-endpoint')) {
      const t = this.client.tokenFailure;
      const detail = t ? [t.error, clean(t.description)].filter(Boolean).join(': ') : '';
      return new CollectFatalError(
        `Okta refused the OAuth access token request (HTTP ${res.status}${detail ? ` ${detail}` : ''})`,
        'check OKTA_CLIENT_ID, OKTA_PRIVATE_KEY and OKTA_KEY_ID (the public key registered on the ' +
          'service app), and that the scopes asked for (--okta-scopes / OKTA_SCOPES) are granted to the app',
      );
    }
    if (res.status === 401 && errorCode !== 'E0000015') {
      if (this.client.mode === 'SSWS') {
        return new CollectFatalError(
          `Okta rejected the API token: ${what}`,
          'the token in OKTA_API_TOKEN is wrong, expired or revoked; create one under Security > API > Tokens, or use an OAuth service app',
        );
      }
      return new CollectFatalError(
        `Okta rejected the OAuth access token: ${what}`,
        'check that the service app is active, has the scopes and an admin role assigned',
      );
    }
    const scope = scopeFor(new URL(url).pathname);
    let hint = '';
    if (res.status === 403)
      hint = ` (the API token's admin role, or the service app's scopes and admin role, do not allow ${this.show(url)}${scope ? `; it needs ${scope}` : ''})`;
    else if (errorCode === 'E0000015') hint = ' (a feature this endpoint needs is not enabled in this org)';
    return new SectionError({
      section,
      reason: `${this.show(url)} answered ${what}${hint}`,
      status: res.status,
      errorCode,
      request: this.show(url),
    });
  }

  /**
   * A redirect, never followed. To another origin it means the org URL is not the org's own (a
   * vanity or proxy address, http instead of https): the collection stops, since every request
   * would go the same way. Within the origin it is a gap.
   */
  private redirected(section: string, url: string, res: HttpResult): Error {
    const location = header(res.headers, 'location')?.[0];
    let target: URL | undefined;
    try {
      target = location ? new URL(location, url) : undefined;
    } catch {
      target = undefined;
    }
    // the request redirected: the API call, or the OAuth token request made for it
    const request = new URL(res.url || url).pathname === '/oauth2/v1/token' ? 'POST /oauth2/v1/token' : this.show(url);
    if (!target || target.origin !== this.origin) {
      return new CollectFatalError(
        `the Okta org URL ${this.origin} redirects (${request} answered HTTP ${res.status}) to ` +
          `${target ? target.origin : 'an unreadable location'}; not followed, so the credentials were not sent there`,
        `set --okta-url / OKTA_ORG_URL to the org's own Okta URL (https://<org>.okta.com or its custom domain), the one the redirect does not leave`,
      );
    }
    return new SectionError({
      section,
      reason: `${request} answered HTTP ${res.status}, a redirect to ${clean(target.pathname + target.search, 200)}; not followed`,
      status: res.status,
      request: this.show(url),
    });
  }

  private parse(section: string, url: string, res: HttpResult): unknown {
    try {
      return JSON.parse(res.body);
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
  }

  async getObject(section: string, path: string): Promise<Record<string, unknown>> {
    const url = this.url(path);
    const res = await this.send(section, url);
    if (res.status < 200 || res.status >= 300) throw this.failure(section, url, res);
    this.pages++;
    this.options.onPage?.(section, path);
    const body = this.parse(section, url, res);
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

  /**
   * Every item of a list, following rel="next" links. `tolerate` may turn an error status into an
   * empty list (an endpoint that answers 404 when a feature is off).
   */
  async list(
    section: string,
    path: string,
    tolerate?: (status: number, errorCode?: string) => boolean,
  ): Promise<unknown[]> {
    const items: unknown[] = [];
    await this.eachPage(section, path, tolerate, (page) => {
      items.push(...page);
    });
    return items;
  }

  /**
   * Every page of a list, as `list` reads them, each handed to `onPage` (and awaited) as it
   * arrives: a large list (users) need not be held until its end.
   */
  async eachPage(
    section: string,
    path: string,
    tolerate: ((status: number, errorCode?: string) => boolean) | undefined,
    onPage: (items: unknown[]) => void | Promise<void>,
  ): Promise<void> {
    const seen = new Set<string>();
    let url: string | undefined = this.url(path);
    let pages = 0;
    // The next page is requested as soon as the headers of the page being read name it, while its
    // body is still being received and parsed: one page ahead at most, and never a page the checks
    // below would refuse. A page fetched ahead is used only if the complete response of the page
    // before names the same next link (else it is dropped).
    type Ahead = { url: string; result: Promise<HttpResult>; next?: string; headers: boolean };
    let ahead: Ahead | undefined;
    let reading = '';
    const fetchAhead = (next: string | undefined, page: number): void => {
      if (next === undefined || ahead !== undefined || seen.has(next) || page + 1 > this.options.maxPages) return;
      const a: Ahead = { url: next, headers: false, result: undefined as unknown as Promise<HttpResult> };
      a.result = this.send(section, next, (h) => {
        a.next = this.sameOriginNext(next, h);
        a.headers = true;
        if (reading === next) fetchAhead(a.next, page + 1);
      });
      a.result.catch(() => undefined); // awaited when used; when dropped, its outcome does not matter
      ahead = a;
    };
    while (url) {
      const key = new URL(url).href;
      if (seen.has(key)) {
        throw new SectionError({
          section,
          reason: `pagination loop: the next link of ${this.show(this.url(path))} points back to a page already read (${this.show(url)}) after ${pages} pages`,
          request: this.show(url),
        });
      }
      seen.add(key);
      if (++pages > this.options.maxPages) {
        throw new SectionError({
          section,
          reason:
            `${this.show(this.url(path))} had more than ${this.options.maxPages} pages; ` +
            `stopped (raise OKTA_BI_LINT_MAX_PAGES if the org really is that large)`,
          request: this.show(url),
        });
      }
      const page = pages;
      const a = ahead;
      ahead = undefined;
      reading = key;
      let res: HttpResult;
      if (a !== undefined && a.url === key) {
        if (a.headers) fetchAhead(a.next, page);
        res = await a.result;
      } else {
        res = await this.send(section, url, (h) => {
          if (reading === key) fetchAhead(this.sameOriginNext(key, h), page);
        });
      }
      if (res.status < 200 || res.status >= 300) {
        if (pages === 1 && tolerate?.(res.status, parseErrorBody(res.body).errorCode)) return;
        throw this.failure(section, url, res);
      }
      this.pages++;
      this.options.onPage?.(section, path);
      const body = this.parse(section, url, res);
      if (!Array.isArray(body)) {
        throw new SectionError({
          section,
          reason: `${this.show(url)} answered with ${describe(body)}, expected a JSON array`,
          status: res.status,
          request: this.show(url),
        });
      }
      await onPage(body);
      url = this.nextLink(section, url, res.headers);
    }
  }

  /**
   * One page of a list and its next link (same origin only), without following it: for the System
   * Log, whose next link never ends (a polling query), so the caller decides when a page is the last.
   */
  async page(section: string, url: string): Promise<{ items: unknown[]; next?: string }> {
    const res = await this.send(section, url);
    if (res.status < 200 || res.status >= 300) throw this.failure(section, url, res);
    this.pages++;
    this.options.onPage?.(section, url);
    const body = this.parse(section, url, res);
    if (!Array.isArray(body)) {
      throw new SectionError({
        section,
        reason: `${this.show(url)} answered with ${describe(body)}, expected a JSON array`,
        status: res.status,
        request: this.show(url),
      });
    }
    return { items: body, next: this.nextLink(section, url, res.headers) };
  }

  /** The next link of a response, resolved, when it is a URL on the org's origin; else undefined. */
  private sameOriginNext(current: string, headers: HeaderMap): string | undefined {
    const next = parseLinks(header(headers, 'link')).get('next');
    if (!next) return undefined;
    try {
      const u = new URL(next, current);
      return u.origin === this.origin ? u.href : undefined;
    } catch {
      return undefined;
    }
  }

  private nextLink(section: string, current: string, headers: HeaderMap): string | undefined {
    const next = parseLinks(header(headers, 'link')).get('next');
    if (!next) return undefined;
    let u: URL;
    try {
      u = new URL(next, current);
    } catch {
      throw new SectionError({
        section,
        reason: `the next link of ${this.show(current)} is not a URL`,
        request: this.show(current),
      });
    }
    // never send the credentials anywhere but the org
    if (u.origin !== this.origin) {
      throw new SectionError({
        section,
        reason: `the next link of ${this.show(current)} points to another host (${u.origin}); not followed`,
        request: this.show(current),
      });
    }
    return u.href;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a JSON array';
  return typeof v === 'object' ? 'a JSON object' : `a JSON ${typeof v}`;
}
