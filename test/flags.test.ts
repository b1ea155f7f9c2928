// Flags used wrongly: given twice, given without their value (or with an empty one), or given
// together with the flag that means the opposite. Each is a usage error: exit 2, one plain line on
// stderr, nothing on stdout, nothing run. First the cases as a user types them, through the built CLI
// in a fresh process; then every option of every command as `--help` lists it.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { main } from '../src/cli/main.ts';
import { FIXTURES, REPO_ROOT, pool, runCliAsync, tempDir, type CliResult } from './helpers/cli.ts';
import { COMMANDS, helpOptions, sampleValue, type HelpOption } from './helpers/help.ts';

const CLEAN = path.join(FIXTURES, 'clean-scim.json');
const OTHER = path.join(FIXTURES, 'clean-event-hook.json');

function assertUsageError(run: CliResult, line: string): void {
  assert.is(run.code, 2, `exit code (stderr: ${run.stderr})`);
  assert.is(run.stderr, `okta-bi-lint: ${line} (run okta-bi-lint --help)\n`);
  assert.is(run.stdout, '');
}

const typed = suite('flags as a user types them');

const cases: [string, string[], string][] = [
  [
    'a format given twice',
    ['check', '--snapshot', CLEAN, '--format', 'json', '--format', 'sarif'],
    '--format was given twice; give it once',
  ],
  [
    'a format given as -f and as --format',
    ['check', '--snapshot', CLEAN, '-f', 'json', '--format', 'sarif'],
    '--format was given twice (as -f and --format); give it once',
  ],
  // --snapshot is repeatable (check audits several snapshots); --snapshot-out names one file
  [
    'two snapshot outputs',
    ['check', '--live', '--snapshot-out', 'a.json', '--snapshot-out', 'b.json'],
    '--snapshot-out was given twice; give it once',
  ],
  [
    '--fail-on followed by another flag',
    ['check', '--snapshot', CLEAN, '--fail-on', '-q'],
    '--fail-on needs a value: error, warning, note or never',
  ],
  [
    '--fail-on last',
    ['check', '--snapshot', CLEAN, '--fail-on'],
    '--fail-on needs a value: error, warning, note or never',
  ],
  [
    'an empty --format',
    ['check', '--snapshot', CLEAN, '--format', ''],
    '--format needs a value: text, json, sarif, markdown, html or junit',
  ],
  [
    'an empty --format=',
    ['check', '--snapshot', CLEAN, '--format='],
    '--format needs a value: text, json, sarif, markdown, html or junit',
  ],
  ['an empty --config', ['check', '--snapshot', CLEAN, '--config', ''], '--config needs a value'],
  [
    '--quiet with --verbose',
    ['check', '--snapshot', CLEAN, '--quiet', '--verbose'],
    '--quiet and --verbose exclude each other; give one of them',
  ],
  [
    '-q with --verbose on collect',
    ['collect', '-q', '--verbose', '--bi-platform', 'none'],
    '--quiet and --verbose exclude each other; give one of them',
  ],
  [
    '--no-color with --color',
    ['check', '--snapshot', CLEAN, '--no-color', '--color'],
    '--color was given twice (as --no-color and --color); give it once',
  ],
  [
    'two baselines',
    ['drift', '--baseline', CLEAN, '--baseline', OTHER, '--current', CLEAN],
    '--baseline was given twice; give it once',
  ],
  [
    'two drift levels',
    ['drift', '--baseline', CLEAN, '--current', CLEAN, '--drift-fail-on', 'never', '--drift-fail-on', 'error'],
    '--drift-fail-on was given twice; give it once',
  ],
  ['two list formats', ['rules', '--format', 'json', '--format', 'text'], '--format was given twice; give it once'],
  ['two init outputs', ['init', '--output', '-', '--output', 'x.yaml'], '--output was given twice; give it once'],
];

let runs: CliResult[] = [];
typed.before(async () => {
  runs = await pool(
    cases.map(
      ([, args]) =>
        () =>
          runCliAsync(args, { env: { OKTA_ORG_URL: undefined, OKTA_API_TOKEN: undefined } }),
    ),
  );
});

cases.forEach(([name, , line], i) => {
  typed(`should refuse ${name} with one plain line`, () => assertUsageError(runs[i], line));
});

typed(
  'should still accept a repeatable flag given twice, and the words that look like flags but are values',
  async () => {
    const t = tempDir();
    try {
      for (const [dir, id] of [
        ['a', 'acme/one'],
        ['b', 'acme/two'],
      ]) {
        mkdirSync(t.file(dir));
        writeFileSync(
          path.join(t.file(dir), 'r.yaml'),
          `id: ${id}\ntitle: A named IdP\nlevel: note\nsection: okta-idp\ndescription: The IdP has a name.\nrationale: For the runbooks.\nfix: Name it.\nrequires: [okta.idps]\nsubject: idp\nthen:\n  - { field: name, function: defined }\n`,
        );
      }
      const ok = await runCliAsync([
        'check',
        '--snapshot',
        CLEAN,
        '--rules',
        t.file('a'),
        '--rules',
        t.file('b'),
        '--format',
        'json',
        '--output',
        '-',
        '--quiet',
        '--no-verbose',
      ]);
      assert.is(ok.code, 0, ok.stderr);
      const ids = (JSON.parse(ok.stdout) as { rules: { id: string }[] }).rules.map((r) => r.id);
      assert.ok(ids.includes('acme/one') && ids.includes('acme/two'), 'both rule directories were read');
    } finally {
      t.cleanup();
    }
  },
);

typed('should leave a secret given as a flag to its own refusal, with or without a value', async () => {
  const run = await runCliAsync(['collect', '--okta-token']);
  assert.is(run.code, 2);
  assert.match(
    run.stderr,
    /^okta-bi-lint: --okta-token is not accepted: the API token is read only from the environment/,
  );
});

typed.run();

// ---- every option of every command ----

const every = suite('every option of every command, from --help');

/** main() in this process, with stdout and stderr captured: the same code as the binary, without a process per case. */
async function inProcess(argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((s: string | Uint8Array) => out.push(String(s)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => err.push(String(s)) > 0) as typeof process.stderr.write;
  const started = performance.now();
  try {
    const code = await main(argv);
    return { code, stdout: out.join(''), stderr: err.join(''), ms: performance.now() - started, signal: null };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

// nothing here may reach a live org, whatever a broken check lets through
for (const k of Object.keys(process.env)) if (/^(OKTA|BI)_/.test(k)) delete process.env[k];

for (const command of COMMANDS) {
  const options = helpOptions(command);
  every(`${command}: should list its options in --help`, () => {
    assert.ok(options.length >= 2, `${command} --help lists ${options.length} options`);
  });
  every(`${command}: should refuse each single-value option given twice`, async () => {
    for (const o of options.filter((x) => x.type !== 'array')) {
      const once = o.type === 'boolean' ? [`--${o.name}`] : [`--${o.name}`, sampleValue(o)];
      assertUsageError(await inProcess([command, ...once, ...once]), `--${o.name} was given twice; give it once`);
      if (o.short) {
        const short = o.type === 'boolean' ? [`-${o.short}`] : [`-${o.short}`, sampleValue(o)];
        assertUsageError(
          await inProcess([command, ...short, ...once]),
          `--${o.name} was given twice (as -${o.short} and --${o.name}); give it once`,
        );
      }
    }
  });
  every(`${command}: should refuse each option that takes a value given without one, or an empty one`, async () => {
    for (const o of options.filter((x) => x.type !== 'boolean')) {
      const line = `--${o.name} needs a value${o.choices.length ? `: ${o.choices.slice(0, -1).join(', ')} or ${o.choices.at(-1)}` : ''}`;
      assertUsageError(await inProcess([command, `--${o.name}`]), line);
      assertUsageError(await inProcess([command, `--${o.name}`, '']), line);
    }
  });
}

every.run();

// ---- the README's options tables ----

const readme = suite('README options tables, against --help');

const README_TEXT = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const HELP = new Map(COMMANDS.map((c) => [c, helpOptions(c)]));

/** The rows of the table that follows `<!-- options: COMMAND -->`, each as its first cell's flags and its other cells. */
function readmeRows(text: string, command: string): { flags: string[]; rest: string }[] {
  const at = text.indexOf(`<!-- options: ${command} -->\n`);
  if (at < 0) return [];
  const lines = text.slice(at).split('\n').slice(1);
  const table = lines.slice(
    0,
    lines.findIndex((l) => !l.startsWith('|')),
  );
  return table.slice(2).map((row) => {
    const cells = row.split(/(?<!\\)\|/).slice(1, -1);
    return { flags: [...cells[0].matchAll(/`(--?[a-z][a-z-]*)/g)].map((m) => m[1]), rest: cells.slice(1).join('|') };
  });
}

/** How a README options table differs from what --help lists; empty when they agree flag for flag. */
function tableProblems(text: string, command: string, options: readonly HelpOption[]): string[] {
  const rows = readmeRows(text, command);
  if (!rows.length) return [`no table after <!-- options: ${command} -->`];
  const problems: string[] = [];
  const expected = new Set<string>();
  for (const o of options) {
    expected.add(`--${o.name}`);
    if (o.short) expected.add(`-${o.short}`);
    // a boolean whose help offers its negation (--no-color, --no-check) is shown both ways
    if (o.type === 'boolean' && o.text.includes(`--no-${o.name}`)) expected.add(`--no-${o.name}`);
  }
  const listed = rows.flatMap((r) => r.flags);
  for (const f of expected) if (!listed.includes(f)) problems.push(`${f} is missing`);
  for (const f of new Set(listed)) if (!expected.has(f)) problems.push(`${f} is not an option of ${command}`);
  for (const f of new Set(listed))
    if (listed.indexOf(f) !== listed.lastIndexOf(f)) problems.push(`${f} is listed twice`);
  for (const o of options) {
    const row = rows.find((r) => r.flags.includes(`--${o.name}`));
    if (!row) continue;
    const others = [`-${o.short}`, `--no-${o.name}`].filter((f) => expected.has(f) && !row.flags.includes(f));
    for (const f of others) problems.push(`--${o.name} and ${f} are not in one row`);
    // a row of its own names every choice the flag takes
    if (row.flags.every((f) => f === `--${o.name}` || f === `-${o.short}` || f === `--no-${o.name}`)) {
      for (const c of o.choices)
        if (!row.rest.includes(`\`${c}\``)) problems.push(`the row of --${o.name} does not name ${c}`);
    }
  }
  return problems;
}

for (const command of COMMANDS) {
  readme(
    `${command}: should list every flag of --help, each short alias and --no- form in its row, and no other`,
    () => {
      assert.equal(
        tableProblems(README_TEXT, command, HELP.get(command)!),
        [],
        `README.md's ${command} options table and ${command} --help differ`,
      );
    },
  );
}

readme(
  'should notice a table that shows --no-color where --help shows --color, a missing alias, a flag that does not exist, or a choice left out',
  () => {
    const check = HELP.get('check')!;
    const swap = (from: string, to: string) => {
      assert.ok(README_TEXT.includes(from), from);
      return tableProblems(README_TEXT.replace(from, to), 'check', check);
    };
    assert.equal(swap('| `--color`, `--no-color` |', '| `--no-color` |'), ['--color is missing']);
    assert.equal(swap('| `--format`, `-f` |', '| `--format` |'), [
      '-f is missing',
      '--format and -f are not in one row',
    ]);
    assert.equal(swap('| `--verbose` |', '| `--verbose`, `--debug` |'), ['--debug is not an option of check']);
    assert.equal(swap('`markdown`, `html`, `junit` | `text` |', '`markdown`, `html` | `text` |'), [
      'the row of --format does not name junit',
    ]);
  },
);

readme.run();
