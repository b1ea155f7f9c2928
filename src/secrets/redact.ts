/**
 * Secrets never reach a snapshot, a report, a log line or an error message. The layers, in the
 * order a collected value meets them (docs/security.md says what each guarantees):
 *
 * 1. Free-form slots are redacted by default. A slot whose members an API leaves to the admin
 *    (an app's `settings.app`, a `credentials` block, Beyond Identity's `protocol_config`, any
 *    `{key|name, value}` list such as an event hook's `channel.config.headers`) keeps its names and
 *    loses every value except those of the one ALLOWLIST below: values the rules or drift read
 *    and that are known not to be secret.
 * 2. Fields that carry a credential anywhere are redacted by name (client_secret, password,
 *    token, privateKey, …), by context (authScheme.value, private JWK members) and by shape (a
 *    "Bearer …"/"SSWS …" credential, a JWT, a PEM private key, an Okta API token).
 * 3. Every URL, wherever it sits: its user info and every query or fragment value become
 *    "[REDACTED]" (parameter names kept; URI-template placeholders such as `{clientId}` stay), and
 *    a webhook URL whose path is the credential (Slack, Teams, Zapier, Discord, …) loses its path.
 * 4. Last, secretlint's recommended rule set runs over every string of the document
 *    (`scanWithSecretlint`, in secretlint.ts, loaded by `collect` only): whatever it recognises
 *    as a secret is replaced whole.
 *
 * A redacted field keeps its place, so rules still see that a secret was set. Every redaction is
 * counted with its JSON path (never its value), for `collect` to report.
 *
 * `Scrubber` is the other side: it knows the secrets this process holds (the API token, the private
 * key, access tokens received) and removes them from any text we print or write, whatever the route.
 * `scrubSecretShaped` is what the snapshot loader applies to a snapshot from anywhere (a
 * hand-written one included), so that no report echoes a credential-shaped value.
 */
export const REDACTED = '[REDACTED]';

/**
 * THE ALLOWLIST: the only values of free-form slots that are kept. Each is read by a rule or by
 * drift, or is an Okta-defined setting known not to be secret (the settings of Okta's own
 * integrations in the recorded orgs). Names are compared lower case, without "_", "-" and spaces.
 */
const ALLOWLIST: Readonly<Record<'settings.app' | 'credentials' | 'protocol_config' | 'pair', readonly string[]>> = {
  // Okta app instance settings (settings.app): Office 365, Active Directory and bookmark apps
  'settings.app': [
    'url',
    'domain',
    'domains',
    'redirectURI',
    'initiateLoginURI',
    'tenantType',
    'wsFedConfigureType',
    'windowsTransportEnabled',
    'msftTenant',
    'requireAdminConsent',
    'requestIntegration',
    'orgId',
    'namingContext',
    'filterGroupsByOU',
    'jitProvisioningEnabled',
    'searchOrgUnit',
    'occSettings',
  ],
  // apps' and IdPs' credentials: drift compares an IdP's protocol (client_id) and names an app's
  // user assignment by its credentials.userName; the rest is configuration
  credentials: [
    'userName',
    'client',
    'client_id',
    'oauthClient',
    'autoKeyRotation',
    'token_endpoint_auth_method',
    'signing',
    'kid',
    'userNameTemplate',
    'template',
    'type',
    'pushStatus',
    'userSuffix',
    'scheme',
    'revealPassword',
    'provider',
    'name',
  ],
  // Beyond Identity's application protocol_config: read by the redirect-URI and signing-algorithm rules
  protocol_config: [
    'type',
    'allowed_scopes',
    'client_id',
    'confidentiality',
    'token_endpoint_auth_method',
    'grant_type',
    'redirect_uris',
    'token_configuration',
    'subject_field',
    'expires_after',
    'token_signing_algorithm',
    'pkce',
    'token_format',
  ],
  // {key|name, value} lists (event hook headers, custom headers): no rule reads a value; none is kept
  pair: [],
};

type Slot = keyof typeof ALLOWLIST;
const KEEP: Record<Slot, Set<string>> = Object.fromEntries(
  Object.entries(ALLOWLIST).map(([k, v]) => [k, new Set(v.map(normalize))]),
) as Record<Slot, Set<string>>;

/** Field names (lower case, without _ and -) whose value is a credential. */
const SECRET_NAME = new RegExp(
  `(?:${[
    'secret|password|passwd|passphrase|token|privatekey|privatekeypem|apikey|clientassertion|sharedkey|signingkey',
    'encryptionkey|secretkey|accesskey|hmackey|integrationkey|serviceaccountjson|serviceaccountkey|subscriptionkey',
    'functionskey|answer|salt|hash|jwe',
  ].join('|')})$`,
);
const SECRET_EXACT = new Set([
  'token',
  'authorization',
  'cookie',
  'setcookie',
  'credential',
  'otp',
  'otpcode',
  'pin',
  'xapikey',
  'hash',
  'signaturedata',
  'tokenencrypted',
]);
/** Names that look like secrets but are settings or metadata. */
const NOT_SECRET = new Set([
  'hassecret',
  'secretrequired',
  'passwordpolicy',
  'passwordchanged',
  'passwordexpired',
  'signaturealgorithm',
  'saltorder',
]);
/** Secret names whose object value is the secret itself, not a container of settings (serviceAccountJson). */
const WHOLE_SECRET = /(?:json|pem|key|secret)$/;
/** Private members of a JWK (RFC 7518 §6.2.2, §6.3.2, §6.4). */
const JWK_PRIVATE = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth']);

const CREDENTIAL_VALUE = /^\s*(?:bearer|ssws|basic|dpop|token)\s+\S{4,}/i;
const JWT_VALUE = /^eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
const PEM_PRIVATE = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
/** An Okta API token: 42 characters starting with 00. */
const OKTA_TOKEN_VALUE = /^00[A-Za-z0-9_-]{40}$/;
const SECRET_QUERY = new RegExp(
  String.raw`([?&#;](?:${[
    'client_secret|clientsecret|secret|token|access_token|id_token|refresh_token|api_key|apikey|api_token|password',
    'client_assertion|code|sig|signature|key',
  ].join('|')})=)[^&#\s"']+`,
  'gi',
);

/**
 * What every credential shape, secret query and URL above contains: a string without any of these
 * is left alone after one scan (most strings of a snapshot: ids, names, dates).
 */
const MAY_HOLD_SECRET = /:\/\/|=|-----|eyJ|bearer|ssws|basic|dpop|token/i;

/** A URL anywhere in a text: scheme://… up to white space or a quote. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
/** A URI-template placeholder ({clientId}) is not a value. */
const PLACEHOLDER = /^\{[A-Za-z0-9_.]+\}$/;
/**
 * Webhook URLs whose path is the credential: whoever has the URL can post. The prefix up to the
 * first group is kept (it says what the hook is); the rest of the path is redacted.
 */
const WEBHOOK_PATH: readonly RegExp[] = [
  /^(https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/).+$/i,
  /^(https?:\/\/[a-z0-9.-]*\.webhook\.office\.com\/(?:webhookb2|webhook)\/).+$/i,
  /^(https?:\/\/outlook\.office(?:365)?\.com\/webhook\/).+$/i,
  /^(https?:\/\/hooks\.zapier\.com\/hooks\/(?:catch|standard)\/).+$/i,
  /^(https?:\/\/(?:[a-z]+\.)?discord(?:app)?\.com\/api\/webhooks\/).+$/i,
  /^(https?:\/\/maker\.ifttt\.com\/trigger\/[^/]+\/with\/key\/).+$/i,
  /^(https?:\/\/api\.telegram\.org\/bot).+$/i,
  /^(https?:\/\/chat\.googleapis\.com\/v1\/spaces\/).+$/i,
  /^(https?:\/\/[a-z0-9.-]*\.logic\.azure\.com(?::\d+)?\/workflows\/).+$/i,
  /^(https?:\/\/hook\.[a-z0-9]+\.make\.com\/).+$/i,
  /^(https?:\/\/webhook\.site\/).+$/i,
];

/**
 * A URL that the loader's scrub leaves as it is unless it is a webhook's: one URL with no user
 * info, no parameter (no "="), no white space or quote.
 */
const PLAIN_URL = /^https?:\/\/[^\s"'<>`@=]+$/i;
/** Any of the webhook URLs above. */
const WEBHOOK_ANY = WEBHOOK_PATH.every((re) => re.source.startsWith('^'))
  ? // one anchor for all, which the regular expression engine then tries at the start only
    new RegExp(`^(?:${WEBHOOK_PATH.map((re) => `(?:${re.source.slice(1)})`).join('|')})`, 'i')
  : new RegExp(WEBHOOK_PATH.map((re) => `(?:${re.source})`).join('|'), 'i');

/** Field names repeat across a document: each is normalised and judged once (a bounded cache). */
const normCache = new Map<string, string>();
const secretCache = new Map<string, boolean>();
function cached<T>(cache: Map<string, T>, key: string, make: (k: string) => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    v = make(key);
    if (cache.size < 50_000) cache.set(key, v);
  }
  return v;
}

/** A field name lower case, without "_", "-" and spaces: client_secret, clientSecret → clientsecret. */
function normalize(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

function normName(key: string): string {
  return cached(normCache, key, normalize);
}

/** Is this field name one that carries a credential? */
export function isSecretName(key: string): boolean {
  return cached(secretCache, key, (k) => {
    const n = normName(k);
    if (NOT_SECRET.has(n)) return false;
    return SECRET_EXACT.has(n) || SECRET_NAME.test(n);
  });
}

/** A string that is itself a credential (whatever field it sits in). */
function isSecretValue(s: string): boolean {
  return CREDENTIAL_VALUE.test(s) || JWT_VALUE.test(s) || PEM_PRIVATE.test(s) || OKTA_TOKEN_VALUE.test(s);
}

/** One URL with its user info, every query and fragment value, and a credential path redacted. */
function redactUrl(url: string): string {
  for (const re of WEBHOOK_PATH) if (re.test(url)) return url.replace(re, `$1${REDACTED}`);
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(url);
  if (!m) return url;
  const [, scheme, authority, path, query, fragment] = m;
  const at = authority.lastIndexOf('@');
  const host = at >= 0 ? `${REDACTED}@${authority.slice(at + 1)}` : authority;
  return (
    scheme +
    host +
    path +
    (query ? `?${redactParams(query.slice(1))}` : '') +
    (fragment ? `#${redactParams(fragment.slice(1))}` : '')
  );
}

/** a=1&b=2 → a=[REDACTED]&b=[REDACTED]; a bare value is redacted whole; empty and placeholder values stay. */
function redactParams(params: string): string {
  return params
    .split(/([&;])/)
    .map((part) => {
      if (part === '&' || part === ';' || part === '') return part;
      const eq = part.indexOf('=');
      if (eq < 0) return PLACEHOLDER.test(part) || part === REDACTED ? part : REDACTED;
      const value = part.slice(eq + 1);
      return value === '' || value === REDACTED || PLACEHOLDER.test(value) ? part : `${part.slice(0, eq)}=${REDACTED}`;
    })
    .join('');
}

/** Redacts the credential parts of a free text (a message, a URL): every URL as redactUrl does, and credential shapes. */
function redactText(s: string): string {
  let out = s.includes('://') ? s.replace(URL_IN_TEXT, redactUrl) : s;
  out = redactShapes(out);
  return out;
}

/** The credential shapes of a free text, without touching URLs that carry none of them. */
function redactShapes(s: string): string {
  let out = s.replace(SECRET_QUERY, `$1${REDACTED}`);
  out = out.replace(
    /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    REDACTED,
  );
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
  /** the JSON path of every value redacted (okta.apps[3].settings.app.secretKey), never the value */
  paths: string[];
}

export function newStats(): RedactStats {
  return { count: 0, paths: [] };
}

/** Where a value sits: a chain of keys, turned into text only where something is redacted. */
interface Where {
  up: At;
  key: string | number;
}
type At = Where | string;
const at = (up: At, key: string | number): Where => ({ up, key });
function render(a: At): string {
  return typeof a === 'string' ? a : childPath(render(a.up), a.key);
}

export function note(stats: RedactStats, path: At): void {
  stats.count++;
  stats.paths.push(render(path));
}

/** okta.apps[3].settings.app, with odd keys quoted. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  // a key is tenant data: anything but printable ASCII is escaped, so a path printed to a CI log
  // can carry no control or bidi character
  const seg = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)
    ? key
    : JSON.stringify(key).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return path === '' ? seg : /^[A-Za-z_$]/.test(seg) ? `${path}.${seg}` : `${path}[${seg}]`;
}

/**
 * Every path, grouped with its indices folded ([3] → [*]), most frequent first: what `collect`
 * prints. `okta.apps[*].settings.app.secretKey (3)`.
 */
export function summarizePaths(paths: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const p of paths) {
    const k = p.replace(/\[\d+\]/g, '[*]');
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([p, n]) => (n > 1 ? `${p} (${n})` : p));
}

/**
 * A deep copy of `value` with every secret replaced by "[REDACTED]" (layers 1–3 above). `path` is
 * where `value` sits in the snapshot, for the paths recorded in `stats`.
 */
export function redactSecrets<T>(value: T, stats: RedactStats = newStats(), path: At = ''): T {
  return walk(value, path, undefined, stats) as T;
}

function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  // defineProperty, so that a "__proto__" key stays an ordinary key and never touches a prototype
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Every string and number inside `v` replaced (booleans, null and "" stay). */
function redactAll(v: unknown, path: At, stats: RedactStats): unknown {
  if (Array.isArray(v)) return v.map((x, i) => redactAll(x, at(path, i), stats));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setOwn(out, k, redactAll((v as Record<string, unknown>)[k], at(path, k), stats));
    return out;
  }
  const r = replacement(v);
  if (r !== v) note(stats, path);
  return r;
}

/**
 * The value of a secret-named field: primitives (and the strings of an array) are replaced; an
 * object is a container such as `password: {value}` or `token: {url, binding}`, whose `value`
 * member is the secret and whose other members are walked as usual.
 */
function secretField(v: unknown, path: At, stats: RedactStats, name = ''): unknown {
  if (Array.isArray(v)) return v.map((x, i) => secretField(x, at(path, i), stats));
  // a key, a secret or a JSON credential file given as an object is secret through and through
  if (v === null || typeof v !== 'object' || WHOLE_SECRET.test(normName(name))) return redactAll(v, path, stats);
  const obj = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) {
    const p = at(path, k);
    setOwn(
      out,
      k,
      k === 'value'
        ? secretField(obj[k], p, stats)
        : (walk({ [k]: obj[k] }, path, undefined, stats) as Record<string, unknown>)[k],
    );
  }
  return out;
}

/** A string outside any secret field: credential shapes go whole; URLs and texts lose their credential parts. */
function walkString(v: string, path: At, stats: RedactStats): string {
  if (!(MAY_HOLD_SECRET.test(v) || (v.length === 42 && v.startsWith('00')))) return v;
  if (isSecretValue(v)) {
    note(stats, path);
    return REDACTED;
  }
  const t = redactText(v);
  if (t !== v) note(stats, path);
  return t;
}

/** The free-form slot an object member opens, if any. */
function slotOf(parentKey: string | undefined, key: string): Slot | undefined {
  const k = normName(key);
  if (k === 'app' && parentKey !== undefined && normName(parentKey) === 'settings') return 'settings.app';
  if (k === 'credentials') return 'credentials';
  if (k === 'protocolconfig') return 'protocol_config';
  return undefined;
}

/**
 * `slot` is set inside a free-form slot: there, a member whose name is not on the slot's
 * allowlist loses every value, and an allowed member is walked in the same slot.
 */
function walk(v: unknown, path: At, slot: Slot | undefined, stats: RedactStats, parentKey?: string): unknown {
  if (typeof v === 'string') return walkString(v, path, stats);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x, i) => walk(x, at(path, i), slot, stats, parentKey));
  const obj = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const isJwk = typeof obj.kty === 'string';
  // {key: "x-functions-key", value: "…"}, {name: …, value: …}: a pair whose value is free-form
  const pairName = typeof obj.key === 'string' ? obj.key : typeof obj.name === 'string' ? obj.name : undefined;
  const isPair = pairName !== undefined && 'value' in obj;
  for (const k of Object.keys(obj)) {
    const child = obj[k];
    const p = at(path, k);
    const opens = slotOf(parentKey, k);
    if (isSecretName(k) || (isJwk && JWK_PRIVATE.has(k))) {
      setOwn(out, k, secretField(child, p, stats, k));
    } else if (k === 'value' && isPair && !KEEP.pair.has(normName(pairName))) {
      setOwn(out, k, redactAll(child, p, stats));
    } else if (normName(k) === 'authscheme') {
      setOwn(out, k, walkAuthScheme(child, p, stats));
    } else if (slot !== undefined && !KEEP[slot].has(normName(k))) {
      setOwn(out, k, redactAll(child, p, stats));
    } else {
      setOwn(out, k, walk(child, p, opens ?? slot, stats, k));
    }
  }
  return out;
}

/** authScheme {type, key, value}: the value is the secret; type and key (the header name) are not. */
function walkAuthScheme(v: unknown, path: At, stats: RedactStats): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return walk(v, path, undefined, stats);
  const obj = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) {
    const p = at(path, k);
    setOwn(out, k, k === 'value' ? redactAll(obj[k], p, stats) : walk(obj[k], p, undefined, stats, k));
  }
  return out;
}

/**
 * What the snapshot loader applies to any snapshot, a hand-written one too (changed in place):
 * credential-shaped strings, user info and secret-named query values of URLs, and credential
 * paths of webhooks are replaced. Cheap: most strings are skipped by one character test. Returns
 * how many strings changed.
 */
/** The name of a {key|name, value} pair whose value is a credential: a secret name, or a signature header (X-Hook-Signature). */
function isSecretPairName(name: unknown): boolean {
  return typeof name === 'string' && (isSecretName(name) || /signature$/i.test(name));
}

export function scrubSecretShaped(doc: object): number {
  let n = 0;
  const fix = (s: string): string => {
    // the one scan most strings get: ids, names and dates hold none of these
    if (!(MAY_HOLD_SECRET.test(s) || (s.length === 42 && s.startsWith('00')))) return s;
    // an API link (every user has eight): nothing below changes a URL without user info, query,
    // white space or JWT, whose host is no webhook's; two scans instead of a dozen
    if (PLAIN_URL.test(s) && !s.includes('eyJ') && !WEBHOOK_ANY.test(s)) return s;
    if (isSecretValue(s)) return REDACTED;
    let out = redactShapes(s);
    if (out.includes('://')) out = out.replace(URL_IN_TEXT, (u) => redactUrlCredentials(u));
    return out;
  };
  // plain loops over a parsed document: this runs on every snapshot `check` and `drift` read
  const visit = (o: Record<string, unknown> | unknown[]): void => {
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const x = o[i];
        if (typeof x === 'string') {
          if (x.length >= 8) {
            const y = fix(x);
            if (y !== x) {
              o[i] = y;
              n++;
            }
          }
        } else if (x !== null && typeof x === 'object') visit(x as Record<string, unknown>);
      }
      return;
    }
    // a free-form {key|name, value} pair (an event hook header, a setting): its name says the value is a credential
    if (
      typeof o.value === 'string' &&
      o.value !== '' &&
      o.value !== REDACTED &&
      (isSecretPairName(o.key) || isSecretPairName(o.name))
    ) {
      setOwn(o, 'value', REDACTED);
      n++;
    }
    // for…in: a parsed document's objects have only own, enumerable keys, and it allocates no key array
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'string') {
        if (x === '' || x === REDACTED) continue;
        const y = isSecretName(k) ? REDACTED : x.length >= 8 ? fix(x) : x;
        if (y !== x) {
          setOwn(o, k, y);
          n++;
        }
      } else if (x !== null && typeof x === 'object') visit(x as Record<string, unknown>);
    }
  };
  visit(doc as Record<string, unknown>);
  return n;
}

/** A URL's user info and a webhook's credential path, nothing else (the loader keeps query parameters rules may compare). */
function redactUrlCredentials(url: string): string {
  for (const re of WEBHOOK_PATH) if (re.test(url)) return url.replace(re, `$1${REDACTED}`);
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i, `$1${REDACTED}@`);
}

/**
 * Knows the secrets this process holds and removes them (and credential-shaped text) from
 * anything printed or written.
 */
class Scrubber {
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
    for (const line of s.split(/\r?\n/))
      if (line.trim().length >= 16 && !/^-----/.test(line.trim())) this.secrets.add(line.trim());
  }

  scrub(text: string): string {
    return redactText(this.scrubJson(text));
  }

  /** For JSON documents: only removes known secrets (the document is already redacted field by field). */
  scrubJson(text: string): string {
    let out = text;
    // longest first, so a secret containing another is replaced whole
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length))
      if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }
}

/** The process-wide scrubber: the CLI registers every secret it reads or receives. */
export const scrubber = new Scrubber();
