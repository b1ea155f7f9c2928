import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { validator } from '../src/util/ajv.js';
import { runCli, tempDir } from './helpers/cli.js';
import { REPO_ROOT, cleanDoc, failingDoc, writeDoc } from './helpers/audit-snapshots.js';

// What the reports say to a person: the fix once per failing rule, a line on stderr when the
// report went to a file, the rules not evaluated even when quiet, accepted findings as accepted.

const tmp = tempDir('okta-bi-lint-report-cli-');
writeDoc(tmp.file('failing.json'), failingDoc());
const partial = cleanDoc();
delete partial.beyondIdentity!.consoleSso;
partial.gaps = [
  { section: 'beyondIdentity.consoleSso', reason: '403 Forbidden: the API token lacks the console-sso:read scope' },
];
writeDoc(tmp.file('partial.json'), partial);
writeDoc(tmp.file('clean.json'), cleanDoc());

const cli = (...args: string[]) => runCli(args, { cwd: tmp.dir });
const fixOf = (id: string) =>
  (parseYaml(readFileSync(`${REPO_ROOT}/rules/${id}.yaml`, 'utf8')) as { fix: string }).fix.trim();

const fix = suite('the fix in the reports');

fix('should give the text report the fix of each failing rule once, from its rule file', () => {
  const r = cli('check', '--snapshot', 'failing.json');
  assert.is(r.code, 1, r.stderr);
  const failing = [
    ...new Set([...r.stdout.matchAll(/ (?:error|warning|note) +([a-z]+\/[a-z0-9-]+)/g)].map((m) => m[1])),
  ];
  assert.ok(failing.length >= 3, r.stdout);
  const fixes = r.stdout.slice(r.stdout.indexOf('\nHow to fix\n'));
  assert.ok(fixes.length > 12, `a "How to fix" list:\n${r.stdout}`);
  for (const id of failing) {
    assert.is(fixes.split('\n').filter((l) => l === `  ${id}`).length, 1, `${id} is listed once`);
    assert.match(fixes, fixOf(id));
  }
});

fix('should carry the fix in each rule of the JSON report, valid against the schema', () => {
  const doc = JSON.parse(cli('check', '--snapshot', 'failing.json', '--format', 'json').stdout);
  const validate = validator('report.schema.json');
  assert.ok(validate(doc), JSON.stringify(validate.errors));
  const issuer = doc.rules.find((x: { id: string }) => x.id === 'okta/idp-issuer');
  assert.is(issuer.fix, fixOf('okta/idp-issuer'));
  assert.ok(issuer.findings.length > 0);
});

fix.run();

const closing = suite('a report written to a file');

closing('should print one summary line on stderr: verdict, counts and where the report went', () => {
  for (const format of ['sarif', 'text', 'json']) {
    const r = cli('check', '--snapshot', 'failing.json', '--format', format, '--output', `out.${format}`);
    assert.is(r.code, 1, r.stderr);
    assert.is(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(
      lines[0],
      /^okta-bi-lint: audit failed \(exit 1\): 4 problems \(3 errors, 1 warning\), 1 rule not evaluated, .*; \w+ report written to out\.\w+$/,
    );
  }
  const d = cli(
    'drift',
    '--baseline',
    'clean.json',
    '--current',
    'failing.json',
    '--no-check',
    '--format',
    'sarif',
    '--output',
    'drift.sarif',
  );
  assert.is(d.code, 1, d.stderr);
  assert.match(
    d.stderr,
    /^okta-bi-lint: drift failed \(exit 1\): 3 changes since the baseline \(3 errors\), 1 rule not evaluated; sarif report written to drift\.sarif\n$/,
  );
});

closing('should print nothing more with --quiet, nor when the report is on stdout', () => {
  assert.is(
    cli('check', '--snapshot', 'failing.json', '--format', 'sarif', '--output', 'q.sarif', '--quiet').stderr,
    '',
  );
  assert.is(cli('check', '--snapshot', 'failing.json', '--format', 'sarif').stderr, '');
});

closing.run();

const quiet = suite('--quiet and rules not evaluated');

quiet('should name the rules not evaluated on one line when quiet, in the text report and on stderr', () => {
  const text = cli('check', '--snapshot', 'partial.json', '--quiet');
  assert.is(text.code, 3, text.stderr);
  const line = text.stdout.split('\n').filter((l) => l.startsWith('Not evaluated: '));
  assert.equal(line.length, 1, text.stdout);
  assert.match(line[0], 'bi/console-sso');
  const file = cli('check', '--snapshot', 'partial.json', '--quiet', '--format', 'sarif', '--output', 'partial.sarif');
  assert.is(file.code, 3);
  assert.match(file.stderr, /^okta-bi-lint: Not evaluated: [^\n]*bi\/console-sso[^\n]*\n$/);
});

quiet.run();

const accepted = suite('accepted findings');

accepted('should be counted and worded as accepted, not as suppressed', () => {
  assert.is(cli('check', '--snapshot', 'failing.json', '--write-accepted', 'accepted.json', '--quiet').code, 3);
  const text = cli('check', '--snapshot', 'failing.json', '--accepted', 'accepted.json');
  const summary = text.stdout.split('\n').find((l) => /^[✔⚠✖] /.test(l))!;
  assert.match(summary, '4 findings accepted');
  assert.not.match(summary, 'suppressed');
  const md = cli('check', '--snapshot', 'failing.json', '--accepted', 'accepted.json', '--format', 'markdown').stdout;
  assert.match(md, '| 🔕 suppressed | 0 |');
  assert.match(md, /\| ☑️ accepted \| [1-9]\d* \|/);
  const html = cli('check', '--snapshot', 'failing.json', '--accepted', 'accepted.json', '--format', 'html').stdout;
  assert.match(html, '4 findings accepted in accepted.json and left out of this report.');
  assert.match(html, /<span class="n">0<\/span> <span class="w">suppressed<\/span>/);
});

accepted.after(() => tmp.cleanup());
accepted.run();
