// A user rule's `pattern` cannot hang or crash a run: patterns are compiled when rules load (a bad
// one is exit 2 with file:line, before anything runs), matched in linear time (RE2), and values
// substituted from ${expect.…} are matched literally. Likewise drift.ignore globs. Through the real CLI.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cleanSnapshot, runCliAsync, tempDir, writeJson } from './helpers/cli.ts';

const test = suite('rule patterns');

function rule(id: string, field: string, options: string): string {
  return [
    `id: custom/${id}`,
    'title: A pattern rule',
    'level: error',
    'section: custom',
    'description: A pattern.',
    'rationale: Tests.',
    'fix: None.',
    'requires: [okta.idps]',
    'then:',
    `  - field: ${field}`,
    '    function: pattern',
    `    options: ${options}`,
    '',
  ].join('\n');
}

/** A temporary directory with the clean snapshot and a rules directory holding `rules`. */
function setup(rules: Record<string, string>) {
  const t = tempDir();
  writeJson(t.file('s.json'), cleanSnapshot());
  mkdirSync(t.file('rules'));
  for (const [name, text] of Object.entries(rules)) writeFileSync(t.file(`rules/${name}`), text);
  return t;
}

test('a catastrophic-backtracking pattern on a 33-character value finishes at once', async () => {
  const t = setup({ 'evil.yaml': rule('evil', 'okta.apps[0].label', `{ match: '^(a|a)*$' }`) });
  try {
    // the label is not all a's, so a backtracking engine tries all 2^33 ways to split the a's
    const doc = cleanSnapshot();
    doc.okta.apps[0].label = `${'a'.repeat(33)}!`;
    writeJson(t.file('s.json'), doc);
    const r = await runCliAsync(
      ['check', '--snapshot', t.file('s.json'), '--rules', t.file('rules'), '--format', 'json', '--fail-on', 'never'],
      { timeoutMs: 20_000 },
    );
    assert.is(r.signal, null, `killed after ${Math.round(r.ms)} ms: the pattern backtracked`);
    assert.ok(r.ms < 10_000, `took ${Math.round(r.ms)} ms`);
    const report = JSON.parse(r.stdout);
    assert.is(report.rules.find((x: { id: string }) => x.id === 'custom/evil').status, 'fail', r.stderr);
  } finally {
    t.cleanup();
  }
});

test('an invalid pattern is a load error with file:line, exit 2, nothing run', async () => {
  const t = setup({ 'bad.yaml': rule('bad', 'okta.orgUrl', `{ match: '([a-z' }`) });
  try {
    const r = await runCliAsync([
      'check',
      '--snapshot',
      t.file('s.json'),
      '--rules',
      t.file('rules'),
      '--output',
      t.file('out.txt'),
    ]);
    assert.is(r.code, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.is(lines.length, 1, r.stderr);
    assert.match(lines[0], /rules\/bad\.yaml:12:\d+: invalid regular expression in match: missing closing \]/);
    assert.not.match(r.stderr, /internal error/);
  } finally {
    t.cleanup();
  }
});

test('lookaround, which RE2 cannot match in linear time, is refused at load with the reason', async () => {
  const t = setup({ 'look.yaml': rule('look', 'okta.orgUrl', `{ notMatch: '^(?!https)' }`) });
  try {
    const r = await runCliAsync(['check', '--snapshot', t.file('s.json'), '--rules', t.file('rules')]);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /look\.yaml:12:\d+: invalid regular expression in notMatch: .*\(\?!/);
    assert.match(r.stderr, /RE2 syntax/);
  } finally {
    t.cleanup();
  }
});

test('a value substituted from ${expect…} is matched literally, not as regex syntax', async () => {
  // the configured group name is ".*": as regex syntax it would match any org URL
  const t = setup({ 'lit.yaml': rule('lit', 'okta.orgUrl', `{ match: '^\${expect.okta.group}$' }`) });
  try {
    writeFileSync(t.file('okta-bi-lint.yaml'), 'okta:\n  group: ".*"\n');
    const r = await runCliAsync([
      'check',
      '--snapshot',
      t.file('s.json'),
      '--rules',
      t.file('rules'),
      '--config',
      t.file('okta-bi-lint.yaml'),
      '--format',
      'json',
      '--fail-on',
      'never',
    ]);
    assert.ok(r.code === 0 || r.code === 3, r.stderr);
    const report = JSON.parse(r.stdout);
    const result = report.rules.find((x: { id: string }) => x.id === 'custom/lit');
    assert.is(result.status, 'fail', JSON.stringify(result));
  } finally {
    t.cleanup();
  }
});

test('ordinary patterns keep working: flags, anchors, classes', async () => {
  const t = setup({
    'ok.yaml': rule('ok', 'okta.orgUrl', `{ match: '^HTTPS://[a-z0-9-]+\\.okta\\.com$', flags: i }`),
    'no.yaml': rule('no', 'okta.orgUrl', `{ notMatch: '\\s' }`).replace('custom/no', 'custom/no-space'),
  });
  try {
    const r = await runCliAsync([
      'check',
      '--snapshot',
      t.file('s.json'),
      '--rules',
      t.file('rules'),
      '--format',
      'json',
      '--fail-on',
      'never',
    ]);
    assert.is(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    for (const id of ['custom/ok', 'custom/no-space'])
      assert.is(report.rules.find((x: { id: string }) => x.id === id).status, 'pass', id);
  } finally {
    t.cleanup();
  }
});

test('a drift.ignore path of many ** cannot stall drift', async () => {
  const t = tempDir();
  try {
    // a nested value 14 levels deep in every app, and an ignore of 14 ** that matches nothing:
    // matching by recursion at every ** took about a minute here, and grows exponentially
    const base = cleanSnapshot();
    const current = cleanSnapshot();
    let deep: Record<string, unknown> = { a: 'b' };
    for (let i = 0; i < 14; i++) deep = { a: deep };
    for (const app of current.okta.apps) {
      app.label += ' (renamed)';
      app.settings = { ...(app.settings ?? {}), deep };
    }
    writeJson(t.file('b.json'), base);
    writeJson(t.file('c.json'), current);
    writeFileSync(
      t.file('okta-bi-lint.yaml'),
      `drift:\n  ignore:\n    - type: '*'\n      path: '${Array(14).fill('**').join('.')}.nope'\n    - type: '*'\n      path: '${Array(8).fill('**.a').join('.')}.nope'\n`,
    );
    const r = await runCliAsync(['drift', '--baseline', 'b.json', '--current', 'c.json', '--no-check'], {
      cwd: t.dir,
      timeoutMs: 20_000,
    });
    assert.is(r.signal, null, `killed after ${Math.round(r.ms)} ms`);
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, /drift\.ignore\[0\] .* matches no field/);
    assert.match(r.stdout, /renamed/);
  } finally {
    t.cleanup();
  }
});

test.run();
