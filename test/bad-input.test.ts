// Bad input, through the real CLI in a fresh process, as a CI pipeline meets it: every case exits 2
// with exactly one line on stderr that names the file, the place and the fix, no stack trace, and
// writes nothing (a requested --output file is not created, and an existing one is left as it was).
// Then the exit codes 0 / 1 / 3 with --fail-on, on small variants of the clean snapshot.
//
// The runs are independent, so they are started together (two at a time) before the cases assert.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { availableParallelism } from 'node:os';
import { cleanSnapshot, pool, runCliAsync, tempDir, writeJson, type CliResult } from './helpers/cli.ts';
import { check } from '../src/api/check.ts';

type Files = Record<string, string | Buffer | null>;

interface Expect {
  /** the file the message must name, as given on the command line */
  file?: string;
  line?: number;
  column?: number;
  /** texts (or patterns) the message must contain */
  includes?: (string | RegExp)[];
  /** the message must not match these */
  excludes?: RegExp[];
  /** the run must end within this many milliseconds */
  maxMs?: number;
}

interface Case {
  name: string;
  /** files written into the case's temporary directory (null: a directory) */
  files?: Files;
  args: string[];
  /** create the --output file beforehand; it must be left byte for byte as it was */
  existingOutput?: boolean;
  /** sparse files of these sizes (bytes): as large as wanted, instantly, without using the disk */
  sparse?: Record<string, number>;
  /** environment of the run */
  env?: Record<string, string>;
  expect: Expect;
}

const OUT = 'out.sarif';
const PREVIOUS = 'a previous report that a failed run must not touch\n';
const clean = () => cleanSnapshot();
const pretty = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Line and column (1-based) of the first occurrence of `needle` in `text`, plus `delta` characters. */
function placeOf(text: string, needle: string, delta = 0): { line: number; column: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`fixture does not contain ${needle}`);
  const before = text.slice(0, at + delta);
  const line = before.split('\n').length;
  return { line, column: at + delta - before.lastIndexOf('\n') };
}

const validRule = `id: custom/org-url
title: The org URL is ours
level: error
section: custom
description: The snapshot is of our org.
rationale: Auditing the wrong org proves nothing.
fix: Re-collect the snapshot from the right org.
requires: [okta.idps]
then:
  - field: okta.orgUrl
    function: equals
    options: { value: "https://acme.okta.com" }
`;

const billionLaughs = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((k, i) => {
    const prev = 'abcdefghi'[i];
    return `${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`;
  }),
  'okta:',
  '  group: *i',
  '',
].join('\n');

const snapshotMissingOrgUrl = (() => {
  const d = clean();
  delete d.okta.orgUrl;
  return pretty(d);
})();

const orgUrlNumber = (() => {
  const d = clean();
  d.okta.orgUrl = 5;
  return pretty(d);
})();

/** The clean snapshot with `__proto__`, `constructor` and `prototype` keys inside raw API objects, where any key is allowed. */
function withPrototypeKeys(): string {
  const d = clean();
  const own = (o: Record<string, unknown>, key: string, value: unknown) =>
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  own(d.okta.groups[0], '__proto__', { polluted: 'groups', profile: { name: 'Beyond Identity' } });
  own(d.okta.apps[0], 'constructor', { prototype: { polluted: 'apps' } });
  own(d.okta.idpDiscoveryPolicies[0]._rules[0].conditions, 'prototype', { polluted: 'rules' });
  own(d.okta.idpDiscoveryPolicies[0]._rules[0].conditions.userIdentifier.patterns[0], '__proto__', { value: 'True' });
  own(d.beyondIdentity.oidcClients[0], '__proto__', { redirect_uris: ['https://evil.example.com'], polluted: 'bi' });
  own(d.okta.userSchema, '__proto__', { polluted: 'schema' });
  const text = pretty(d);
  if (!text.includes('"__proto__"')) throw new Error('the fixture lost its __proto__ keys');
  return text;
}

/** A snapshot whose top level and okta section carry prototype keys: unknown keys there, refused. */
const topLevelProto = (() => {
  const d = clean();
  Object.defineProperty(d.okta, '__proto__', {
    value: { orgUrl: 'https://evil.example.com', polluted: 'okta' },
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return pretty(d);
})();

/** A snapshot whose first app's settings hold 100,000 nested arrays. */
const deepSnapshot = (() => {
  const d = clean();
  d.okta.apps[0].settings = 'DEEP';
  return pretty(d).replace('"DEEP"', '['.repeat(100_000) + ']'.repeat(100_000));
})();
const deepPlace = placeOf(deepSnapshot, '"settings": [', 12);

const malformedJson = '{\n  "format": "okta-bi-lint/snapshot@1"\n  "okta": { "orgUrl": "https://acme.okta.com" }\n}\n';

const CASES: Case[] = [
  {
    name: 'malformed JSON snapshot: line and column of the error',
    files: { 'bad.json': malformedJson },
    args: ['check', '--snapshot', 'bad.json'],
    expect: { file: 'bad.json', line: 3, column: 3, includes: [/malformed JSON/, /comma/i] },
  },
  {
    name: 'malformed JSON snapshot with an existing output file: the file is left untouched',
    files: { 'bad.json': malformedJson },
    args: ['check', '--snapshot', 'bad.json'],
    existingOutput: true,
    expect: { file: 'bad.json', line: 3, column: 3, includes: [/malformed JSON/] },
  },
  {
    name: 'JSON with content after the document',
    files: { 'extra.json': '{"format": "okta-bi-lint/snapshot@1", "okta": {"orgUrl": "https://acme.okta.com"}} x\n' },
    args: ['check', '--snapshot', 'extra.json'],
    expect: { file: 'extra.json', line: 1, column: 84, includes: [/malformed JSON/] },
  },
  {
    name: 'a snapshot that is a JSON array, not an object',
    files: { 'array.json': '[1, 2]\n' },
    args: ['check', '--snapshot', 'array.json'],
    expect: { file: 'array.json', line: 1, column: 1, includes: ['JSON object', 'okta-bi-lint/snapshot@1'] },
  },
  {
    name: 'malformed YAML config: line and column',
    files: { 'bad.yaml': 'okta:\n  group: Beyond Identity\n  idp: a: b\n' },
    args: ['check', '--snapshot', 'snap.json', '--config', 'bad.yaml'],
    expect: { file: 'bad.yaml', line: 3, column: 8, includes: [/not valid YAML/] },
  },
  {
    name: 'YAML with tabs for indentation',
    files: { 'tabs.yaml': 'okta:\n  group: Beyond Identity\n\tidp: x\n' },
    args: ['check', '--snapshot', 'snap.json', '--config', 'tabs.yaml'],
    expect: { file: 'tabs.yaml', line: 3, column: 1, includes: [/not valid YAML/, /tab/i] },
  },
  {
    name: 'YAML with a duplicate key',
    files: { 'dup.yaml': 'okta:\n  group: a\n  group: b\n' },
    args: ['check', '--snapshot', 'snap.json', '--config', 'dup.yaml'],
    expect: { file: 'dup.yaml', line: 3, column: 3, includes: [/unique|duplicate/i] },
  },
  {
    name: 'snapshot of a newer format version',
    files: { 'v2.json': pretty({ ...clean(), format: 'okta-bi-lint/snapshot@2' }) },
    args: ['check', '--snapshot', 'v2.json'],
    expect: { file: 'v2.json', line: 2, column: 13, includes: ['"okta-bi-lint/snapshot@2"', /upgrade/] },
  },
  {
    name: 'snapshot of another format altogether',
    files: { 'other.json': pretty({ ...clean(), format: 'something-else' }) },
    args: ['check', '--snapshot', 'other.json'],
    expect: { file: 'other.json', line: 2, column: 13, includes: ['"something-else"', 'okta-bi-lint/snapshot@1'] },
  },
  {
    name: 'snapshot missing "format"',
    files: { 'noformat.json': pretty((({ format, ...rest }) => rest)(clean())) },
    args: ['check', '--snapshot', 'noformat.json'],
    expect: { file: 'noformat.json', line: 1, column: 1, includes: ['"format"', 'okta-bi-lint/snapshot@1'] },
  },
  {
    name: 'snapshot missing okta.orgUrl: points at the okta object',
    files: { 'noorg.json': snapshotMissingOrgUrl },
    args: ['check', '--snapshot', 'noorg.json'],
    expect: {
      file: 'noorg.json',
      ...placeOf(snapshotMissingOrgUrl, '"okta": {', 8),
      includes: ['okta.orgUrl', 'https://'],
    },
  },
  {
    name: 'snapshot missing the okta section',
    files: { 'nookta.json': pretty((({ okta, ...rest }) => rest)(clean())) },
    args: ['check', '--snapshot', 'nookta.json'],
    expect: { file: 'nookta.json', line: 1, column: 1, includes: ['okta.orgUrl'] },
  },
  {
    name: 'snapshot whose okta.orgUrl is not a string: says what was found',
    files: { 'orgnum.json': orgUrlNumber },
    args: ['check', '--snapshot', 'orgnum.json'],
    expect: {
      file: 'orgnum.json',
      ...placeOf(orgUrlNumber, '"orgUrl": 5', 10),
      includes: ['okta.orgUrl', /number/, /5/],
      excludes: [/undefined/],
    },
  },
  {
    name: 'config key that does not exist: suggests the nearest valid key',
    files: { 'typo.yaml': 'okta:\n  grup: Beyond Identity\n' },
    args: ['check', '--snapshot', 'snap.json', '--config', 'typo.yaml'],
    expect: { file: 'typo.yaml', line: 2, column: 3, includes: ['"grup"', 'did you mean "group"?'] },
  },
  {
    name: 'unknown top-level config key: suggests the nearest',
    files: { 'typo2.yaml': 'provisionning: scim\n' },
    args: ['check', '--snapshot', 'snap.json', '--config', 'typo2.yaml'],
    expect: { file: 'typo2.yaml', line: 1, column: 1, includes: ['"provisionning"', 'did you mean "provisioning"?'] },
  },
  {
    name: 'unknown rule id in the config rules: suggests the nearest',
    files: { 'rule.yaml': 'rules:\n  okta/idp-defind: off\n' },
    args: ['check', '--snapshot', 'snap.json', '--config', 'rule.yaml'],
    expect: {
      file: 'rule.yaml',
      line: 2,
      column: 3,
      includes: ['"okta/idp-defind"', 'did you mean "okta/idp-defined"?'],
    },
  },
  {
    name: 'invalid level in the config rules: names the value and the valid levels',
    files: { 'level.yaml': 'rules:\n  okta/idp-defined: fatal\n' },
    args: ['check', '--snapshot', 'snap.json', '--config', 'level.yaml'],
    expect: {
      file: 'level.yaml',
      line: 2,
      column: 21,
      includes: ['"fatal"', '"error"', '"warning"', '"note"', '"off"'],
      excludes: [/undefined/],
    },
  },
  {
    name: 'invalid provisioning mode: suggests the nearest',
    files: { 'mode.yaml': 'provisioning: scm\n' },
    args: ['check', '--snapshot', 'snap.json', '--config', 'mode.yaml'],
    expect: {
      file: 'mode.yaml',
      line: 1,
      column: 15,
      includes: ['"scm"', 'did you mean "scim"?'],
      excludes: [/undefined/],
    },
  },
  {
    name: 'a rule file (--rules DIR) that fails its schema: names the file, the line and the reason',
    files: { rules: null, 'rules/bad.yaml': validRule.replace('level: error', 'level: critical') },
    args: ['check', '--snapshot', 'snap.json', '--rules', 'rules'],
    expect: {
      file: 'rules/bad.yaml',
      line: 3,
      column: 8,
      includes: ['invalid rule', '"critical"', '"error"'],
      excludes: [/undefined/],
    },
  },
  {
    name: 'a rule file with a misspelt key: suggests the nearest',
    files: { rules: null, 'rules/typo.yaml': validRule.replace('title:', 'titel:') },
    args: ['check', '--snapshot', 'snap.json', '--rules', 'rules'],
    expect: { file: 'rules/typo.yaml', line: 2, column: 1, includes: ['"titel"', 'did you mean "title"?'] },
  },
  {
    name: 'a rule with unknown function options: names the option and suggests the nearest',
    files: {
      rules: null,
      'rules/opts.yaml': validRule.replace(
        'options: { value: "https://acme.okta.com" }',
        'options: { value: x, caseInsensitve: true }',
      ),
    },
    args: ['check', '--snapshot', 'snap.json', '--rules', 'rules'],
    expect: {
      file: 'rules/opts.yaml',
      line: 12,
      column: 26,
      includes: ['equals', '"caseInsensitve"', 'did you mean "caseInsensitive"?'],
    },
  },
  {
    name: 'a rule with an unknown check function',
    files: { rules: null, 'rules/fn.yaml': validRule.replace('function: equals', 'function: equalz') },
    args: ['check', '--snapshot', 'snap.json', '--rules', 'rules'],
    expect: {
      file: 'rules/fn.yaml',
      line: 11,
      column: 15,
      includes: ['"equalz"', 'did you mean "equals"?'],
      excludes: [/undefined/],
    },
  },
  {
    name: 'a rules directory that does not exist',
    args: ['check', '--snapshot', 'snap.json', '--rules', 'no-such-rules'],
    expect: { file: 'no-such-rules', includes: [/not found/] },
  },
  {
    name: 'empty snapshot file',
    files: { 'empty.json': '' },
    args: ['check', '--snapshot', 'empty.json'],
    expect: { file: 'empty.json', includes: [/empty/] },
  },
  {
    name: 'snapshot file of whitespace only',
    files: { 'blank.json': '  \n\n' },
    args: ['check', '--snapshot', 'blank.json'],
    expect: { file: 'blank.json', includes: [/empty/] },
  },
  {
    // (an empty config file is not bad input: it means the guide's values, see everyday.test.ts)
    name: 'config file that is a list, not a mapping',
    files: { 'list.yaml': '- okta\n- beyondIdentity\n' },
    args: ['check', '--snapshot', 'snap.json', '--config', 'list.yaml'],
    expect: { file: 'list.yaml', line: 1, column: 1, includes: ['config file must be a YAML mapping'] },
  },
  {
    name: 'snapshot that is not UTF-8 (Latin-1): names the byte and its place',
    files: { 'latin1.json': Buffer.from('{"format": "caf\xe9"}\n', 'latin1') },
    args: ['check', '--snapshot', 'latin1.json'],
    expect: { file: 'latin1.json', line: 1, column: 16, includes: [/UTF-8/, /0xe9/] },
  },
  {
    name: 'config that is not UTF-8 (Latin-1): names the byte and its place',
    files: { 'latin1.yaml': Buffer.from('okta:\n  group: Caf\xe9 users\n', 'latin1') },
    args: ['check', '--snapshot', 'snap.json', '--config', 'latin1.yaml'],
    expect: { file: 'latin1.yaml', line: 2, column: 13, includes: [/UTF-8/, /0xe9/] },
  },
  {
    name: 'YAML whose aliases expand explosively ("billion laughs") is refused quickly',
    files: { 'laughs.yaml': billionLaughs },
    args: ['check', '--snapshot', 'snap.json', '--config', 'laughs.yaml'],
    expect: { file: 'laughs.yaml', includes: [/alias/], maxMs: 5000 },
  },
  {
    name: 'a rule file whose aliases expand explosively is refused quickly',
    files: { rules: null, 'rules/laughs.yaml': billionLaughs },
    args: ['check', '--snapshot', 'snap.json', '--rules', 'rules'],
    expect: { file: 'rules/laughs.yaml', includes: [/alias/], maxMs: 5000 },
  },
  {
    name: '__proto__ key in the config is an unknown key',
    files: { 'proto.yaml': 'okta:\n  group: Beyond Identity\n__proto__:\n  polluted: yes\n' },
    args: ['check', '--snapshot', 'snap.json', '--config', 'proto.yaml'],
    expect: { file: 'proto.yaml', line: 3, column: 1, includes: ['"__proto__"'] },
  },
  {
    name: 'constructor key in the config is an unknown key',
    files: { 'ctor.yaml': 'constructor:\n  prototype:\n    polluted: yes\n' },
    args: ['check', '--snapshot', 'snap.json', '--config', 'ctor.yaml'],
    expect: { file: 'ctor.yaml', line: 1, column: 1, includes: ['"constructor"'] },
  },
  {
    name: 'prototype key under okta in the config is an unknown key',
    files: { 'prototype.yaml': 'okta:\n  prototype: x\n' },
    args: ['check', '--snapshot', 'snap.json', '--config', 'prototype.yaml'],
    expect: { file: 'prototype.yaml', line: 2, column: 3, includes: ['"prototype"'] },
  },
  {
    name: '__proto__ as a rule id in the config rules is refused, naming it',
    files: { 'rproto.yaml': 'rules:\n  __proto__: off\n' },
    args: ['check', '--snapshot', 'snap.json', '--config', 'rproto.yaml'],
    expect: { file: 'rproto.yaml', line: 2, column: 3, includes: ['__proto__'], excludes: [/undefined/] },
  },
  {
    name: '__proto__ at the top of the snapshot okta section is an unknown key',
    files: { 'toproto.json': topLevelProto },
    args: ['check', '--snapshot', 'toproto.json'],
    expect: { file: 'toproto.json', ...placeOf(topLevelProto, '"__proto__": {', 13), includes: ['"__proto__"'] },
  },
  {
    // larger than a string can be in Node.js: read in pieces, so refused for what it holds, not its size
    name: 'a 600 MB file of zero bytes as a snapshot, at once and with one line naming the place',
    files: { 'huge.json': '' },
    sparse: { 'huge.json': 600 * 1024 * 1024 },
    args: ['check', '--snapshot', 'huge.json'],
    expect: {
      file: 'huge.json',
      line: 1,
      column: 1,
      includes: ['malformed JSON: unexpected character'],
      excludes: [/512 MB/],
      maxMs: 5000,
    },
  },
  {
    name: 'a snapshot larger than OKTA_BI_LINT_MAX_SNAPSHOT_MB',
    files: { 'big.json': '' },
    sparse: { 'big.json': 3 * 1024 * 1024 },
    env: { OKTA_BI_LINT_MAX_SNAPSHOT_MB: '2' },
    args: ['check', '--snapshot', 'big.json'],
    expect: { file: 'big.json', includes: ['3.0 MB', 'OKTA_BI_LINT_MAX_SNAPSHOT_MB'] },
  },
  {
    name: 'a snapshot nested 100,000 levels deep: refused with the place, not a stack overflow',
    files: { 'deep.json': deepSnapshot },
    args: ['check', '--snapshot', 'deep.json'],
    // the place of the first value more than 64 levels deep: 60 arrays into settings
    expect: {
      file: 'deep.json',
      line: deepPlace.line,
      column: deepPlace.column + 60,
      includes: ['more than 64 levels deep', 'okta.apps[0].settings'],
      maxMs: 10000,
    },
  },
  {
    name: 'a snapshot file that does not exist',
    args: ['check', '--snapshot', 'no-such-snapshot.json'],
    expect: { file: 'no-such-snapshot.json', includes: [/not found/] },
  },
  {
    name: 'a config file that does not exist',
    args: ['check', '--snapshot', 'snap.json', '--config', 'no-such-config.yaml'],
    expect: { file: 'no-such-config.yaml', includes: [/not found/] },
  },
  {
    name: 'a directory passed as the snapshot',
    files: { snapdir: null },
    args: ['check', '--snapshot', 'snapdir'],
    expect: { file: 'snapdir', includes: [/directory/] },
  },
  {
    name: 'unknown CLI flag',
    args: ['check', '--snapshot', 'snap.json', '--bogus'],
    expect: { includes: ['bogus', '--help'] },
  },
  {
    name: 'unknown command: suggests the nearest',
    args: ['chek', '--snapshot', 'snap.json'],
    expect: { includes: ['chek', /did you mean .*check/i] },
  },
  {
    name: 'no command',
    args: [],
    expect: { includes: ['check'] },
  },
  {
    name: 'missing --snapshot',
    args: ['check'],
    expect: { includes: ['--snapshot'] },
  },
  {
    name: '--snapshot without its value is a usage error, not an internal error',
    args: ['check', '--snapshot'],
    expect: { includes: ['snapshot'], excludes: [/internal error/] },
  },
  {
    name: 'unknown --format: a usage error before anything runs',
    args: ['check', '--snapshot', 'snap.json', '--format', 'bogus'],
    expect: { includes: ['bogus', 'sarif'] },
  },
  {
    name: 'unknown --fail-on: a usage error before anything runs',
    args: ['check', '--snapshot', 'snap.json', '--fail-on', 'bogus'],
    expect: { includes: ['bogus', 'warning'] },
  },
];

// ---------------------------------------------------------------------------------------------
// Running every case once, two at a time.

interface Ran {
  result: CliResult;
  dir: string;
  before: string[];
  after: string[];
}

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      out.push(rel + e.name);
      if (e.isDirectory()) walk(path.join(d, e.name), `${rel + e.name}/`);
    }
  };
  walk(dir, '');
  return out.sort();
}

const tmp = tempDir('okta-bi-lint-bad-input-');
const ran = new Map<string, Ran>();

async function runCase(c: Case, i: number): Promise<Ran> {
  const dir = path.join(tmp.dir, String(i));
  mkdirSync(dir);
  writeJson(path.join(dir, 'snap.json'), clean());
  for (const [name, content] of Object.entries(c.files ?? {})) {
    const file = path.join(dir, name);
    if (content === null) mkdirSync(file, { recursive: true });
    else writeFileSync(file, content);
  }
  for (const [name, size] of Object.entries(c.sparse ?? {})) truncateSync(path.join(dir, name), size);
  if (c.existingOutput) writeFileSync(path.join(dir, OUT), PREVIOUS);
  const before = listing(dir);
  // every check case asks for a SARIF file (unless it is about --format), so "nothing written" is tested
  const format = c.args.includes('--format') ? [] : ['--format', 'sarif'];
  const args = c.args.length && c.args[0] === 'check' ? [...c.args, ...format, '--output', OUT] : c.args;
  const result = await runCliAsync(args, { cwd: dir, timeoutMs: 20_000, env: c.env });
  return { result, dir, before, after: listing(dir) };
}

const bad = suite('bad input');

bad.before(async () => {
  const results = await pool(
    CASES.map((c, i) => () => runCase(c, i)),
    Math.max(2, availableParallelism()),
  );
  CASES.forEach((c, i) => {
    ran.set(c.name, results[i]);
  });
});

function assertRefused(c: Case, r: Ran): void {
  const { result } = r;
  const shown = `stderr: ${JSON.stringify(result.stderr)}\nstdout: ${JSON.stringify(result.stdout.slice(0, 500))}`;
  assert.is(result.code, 2, `exit code 2 expected, got ${result.code} (signal ${result.signal})\n${shown}`);
  assert.is(result.stdout, '', `nothing on stdout\n${shown}`);
  assert.ok(result.stderr.endsWith('\n'), `stderr ends with a newline\n${shown}`);
  const lines = result.stderr.slice(0, -1).split('\n');
  assert.is(lines.length, 1, `exactly one line on stderr\n${shown}`);
  const line = lines[0];
  assert.ok(line.startsWith('okta-bi-lint: '), `starts with "okta-bi-lint: "\n${shown}`);
  assert.not.match(
    line,
    /internal error|\bat .+:\d+:\d+\)|TypeError|ReferenceError|Error:/,
    `no internal error or stack trace\n${shown}`,
  );
  // The fix hint: every message ends with one in parentheses, as InputError.format prints it.
  assert.match(line, / \([^)]*\S[^)]*\)$/, `ends with a fix hint in parentheses\n${shown}`);
  const e = c.expect;
  if (e.file) {
    let place = e.file;
    if (e.line !== undefined) place += `:${e.line}${e.column !== undefined ? `:${e.column}` : ''}`;
    assert.ok(line.startsWith(`okta-bi-lint: ${place}: `), `names the file and place "${place}"\n${shown}`);
  }
  for (const inc of e.includes ?? []) {
    if (typeof inc === 'string') assert.ok(line.includes(inc), `contains ${JSON.stringify(inc)}\n${shown}`);
    else assert.match(line, inc, `matches ${inc}\n${shown}`);
  }
  for (const exc of e.excludes ?? []) assert.not.match(line, exc, `does not match ${exc}\n${shown}`);
  if (e.maxMs !== undefined)
    assert.ok(result.ms < e.maxMs, `ended in ${Math.round(result.ms)} ms, under ${e.maxMs} ms`);
  // Nothing written: no output file, no temporary file left behind, an existing output untouched.
  assert.equal(r.after, r.before, 'the directory is as it was before the run');
  if (c.existingOutput)
    assert.is(readFileSync(path.join(r.dir, OUT), 'utf8'), PREVIOUS, 'the existing output file is untouched');
  else assert.not.ok(existsSync(path.join(r.dir, OUT)), `${OUT} was not created`);
}

for (const c of CASES) {
  bad(`should refuse ${c.name}`, () => assertRefused(c, ran.get(c.name)!));
}

bad.after(() => tmp.cleanup());
bad.run();

// ---------------------------------------------------------------------------------------------
// Prototype keys inside raw API objects are data: the run completes as on the clean snapshot.

const proto = suite('prototype keys in the snapshot');

proto(
  'should audit a snapshot with __proto__, constructor and prototype keys as the clean one, polluting nothing',
  async () => {
    const t = tempDir();
    try {
      writeFileSync(t.file('proto.json'), withPrototypeKeys());
      writeJson(t.file('clean.json'), clean());
      const [p, c] = await pool([
        () =>
          runCliAsync(['check', '--snapshot', 'proto.json', '--format', 'json', '--output', 'proto-report.json'], {
            cwd: t.dir,
          }),
        () =>
          runCliAsync(['check', '--snapshot', 'clean.json', '--format', 'json', '--output', 'clean-report.json'], {
            cwd: t.dir,
          }),
      ]);
      assert.is(c.code, 0, c.stderr);
      assert.is(p.code, 0, `the run completes normally: ${p.stderr}`);
      assert.is(
        p.stderr,
        c.stderr.replace('clean-report.json', 'proto-report.json'),
        'nothing but the line naming the report file',
      );
      const statuses = (f: string) =>
        (
          JSON.parse(readFileSync(t.file(f), 'utf8')) as {
            rules: { id: string; status: string; findings: unknown[] }[];
          }
        ).rules.map((r) => [r.id, r.status, r.findings.length]);
      assert.equal(statuses('proto-report.json'), statuses('clean-report.json'));

      // The same through the library API, in this process: Object.prototype stays clean.
      const ctx = check({ snapshot: t.file('proto.json'), cwd: t.dir });
      assert.is(ctx.exitCode, 0);
      for (const key of ['polluted', 'value', 'redirect_uris', 'profile', 'orgUrl']) {
        assert.is(({} as Record<string, unknown>)[key], undefined, `Object.prototype.${key} is not set`);
      }
      assert.is(Object.getPrototypeOf({}), Object.prototype);
    } finally {
      t.cleanup();
    }
  },
);

proto.run();

// ---------------------------------------------------------------------------------------------
// Exit codes with --fail-on.

type Variant = 'clean' | 'value-True' | 'scoped-to-zone' | 'gap-event-hooks' | 'gap-and-True';

function variant(v: Variant): Record<string, any> {
  const d = clean();
  const rule = d.okta.idpDiscoveryPolicies[0]._rules.find((r: { name: string }) => r.name === 'Beyond Identity Auth');
  if (v === 'value-True' || v === 'gap-and-True') rule.conditions.userIdentifier.patterns[0].value = 'True';
  if (v === 'scoped-to-zone') rule.conditions.network = { connection: 'ZONE', include: ['nzowc1U5Jh5xuAK0o0g3'] };
  if (v === 'gap-event-hooks' || v === 'gap-and-True') {
    delete d.okta.eventHooks;
    d.gaps = [
      {
        section: 'okta.eventHooks',
        reason: '403 E0000006 You do not have permission to perform the requested action',
        errorCode: 'E0000006',
        status: 403,
      },
    ];
  }
  return d;
}

interface ExitCase {
  variant: Variant;
  failOn?: 'error' | 'warning' | 'note' | 'never';
  config?: string;
  code: 0 | 1 | 3;
}

const EXIT_CASES: ExitCase[] = [
  ...(['error', 'warning', 'note', 'never'] as const).map((failOn) => ({
    variant: 'clean' as const,
    failOn,
    code: 0 as const,
  })),
  { variant: 'clean', code: 0 },
  { variant: 'value-True', code: 1 },
  { variant: 'value-True', failOn: 'error', code: 1 },
  { variant: 'value-True', failOn: 'warning', code: 1 },
  { variant: 'value-True', failOn: 'note', code: 1 },
  { variant: 'value-True', failOn: 'never', code: 0 },
  { variant: 'scoped-to-zone', code: 0 },
  { variant: 'scoped-to-zone', failOn: 'error', code: 0 },
  { variant: 'scoped-to-zone', failOn: 'warning', code: 1 },
  { variant: 'scoped-to-zone', failOn: 'note', code: 1 },
  { variant: 'scoped-to-zone', failOn: 'never', code: 0 },
  // the same finding lowered to a note by the config
  { variant: 'scoped-to-zone', failOn: 'warning', config: 'rules:\n  okta/routing-rule-unscoped: note\n', code: 0 },
  { variant: 'scoped-to-zone', failOn: 'note', config: 'rules:\n  okta/routing-rule-unscoped: note\n', code: 1 },
  // and turned off
  { variant: 'scoped-to-zone', failOn: 'note', config: 'rules:\n  okta/routing-rule-unscoped: off\n', code: 0 },
  // raised to an error
  { variant: 'scoped-to-zone', failOn: 'error', config: 'rules:\n  okta/routing-rule-unscoped: error\n', code: 1 },
  { variant: 'gap-event-hooks', code: 3 },
  { variant: 'gap-event-hooks', failOn: 'error', code: 3 },
  { variant: 'gap-event-hooks', failOn: 'warning', code: 3 },
  { variant: 'gap-event-hooks', failOn: 'note', code: 3 },
  { variant: 'gap-event-hooks', failOn: 'never', code: 3 },
  { variant: 'gap-and-True', failOn: 'error', code: 1 },
  { variant: 'gap-and-True', failOn: 'never', code: 3 },
];

const exits = suite('exit codes');
const exitTmp = tempDir('okta-bi-lint-exit-');
const exitResults: {
  result: CliResult;
  report?: { exitCode: number; failOn: string; rules: { id: string; status: string }[] };
}[] = [];

exits.before(async () => {
  const variants: Variant[] = ['clean', 'value-True', 'scoped-to-zone', 'gap-event-hooks', 'gap-and-True'];
  for (const v of variants) writeJson(exitTmp.file(`${v}.json`), variant(v));
  const results = await pool(
    EXIT_CASES.map((c, i) => async () => {
      const args = ['check', '--snapshot', `${c.variant}.json`, '--format', 'json', '--output', `report-${i}.json`];
      if (c.failOn) args.push('--fail-on', c.failOn);
      if (c.config) {
        writeFileSync(exitTmp.file(`config-${i}.yaml`), c.config);
        args.push('--config', `config-${i}.yaml`);
      }
      const result = await runCliAsync(args, { cwd: exitTmp.dir });
      const file = exitTmp.file(`report-${i}.json`);
      return { result, report: existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined };
    }),
    Math.max(2, availableParallelism()),
  );
  exitResults.push(...results);
});

EXIT_CASES.forEach((c, i) => {
  const label = `${c.variant}${c.failOn ? ` --fail-on ${c.failOn}` : ' (default --fail-on)'}${c.config ? ` with ${c.config.trim().replace(/\n\s*/g, ' ')}` : ''}`;
  exits(`should exit ${c.code} on ${label}`, () => {
    const { result, report } = exitResults[i];
    assert.is(result.code, c.code, `stderr: ${result.stderr}`);
    assert.is(result.stdout, '', 'the report goes to --output, not stdout');
    assert.ok(report, 'the report was written');
    assert.is(report!.exitCode, c.code, 'the report records the exit code');
    assert.is(report!.failOn, c.failOn ?? 'error');
    if (c.variant.startsWith('gap')) {
      const hooks = report!.rules.filter((r) => r.id.startsWith('okta/event-hook'));
      assert.ok(
        hooks.length > 0 && hooks.every((r) => r.status === 'not-evaluated' || r.status === 'off'),
        'the event-hook rules are not evaluated',
      );
      assert.ok(
        report!.rules.some((r) => r.status === 'not-evaluated'),
        'some rule is not evaluated',
      );
    }
  });
});

exits.after(() => exitTmp.cleanup());
exits.run();
