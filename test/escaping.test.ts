import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { BIN, FIXTURES, pool, runCliAsync, tempDir, type CliResult } from './helpers/cli.js';
import { app, biIdp, cleanDoc, failingDoc, writeDoc } from './helpers/audit-snapshots.js';
import { guardLines, inline, multiline, prose } from '../src/report/escape.js';

// Hostile ids, names and values in a snapshot and in a user rule's texts, run through check and drift
// in every format: no report and no stderr line may carry a raw control character, a bidi control,
// or a line a CI runner would read as a workflow command.

const HOSTILE = [
  '\n::warning::x',
  '::stop-commands::tok',
  'cr\rcr',
  '\u001b]0;title\u0007',
  '\u001b[2J',
  'bel\u0007',
  'rlo\u202e',
  'lri\u2066',
  'rlm\u200f',
  'csi\u009b',
  'del\u007f',
].join(' ');
const LINE_HOSTILE = '::error::starts a line';

/** What a terminal or a log would act on: C0 (but the line feed), DEL, C1, bidi controls, line separators. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
/** A line a GitHub runner reads as a command: it skips leading blanks. */
const COMMAND_LINE = /^[ \t]*(::|##\[)/m;

const tmp = tempDir('okta-bi-lint-escaping-');
const at = (name: string) => tmp.file(name);

function hostileDoc() {
  const doc = failingDoc();
  biIdp(doc).protocol.issuer.url = `https://auth.byndid.com/v2/${HOSTILE}`;
  biIdp(doc).id = `0oa${HOSTILE}`;
  const admin = app(doc, 'Beyond Identity Admin Portal');
  admin.label = `${LINE_HOSTILE} ${HOSTILE}`;
  admin.status = 'INACTIVE';
  return doc;
}

// A value that starts a line on its own: the snapshot path a formatter puts first, and a rule section title.
writeDoc(at('::warning::snap.json'), hostileDoc());
const baselineDoc = cleanDoc();
// removed since the baseline: its name is printed with the baseline's location
baselineDoc.okta.groups.push({
  ...baselineDoc.okta.groups[0],
  id: `00gremoved${HOSTILE}`,
  profile: { ...baselineDoc.okta.groups[0].profile, name: `${LINE_HOSTILE} ${HOSTILE}` },
});
writeDoc(at('baseline.json'), baselineDoc);
writeFileSync(at('config.yaml'), `okta:\n  adminPortalApp: ${JSON.stringify(`${LINE_HOSTILE} ${HOSTILE}`)}\n`);
mkdirSync(at('rules'));
// YAML double-quoted escapes: \e ESC, \a BEL, \r CR, \n LF, \u202E RLO.
const y = (s: string) => `"${s} \\n::warning::x \\r::stop-commands::tok \\e]0;title\\a \\e[2J \\u202E"`;
writeFileSync(
  at('rules/hostile.yaml'),
  [
    'id: custom/hostile-texts',
    `title: ${y('Title')}`,
    'level: error',
    `section: ${y('::error::section')}`,
    `description: ${y('Description')}`,
    `rationale: ${y('Rationale')}`,
    `fix: ${y('::error::fix')}`,
    'requires: [okta.idps]',
    'then:',
    '  - field: okta.orgUrl',
    '    function: equals',
    `    message: ${y('::error::message')}`,
    '    options: { value: "https://another.okta.com" }',
    '',
  ].join('\n'),
);

const FORMATS = ['text', 'markdown', 'junit', 'html', 'sarif', 'json'] as const;
const HUMAN = new Set(['text', 'markdown', 'junit', 'html']);

function assertInert(out: string, where: string, human: boolean): void {
  const line = out.split('\n').find((l) => COMMAND_LINE.test(l));
  assert.not.ok(line, `${where}: a line starts a workflow command: ${JSON.stringify(line)}`);
  if (!human) return;
  const m = RAW_CONTROL.exec(out);
  assert.not.ok(
    m,
    `${where}: raw U+${m?.[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(out.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 10))}`,
  );
}

/** SARIF viewers render messages and help texts: each must be free of raw controls, too. */
function sarifTexts(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) sarifTexts(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'text' || k === 'markdown') && typeof x === 'string') out.push(x);
      else sarifTexts(x, out);
    }
  }
  return out;
}

function checkRun(r: CliResult, where: string, format: string): void {
  assert.ok(r.code === 1, `${where}: exit ${r.code}\n${r.stderr}`);
  assertInert(r.stdout, `${where} stdout`, HUMAN.has(format));
  assertInert(r.stderr, `${where} stderr`, true);
  if (format === 'sarif') for (const t of sarifTexts(JSON.parse(r.stdout))) assertInert(t, `${where} SARIF text`, true);
}

const inert = suite('hostile values in every human format');

inert('check and drift print no raw control character and no workflow-command line, in any format', async () => {
  const common = ['--config', 'config.yaml', '--rules', 'rules', '--no-report-unused-suppressions'];
  const runs = FORMATS.flatMap((format) => [
    {
      where: `check --format ${format}`,
      format,
      args: ['check', '--snapshot', '::warning::snap.json', '--format', format, ...common],
    },
    {
      where: `drift --format ${format}`,
      format,
      args: [
        'drift',
        '--baseline',
        'baseline.json',
        '--current',
        '::warning::snap.json',
        '--force',
        '--format',
        format,
        ...common,
      ],
    },
  ]);
  runs.push(
    {
      where: 'check --verbose --width 60',
      format: 'text',
      args: ['check', '--snapshot', '::warning::snap.json', '--verbose', '--width', '60', ...common],
    },
    {
      where: 'drift --no-check --width 50',
      format: 'text',
      args: [
        'drift',
        '--baseline',
        'baseline.json',
        '--current',
        '::warning::snap.json',
        '--force',
        '--no-check',
        '--width',
        '50',
        ...common,
      ],
    },
  );
  const results = await pool(runs.map((r) => () => runCliAsync(r.args, { cwd: tmp.dir })));
  results.forEach((r, i) => {
    checkRun(r, runs[i].where, runs[i].format);
  });
  // The values are still there, made visible: the reader sees what the tenant holds.
  const text = results[0].stdout;
  assert.match(text, '\\x1b]0;title\\x07');
  assert.match(text, '\\u202e');
  assert.match(text, '\\n::warning::x');
  const md = results[2].stdout;
  assert.match(md, 'rlo\\\\u202e', 'Markdown shows the escape, its backslash escaped');
});

inert('a report written to a file is as inert as one on stdout, and so is the line on stderr', async () => {
  const r = await runCliAsync(
    [
      'check',
      '--snapshot',
      '::warning::snap.json',
      '--config',
      'config.yaml',
      '--rules',
      'rules',
      '--output',
      '::warning::report.md',
      '--format',
      'markdown',
    ],
    { cwd: tmp.dir },
  );
  assert.is(r.code, 1, r.stderr);
  assertInert(readFileSync(at('::warning::report.md'), 'utf8'), 'report file', true);
  assertInert(r.stderr, 'stderr', true);
});

const unit = suite('escape.ts');

unit('should show each control as a readable escape and keep everything else', () => {
  assert.is(
    inline('a\u001b[2Jb\u0007c\rd\ne\u202ef\u2066g\u009bh\u007fi'),
    'a\\x1b[2Jb\\x07c\\rd\\ne\\u202ef\\u2066g\\x9bh\\x7fi',
  );
  assert.is(inline('plain ünïcödé 😀 | * _'), 'plain ünïcödé 😀 | * _');
  assert.is(multiline('line 1\nline 2\r\nlone\rcr\ttab'), 'line 1\nline 2\r\nlone\\rcr\ttab');
  assert.is(
    prose('A fix from a YAML block,\n  wrapped\r\n::warning::x \u001b[2J\n'),
    'A fix from a YAML block, wrapped ::warning::x \\x1b[2J',
  );
});

unit('should put a backslash before a workflow command at the start of any line, after blanks and colour codes', () => {
  assert.is(
    guardLines('::warning::x\n  ::error::y\n\u001b[2m::debug::z\nok ::not-at-start\n##[group]g\n## heading'),
    '\\::warning::x\n  \\::error::y\n\u001b[2m\\::debug::z\nok ::not-at-start\n\\##[group]g\n## heading',
  );
});

unit.run();

inert.after(() => tmp.cleanup());
inert.run();

// Error lines quote file names and values from the input, and land in CI logs like reports do.
const errors = suite('error lines');

errors('an error naming a hostile file escapes its control characters', async () => {
  const dir = tempDir('okta-bi-lint-escape-err-');
  const r = await runCliAsync(['check', '--snapshot', dir.file('x\n::warning::pwned\x1b[2J.json')]);
  assert.is(r.code, 2);
  assert.not.match(r.stderr, /\x1b|\n::/);
  assert.match(r.stderr, '::warning::pwned\\x1b[2J.json');
  assert.not.match(r.stderr, /^::/m);
});

errors.run();

// A reader that stops early (`| head`) is not an error of the run: no stack trace, the verdict stays the exit code.
const pipe = suite('closed pipe');

pipe('check piped into a reader that closed stdout', () => {
  const r = spawnSync(
    'bash',
    [
      '-c',
      `node "${BIN}" check --snapshot "${FIXTURES}/routing-rule-value-True.json" --verbose | head -c 0; exit \${PIPESTATUS[0]}`,
    ],
    { encoding: 'utf8' },
  );
  assert.is(r.status, 1, r.stderr);
  assert.not.match(r.stderr, 'EPIPE');
  assert.not.match(r.stderr, 'internal error');
});

pipe.run();
