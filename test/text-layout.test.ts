import { mkdirSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { displayWidth } from '../src/cli/output.js';
import { spawnSync } from 'node:child_process';
import { BIN, runCli, tempDir } from './helpers/cli.js';
import { biIdp, cleanDoc, failingDoc, writeDoc } from './helpers/audit-snapshots.js';

// The text report at a terminal: wrapped to its width, long paths kept from pushing rows right,
// long values shortened in the middle (whole with --verbose), and stable one-line rows in logs.

const tmp = tempDir('okta-bi-lint-layout-');
const LONG_DIR = 'a-rather-long-directory-name-for-snapshots/of-the-production-tenant/collected-nightly';
mkdirSync(tmp.file(LONG_DIR), { recursive: true });
const ISSUER = `https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/${'x'.repeat(90)}-TAIL`;
const doc = failingDoc();
biIdp(doc).protocol.issuer.url = ISSUER;
writeDoc(tmp.file('snap.json'), doc);
writeDoc(tmp.file(`${LONG_DIR}/snap.json`), doc);

const check = (...args: string[]) => runCli(['check', ...args], { cwd: tmp.dir });

const layout = suite('text layout');

layout('should wrap every line to --width, messages under their rule', () => {
  const r = check('--snapshot', 'snap.json', '--width', '72');
  assert.is(r.code, 1, r.stderr);
  const long = r.stdout.split('\n').filter((l) => l.length > 72);
  assert.equal(long, [], 'no line is wider than 72 columns');
  // the finding's row names the rule; its message follows on indented lines
  const lines = r.stdout.split('\n');
  const row = lines.findIndex((l) => /error +okta\/idp-issuer\b/.test(l));
  assert.ok(row >= 0, r.stdout);
  assert.match(lines[row + 1], /^ {6}Identity provider "Beyond Identity"/);
});

layout('should keep one line per finding when not at a terminal and no width is given', () => {
  const r = check('--snapshot', 'snap.json');
  const row = r.stdout.split('\n').find((l) => /error +okta\/idp-issuer\b/.test(l))!;
  assert.match(row, /okta\/idp-issuer +Identity provider "Beyond Identity" .*protocol\.issuer\.url is "/);
  assert.is(displayWidth(undefined, false, { isTTY: false, columns: 100 }), undefined, 'a pipe is not wrapped');
  assert.is(displayWidth(undefined, false, { isTTY: true, columns: 100 }), 100, 'a terminal is wrapped to its width');
  assert.is(displayWidth(undefined, true, { isTTY: true, columns: 100 }), undefined, 'a report file is not wrapped');
  assert.is(displayWidth(0, false, { isTTY: true, columns: 100 }), undefined, '--width 0 turns wrapping off');
});

layout('should not push rules not evaluated far right behind a long snapshot path', () => {
  const r = check('--snapshot', `${LONG_DIR}/snap.json`);
  assert.is(r.code, 1, r.stderr);
  const notEvaluated = r.stdout.split('\n').find((l) => l.includes('not evaluated  '))!;
  assert.ok(notEvaluated, r.stdout);
  assert.ok(
    notEvaluated.indexOf('not evaluated') < 10,
    `the row starts near the left margin: ${JSON.stringify(notEvaluated)}`,
  );
  assert.match(r.stdout, `${LONG_DIR}/snap.json:`, 'findings still carry their location');
});

layout(
  'should shorten long values in the middle, keeping the closing quote, and show them whole with --verbose',
  () => {
    const short = check('--snapshot', 'snap.json').stdout;
    assert.not.match(short, ISSUER);
    assert.match(short, /"https:\/\/auth-us\.beyondidentity\.com\/v1\/[^"\s]*…[^"\s]*-TAIL"/);
    const verbose = check('--snapshot', 'snap.json', '--verbose').stdout;
    assert.match(verbose, `"${ISSUER}"`);
    const json = JSON.parse(check('--snapshot', 'snap.json', '--format', 'json').stdout);
    const f = json.rules.find((x: { id: string }) => x.id === 'okta/idp-issuer').findings[0];
    assert.match(f.message, `"${ISSUER}"`, 'machine formats keep the value whole');
  },
);

layout('should fit the width of a real terminal by default (script(1) gives the CLI a pseudo-terminal)', () => {
  const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
  if (script.error) {
    console.warn('  (script(1) is not installed: the terminal width is covered by displayWidth above only)');
    return;
  }
  const command = `stty cols 64; env -u FORCE_COLOR NO_COLOR=1 ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} check --snapshot snap.json`;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: tmp.dir, encoding: 'utf8', timeout: 30_000 });
  // A terminal gets CR LF; the progress line before the report is cleared with \r.
  const lines = r.stdout
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.slice(l.lastIndexOf('\r') + 1));
  assert.ok(
    lines.some((l) => /error +okta\/idp-issuer$/.test(l)),
    r.stdout,
  );
  assert.equal(
    lines.filter((l) => l.length > 64),
    [],
    'every line fits 64 columns',
  );
});

layout('should refuse a --width that is not a number of columns, with one line and exit 2', () => {
  const r = check('--snapshot', 'snap.json', '--width', 'wide');
  assert.is(r.code, 2);
  assert.is(r.stdout, '');
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, '--width must be a whole number of columns');
});

layout('should print a clean audit with nothing to wrap the same at any width', () => {
  writeDoc(tmp.file('clean.json'), cleanDoc());
  assert.is(check('--snapshot', 'clean.json', '--width', '200').stdout, check('--snapshot', 'clean.json').stdout);
});

layout.after(() => tmp.cleanup());
layout.run();
