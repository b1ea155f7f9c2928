import { existsSync, readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { validator } from '../src/util/ajv.js';
import { runCli, tempDir } from './helpers/cli.js';
import { cleanDoc, failingDoc, writeDoc } from './helpers/audit-snapshots.js';
import { assertCleanSarif } from './helpers/sarif-validate.js';
import { parseXml, walk } from './helpers/xml.js';

// check over several snapshot files, the way ESLint takes files: one report over all of them, in
// every format, and the worst exit code.

const tmp = tempDir('okta-bi-lint-many-');
writeDoc(tmp.file('a-clean.json'), cleanDoc());
writeDoc(tmp.file('b-failing.json'), failingDoc());
const partial = cleanDoc();
delete partial.beyondIdentity!.consoleSso;
writeDoc(tmp.file('c-partial.json'), partial);

const cli = (...args: string[]) => runCli(args, { cwd: tmp.dir });
const FILES = ['a-clean.json', 'b-failing.json', 'c-partial.json'];
const single = (file: string, format: string) => cli('check', '--snapshot', file, '--format', format);

const args = suite('naming several snapshots');

args('should take positional files, repeated --snapshot and both, in that order, a file named twice once', () => {
  const positional = cli('check', ...FILES);
  assert.is(positional.code, 1, positional.stderr);
  assert.is(positional.stderr, '');
  const repeated = cli(
    'check',
    '--snapshot',
    'a-clean.json',
    '--snapshot',
    'b-failing.json',
    '--snapshot',
    'c-partial.json',
  );
  assert.is(repeated.stdout, positional.stdout);
  const mixed = cli('check', 'b-failing.json', 'c-partial.json', '--snapshot', 'a-clean.json', 'a-clean.json');
  assert.is(mixed.stdout, positional.stdout);
  const headers = positional.stdout.split('\n').filter((l) => FILES.includes(l));
  assert.equal(headers, FILES);
});

args('should give one snapshot exactly the report it always had, however it is named', () => {
  for (const format of ['text', 'json', 'markdown', 'junit']) {
    const flag = single('b-failing.json', format).stdout;
    const strip = (s: string) => s.replace(/"?(startedAt|finishedAt|timestamp|time)"?[=:] ?"[^"]*"/g, '');
    assert.is(strip(cli('check', 'b-failing.json', '--format', format).stdout), strip(flag), format);
    assert.is(
      strip(cli('check', 'b-failing.json', '--snapshot', 'b-failing.json', '--format', format).stdout),
      strip(flag),
      format,
    );
  }
});

args('should exit with the worst code: 1 over 3 over 0', () => {
  assert.is(cli('check', 'a-clean.json', 'a-clean.json').code, 0);
  assert.is(cli('check', 'a-clean.json', 'c-partial.json').code, 3);
  assert.is(cli('check', 'c-partial.json', 'b-failing.json', 'a-clean.json').code, 1);
  // with --fail-on never the failing snapshot still has a rule not evaluated
  assert.is(cli('check', 'a-clean.json', 'b-failing.json', '--fail-on', 'never').code, 3);
});

args(
  'should refuse --live with snapshot files, and --accepted or --write-accepted with several, exit 2 in one line',
  () => {
    for (const extra of [['--live'], ['--accepted', 'acc.json'], ['--write-accepted', 'acc.json']]) {
      const r = cli('check', 'a-clean.json', 'b-failing.json', ...extra);
      assert.is(r.code, 2, r.stderr);
      assert.is(r.stdout, '');
      assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    assert.match(
      cli('check', 'a-clean.json', 'b-failing.json', '--write-accepted', 'acc.json').stderr,
      /--write-accepted works on one snapshot, and 2 were given/,
    );
    assert.match(cli('check', 'a-clean.json', '--live').stderr, /--live and --snapshot exclude each other/);
  },
);

args('should name the missing file and write nothing when one of several snapshots cannot be read', () => {
  const r = cli('check', 'a-clean.json', 'missing.json', '--format', 'json', '--output', 'out.json');
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /missing\.json/);
  assert.not.ok(existsSync(tmp.file('out.json')));
});

args('should refuse an output that would replace one of the snapshots', () => {
  const r = cli('check', 'a-clean.json', 'b-failing.json', '--output', 'b-failing.json');
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /b-failing\.json/);
  assert.ok(readFileSync(tmp.file('b-failing.json'), 'utf8').includes('"okta"'));
});

args.run();

const repeated = suite('repeated single-value flags');

repeated('should still refuse a flag that takes one value given twice, exit 2 with a plain line', () => {
  for (const [flag, a, b] of [
    ['--format', 'json', 'text'],
    ['--output', 'x.txt', 'y.txt'],
    ['--config', 'a.yaml', 'b.yaml'],
    ['--fail-on', 'error', 'note'],
  ]) {
    const r = cli('check', 'a-clean.json', 'b-failing.json', flag, a, flag, b);
    assert.is(r.code, 2, `${flag}: ${r.stderr}`);
    assert.is(r.stderr, `okta-bi-lint: ${flag} was given twice; give it once (run okta-bi-lint --help)\n`);
    assert.is(r.stdout, '');
  }
});

repeated.run();

const formats = suite('one report over several snapshots, in every format');

formats('text: a section per file, under its path, then one line over all', () => {
  const r = cli('check', ...FILES);
  for (const f of FILES) {
    const own = single(f, 'text').stdout;
    assert.ok(r.stdout.includes(`${f}\n\n${own}`), `${f}'s own report under its path`);
  }
  assert.match(
    r.stdout,
    /\n3 snapshots: 1 failed, 1 incomplete, 1 passed; 4 problems \(3 errors, 1 warning\) \(exit 1\)\.\n$/,
  );
});

formats('json: one entry per snapshot, each the single report, valid against the schema', () => {
  const doc = JSON.parse(cli('check', ...FILES, '--format', 'json').stdout);
  const validate = validator('report.schema.json');
  assert.ok(validate(doc), JSON.stringify(validate.errors));
  assert.is(doc.format, 'okta-bi-lint/report-set@1');
  assert.is(doc.exitCode, 1);
  assert.equal(doc.levelCounts, { error: 3, warning: 1, note: 0 });
  assert.equal(
    doc.snapshots.map((s: { snapshot: { path: string } }) => s.snapshot.path),
    FILES,
  );
  assert.equal(
    doc.snapshots.map((s: { exitCode: number }) => s.exitCode),
    [0, 1, 3],
  );
  const strip = (d: Record<string, unknown>) => ({ ...d, startedAt: undefined, finishedAt: undefined });
  FILES.forEach((f, i) => {
    assert.equal(strip(doc.snapshots[i]), strip(JSON.parse(single(f, 'json').stdout)));
  });
  // the schema refuses a set document that is not one
  assert.not.ok(validate({ ...doc, snapshots: [doc.snapshots[0]] }), 'a set of one');
  assert.not.ok(validate({ ...doc.snapshots[0], format: 'okta-bi-lint/report-set@1' }));
  assert.ok(validate(doc.snapshots[0]), 'an entry is a report on its own');
});

formats(
  'sarif: one run, an artifact per file, each result pointing into its own file; valid (schema, and the multitool with Gh;Sarif)',
  () => {
    const text = cli('check', ...FILES, '--format', 'sarif').stdout;
    const log = assertCleanSarif(text);
    assert.is(log.runs.length, 1);
    const run = log.runs[0];
    assert.equal(
      run.artifacts.map((a: { location: { uri: string } }) => a.location.uri),
      FILES,
    );
    assert.is(run.invocations.length, 1);
    assert.is(run.invocations[0].exitCode, 1);
    assert.is(run.invocations[0].executionSuccessful, false);
    // every result is the single report's result, pointed at its file
    const failing = JSON.parse(single('b-failing.json', 'sarif').stdout).runs[0];
    const results = run.results as {
      ruleId: string;
      ruleIndex: number;
      locations: { physicalLocation: { artifactLocation: { uri: string; index: number }; region: unknown } }[];
    }[];
    assert.is(results.length, failing.results.length);
    for (const r of results) {
      const loc = r.locations[0].physicalLocation;
      assert.is(loc.artifactLocation.index, 1);
      assert.is(loc.artifactLocation.uri, 'b-failing.json');
      assert.is(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    }
    assert.equal(
      results.map((r) => r.locations[0].physicalLocation.region),
      failing.results.map(
        (r: { locations: { physicalLocation: { region: unknown } }[] }) => r.locations[0].physicalLocation.region,
      ),
    );
    // the rules not evaluated are notifications located in the snapshot they concern
    const notes = run.invocations[0].toolExecutionNotifications as {
      level: string;
      locations: { physicalLocation: { artifactLocation: { index: number } } }[];
    }[];
    const errors = notes.filter((n) => n.level === 'error');
    assert.ok(errors.length >= 2, 'one not-evaluated rule in b, one in c');
    assert.equal(
      [...new Set(errors.map((n) => n.locations[0].physicalLocation.artifactLocation.index))].sort(),
      [1, 2],
    );
  },
);

formats('junit: every snapshot its group of testsuites, named by its path, the counts summed', () => {
  const xml = cli('check', ...FILES, '--format', 'junit').stdout;
  const root = parseXml(xml);
  assert.is(root.name, 'testsuites');
  const suites = [...walk(root)].filter((e) => e.name === 'testsuite');
  let tests = 0;
  let failures = 0;
  for (const f of FILES) {
    const own = [...walk(parseXml(single(f, 'junit').stdout))].filter((e) => e.name === 'testsuite');
    const mine = suites.filter((s) => s.attrs.name.startsWith(`${f}: `));
    assert.equal(
      mine.map((s) => s.attrs.name),
      own.map((s) => `${f}: ${s.attrs.name}`),
    );
    assert.equal(
      mine.map((s) => [s.attrs.tests, s.attrs.failures, s.attrs.skipped]),
      own.map((s) => [s.attrs.tests, s.attrs.failures, s.attrs.skipped]),
    );
    tests += own.reduce((n, s) => n + Number(s.attrs.tests), 0);
    failures += own.reduce((n, s) => n + Number(s.attrs.failures), 0);
  }
  assert.is(suites.length, FILES.length * suites.filter((s) => s.attrs.name.startsWith('a-clean.json: ')).length);
  assert.equal(
    suites.map((s) => Number(s.attrs.id)),
    suites.map((_, i) => i),
  );
  assert.is(Number(root.attrs.tests), tests);
  assert.is(Number(root.attrs.failures), failures);
});

formats('markdown: a table of the snapshots, then a section per snapshot, its headings one level down', () => {
  const md = cli('check', ...FILES, '--format', 'markdown').stdout;
  assert.match(md, /^## okta-bi-lint audit of 3 snapshots ❌ failed\n/);
  assert.match(md, /\| a-clean\.json \| https:\/\/acme\.okta\.com \| ✅ passed \| 0 \| 0 \| 0 \|/);
  assert.match(md, /\| b-failing\.json \| https:\/\/acme\.okta\.com \| ❌ failed \| 3 \| 1 \| 0 \|/);
  assert.match(md, /\| c-partial\.json \| https:\/\/acme\.okta\.com \| ⚠️ incomplete \| 0 \| 0 \| 0 \|/);
  for (const f of FILES) {
    const own = single(f, 'markdown')
      .stdout.trimEnd()
      .replace(/^(#+) /gm, '#$1 ');
    assert.ok(md.includes(own), `${f}'s own summary, headings demoted`);
  }
  assert.is(md.split('\n').filter((l) => l.startsWith('## ')).length, 1);
});

formats('html: one page, a section per snapshot with its ids kept apart, every in-page link resolving', () => {
  const html = cli('check', ...FILES, '--format', 'html').stdout;
  assert.is(html.match(/<html/g)?.length, 1);
  assert.is(html.match(/<main/g)?.length, 1);
  assert.match(html, /<title>Failed: Okta \+ Beyond Identity audit of 3 snapshots<\/title>/);
  assert.ok(html.includes('Content-Security-Policy'));
  for (const [i, f] of FILES.entries())
    assert.match(
      html,
      new RegExp(`<section class="snapshot" id="snapshot-${i + 1}" aria-label="Snapshot ${f.replace('.', '\\.')}">`),
    );
  const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(ids.length, new Set(ids).size, 'every id once');
  for (const m of html.matchAll(/ href="#([^"]+)"/g)) assert.ok(ids.includes(m[1]), `#${m[1]} resolves`);
  for (const m of html.matchAll(/ aria-labelledby="([^"]+)"/g)) assert.ok(ids.includes(m[1]), `${m[1]} labels`);
});

formats('should write the report to --output and say so in one line on stderr', () => {
  const r = cli('check', ...FILES, '--format', 'sarif', '--output', 'all.sarif');
  assert.is(r.code, 1);
  assert.is(r.stdout, '');
  assert.is(
    r.stderr,
    'okta-bi-lint: 3 snapshots: 1 failed, 1 incomplete, 1 passed; 4 problems (3 errors, 1 warning) (exit 1); sarif report written to all.sarif\n',
  );
  assert.is(JSON.parse(readFileSync(tmp.file('all.sarif'), 'utf8')).runs[0].artifacts.length, 3);
});

formats.run();
