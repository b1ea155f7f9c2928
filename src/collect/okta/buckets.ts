/**
 * Okta's rate-limit buckets for the endpoints the collector reads (developer.okta.com,
 * "Management rate limits"): the budget is kept per bucket, so requests to endpoints that share a
 * bucket share its budget.
 *
 * - /api/v1/apps and every /api/v1/apps/* except exactly /api/v1/apps/{id}   → apps
 * - /api/v1/apps/{id}                                                       → app
 * - /api/v1/groups and every /api/v1/groups/* except exactly /groups/{id}    → groups
 * - /api/v1/groups/{id}                                                     → group
 * - GET /api/v1/users (list and search)                                     → users
 * - /api/v1/users/{idOrLogin}…                                              → user
 * - /api/v1/logs                                                            → logs
 * - /oauth2/v1/token (the org authorization server)                         → oauth2-token
 * - everything else under /api/v1 (schemas, IdPs, policies, hooks, tokens)  → api-v1
 */
export function oktaBucket(url: URL): string {
  const p = url.pathname.replace(/\/+$/, '');
  if (p === '/oauth2/v1/token') return 'oauth2-token';
  if (p.startsWith('/oauth2/')) return 'oauth2';
  let m = /^\/api\/v1\/apps(\/[^/]+)?(\/.*)?$/.exec(p);
  if (m) return m[1] && !m[2] ? 'app' : 'apps';
  m = /^\/api\/v1\/groups(\/[^/]+)?(\/.*)?$/.exec(p);
  if (m) return m[1] && !m[2] ? 'group' : 'groups';
  m = /^\/api\/v1\/users(\/.*)?$/.exec(p);
  if (m) return m[1] ? 'user' : 'users';
  if (p === '/api/v1/logs') return 'logs';
  return 'api-v1';
}
