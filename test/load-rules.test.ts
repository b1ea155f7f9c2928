// Rule loading: every problem of a rule set is reported before anything runs, each naming the file,
// the line and the reason; user rules (--rules DIR) follow the same schema as the built-in ones.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadRules, parseRule, InputErrors } from '../src/engine/load-rules.ts';
import { InputError } from '../src/util/errors.ts';
import { readFileSync } from 'node:fs';

const CHECKS_MD = path.resolve(import.meta.dirname, '..', 'docs', 'checks.md');

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'obl-rules-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const valid = `id: acme/idp-named-sso
title: The IdP has our name
level: warning
section: okta-idp
description: The Beyond Identity IdP is named SSO.
rationale: Our runbooks say so.
fix: Security > Identity Providers > rename it.
requires: [okta.idps]
subject: idp
then:
  - { field: name, function: pattern, options: { match: "SSO$" } }
`;

function loadError(files: Record<string, string>): string {
  try {
    loadRules([dirWith(files)]);
  } catch (e) {
    assert.instance(e, InputError);
    return (e as InputError).format();
  }
  throw new Error('expected the rules to be refused');
}

test('the built-in rules load and carry exactly the ids of the catalog (docs/checks.md)', () => {
  const ids = loadRules()
    .map((r) => r.id)
    .sort();
  const documented = [
    ...new Set([...readFileSync(CHECKS_MD, 'utf8').matchAll(/^\| `([a-z]+\/[a-z0-9-]+)` \|/gm)].map((m) => m[1])),
  ].sort();
  assert.ok(documented.length >= 37, `found ${documented.length} ids in docs/checks.md`);
  assert.equal(ids, documented);
});

test('each built-in rule file is named after its id', () => {
  for (const r of loadRules()) assert.is(r.file, `rules/${r.id}.yaml`);
});

test('user rules load beside the built-in ones', () => {
  const rules = loadRules([dirWith({ 'idp-named.yaml': valid })]);
  const mine = rules.find((r) => r.id === 'acme/idp-named-sso');
  assert.ok(mine);
  assert.is(mine!.builtin, false);
});

test('a schema violation names the file, the line and the key, with a hint', () => {
  const msg = loadError({ 'bad.yaml': valid.replace('level: warning', 'level: warning\nseverity: high') });
  assert.match(msg, /bad\.yaml:4:1: invalid rule: unknown key "severity" in the document/);
});

test('an invalid level names its line', () => {
  const msg = loadError({ 'bad.yaml': valid.replace('level: warning', 'level: fatal') });
  assert.match(msg, /bad\.yaml:3:8: invalid rule: level is "fatal", which is not one of "error", "warning", "note"/);
});

test('an unknown check function is refused', () => {
  const msg = loadError({ 'bad.yaml': valid.replace('function: pattern', 'function: matches') });
  assert.match(msg, /bad\.yaml:11:\d+: invalid rule: then\[0\]\.function is "matches", which is not one of/);
});

test("a check function's options are validated against its own schema", () => {
  const msg = loadError({ 'bad.yaml': valid.replace('options: { match: "SSO$" }', 'options: { regex: "SSO$" }') });
  assert.match(msg, /bad\.yaml:11:\d+: invalid options for pattern: unknown key "regex"/);
});

test('an unknown message placeholder is refused', () => {
  const msg = loadError({ 'bad.yaml': `${valid}message: "{{resurce}} is wrong"\n` });
  assert.match(msg, /unknown placeholder \{\{resurce\}\}/);
});

test('an unknown function, in a check or nested in one, is refused with its line and the known names', () => {
  const top = loadError({ 'bad.yaml': valid.replace('function: pattern', 'function: patern') });
  assert.match(top, /bad\.yaml:11:\d+: invalid rule: .*patern.*/);
  assert.match(top, /pattern/);
  const nested = `${valid.replace(/then:[\s\S]*$/, '')}then:
  - function: anyOf
    options:
      checks:
        - { field: name, function: equals, options: { value: a } }
        - { field: name, function: sameAs, options: { value: b } }
`;
  const msg = loadError({ 'bad.yaml': nested });
  assert.match(msg, /bad\.yaml:\d+:\d+: unknown check function "sameAs"/);
  assert.match(msg, /use one of .*equals.*; see docs\/functions\.md/);
});

test('the placeholders a check function declares are allowed in messages, others are refused', () => {
  const ok = `${valid}message: "{{resource}}: {{hint}}, {{live}}, {{count}} {{examples}}"\n`;
  assert.is(parseRule(ok, 'ok.yaml').id, 'acme/idp-named-sso');
  const msg = loadError({ 'bad.yaml': `${valid}message: "{{noun}}"\n` });
  assert.match(msg, /unknown placeholder \{\{noun\}\}.*\{\{hint\}\}/);
});

test('all problems of all files are reported at once', () => {
  const msg = loadError({ 'a.yaml': valid.replace('level: warning', 'level: fatal'), 'b.yaml': 'id: x\n' });
  assert.is(msg.split('\n').length, 2);
});

test('a duplicate id, an undefined subject, and a malformed file are refused', () => {
  assert.match(
    loadError({ 'dup.yaml': valid.replace('acme/idp-named-sso', 'okta/idp-defined') }),
    /duplicate rule id "okta\/idp-defined", already defined in rules\/okta\/idp-defined\.yaml/,
  );
  assert.match(
    loadError({ 'subj.yaml': valid.replace('subject: idp', 'subject: idq') }),
    /refers to the subject "idq", which no rule defines/,
  );
  assert.match(loadError({ 'syntax.yaml': 'id: [unclosed\n' }), /syntax\.yaml:\d+:\d+: rule file is not valid YAML/);
});

test('a rule may not both define and inspect a subject', () => {
  const both = valid.replace(
    'subject: idp',
    'subject: idp\ndefines: { name: other, from: "okta.idps[*]", missing: none found }',
  );
  assert.throws(
    () => parseRule(both, 'both.yaml'),
    (e: unknown) =>
      e instanceof InputError && /either defines a subject or inspects one/.test((e as InputError).format()),
  );
});

test('an empty rules directory is refused', () => {
  try {
    loadRules([dirWith({ 'README.md': 'not a rule' })]);
    assert.unreachable();
  } catch (e) {
    assert.match((e as InputError).format(), /no rule files/);
  }
  assert.ok(InputErrors);
});

test.run();
