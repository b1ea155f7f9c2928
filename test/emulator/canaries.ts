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

const SITES: Array<(o: Obj, make: Make) => void> = [
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
    o.callbackUrl = make(
      (c) => `https://hooks.example.com/cb?client_secret=${c}&mode=1`,
      `https://hooks.example.com/cb?client_secret=${REDACTED}&mode=${REDACTED}`,
    );
  },
  // the private members of a JWK
  (o, make) => {
    o.jwk = {
      kty: 'RSA',
      kid: 'k1',
      e: 'AQAB',
      n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1Wl',
      d: make((c) => c, REDACTED),
      p: make((c) => c, REDACTED),
    };
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

/** A property of Okta's management OpenAPI spec that carries a credential (test/data/okta-secret-properties.json). */
export interface SecretProperty {
  schema: string;
  /** where the value sits, from the schema's root */
  path: string;
  type: string;
  reasons: string[];
  /** the names the schema is referenced by, when its own path does not say "secret" */
  under?: string[];
}

/**
 * writeOnly properties of the spec that are settings, not credentials: a temporary access code's
 * lifetime and reuse, and the subject of a security event. Every other listed property must be redacted.
 */
export const SPEC_NOT_SECRET: ReadonlySet<string> = new Set([
  'AuthenticatorProfileTacRequest.multiUse',
  'AuthenticatorProfileTacRequest.ttl',
  'subject.format',
  'subject.id',
]);

/**
 * Each credential property of the spec as it appears in data: an object holding it at its path
 * (under each name its schema is referenced by), its value from `leaf` (called once per placement,
 * in order).
 */
export function oktaSecretPlacements(
  properties: readonly SecretProperty[],
  leaf: (where: string) => string,
): Array<{ where: string; object: Obj }> {
  const out: Array<{ where: string; object: Obj }> = [];
  for (const p of properties) {
    if (SPEC_NOT_SECRET.has(`${p.schema}.${p.path}`)) continue;
    const segs = p.path.split('.');
    const roots = p.under?.length ? p.under.map((u) => [u, ...segs]) : [segs];
    for (const r of roots) {
      const where = `${p.schema}: ${r.join('.')}`;
      const value = leaf(where);
      let v: unknown = p.type === 'object' ? { material: value } : value;
      for (const s of [...r].reverse()) v = { [s]: v };
      out.push({ where, object: v as Obj });
    }
  }
  return out;
}

/**
 * The places where a tenant admin can put a secret that no field name announces, planted into a
 * snapshot the emulators serve (an Okta org's event hooks and apps): header values, URL user info
 * and query, webhook URLs whose path is the credential, and free-form app settings. Ids and names
 * are fixed, so two plantings with different canaries are the same resources, changed.
 */
export function plantFreeFormSecrets(snapshot: Obj, make: (template: (canary: string) => string) => string): void {
  const okta = snapshot.okta as Obj;
  const hook = (id: string, name: string, uri: string, headers: Array<{ key: string; value: string }>): Obj => ({
    id,
    status: 'ACTIVE',
    verificationStatus: 'VERIFIED',
    name,
    created: '2025-01-01T00:00:00.000Z',
    lastUpdated: '2025-01-01T00:00:00.000Z',
    events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
    channel: { type: 'HTTP', version: '1.0.0', config: { uri, headers, authScheme: null } },
  });
  okta.eventHooks = [
    ...(okta.eventHooks as Obj[]),
    hook(
      'whofunctions0000a1d7',
      'Azure Function',
      make((c) => `https://fn.azurewebsites.net/api/okta?code=${c}`),
      [
        { key: 'x-functions-key', value: make((c) => c) },
        { key: 'Ocp-Apim-Subscription-Key', value: make((c) => c) },
        { key: 'X-Hook-Signature', value: make((c) => `sha256=${c}`) },
      ],
    ),
    hook(
      'whouserinfo00000a1d7',
      'SIEM with user info',
      make((c) => `https://svc:${c}@siem.example.com/okta/events`),
      [],
    ),
    hook(
      'whoslack00000000a1d7',
      'Slack',
      make((c) => `https://hooks.slack.com/services/T01ABCDEF/B01ABCDEF/${c}`),
      [],
    ),
    hook(
      'whoteams00000000a1d7',
      'Teams',
      make((c) => `https://contoso.webhook.office.com/webhookb2/${c}@tenant/IncomingWebhook/abc/def`),
      [],
    ),
    hook(
      'whozapier0000000a1d7',
      'Zapier',
      make((c) => `https://hooks.zapier.com/hooks/catch/123456/${c}/`),
      [],
    ),
    hook(
      'whodiscord000000a1d7',
      'Discord',
      make((c) => `https://discord.com/api/webhooks/123456789/${c}`),
      [],
    ),
  ];
  const app = (okta.apps as Obj[])[0];
  app.settings = { ...(app.settings ?? {}) };
  app.settings.app = {
    ...(app.settings.app ?? {}),
    secretKey: make((c) => c),
    accessKey: make((c) => `AKIA${c}`),
    hmacKey: make((c) => c),
    privateKeyPem: make((c) => `-----BEGIN RSA PRIVATE KEY-----\n${c}\n-----END RSA PRIVATE KEY-----`),
    passwordHash: make((c) => `$2a$10$${c}`),
    clientSecretBase64: make((c) => Buffer.from(c).toString('base64') + c),
    identityProviderArn: make((c) => `arn:aws:iam::123456789012:saml-provider/${c}`),
    webhookUrl: make((c) => `https://hooks.slack.com/workflows/T01ABCDEF/A01/${c}`),
    callback: make((c) => `https://ops.example.com/cb#access_token=${c}`),
    // a setting's name is tenant data too: collect prints it in the paths it redacted
    'note\n::warning::planted\u202e': make((c) => c),
  };
}
