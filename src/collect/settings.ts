/**
 * Where live data comes from (docs/contracts.md, "Where live data comes from"): flags, then the documented environment variables,
 * then the expectations file for the names to look for. Secrets only from the environment or
 * files, never from the command line; nothing from ~/.okta/okta.yaml or stray OKTA_CLIENT_*
 * variables other than the two documented aliases (OKTA_CLIENT_ORGURL, OKTA_CLIENT_TOKEN).
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { InputError } from '../util/errors.js';
import { loadConfig, type BiPlatform } from '../config/load.js';
import { resolveExpectations } from '../config/expectations.js';
import { isLoopback, type OktaAuth } from './okta/client.js';
import type { OktaNames } from './okta/collect.js';
import { scrubber } from '../secrets/redact.js';
import { loadDeclared, refuseBiFromOnOtherPlatform, type DeclaredBi } from './declared/index.js';

const BI_PLATFORMS: readonly BiPlatform[] = ['secure-workforce', 'secure-access', 'none'];

/** The minimal read-only scopes for an OAuth service app. */
const DEFAULT_SCOPES = [
  'okta.schemas.read',
  'okta.groups.read',
  'okta.apps.read',
  'okta.idps.read',
  'okta.policies.read',
  'okta.eventHooks.read',
  'okta.apiTokens.read',
];
const USERS_SCOPE = 'okta.users.read';
/** drift's attribution reads the System Log with a token of this scope alone (docs/drift.md). */
export const LOGS_SCOPE = 'okta.logs.read';

/** The flags of `collect` and `check --live` that say where and how to read. */
export interface LiveArgs {
  oktaUrl?: string;
  oktaClientId?: string;
  oktaKeyId?: string;
  oktaScopes?: string;
  include?: string[];
  rateLimitShare?: number;
  concurrency?: number;
  config?: string;
  biPlatform?: BiPlatform;
  /** Beyond Identity API base (secure-workforce admin API or secure-access API) */
  biUrl?: string;
  /** Beyond Identity Events API base (secure-workforce) */
  biEventsUrl?: string;
  /** a declared Beyond Identity configuration (YAML) instead of its APIs */
  biFrom?: string;
}

const BI_DEFAULT_URLS = {
  'secure-workforce': 'https://api.byndid.com',
  'secure-access': 'https://api-us.beyondidentity.com',
  events: 'https://dataexport-public.byndid.com',
} as const;

/** Where the Beyond Identity side of the snapshot comes from. */
type BiSettings =
  /** declared absent: --bi-platform none, BI_PLATFORM=none or beyondIdentity.platform: none */
  | { kind: 'none' }
  /** not collectable (no platform, or no credentials for it): one gap, its rules not evaluated */
  | { kind: 'missing'; platform?: 'secure-workforce' | 'secure-access'; reason: string }
  /** --bi-from FILE */
  | {
      kind: 'declared';
      platform: 'secure-workforce';
      file: string;
      declared: DeclaredBi;
      apiUrl: string;
      apiToken?: string;
    }
  | { kind: 'secure-workforce'; apiUrl: string; eventsUrl: string; apiToken?: string; eventsKey: string }
  | { kind: 'secure-access'; apiUrl: string; apiToken: string; tenantId: string; realmId?: string };

export interface CollectSettings {
  orgUrl: string;
  auth: OktaAuth;
  includeUsers: boolean;
  share: number;
  concurrency: number;
  names: OktaNames;
  /** undefined: not declared anywhere and no Beyond Identity credentials to infer it from */
  biPlatform?: BiPlatform;
  bi: BiSettings;
  /** the provisioning mode the config declares (scim | event-hook) */
  provisioning: string;
  /** the name of the Beyond Identity OIDC client the rules look for (beyondIdentity.oidcClient) */
  biClientName: string;
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  maxPages: number;
  maxRateLimitWaits: number;
  /** things the user should know (a normalised URL) */
  notes: string[];
}

type Env = Record<string, string | undefined>;

function envInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InputError(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return n;
}

/** https://acme.okta.com, from what the user typed; refuses what cannot be an org URL. */
export function normalizeOrgUrl(raw: string, from: string): { url: string; note?: string } {
  const given = raw.trim();
  if (given === '')
    throw new InputError(`${from} is empty`, { hint: "set it to your org's address, e.g. https://acme.okta.com" });
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given : `https://${given}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new InputError(`${from} is not a URL: ${JSON.stringify(given)}`, {
      hint: "use the org's address, e.g. https://acme.okta.com",
    });
  }
  const loopback = isLoopback(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    throw new InputError(`${from} must use https: ${u.protocol}//${u.host}`, {
      hint: `use https://${u.host} (http is accepted only for 127.0.0.1, localhost and [::1])`,
    });
  }
  if (u.username || u.password)
    throw new InputError(`${from} must not contain a user name or password`, {
      hint: 'the API token goes in OKTA_API_TOKEN',
    });
  if (u.search || u.hash)
    throw new InputError(`${from} must not have a query or fragment: ${JSON.stringify(given)}`, {
      hint: `use ${u.protocol}//${u.host}`,
    });
  let host = u.host;
  let note: string | undefined;
  const m = /^([^.]+)-admin(\..+)$/i.exec(u.hostname);
  if (m) {
    host = m[1] + m[2] + (u.port ? `:${u.port}` : '');
    note = `${from}: using ${u.protocol}//${host}, the org's address, instead of the Admin Console's ${u.host}`;
  }
  const path = u.pathname.replace(/\/+$/, '');
  if (path !== '') {
    throw new InputError(`${from} must be the org's address without a path (got ${JSON.stringify(given)})`, {
      hint: `use ${u.protocol}//${host}`,
    });
  }
  return { url: `${u.protocol}//${host}`, note };
}

function splitList(s: string): string[] {
  return s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/**
 * The private key from OKTA_PRIVATE_KEY: PEM or JWK, inline or a file path. Returned as PKCS#1 PEM
 * (what the SDK's signer reads best) with the key id (OKTA_KEY_ID, else the JWK's kid). The key's
 * text is registered with the scrubber; it is never printed.
 */
function loadPrivateKey(value: string, keyId: string | undefined): { pem: string; keyId?: string } {
  let text = value.trim();
  let source = 'OKTA_PRIVATE_KEY';
  if (!text.startsWith('-----BEGIN') && !text.startsWith('{')) {
    // a file path
    if (!existsSync(text))
      throw new InputError('OKTA_PRIVATE_KEY is neither a PEM or JWK private key nor the path of a file', {
        hint: 'set it to the key itself or to the path of a .pem or .json key file',
      });
    if (statSync(text).isDirectory())
      throw new InputError('OKTA_PRIVATE_KEY names a directory, not a key file', { file: text });
    source = `the key file ${text}`;
    text = readFileSync(text, 'utf8').trim();
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  }
  scrubber.add(text);
  if (text.startsWith('-----BEGIN') && text.includes('\\n') && !text.includes('\n')) text = text.replace(/\\n/g, '\n');
  let key: KeyObject;
  let kid = keyId;
  try {
    if (text.startsWith('{')) {
      const jwk = JSON.parse(text) as Record<string, unknown>;
      for (const k of ['d', 'p', 'q', 'dp', 'dq', 'qi']) if (typeof jwk[k] === 'string') scrubber.add(jwk[k] as string);
      if (typeof jwk.d !== 'string') throw new Error('the JWK has no private part ("d")');
      key = createPrivateKey({ key: jwk as unknown as import('node:crypto').JsonWebKey, format: 'jwk' });
      if (!kid && typeof jwk.kid === 'string') kid = jwk.kid;
    } else {
      key = createPrivateKey(text);
    }
  } catch (e) {
    const why =
      e instanceof SyntaxError
        ? 'it is not valid JSON'
        : (e as Error).message.startsWith('the JWK')
          ? (e as Error).message
          : 'it could not be parsed';
    throw new InputError(`${source} is not a usable private key: ${why}`, {
      hint: 'use the RSA private key of the service app, as PEM or JWK',
    });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new InputError(
      `${source} is a ${key.asymmetricKeyType ?? 'non-RSA'} key; the Okta SDK signs the client assertion with RS256`,
      { hint: 'generate an RSA key for the service app' },
    );
  }
  const pem = key.export({ type: 'pkcs1', format: 'pem' }).toString();
  scrubber.add(pem);
  return { pem, keyId: kid };
}

export function resolveSettings(args: LiveArgs, env: Env = process.env, cwd = process.cwd()): CollectSettings {
  const notes: string[] = [];
  // --- org URL
  const urlFrom =
    args.oktaUrl !== undefined
      ? ['--okta-url', args.oktaUrl]
      : env.OKTA_ORG_URL
        ? ['OKTA_ORG_URL', env.OKTA_ORG_URL]
        : env.OKTA_CLIENT_ORGURL
          ? ['OKTA_CLIENT_ORGURL', env.OKTA_CLIENT_ORGURL]
          : undefined;
  if (!urlFrom)
    throw new InputError('no Okta org URL', { hint: 'pass --okta-url https://<org>.okta.com or set OKTA_ORG_URL' });
  const { url: orgUrl, note } = normalizeOrgUrl(urlFrom[1], urlFrom[0]);
  if (note) notes.push(note);

  // --- credentials
  const token = (env.OKTA_API_TOKEN || env.OKTA_CLIENT_TOKEN || '').trim();
  const tokenVar = env.OKTA_API_TOKEN ? 'OKTA_API_TOKEN' : 'OKTA_CLIENT_TOKEN';
  const clientId = (args.oktaClientId ?? env.OKTA_CLIENT_ID ?? '').trim();
  const privateKey = env.OKTA_PRIVATE_KEY ?? '';
  let auth: OktaAuth;
  if (clientId && (privateKey.trim() || !token)) {
    if (!privateKey.trim())
      throw new InputError(
        `an OAuth client id is set (${args.oktaClientId ? '--okta-client-id' : 'OKTA_CLIENT_ID'}) but OKTA_PRIVATE_KEY is not`,
        {
          hint: "set OKTA_PRIVATE_KEY to the service app's private key (PEM or JWK, inline or a file path), or use OKTA_API_TOKEN instead",
        },
      );
    if (!/^[A-Za-z0-9_-]+$/.test(clientId))
      throw new InputError('the OAuth client id is malformed', {
        hint: 'copy the Client ID of the service app (0oa…)',
      });
    const keyIdIn = (args.oktaKeyId ?? env.OKTA_KEY_ID ?? '').trim() || undefined;
    const { pem, keyId } = loadPrivateKey(privateKey, keyIdIn);
    const scopesRaw = args.oktaScopes ?? env.OKTA_SCOPES;
    const scopes =
      scopesRaw !== undefined && scopesRaw.trim() !== ''
        ? splitList(scopesRaw)
        : [...DEFAULT_SCOPES, ...(args.include?.includes('users') ? [USERS_SCOPE] : [])];
    const bad = scopes.find((s) => !/^okta\.[A-Za-z]+\.read$/.test(s));
    if (bad)
      throw new InputError(`the scope ${JSON.stringify(bad)} is not a read-only Okta scope`, {
        hint: `okta-bi-lint only reads; ask for okta.*.read scopes, e.g. ${DEFAULT_SCOPES.join(' ')}`,
      });
    auth = { mode: 'PrivateKey', clientId, scopes, privateKey: pem, keyId };
  } else if (token) {
    if (/\s/.test(token))
      throw new InputError(`${tokenVar} contains whitespace; it is not an Okta API token`, {
        hint: 'set it to the token value alone (without "SSWS ")',
      });
    scrubber.add(token);
    auth = { mode: 'SSWS', token };
  } else {
    throw new InputError('no Okta credentials', {
      hint: 'set OKTA_API_TOKEN (an API token), or OKTA_CLIENT_ID with OKTA_PRIVATE_KEY (an OAuth service app)',
    });
  }

  // --- what and how
  const include = (args.include ?? []).flatMap((s) => splitList(String(s)));
  for (const i of include)
    if (i !== 'users')
      throw new InputError(`--include ${i} is not known`, {
        hint: 'the only optional part is users (--include users)',
      });
  const share = args.rateLimitShare ?? 0.5;
  if (typeof share !== 'number' || !Number.isFinite(share) || share <= 0 || share > 1) {
    throw new InputError(`--rate-limit-share must be a number greater than 0 and at most 1 (got ${String(share)})`, {
      hint: 'e.g. 0.5 uses at most half of each Okta rate-limit bucket',
    });
  }
  const concurrency = args.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 75) {
    throw new InputError(`--concurrency must be an integer from 1 to 75 (got ${String(concurrency)})`, {
      hint: 'Okta allows about 75 concurrent requests per org; the default 4 is polite',
    });
  }

  // --- names to look for, from the expectations
  const config = loadConfig(args.config, cwd);
  let biPlatform = args.biPlatform;
  if (biPlatform === undefined && env.BI_PLATFORM) {
    if (!BI_PLATFORMS.includes(env.BI_PLATFORM as BiPlatform))
      throw new InputError(
        `BI_PLATFORM must be one of ${BI_PLATFORMS.join(', ')} (got ${JSON.stringify(env.BI_PLATFORM)})`,
      );
    biPlatform = env.BI_PLATFORM as BiPlatform;
  }
  const expectations = resolveExpectations(config.data, orgUrl, biPlatform);
  const o = expectations.okta;
  const names: OktaNames = {
    group: String(o.group),
    adminPortalApp: String(o.adminPortalApp),
    userPortalApp: String(o.userPortalApp),
    registrationAttribute: String(o.registrationAttribute),
  };
  const bi = resolveBi(args, env, expectations.biPlatform, include.includes('users'), notes, cwd);

  return {
    orgUrl,
    auth,
    includeUsers: include.includes('users'),
    share,
    concurrency,
    names,
    biPlatform:
      bi.kind === 'none'
        ? 'none'
        : bi.kind === 'missing'
          ? bi.platform
          : bi.kind === 'declared'
            ? bi.platform
            : bi.kind,
    bi,
    provisioning: String(expectations.provisioning),
    biClientName: String(expectations.beyondIdentity.oidcClient),
    retries: envInt(env, 'OKTA_BI_LINT_RETRIES', 4, 0, 20),
    retryBaseMs: envInt(env, 'OKTA_BI_LINT_RETRY_BASE_MS', 1000, 0, 600_000),
    retryMaxMs: envInt(env, 'OKTA_BI_LINT_RETRY_MAX_MS', 30_000, 0, 3_600_000),
    timeoutMs: envInt(env, 'OKTA_BI_LINT_TIMEOUT_MS', 60_000, 1, 3_600_000),
    maxPages: envInt(env, 'OKTA_BI_LINT_MAX_PAGES', 10_000, 1, 10_000_000),
    maxRateLimitWaits: envInt(env, 'OKTA_BI_LINT_MAX_429_WAITS', 10, 0, 1000),
    notes,
  };
}

/** A Beyond Identity API base URL: https (http only on loopback), no path, query, fragment or user. */
function normalizeBiUrl(raw: string, from: string): string {
  const given = raw.trim();
  if (given === '')
    throw new InputError(`${from} is empty`, {
      hint: 'leave it unset for the default, or set it to e.g. https://api-eu.byndid.com',
    });
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given : `https://${given}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new InputError(`${from} is not a URL: ${JSON.stringify(given)}`, { hint: 'e.g. https://api.byndid.com' });
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u.hostname))) {
    throw new InputError(`${from} must use https: ${u.protocol}//${u.host}`, {
      hint: `use https://${u.host} (http is accepted only for 127.0.0.1, localhost and [::1])`,
    });
  }
  if (u.username || u.password)
    throw new InputError(`${from} must not contain a user name or password`, {
      hint: 'the credentials go in BI_API_TOKEN / BI_EVENTS_API_KEY',
    });
  if (u.search || u.hash || u.pathname.replace(/\/+$/, '') !== '') {
    throw new InputError(
      `${from} must be the API's base address without a path, query or fragment (got ${JSON.stringify(given)})`,
      { hint: `use ${u.protocol}//${u.host}` },
    );
  }
  return `${u.protocol}//${u.host}`;
}

/** A bearer credential from the environment: trimmed, without whitespace, registered with the scrubber. */
function bearer(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = raw.trim();
  scrubber.add(v);
  if (/\s/.test(v))
    throw new InputError(`${name} contains whitespace; it is not a bare token`, {
      hint: `set it to the token value alone (without "Bearer ")`,
    });
  return v;
}

function idFrom(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(raw))
    throw new InputError(`${name} is malformed: ${JSON.stringify(raw.slice(0, 40))}`, {
      hint: `copy the ${name === 'BI_TENANT_ID' ? 'tenant' : 'realm'} id from the Beyond Identity console (letters, digits, - and _)`,
    });
  return raw;
}

/** The claims of a JWT, or undefined when the value is not one (never verified: only used for ids). */
function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const c = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return c && typeof c === 'object' && !Array.isArray(c) ? (c as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const NO_CREDENTIALS = 'Beyond Identity collection is not available';

/**
 * The Beyond Identity side: --bi-from FILE, else the platform (--bi-platform, BI_PLATFORM, the
 * config's beyondIdentity.platform; by default secure-workforce when BI_EVENTS_API_KEY is set, else
 * secure-access when BI_TENANT_ID is set) with its credentials. Missing credentials are not an error:
 * the snapshot gets a gap, so the Beyond Identity rules are not evaluated (never silently passed).
 */
function resolveBi(
  args: LiveArgs,
  env: Env,
  declaredPlatform: BiPlatform | undefined,
  includeUsers: boolean,
  notes: string[],
  cwd: string,
): BiSettings {
  const urlOf = (flag: string | undefined, flagName: string, envName: string, fallback: string) =>
    flag !== undefined
      ? normalizeBiUrl(flag, flagName)
      : env[envName] !== undefined && env[envName]!.trim() !== ''
        ? normalizeBiUrl(env[envName]!, envName)
        : fallback;

  if (args.biFrom !== undefined) {
    refuseBiFromOnOtherPlatform(
      declaredPlatform,
      '--bi-platform, BI_PLATFORM, beyondIdentity.platform',
      ' to read the Secure Access API',
    );
    const declared = loadDeclared(args.biFrom, cwd);
    return {
      kind: 'declared',
      platform: 'secure-workforce',
      file: args.biFrom,
      declared,
      apiUrl: urlOf(args.biUrl, '--bi-url', 'BI_API_URL', BI_DEFAULT_URLS['secure-workforce']),
      apiToken: includeUsers ? bearer(env, 'BI_API_TOKEN') : undefined,
    };
  }

  let platform = declaredPlatform;
  if (platform === 'none') return { kind: 'none' };
  if (platform === undefined) {
    if (env.BI_EVENTS_API_KEY?.trim()) {
      platform = 'secure-workforce';
      notes.push(
        'Beyond Identity platform: secure-workforce, because BI_EVENTS_API_KEY is set (choose with --bi-platform)',
      );
    } else if (env.BI_TENANT_ID?.trim()) {
      platform = 'secure-access';
      notes.push('Beyond Identity platform: secure-access, because BI_TENANT_ID is set (choose with --bi-platform)');
    } else {
      notes.push(
        'no Beyond Identity platform and no Beyond Identity credentials: the Beyond Identity side ' +
          'is not read, and its rules will be reported as not evaluated (set BI_EVENTS_API_KEY ' +
          'for secure-workforce or BI_API_TOKEN and BI_TENANT_ID for secure-access, declare ' +
          'it with --bi-from FILE, or pass --bi-platform none to audit the Okta side only)',
      );
      return {
        kind: 'missing',
        reason:
          `${NO_CREDENTIALS}: no Beyond Identity platform was chosen and no Beyond Identity credentials ` +
          `are set (BI_EVENTS_API_KEY for secure-workforce, BI_API_TOKEN with BI_TENANT_ID for ` +
          `secure-access), so its side was not read and its rules cannot be evaluated; set them, declare ` +
          `the configuration with --bi-from FILE, or pass --bi-platform none to audit the Okta side only`,
      };
    }
  }

  if (platform === 'secure-workforce') {
    const eventsKey = bearer(env, 'BI_EVENTS_API_KEY');
    const apiToken = bearer(env, 'BI_API_TOKEN');
    const apiUrl = urlOf(args.biUrl, '--bi-url', 'BI_API_URL', BI_DEFAULT_URLS['secure-workforce']);
    const eventsUrl = urlOf(args.biEventsUrl, '--bi-events-url', 'BI_EVENTS_URL', BI_DEFAULT_URLS.events);
    if (!eventsKey) {
      return {
        kind: 'missing',
        platform,
        reason:
          `${NO_CREDENTIALS} without an Events API key: Secure Workforce's admin API cannot read the OIDC ` +
          `client, the console SSO or the API extensions, so okta-bi-lint rebuilds them from the Events ` +
          `API, which needs BI_EVENTS_API_KEY (requested from Beyond Identity support); set it, declare ` +
          `the configuration with --bi-from FILE, or pass --bi-platform none to audit the Okta side only`,
      };
    }
    return { kind: 'secure-workforce', apiUrl, eventsUrl, apiToken, eventsKey };
  }

  // secure-access
  const apiToken = bearer(env, 'BI_API_TOKEN');
  const apiUrl = urlOf(args.biUrl, '--bi-url', 'BI_API_URL', BI_DEFAULT_URLS['secure-access']);
  const claims = apiToken ? jwtClaims(apiToken) : undefined;
  const tenantId =
    idFrom(env, 'BI_TENANT_ID') ??
    (typeof claims?.bi_t === 'string' && /^[A-Za-z0-9_-]{1,128}$/.test(claims.bi_t) ? claims.bi_t : undefined);
  const realmId =
    idFrom(env, 'BI_REALM_ID') ??
    (typeof claims?.bi_r === 'string' && /^[A-Za-z0-9_-]{1,128}$/.test(claims.bi_r) ? claims.bi_r : undefined);
  if (!apiToken || !tenantId) {
    const lacking = [!apiToken ? 'BI_API_TOKEN' : '', !tenantId ? 'BI_TENANT_ID' : ''].filter(Boolean).join(' and ');
    return {
      kind: 'missing',
      platform: 'secure-access',
      reason:
        `${NO_CREDENTIALS} without credentials: Secure Access needs BI_API_TOKEN (a Beyond Identity ` +
        `Management API token) and BI_TENANT_ID (BI_REALM_ID for the realm of the Okta application), ` +
        `and ${lacking} ${lacking.includes(' and ') ? 'are' : 'is'} not set; set ` +
        `${lacking.includes(' and ') ? 'them' : 'it'}, or pass --bi-platform none to audit the Okta side only`,
    };
  }
  return { kind: 'secure-access', apiUrl, apiToken, tenantId, realmId };
}
