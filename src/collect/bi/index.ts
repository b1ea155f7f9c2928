/**
 * The Beyond Identity side of a collection: Secure Workforce (Events API rebuild and SCIM), Secure
 * Access (the Okta sso-config, its application and group associations, SCIM), or a declared file.
 * Requests go through the shared request policy (src/collect/http), one budget per API host (each
 * host has its own clock and limits). A 401 stops the run (CollectFatalError); everything else that
 * goes wrong is a gap, and the Okta half of the snapshot is kept.
 */
import { TOOL } from '../../version.js';
import type { GapInfo } from '../errors.js';
import { SectionError } from '../errors.js';
import { RateBudget, type StopFlag } from '../http/ratelimit.js';
import { RequestRunner } from '../http/runner.js';
import type { CollectSettings } from '../settings.js';
import { declaredSnapshot } from '../declared/index.js';
import { BiHttp } from './http.js';
import { collectSecureWorkforce } from './secure-workforce.js';
import { collectSecureAccess } from './secure-access.js';
import { readScimUsers } from './scim.js';
import type { ListMaker } from '../spill.js';

type Obj = Record<string, unknown>;

export interface BiRunOptions {
  settings: CollectSettings;
  orgHost: string;
  stop: StopFlag;
  /** where the SCIM users go (to disk, once many) */
  lists: ListMaker;
  jitterMs?: [number, number];
  onWait?: (bucket: string, ms: number) => void;
  onPage?: () => void;
}

interface BiStats {
  requests: number;
  retries: number;
  rateLimited: number;
  rateLimitWaitMs: number;
  pages: number;
}

export interface BiResult {
  /** absent: not read (no platform chosen) */
  beyondIdentity?: Obj;
  gaps: GapInfo[];
  stats: BiStats;
}

const EVENTS_UNAUTHORIZED =
  'the key in BI_EVENTS_API_KEY is wrong, expired or revoked; Events API keys are issued by Beyond Identity support';
const SW_UNAUTHORIZED =
  'the token in BI_API_TOKEN is wrong, expired or revoked; create one in the Admin Console under Settings > API Access (scope scim:users:read)';
const SA_UNAUTHORIZED =
  'the token in BI_API_TOKEN is wrong or expired (Management API tokens last 3 months); create one under ' +
  'Applications > Beyond Identity Management API > API Tokens with the read scopes of docs/beyond-identity.md';

function saScopeFor(path: string): string | undefined {
  if (/:listGroupAssociations$/.test(path)) return 'the scopes sso-configs:read and groups:read';
  if (/\/scim\/v2\/Users/.test(path)) return 'the scope scim:users:read';
  if (/\/sso-configs/.test(path)) return 'the scope sso-configs:read';
  if (/\/applications\//.test(path)) return 'the scope applications:read';
  if (/\/realms\/?$/.test(path)) return 'the scope realms:read (or set BI_REALM_ID)';
  return undefined;
}

function swScopeFor(path: string): string | undefined {
  if (/\/scim\/v2\/Users/.test(path)) return 'the scope scim:users:read';
  return undefined;
}

export async function collectBeyondIdentity(o: BiRunOptions): Promise<BiResult> {
  const s = o.settings;
  const bi = s.bi;
  const runners: Array<{ runner: RequestRunner; budget: RateBudget }> = [];
  const clients: BiHttp[] = [];
  const http = (
    baseUrl: string,
    token: string,
    credential: string,
    service: string,
    unauthorizedHint: string,
    scopeFor?: (p: string) => string | undefined,
  ): BiHttp => {
    const budget = new RateBudget({
      share: s.share,
      jitterMs: o.jitterMs,
      onWait: (bucket, ms) => o.onWait?.(bucket, ms),
    });
    const host = new URL(baseUrl).host;
    const runner = new RequestRunner({
      budget,
      concurrency: s.concurrency,
      retries: s.retries,
      retryBaseMs: s.retryBaseMs,
      retryMaxMs: s.retryMaxMs,
      timeoutMs: s.timeoutMs,
      maxRateLimitWaits: s.maxRateLimitWaits,
      // Beyond Identity limits requests per tenant: one bucket per API host
      bucketOf: () => `beyond-identity ${host}`,
      stop: o.stop,
      onRateLimited: (_url, bucket, ms) => o.onWait?.(bucket, ms),
    });
    runners.push({ runner, budget });
    const c = new BiHttp({
      baseUrl,
      token,
      credential,
      service,
      runner,
      userAgent: `${TOOL.name}/${TOOL.version}`,
      maxPages: s.maxPages,
      unauthorizedHint,
      scopeFor,
      onPage: o.onPage,
    });
    clients.push(c);
    return c;
  };
  const stats = (): BiStats => ({
    requests: runners.reduce((n, r) => n + r.runner.stats.requests, 0),
    retries: runners.reduce((n, r) => n + r.runner.stats.retries, 0),
    rateLimited: runners.reduce((n, r) => n + r.runner.stats.rateLimited, 0),
    rateLimitWaitMs: runners.reduce((n, r) => n + r.budget.waitedMs, 0),
    pages: clients.reduce((n, c) => n + c.pages, 0),
  });

  const run = async (): Promise<{ beyondIdentity?: Obj; gaps: GapInfo[] }> => {
    switch (bi.kind) {
      case 'none':
        return { beyondIdentity: { platform: 'none' }, gaps: [] };
      case 'missing':
        return {
          beyondIdentity: bi.platform ? { platform: bi.platform } : undefined,
          gaps: [{ section: 'beyondIdentity', reason: bi.reason }],
        };
      case 'declared': {
        const d = declaredSnapshot(bi.declared, s.provisioning);
        if (s.includeUsers) {
          if (!bi.apiToken) {
            d.gaps.push({
              section: 'beyondIdentity.scimUsers',
              reason:
                `the SCIM users are read from the Secure Workforce API, which needs BI_API_TOKEN ` +
                `(scope scim:users:read); it is not set, and ${bi.file} cannot declare them`,
            });
          } else {
            try {
              d.beyondIdentity.scimUsers = await readScimUsers(
                http(bi.apiUrl, bi.apiToken, 'BI_API_TOKEN', 'the Beyond Identity API', SW_UNAUTHORIZED, swScopeFor),
                '/scim/v2/Users',
                o.lists,
              );
            } catch (e) {
              if (!(e instanceof SectionError)) throw e;
              d.gaps.push({ ...e.gap, section: 'beyondIdentity.scimUsers' });
            }
          }
        }
        return d;
      }
      case 'secure-workforce':
        return collectSecureWorkforce({
          events: http(
            bi.eventsUrl,
            bi.eventsKey,
            'BI_EVENTS_API_KEY',
            'the Beyond Identity Events API',
            EVENTS_UNAUTHORIZED,
          ),
          api: bi.apiToken
            ? http(bi.apiUrl, bi.apiToken, 'BI_API_TOKEN', 'the Beyond Identity API', SW_UNAUTHORIZED, swScopeFor)
            : undefined,
          orgHost: o.orgHost,
          clientName: s.biClientName,
          provisioning: s.provisioning,
          includeUsers: s.includeUsers,
          lists: o.lists,
        });
      case 'secure-access':
        return collectSecureAccess({
          api: http(bi.apiUrl, bi.apiToken, 'BI_API_TOKEN', 'the Beyond Identity API', SA_UNAUTHORIZED, saScopeFor),
          tenantId: bi.tenantId,
          realmId: bi.realmId,
          orgHost: o.orgHost,
          includeUsers: s.includeUsers,
          lists: o.lists,
        });
    }
  };

  try {
    const r = await run();
    const order = [
      'beyondIdentity',
      ...[
        'oidcClients',
        'consoleSso',
        'oktaRegistrationAttribute',
        'oktaEventHook',
        'ssoConfig',
        'application',
        'groupAssociations',
        'scimUsers',
      ].map((x) => `beyondIdentity.${x}`),
    ];
    const rank = (g: GapInfo) => (order.indexOf(g.section) + order.length + 1) % (order.length + 1);
    r.gaps.sort((a, b) => rank(a) - rank(b));
    return { ...r, stats: stats() };
  } catch (e) {
    // a fatal error (a rejected credential): stop whatever else is in flight
    o.stop.abort();
    throw e;
  }
}
