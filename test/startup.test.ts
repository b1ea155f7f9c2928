import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkOptionsText, rulesBundleText, validatorCode } from '../src/tools/build-assets.js';
import { loadRules, parseBuiltinRules, RULES_BUNDLE } from '../src/engine/load-rules.js';
import { INPUT_SCHEMAS, standalonePath, validator } from '../src/util/ajv.js';
import { CHECK_OPTIONS_FILE, fastCheckArgs } from '../src/cli/fast.js';
import { main } from '../src/cli/main.js';

// What `npm run build` does once instead of at every run (the rules bundle, the standalone schema
// validators, check's option table) must equal what the sources give now, so it can never go stale;
// and a check command line read without yargs must give the command exactly what yargs gives it.
// (npm test builds first, so dist/generated/ is this source tree's.)

const generated = suite('generated at build time');

generated('the rules bundle is rules/ parsed now, and is what loadRules starts from', () => {
  assert.is(readFileSync(RULES_BUNDLE, 'utf8'), rulesBundleText());
  const parsed = parseBuiltinRules();
  assert.ok(parsed.length >= 37, `${parsed.length} rules`);
  assert.equal(JSON.parse(readFileSync(RULES_BUNDLE, 'utf8')), JSON.parse(JSON.stringify(parsed)));
  assert.equal(loadRules(), parsed);
});

generated('each input schema validator is the standalone code of schemas/ now, and the one validator() uses', () => {
  for (const name of INPUT_SCHEMAS) {
    assert.is(readFileSync(standalonePath(name), 'utf8'), validatorCode(name), `${name} is stale: run npm run build`);
  }
  // the generated validators report errors as compiled ones did: with the schema of the failing keyword (verbose)
  const v = validator('snapshot.schema.json');
  assert.not.ok(
    v({ format: 'okta-bi-lint/snapshot@1', okta: { orgUrl: 'https://acme.okta.com', bogus: 1 } }) && v({ format: 'x' }),
  );
  assert.not.ok(v({ format: 'x', okta: {} }));
  assert.ok(v.errors!.every((e) => e.parentSchema !== undefined && e.schema !== undefined));
});

generated("check's option table is the one yargs builds now", async () => {
  assert.is(readFileSync(CHECK_OPTIONS_FILE, 'utf8'), await checkOptionsText());
});

generated.run();

const fast = suite('a check command line read without yargs');

/** The arguments the command is run with: read the fast way unless `yargs`, never running it. */
async function argsOf(argv: string[], yargs: boolean): Promise<Record<string, unknown> | undefined> {
  let got: Record<string, unknown> | undefined;
  await main(argv, {
    yargs,
    run: async (_name, args) => {
      got = args;
      return 0;
    },
  });
  return got && JSON.parse(JSON.stringify(got, (_k, v) => (Number.isNaN(v) ? 'NaN' : v)));
}

const LINES = [
  ['check', '--snapshot', 'a.json'],
  ['check', 'a.json', 'b.json', 'c.json'],
  ['check', 'a.json', '--snapshot', 'b.json', '--snapshot', 'c.json', '-f', 'sarif', '-o', 'x.sarif'],
  ['check', '--snapshot=a.json', '--format=json', '--fail-on', 'warning', '--no-color', '-q'],
  [
    'check',
    '--snapshot',
    'a.json',
    '--rules',
    'r1',
    '--rules',
    'r2',
    '--width',
    '80',
    '--no-report-unused-suppressions',
  ],
  ['check', '--snapshot', 'a.json', '--concurrency', '3', '--include', 'users', '--bi-platform', 'none', '--verbose'],
  ['check', '--snapshot', 'a.json', '--snapshotOut', 'x', '--config', 'c.yaml', '--accepted', 'acc.json'],
  ['check', '123.json', '--width', 'abc', '--color'],
  ['check', '--live', '--okta-url', 'https://x.okta.com', '--rate-limit-share', '0.3'],
  ['check', '--snapshot', 'a.json', '--output', '-', '--quiet', '--no-verbose'],
  ['check', '-o', '-', 'a.json', '-qf', 'json'],
  ['check', '--write-accepted', 'w.json', '--no-live', '--width=0', 'a.json'],
  ['check'],
];

fast('should give the command exactly the arguments yargs gives it', async () => {
  for (const argv of LINES) {
    assert.ok(await fastCheckArgs(argv), `${argv.join(' ')} is read without yargs`);
    assert.equal(await argsOf(argv, false), await argsOf(argv, true), argv.join(' '));
  }
});

fast(
  'should leave every other line to yargs: help, version, unknown flags, bad choices, flag problems, other commands',
  async () => {
    const declined = [
      ['check', '--help'],
      ['check', '-h'],
      ['check', '--version'],
      ['check', '--snapshot', 'a.json', '--bogus'],
      ['check', '--snapshot', 'a.json', '--format', 'yaml'],
      ['check', '--snapshot', 'a.json', '--format', 'json', '--format', 'text'],
      ['check', '--snapshot'],
      ['check', '--quiet', '--verbose', 'a.json'],
      ['check', 'a.json', '--', 'b.json'],
      ['check', 'a.json', '-'],
      ['rules'],
      ['--help'],
    ];
    for (const argv of declined) assert.is(await fastCheckArgs(argv), undefined, argv.join(' '));
  },
);

fast.run();
