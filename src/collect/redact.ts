/**
 * Secrets never reach a snapshot, a report, a log line or an error message. Two layers:
 *
 * 1. `redactSecrets` walks an API object and replaces the value of every field that carries a
 *    credential with "[REDACTED]", wherever it sits: by field name (client_secret, clientSecret,
 *    password, token, privateKey, …), by context (authScheme.value, the value of a header whose
 *    name is Authorization or carries a key/token, private JWK members), and by value shape (a
 *    "Bearer …"/"SSWS …" credential, a JWT, a PEM private key, a secret in a URL query). The field
 *    keeps its place so rules can still see that a secret was set; nothing else is removed.
 * 2. `Scrubber` knows the secrets this process holds (the API token, the private key, access
 *    tokens received) and removes them from any text we print or write, whatever the route.
 */

export const REDACTED = '[REDACTED]';

/** Field names (lower case, without _ and -) whose value is a credential. */
const SECRET_NAME = /(?:secret|password|passwd|passphrase|privatekey|apikey|apitoken|accesstoken|refreshtoken|idtoken|bearertoken|oktatoken|sessiontoken|authtoken|recoverytoken|activationtoken|clientassertion|sharedkey|signingkey|encryptionkey)$/;
const SECRET_EXACT = new Set(['token', 'authorization', 'cookie', 'setcookie', 'credential', 'answer', 'otp', 'pin', 'xapikey']);
/** Names that look like secrets but are settings or metadata. */
const NOT_SECRET = new Set(['hassecret', 'secretrequired', 'passwordpolicy', 'passwordchanged', 'passwordexpired']);
/** Private members of a JWK (RFC 7518 §6.2.2, §6.3.2, §6.4). */
const JWK_PRIVATE = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth']);
/** A header name whose value is a credential (event hook channel.config.headers, etc.). */
const SECRET_HEADER = /^(?:authorization|proxy-authorization|cookie|set-cookie)$|api[-_]?key|token|secret|password|session|credential|^x-auth/i;

const CREDENTIAL_VALUE = /^\s*(?:bearer|ssws|basic|dpop|token)\s+\S{4,}/i;
const JWT_VALUE = /^eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
const PEM_PRIVATE = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
/** An Okta API token: 42 characters starting with 00. */
const OKTA_TOKEN_VALUE = /^00[A-Za-z0-9_-]{40}$/;
const SECRET_QUERY = /([?&#;](?:client_secret|clientsecret|secret|token|access_token|id_token|refresh_token|api_key|apikey|api_token|password|client_assertion)=)[^&#\s"']+/gi;

function normName(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** Is this field name one that carries a credential? */
export function isSecretName(key: string): boolean {
  const n = normName(key);
  if (NOT_SECRET.has(n)) return false;
  return SECRET_EXACT.has(n) || SECRET_NAME.test(n);
}

/** A string that is itself a credential (whatever field it sits in). */
export function isSecretValue(s: string): boolean {
  return CREDENTIAL_VALUE.test(s) || JWT_VALUE.test(s) || PEM_PRIVATE.test(s) || OKTA_TOKEN_VALUE.test(s);
}

/** Redacts the credential parts of a free text (a message, a URL). */
export function redactText(s: string): string {
  let out = s.replace(SECRET_QUERY, `$1${REDACTED}`);
  out = out.replace(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, REDACTED);
  out = out.replace(/\b(bearer|ssws|basic|dpop)\s+[A-Za-z0-9._~+/=-]{4,}/gi, `$1 ${REDACTED}`);
  out = out.replace(/\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, REDACTED);
  return out;
}

/** Replaces a secret value: strings and numbers go; null, booleans and "" stay (they say "not set"). */
function replacement(v: unknown): unknown {
  if (v === null || v === undefined || typeof v === 'boolean' || v === '') return v;
  return REDACTED;
}

export interface RedactStats {
  count: number;
}

/**
 * A deep copy of `value` with every secret replaced by "[REDACTED]". `stats.count` says how many
 * values were replaced.
 */
export function redactSecrets<T>(value: T, stats: RedactStats = { count: 0 }): T {
  return walk(value, false, stats) as T;
}

function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  // defineProperty, so that a "__proto__" key stays an ordinary key and never touches a prototype
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** The value of a secret-named field: primitives are replaced; structures are walked as secret containers. */
function secretField(v: unknown, stats: RedactStats): unknown {
  if (v !== null && typeof v === 'object') return walk(v, true, stats);
  const r = replacement(v);
  if (r !== v) stats.count++;
  return r;
}

/**
 * `container` is true inside a secret-named field or an authScheme: there, `value` members are
 * secrets too (`authScheme.value`, `password.value`), and so are the strings of an array.
 */
function walk(v: unknown, container: boolean, stats: RedactStats): unknown {
  if (typeof v === 'string') {
    if (container || isSecretValue(v)) {
      const r = replacement(v);
      if (r !== v) stats.count++;
      return r;
    }
    const t = v.includes('=') || v.includes('-----') ? redactText(v) : v;
    if (t !== v) stats.count++;
    return t;
  }
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => walk(x, container, stats));
  const obj = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const isJwk = typeof obj.kty === 'string';
  // {key: "Authorization", value: "Bearer …"}: headers of event hooks and inline hooks
  const pairName = typeof obj.key === 'string' ? obj.key : typeof obj.name === 'string' ? obj.name : undefined;
  const secretPair = pairName !== undefined && SECRET_HEADER.test(pairName);
  for (const k of Object.keys(obj)) {
    const child = obj[k];
    if (isSecretName(k) || (isJwk && JWK_PRIVATE.has(k))) {
      setOwn(out, k, secretField(child, stats));
    } else if (k === 'value' && (container || (secretPair && typeof child === 'string'))) {
      setOwn(out, k, secretField(child, stats));
    } else if (/^authscheme$/i.test(k.replace(/[-_]/g, ''))) {
      setOwn(out, k, walkAuthScheme(child, stats));
    } else {
      setOwn(out, k, walk(child, false, stats));
    }
  }
  return out;
}

/** authScheme {type, key, value}: the value is the secret; type and key (the header name) are not. */
function walkAuthScheme(v: unknown, stats: RedactStats): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return walk(v, false, stats);
  const obj = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) setOwn(out, k, k === 'value' ? secretField(obj[k], stats) : walk(obj[k], false, stats));
  return out;
}

/**
 * Knows the secrets this process holds and removes them (and credential-shaped text) from
 * anything printed or written.
 */
export class Scrubber {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (!secret) return;
    const s = secret.trim();
    if (s.length < 6) return; // too short to scrub without mangling ordinary words
    this.secrets.add(s);
    // the JSON-escaped form, as it would appear inside a JSON document
    const esc = JSON.stringify(s).slice(1, -1);
    if (esc !== s) this.secrets.add(esc);
    // each line of a multi-line secret (a PEM key) on its own
    for (const line of s.split(/\r?\n/)) if (line.trim().length >= 16 && !/^-----/.test(line.trim())) this.secrets.add(line.trim());
  }

  scrub(text: string): string {
    let out = text;
    // longest first, so a secret containing another is replaced whole
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return redactText(out);
  }

  /** For JSON documents: only removes known secrets (the document is already redacted field by field). */
  scrubJson(text: string): string {
    let out = text;
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }
}

/** The process-wide scrubber: the CLI registers every secret it reads or receives. */
export const scrubber = new Scrubber();
