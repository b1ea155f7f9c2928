// Smaller hostile or odd inputs, through the real CLI: each is one clear line (exit 2) or a
// warning, never a silent change of meaning.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanSnapshot, REPO_ROOT, runCliAsync, tempDir, writeJson, type CliResult } from './helpers/cli.ts';

const test = suite('hostile input');

function oneLine(r: CliResult, ...includes: RegExp[]): void {
  assert.is(r.code, 2, `exit ${r.code}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 1, r.stderr);
  for (const re of includes) assert.match(lines[0], re);
  assert.not.match(r.stderr, /internal error|Warning:|\n\s+at /);
}

test('a snapshot with a key twice in one object is refused at the second occurrence', async () => {
  const t = tempDir();
  try {
    const text = JSON.stringify(cleanSnapshot(), null, 2).replace(
      '"orgUrl": "https://acme.okta.com",',
      '"orgUrl": "https://acme.okta.com",\n    "orgUrl": "https://other.okta.com",',
    );
    writeFileSync(t.file('dup.json'), text);
    const line = text.split('\n').findIndex((l) => l.includes('other.okta.com')) + 1;
    const r = await runCliAsync(['check', '--snapshot', 'dup.json'], { cwd: t.dir });
    oneLine(r, new RegExp(`^okta-bi-lint: dup\\.json:${line}:5: the key "orgUrl" occurs twice in one object`));
    // the same for drift, on either side
    writeJson(t.file('ok.json'), cleanSnapshot());
    const d = await runCliAsync(['drift', '--baseline', 'ok.json', '--current', 'dup.json'], { cwd: t.dir });
    oneLine(d, new RegExp(`dup\\.json:${line}:5: the key "orgUrl" occurs twice`));
  } finally {
    t.cleanup();
  }
});

test('a duplicate key written with a space before the colon is found too', async () => {
  const t = tempDir();
  try {
    // one key spaced and one duplicate: a count of `":` alone would balance the two
    const text = JSON.stringify(cleanSnapshot(), null, 2)
      .replace('"format":', '"format" :')
      .replace(
        '"orgUrl": "https://acme.okta.com",',
        '"orgUrl": "https://acme.okta.com",\n    "orgUrl": "https://other.okta.com",',
      );
    writeFileSync(t.file('dup.json'), text);
    const r = await runCliAsync(['check', '--snapshot', 'dup.json'], { cwd: t.dir });
    oneLine(r, /the key "orgUrl" occurs twice/);
  } finally {
    t.cleanup();
  }
});

test('OKTA_BI_LINT_MAX_SNAPSHOT_MB that is not a number is exit 2 with a plain line', async () => {
  const t = tempDir();
  try {
    writeJson(t.file('s.json'), cleanSnapshot());
    for (const args of [
      ['check', '--snapshot', 's.json'],
      ['drift', '--baseline', 's.json', '--current', 's.json'],
    ]) {
      const r = await runCliAsync(args, { cwd: t.dir, env: { OKTA_BI_LINT_MAX_SNAPSHOT_MB: 'abc' } });
      oneLine(r, /OKTA_BI_LINT_MAX_SNAPSHOT_MB is "abc", not a positive number of megabytes/);
    }
    const small = await runCliAsync(['check', '--snapshot', 's.json'], {
      cwd: t.dir,
      env: { OKTA_BI_LINT_MAX_SNAPSHOT_MB: '0.001' },
    });
    oneLine(small, /more than the .* set by OKTA_BI_LINT_MAX_SNAPSHOT_MB/);
  } finally {
    t.cleanup();
  }
});

test('a YAML key that is a list is one line with its place, and no Node warning', async () => {
  const t = tempDir();
  try {
    writeJson(t.file('s.json'), cleanSnapshot());
    writeFileSync(t.file('okta-bi-lint.yaml'), 'provisioning: scim\n? [a]\n: b\n');
    const r = await runCliAsync(['check', '--snapshot', 's.json'], { cwd: t.dir });
    oneLine(r, /okta-bi-lint\.yaml:2:3: config file has a key that is a list or a map/);
  } finally {
    t.cleanup();
  }
});

test('a user rule whose helpUri is not http(s) is refused at load with its line', async () => {
  const t = tempDir();
  try {
    writeJson(t.file('s.json'), cleanSnapshot());
    mkdirSync(t.file('rules'));
    const rule = readFileSync(path.join(REPO_ROOT, 'rules', 'okta', 'routing-rule-value-true.yaml'), 'utf8')
      .replace(/^id: .*$/m, 'id: custom/routing-value')
      .replace(/^level: .*$/m, (l) => `${l}\nhelpUri: "javascript:alert(document.domain)"`);
    writeFileSync(t.file('rules/r.yaml'), rule);
    const line = rule.split('\n').findIndex((l) => l.startsWith('helpUri')) + 1;
    const r = await runCliAsync(['check', '--snapshot', 's.json', '--rules', 'rules', '--format', 'sarif'], {
      cwd: t.dir,
    });
    oneLine(
      r,
      new RegExp(`rules/r\\.yaml:${line}:\\d+: invalid rule: helpUri is "javascript:alert\\(document\\.domain\\)"`),
      /http/,
    );
    assert.is(r.stdout, '');
    // an https address is fine
    writeFileSync(
      t.file('rules/r.yaml'),
      rule.replace('javascript:alert(document.domain)', 'https://wiki.example.com/routing'),
    );
    const ok = await runCliAsync(['check', '--snapshot', 's.json', '--rules', 'rules', '--format', 'sarif'], {
      cwd: t.dir,
    });
    assert.is(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /https:\/\/wiki\.example\.com\/routing/);
  } finally {
    t.cleanup();
  }
});

test('--accepted recorded for another org warns that its fingerprints cannot match', async () => {
  const t = tempDir();
  try {
    writeJson(t.file('s.json'), cleanSnapshot());
    writeJson(t.file('a.json'), { format: 'okta-bi-lint/accepted@1', orgUrl: 'https://other.okta.com', findings: [] });
    const r = await runCliAsync(['check', '--snapshot', 's.json', '--accepted', 'a.json'], { cwd: t.dir });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: .*recorded for https:\/\/other\.okta\.com, not https:\/\/acme\.okta\.com/);
    const d = await runCliAsync(['drift', '--baseline', 's.json', '--current', 's.json', '--accepted', 'a.json'], {
      cwd: t.dir,
    });
    assert.match(d.stderr, /recorded for https:\/\/other\.okta\.com, not https:\/\/acme\.okta\.com/);
  } finally {
    t.cleanup();
  }
});

test('a key holding a quote and a colon next to values nested beyond the stack: refused for its depth, never an internal error', async () => {
  const t = tempDir();
  try {
    // `":"` as a key makes the written-key count differ from the parsed one, which sends the
    // duplicate-key search to its recursive tokenizer; 20,000 levels overflow it.
    const deep = '['.repeat(20000) + ']'.repeat(20000);
    writeFileSync(t.file('deep.json'), `{\n  "format": "okta-bi-lint/snapshot@1",\n  ":": 1,\n  "x": ${deep}\n}\n`);
    const r = await runCliAsync(['check', '--snapshot', 'deep.json'], { cwd: t.dir });
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /deep\.json:4:\d+: values nest more than 64 levels deep/);
    assert.not.match(r.stderr, 'internal error');
  } finally {
    t.cleanup();
  }
});

test.run();
