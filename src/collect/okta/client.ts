/**
 * The Okta side of the transport: @okta/okta-sdk-nodejs supplies authentication (SSWS API token,
 * or an OAuth 2.0 service app with a private key JWT) and the HTTP layer. We use its raw
 * `client.http.http()` (the typed models drop fields an auditor needs) and follow pagination
 * ourselves.
 *
 * Of the SDK we build only that HTTP layer (its Http, given its OAuth for a service app), as its
 * Client does, from explicit configuration: the Client itself would load every generated API and
 * model of the SDK (90 MB of memory before the first request) and its ConfigLoader would merge in
 * ~/.okta/okta.yaml, ./okta.yaml and OKTA_CLIENT_* variables behind the user's back. Its cache is
 * off (cacheMiddleware null); its own 429 retry is replaced by ours (a plain RequestExecutor),
 * which never follows a redirect.
 */
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { scrubber } from '../../secrets/redact.js';
import { TransportError, type HttpResult } from '../http/runner.js';
import type { HeaderMap } from '../http/ratelimit.js';

const require = createRequire(import.meta.url);

export type OktaAuth =
  | { mode: 'SSWS'; token: string }
  | { mode: 'PrivateKey'; clientId: string; scopes: string[]; privateKey: string; keyId?: string };

export interface OktaClientOptions {
  orgUrl: string;
  auth: OktaAuth;
  userAgent: string;
}

/** What we need of the SDK's Http. */
interface SdkHttp {
  http(uri: string, request?: Record<string, unknown>): Promise<FetchResponse>;
  defaultHeaders: Record<string, string>;
  agent?: unknown;
}
interface FetchResponse {
  status: number;
  url: string;
  ok: boolean;
  headers: { raw(): Record<string, string[]>; get(name: string): string | null };
  text(): Promise<string>;
  clone(): FetchResponse;
}
interface SdkError extends Error {
  status?: number;
  url?: string;
  headers?: { raw?: () => Record<string, string[]> };
  errorCode?: string;
  errorSummary?: string;
  errorCauses?: Array<{ errorSummary?: string }>;
  errorLink?: string;
  errorId?: string;
  code?: string;
  type?: string;
}

/** The error body of the OAuth token endpoint ({error, error_description}), kept because the SDK drops it. */
export interface TokenFailure {
  status: number;
  error?: string;
  description?: string;
}

/**
 * Okta answered a redirect. It is never followed: the SDK's fetch (node-fetch) would follow it and
 * send the Authorization header on to any host with the same name, whatever the port, or to any
 * subdomain, and the snapshot would then record the org's origin for data from elsewhere.
 */
class RedirectRefused extends Error {
  constructor(
    readonly status: number,
    readonly location: string | undefined,
    readonly url: string,
  ) {
    super(`HTTP ${status}, a redirect`);
    this.name = 'RedirectRefused';
  }
}

/** The OAuth token request failed: no access token. */
class TokenRequestError extends Error {
  constructor(readonly failure: TokenFailure) {
    super(`the OAuth token request failed with HTTP ${failure.status}`);
    this.name = 'TokenRequestError';
  }
}

export class OktaClient {
  private readonly http: SdkHttp;
  readonly baseUrl: string;
  readonly orgUrl: string;
  readonly mode: OktaAuth['mode'];
  /** the last failed token request, if any */
  tokenFailure?: TokenFailure;
  tokenRequests = 0;

  constructor(options: OktaClientOptions) {
    const sdk = '@okta/okta-sdk-nodejs';
    const { Http } = require(`${sdk}/src/http.js`) as { Http: new (c: Record<string, unknown>) => SdkHttp };
    const { OAuth } = require(`${sdk}/src/oauth.js`) as { OAuth: new (client: Record<string, unknown>) => unknown };
    const RequestExecutor = require(`${sdk}/src/request-executor.js`) as new () => {
      fetch(r: Record<string, unknown>): Promise<FetchResponse>;
    };
    const pkg = require(`${sdk}/package.json`) as { name: string; version: string };
    this.orgUrl = options.orgUrl;
    this.mode = options.auth.mode;
    const self = this;
    // A plain executor (no SDK 429 retries: ours apply) that also keeps the token endpoint's
    // error body and registers every access token received with the scrubber.
    class Executor extends RequestExecutor {
      async fetch(request: Record<string, unknown>): Promise<FetchResponse> {
        const url = String(request.url ?? '');
        const isToken = /\/oauth2\/v1\/token$/.test(url.split('?')[0]);
        if (isToken) self.tokenRequests++;
        const res = await super.fetch({ ...request, redirect: 'manual', follow: 0 });
        if (res.status >= 300 && res.status < 400)
          throw new RedirectRefused(res.status, res.headers.get('location') ?? undefined, url);
        if (isToken) {
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(await res.clone().text()) as Record<string, unknown>;
          } catch {
            /* not JSON */
          }
          if (typeof body.access_token === 'string') scrubber.add(body.access_token);
          if (typeof body.refresh_token === 'string') scrubber.add(body.refresh_token);
          // The SDK would go on with "Bearer undefined" after a failed token request (its error
          // filter is not applied there); stop here instead. use_dpop_nonce is the SDK's to handle.
          if (body.error !== 'use_dpop_nonce' && (!res.ok || typeof body.access_token !== 'string')) {
            self.tokenFailure = {
              status: res.status,
              error: str(body.error),
              description: str(body.error_description),
            };
            throw new TokenRequestError(self.tokenFailure);
          }
        }
        return res;
      }
    }
    const a = options.auth;
    // as the SDK's Client sets up its Http, from these values only
    this.baseUrl = options.orgUrl.replace(/\/$/, '');
    const requestExecutor = new Executor();
    const oauth =
      a.mode === 'PrivateKey'
        ? new OAuth({
            baseUrl: this.baseUrl,
            requestExecutor,
            clientId: a.clientId,
            scopes: a.scopes,
            privateKey: a.privateKey,
            keyId: a.keyId,
          })
        : undefined;
    this.http = new Http({ requestExecutor, oauth, cacheStore: undefined, cacheMiddleware: null });
    if (a.mode === 'SSWS') this.http.defaultHeaders.Authorization = `SSWS ${a.token}`;
    this.http.defaultHeaders['User-Agent'] =
      `${options.userAgent} ${pkg.name}/${pkg.version} node/${process.versions.node} ${os.platform()}/${os.release()}`;
    if (isLoopback(new URL(options.orgUrl).hostname)) {
      // HTTPS_PROXY must not capture requests to a local emulator
      this.http.agent = undefined;
    }
  }

  /**
   * One GET through the SDK's HTTP layer (auth, OAuth token, user agent), as a raw result: any
   * HTTP status resolves; only a failed connection or timeout rejects (TransportError). Errors of
   * the client itself (an unusable private key) are rethrown as they are. `onHeaders` is called with
   * the headers of a 2xx response as soon as they arrive, before its body is read (so that the next
   * page of a list can be requested meanwhile).
   */
  async get(url: string, signal: AbortSignal, onHeaders?: (headers: HeaderMap) => void): Promise<HttpResult> {
    try {
      const res = await this.http.http(url, { method: 'GET', headers: { Accept: 'application/json' }, signal });
      const headers = lower(res.headers.raw());
      if (onHeaders && res.status >= 200 && res.status < 300) onHeaders(headers);
      const body = await res.text();
      return { status: res.status, headers, body, url: res.url || url };
    } catch (e) {
      if (e instanceof RedirectRefused) {
        const headers: HeaderMap = { 'x-okta-bi-lint-redirect': ['1'] };
        if (e.location) headers.location = [e.location];
        return { status: e.status, headers, body: '', url: e.url };
      }
      if (e instanceof TokenRequestError) {
        const f = e.failure;
        return {
          status: f.status >= 400 ? f.status : 401,
          headers: { 'x-okta-bi-lint-token-endpoint': ['1'] },
          body: JSON.stringify({ error: f.error, error_description: f.description }),
          url: `${this.baseUrl}/oauth2/v1/token`,
        };
      }
      const err = e as SdkError;
      if (typeof err?.status === 'number') {
        const isToken = typeof err.url === 'string' && /\/oauth2\/v1\/token$/.test(err.url.split('?')[0]);
        const headers = lower(typeof err.headers?.raw === 'function' ? err.headers.raw() : {});
        let body: string;
        if (err.name === 'OktaApiError') {
          body = JSON.stringify({
            errorCode: err.errorCode,
            errorSummary: err.errorSummary,
            errorLink: err.errorLink,
            errorId: err.errorId,
            errorCauses: err.errorCauses ?? [],
          });
        } else {
          body = String(err.message ?? '').replace(/^HTTP \d+ /, '');
        }
        if (isToken) headers['x-okta-bi-lint-token-endpoint'] = ['1'];
        return { status: err.status, headers, body, url: err.url ?? url };
      }
      if (err?.name === 'AbortError' || err?.type === 'aborted')
        throw new TransportError('timeout', 'the request was aborted (timeout)');
      if (err?.name === 'FetchError' || err?.type === 'system' || typeof err?.code === 'string') {
        throw new TransportError('network', `cannot connect: ${err.code ?? err.type ?? 'network error'}`, err.code);
      }
      throw e;
    }
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function lower(h: Record<string, string[]>): HeaderMap {
  const out: HeaderMap = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = Array.isArray(v) ? v : [String(v)];
  return out;
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === '127.0.0.1' || h === 'localhost' || h === '::1';
}
