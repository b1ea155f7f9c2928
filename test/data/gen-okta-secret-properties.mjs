#!/usr/bin/env node
/**
 * Writes test/data/okta-secret-properties.json: every property of Okta's management OpenAPI spec
 * that carries a credential, as the redaction tests need it. Not run by the tests (the spec is not
 * part of this repository); run it by hand when Okta publishes a new spec:
 *
 *   node test/data/gen-okta-secret-properties.mjs <path to Okta's management OpenAPI spec (YAML)>
 *
 * A property is listed when the spec marks it `format: password` or `writeOnly: true`, or when its
 * name says it is a credential (NAMED below). Each entry gives where the value sits in the data:
 * `path` from the schema's root, and for a property whose name alone does not say "secret" (a
 * `value` under a password credential), `under`: the property names the schema is referenced as.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const specFile = process.argv[2];
if (!specFile) {
  console.error('usage: node test/data/gen-okta-secret-properties.mjs <management OpenAPI spec, YAML>');
  process.exit(2);
}
const spec = parse(readFileSync(specFile, 'utf8'), { maxAliasCount: -1 });
const schemas = spec.components.schemas;

/** The words of a name: clientSecret, client_secret, client-secret → client, secret. */
const words = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
const LAST = new Set(['secret', 'password', 'passwd', 'passphrase', 'token', 'answer', 'salt', 'hash', 'jwe', 'assertion', 'otp']);
const PAIRS = new Set(['private key', 'secret key', 'signing key', 'integration key', 'api key', 'access key', 'hmac key', 'shared key', 'encryption key', 'account json', 'otp code', 'signature data', 'token encrypted']);
/** Credential-named: the last word, or the last two, name a credential. */
function named(name) {
  const w = words(name);
  return LAST.has(w[w.length - 1]) || PAIRS.has(w.slice(-2).join(' '));
}

/** Property names under which each schema is referenced anywhere in the spec. */
const referrers = new Map();
function refsOf(s) {
  if (!s || typeof s !== 'object') return [];
  const out = [];
  if (typeof s.$ref === 'string') out.push(s.$ref.split('/').pop());
  for (const k of ['allOf', 'oneOf', 'anyOf']) for (const x of s[k] ?? []) out.push(...refsOf(x));
  if (s.items) out.push(...refsOf(s.items));
  return out;
}
function collectReferrers(s, depth = 0) {
  if (!s || typeof s !== 'object' || depth > 6) return;
  for (const [p, ps] of Object.entries(s.properties ?? {})) {
    for (const r of refsOf(ps)) {
      if (!referrers.has(r)) referrers.set(r, new Set());
      referrers.get(r).add(p);
    }
    collectReferrers(ps, depth + 1);
  }
  for (const k of ['allOf', 'oneOf', 'anyOf']) for (const x of s[k] ?? []) collectReferrers(x, depth + 1);
}
for (const s of Object.values(schemas)) collectReferrers(s);

const entries = [];
function visit(schema, s, path, depth) {
  if (!s || typeof s !== 'object' || depth > 4) return;
  for (const k of ['allOf', 'oneOf', 'anyOf']) for (const x of s[k] ?? []) if (!x.$ref) visit(schema, x, path, depth);
  for (const [p, ps] of Object.entries(s.properties ?? {})) {
    const reasons = [];
    if (ps.format === 'password') reasons.push('format: password');
    if (ps.writeOnly === true) reasons.push('writeOnly');
    // a name alone counts for values, not for a reference to another schema (whose own properties are listed)
    const isValue = !ps.$ref && !ps.allOf && (ps.type === 'string' || (ps.type === 'object' && !ps.properties) || ps.type === undefined);
    if (isValue && named(p)) reasons.push('credential-named');
    if (reasons.length) {
      const full = [...path, p];
      const entry = { schema, path: full.join('.'), type: ps.type ?? 'any', reasons };
      const selfNamed = full.some(named);
      if (!selfNamed) entry.under = [...(referrers.get(schema) ?? [])].sort();
      entries.push(entry);
    }
    if (ps.properties) visit(schema, ps, [...path, p], depth + 1);
  }
}
for (const [name, s] of Object.entries(schemas)) visit(name, s, [], 0);

const out = fileURLToPath(new URL('./okta-secret-properties.json', import.meta.url));
writeFileSync(out, JSON.stringify({ source: "Okta's management OpenAPI spec", info: { title: spec.info?.title, version: spec.info?.version }, properties: entries }, null, 2) + '\n');
console.log(`${entries.length} properties written to ${out}`);
