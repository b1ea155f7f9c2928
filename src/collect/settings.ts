/**
 * Where live data comes from (CONTRACTS.md): flags, then the documented environment variables,
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
import { scrubber } from './redact.js';

export const BI_PLATFORMS: readonly BiPlatform[] = ['secure-workforce', 'secure-access', 'none'];

/** The minimal read-only scopes for an OAuth service app. */
export const DEFAULT_SCOPES = ['okta.schemas.read', 'okta.groups.read', 'okta.apps.read', 'okta.idps.read', 'okta.policies.read', 'okta.eventHooks.read', 'okta.apiTokens.read'];
export const USERS_SCOPE = 'okta.users.read';

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
}

export interface CollectSettings {
  orgUrl: string;
  auth: OktaAuth;
  includeUsers: boolean;
  share: number;
  concurrency: number;
  names: OktaNames;
  /** undefined: not declared anywhere */
  biPlatform?: BiPlatform;
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
  if (!Number.isInteger(n) || n < min || n > max) throw new InputError(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return n;
}

/** https://acme.okta.com, from what the user typed; refuses what cannot be an org URL. */
export function normalizeOrgUrl(raw: string, from: string): { url: string; note?: string } {
  const given = raw.trim();
  if (given === '') throw new InputError(`${from} is empty`, { hint: 'set it to your org\'s address, e.g. https://acme.okta.com' });
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given : `https://${given}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new InputError(`${from} is not a URL: ${JSON.stringify(given)}`, { hint: 'use the org\'s address, e.g. https://acme.okta.com' });
  }
  const loopback = isLoopback(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    throw new InputError(`${from} must use https: ${u.protocol}//${u.host}`, { hint: `use https://${u.host} (http is accepted only for 127.0.0.1, localhost and [::1])` });
  }
  if (u.username || u.password) throw new InputError(`${from} must not contain a user name or password`, { hint: 'the API token goes in OKTA_API_TOKEN' });
  if (u.search || u.hash) throw new InputError(`${from} must not have a query or fragment: ${JSON.stringify(given)}`, { hint: `use ${u.protocol}//${u.host}` });
  let host = u.host;
  let note: string | undefined;
  const m = /^([^.]+)-admin(\..+)$/i.exec(u.hostname);
  if (m) {
    host = m[1] + m[2] + (u.port ? `:${u.port}` : '');
    note = `${from}: using ${u.protocol}//${host}, the org's address, instead of the Admin Console's ${u.host}`;
  }
  const path = u.pathname.replace(/\/+$/, '');
  if (path !== '') {
    throw new InputError(`${from} must be the org's address without a path (got ${JSON.stringify(given)})`, { hint: `use ${u.protocol}//${host}` });
  }
  return { url: `${u.protocol}//${host}`, note };
}

function splitList(s: string): string[] {
  return s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
}

/**
 * The private key from OKTA_PRIVATE_KEY: PEM or JWK, inline or a file path. Returned as PKCS#1 PEM
 * (what the SDK's signer reads best) with the key id (OKTA_KEY_ID, else the JWK's kid). The key's
 * text is registered with the scrubber; it is never printed.
 */
export function loadPrivateKey(value: string, keyId: string | undefined): { pem: string; keyId?: string } {
  let text = value.trim();
  let source = 'OKTA_PRIVATE_KEY';
  if (!text.startsWith('-----BEGIN') && !text.startsWith('{')) {
    // a file path
    if (!existsSync(text)) throw new InputError('OKTA_PRIVATE_KEY is neither a PEM or JWK private key nor the path of a file', { hint: 'set it to the key itself or to the path of a .pem or .json key file' });
    if (statSync(text).isDirectory()) throw new InputError('OKTA_PRIVATE_KEY names a directory, not a key file', { file: text });
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
    const why = e instanceof SyntaxError ? 'it is not valid JSON' : (e as Error).message.startsWith('the JWK') ? (e as Error).message : 'it could not be parsed';
    throw new InputError(`${source} is not a usable private key: ${why}`, { hint: 'use the RSA private key of the service app, as PEM or JWK' });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new InputError(`${source} is a ${key.asymmetricKeyType ?? 'non-RSA'} key; the Okta SDK signs the client assertion with RS256`, { hint: 'generate an RSA key for the service app' });
  }
  const pem = key.export({ type: 'pkcs1', format: 'pem' }).toString();
  scrubber.add(pem);
  return { pem, keyId: kid };
}

export function resolveSettings(args: LiveArgs, env: Env = process.env, cwd = process.cwd()): CollectSettings {
  const notes: string[] = [];
  // --- org URL
  const urlFrom = args.oktaUrl !== undefined ? ['--okta-url', args.oktaUrl] : env.OKTA_ORG_URL ? ['OKTA_ORG_URL', env.OKTA_ORG_URL] : env.OKTA_CLIENT_ORGURL ? ['OKTA_CLIENT_ORGURL', env.OKTA_CLIENT_ORGURL] : undefined;
  if (!urlFrom) throw new InputError('no Okta org URL', { hint: 'pass --okta-url https://<org>.okta.com or set OKTA_ORG_URL' });
  const { url: orgUrl, note } = normalizeOrgUrl(urlFrom[1], urlFrom[0]);
  if (note) notes.push(note);

  // --- credentials
  const token = (env.OKTA_API_TOKEN || env.OKTA_CLIENT_TOKEN || '').trim();
  const tokenVar = env.OKTA_API_TOKEN ? 'OKTA_API_TOKEN' : 'OKTA_CLIENT_TOKEN';
  const clientId = (args.oktaClientId ?? env.OKTA_CLIENT_ID ?? '').trim();
  const privateKey = env.OKTA_PRIVATE_KEY ?? '';
  let auth: OktaAuth;
  if (clientId && (privateKey.trim() || !token)) {
    if (!privateKey.trim()) throw new InputError(`an OAuth client id is set (${args.oktaClientId ? '--okta-client-id' : 'OKTA_CLIENT_ID'}) but OKTA_PRIVATE_KEY is not`, { hint: 'set OKTA_PRIVATE_KEY to the service app\'s private key (PEM or JWK, inline or a file path), or use OKTA_API_TOKEN instead' });
    if (!/^[A-Za-z0-9_-]+$/.test(clientId)) throw new InputError('the OAuth client id is malformed', { hint: 'copy the Client ID of the service app (0oa…)' });
    const keyIdIn = (args.oktaKeyId ?? env.OKTA_KEY_ID ?? '').trim() || undefined;
    const { pem, keyId } = loadPrivateKey(privateKey, keyIdIn);
    const scopesRaw = args.oktaScopes ?? env.OKTA_SCOPES;
    const scopes = scopesRaw !== undefined && scopesRaw.trim() !== '' ? splitList(scopesRaw) : [...DEFAULT_SCOPES, ...(args.include?.includes('users') ? [USERS_SCOPE] : [])];
    const bad = scopes.find((s) => !/^okta\.[A-Za-z]+\.read$/.test(s));
    if (bad) throw new InputError(`the scope ${JSON.stringify(bad)} is not a read-only Okta scope`, { hint: `okta-bi-lint only reads; ask for okta.*.read scopes, e.g. ${DEFAULT_SCOPES.join(' ')}` });
    auth = { mode: 'PrivateKey', clientId, scopes, privateKey: pem, keyId };
  } else if (token) {
    if (/\s/.test(token)) throw new InputError(`${tokenVar} contains whitespace; it is not an Okta API token`, { hint: 'set it to the token value alone (without "SSWS ")' });
    scrubber.add(token);
    auth = { mode: 'SSWS', token };
  } else {
    throw new InputError('no Okta credentials', { hint: 'set OKTA_API_TOKEN (an API token), or OKTA_CLIENT_ID with OKTA_PRIVATE_KEY (an OAuth service app)' });
  }

  // --- what and how
  const include = (args.include ?? []).flatMap((s) => splitList(String(s)));
  for (const i of include) if (i !== 'users') throw new InputError(`--include ${i} is not known`, { hint: 'the only optional part is users (--include users)' });
  const share = args.rateLimitShare ?? 0.5;
  if (typeof share !== 'number' || !Number.isFinite(share) || share <= 0 || share > 1) {
    throw new InputError(`--rate-limit-share must be a number greater than 0 and at most 1 (got ${String(share)})`, { hint: 'e.g. 0.5 uses at most half of each Okta rate-limit bucket' });
  }
  const concurrency = args.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 75) {
    throw new InputError(`--concurrency must be an integer from 1 to 75 (got ${String(concurrency)})`, { hint: 'Okta allows about 75 concurrent requests per org; the default 4 is polite' });
  }

  // --- names to look for, from the expectations
  const config = loadConfig(args.config, cwd);
  let biPlatform = args.biPlatform;
  if (biPlatform === undefined && env.BI_PLATFORM) {
    if (!BI_PLATFORMS.includes(env.BI_PLATFORM as BiPlatform)) throw new InputError(`BI_PLATFORM must be one of ${BI_PLATFORMS.join(', ')} (got ${JSON.stringify(env.BI_PLATFORM)})`);
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

  return {
    orgUrl,
    auth,
    includeUsers: include.includes('users'),
    share,
    concurrency,
    names,
    biPlatform: expectations.biPlatform,
    retries: envInt(env, 'OKTA_BI_LINT_RETRIES', 4, 0, 20),
    retryBaseMs: envInt(env, 'OKTA_BI_LINT_RETRY_BASE_MS', 1000, 0, 600_000),
    retryMaxMs: envInt(env, 'OKTA_BI_LINT_RETRY_MAX_MS', 30_000, 0, 3_600_000),
    timeoutMs: envInt(env, 'OKTA_BI_LINT_TIMEOUT_MS', 60_000, 1, 3_600_000),
    maxPages: envInt(env, 'OKTA_BI_LINT_MAX_PAGES', 10_000, 1, 10_000_000),
    maxRateLimitWaits: envInt(env, 'OKTA_BI_LINT_MAX_429_WAITS', 10, 0, 1000),
    notes,
  };
}
