/**
 * Canary secrets planted in every response the emulator sends: each JSON object gets three of the
 * sites below (rotating, so every kind is used), each a place or a shape in which a credential
 * can arrive. The same function with `expectRedacted` builds what the collector must write instead.
 */

export const REDACTED = '[REDACTED]';

type Make = (template: (canary: string) => string, redacted: string) => string;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const child = (o: Obj, k: string): Obj => {
  if (!isObj(o[k])) o[k] = {};
  return o[k] as Obj;
};

export const SITES: Array<(o: Obj, make: Make) => void> = [
  // a secret-named field at the top
  (o, make) => {
    o.client_secret = make((c) => c, REDACTED);
  },
  // an app's settings.app.clientSecret
  (o, make) => {
    child(child(o, 'settings'), 'app').clientSecret = make((c) => c, REDACTED);
  },
  // an event hook's authScheme value (Okta withholds it; a misbehaving API might not)
  (o, make) => {
    const ch = isObj(o.channel) && isObj((o.channel as Obj).config) ? ((o.channel as Obj).config as Obj) : o;
    const scheme = child(ch, 'authScheme');
    if (scheme.type === undefined) scheme.type = 'HEADER';
    if (scheme.key === undefined) scheme.key = 'Authorization';
    scheme.value = make((c) => `Bearer ${c}`, REDACTED);
  },
  // okta_token (Beyond Identity's name for the Okta token)
  (o, make) => {
    o.okta_token = make((c) => c, REDACTED);
  },
  // a custom header whose name says it carries a key
  (o, make) => {
    o.customHeaders = [
      { key: 'X-Correlation', value: make((c) => `plain-${c}`, REDACTED) },
      { key: 'X-Api-Key', value: make((c) => c, REDACTED) },
    ];
  },
  // a bearer credential in an innocent field
  (o, make) => {
    o.note = make((c) => `Bearer ${c}`, REDACTED);
  },
  // a JWT in an innocent field
  (o, make) => {
    o.assertionSample = make((c) => `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.${c}`, REDACTED);
  },
  // a PEM private key in an innocent field
  (o, make) => {
    o.keyMaterial = make((c) => `-----BEGIN PRIVATE KEY-----\nMIIE${c}\n-----END PRIVATE KEY-----\n`, REDACTED);
  },
  // a secret in a URL query
  (o, make) => {
    o.callbackUrl = make((c) => `https://hooks.example.com/cb?client_secret=${c}&mode=1`, `https://hooks.example.com/cb?client_secret=${REDACTED}&mode=${REDACTED}`);
  },
  // the private members of a JWK
  (o, make) => {
    o.jwk = { kty: 'RSA', kid: 'k1', e: 'AQAB', n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1Wl', d: make((c) => c, REDACTED), p: make((c) => c, REDACTED) };
  },
  // a password value inside credentials
  (o, make) => {
    child(child(o, 'credentials'), 'password').value = make((c) => c, REDACTED);
  },
  // an Okta API token's shape in an innocent field
  (o, make) => {
    o.lastSeenKey = make((c) => `00${c}`.padEnd(42, 'x').slice(0, 42), REDACTED);
  },
];

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

/**
 * Plants canaries (or, for the expected snapshot, their redacted forms) into each object of a
 * body. Which sites an object gets depends on its id, so a page boundary changes nothing.
 */
export function plant(body: unknown, make: Make): void {
  const items = Array.isArray(body) ? body : [body];
  items.forEach((item, i) => {
    if (!isObj(item)) return;
    const base = item.id !== undefined ? hash(String(item.id)) : i;
    for (let k = 0; k < 3; k++) SITES[(base * 3 + k) % SITES.length](item, make);
  });
}

/** A canary source: unique, grep-able, base64url-safe, 40 characters at most. */
export function canarySource(): { make: Make; all: Set<string> } {
  const all = new Set<string>();
  let n = 0;
  const make: Make = (template) => {
    const c = `CANARY${(++n).toString(36)}x${Math.random().toString(36).slice(2, 10)}`;
    all.add(c);
    return template(c);
  };
  return { make, all };
}

export const expectRedacted: Make = (_template, redacted) => redacted;
