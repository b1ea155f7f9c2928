#!/usr/bin/env node
// npm run bench (after bench/run.mjs): the small-snapshot cases, each in a fresh process.
//
//   startup      okta-bi-lint check --snapshot fixtures/snapshots/clean-scim.json (text to stdout),
//                and okta-bi-lint --help, against `node -e 0` (starting Node itself). Target: the
//                check at most 3x node -e 0.
//   48 vs 1      one check over 48 fixture snapshots (one report, SARIF to a file) against one
//                check over one of them. Target: at most 3x.
//
// Medians of --runs N runs (default 10 for startup, 5 for 48 vs 1). It prints; it never fails on a target.
import { recordTarget } from './summary.mjs';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, median, table } from './run.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'okta-bi-lint.js');
const FIXTURES = 'fixtures/snapshots';
const argv = process.argv.slice(2);
const runsArg = argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Math.max(1, Number(argv[runsArg + 1])) : undefined;

if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
  console.error('bench: dist/ is missing; run `npm run bench` (it builds first)');
  process.exit(2);
}

/** Median wall time (ms) of `runs` fresh processes of `node ...args`, interleaved with the others so that load on the machine hits all alike. */
function medians(cases, runs) {
  const times = cases.map(() => []);
  for (let i = 0; i < runs; i++) {
    cases.forEach((c, j) => {
      const r = measure(c.args);
      if (![0, 1, 3].includes(r.code)) throw new Error(`${c.label} exited ${r.code}: ${r.stderr}`);
      times[j].push(r.ms);
    });
  }
  return times.map(median);
}

const ms = (t) => `${(t / 1000).toFixed(3)} s`;
const verdict = (ratio, target) =>
  `${ratio.toFixed(2)}x (target <= ${target}x: ${ratio <= target ? 'met' : 'NOT met'})`;

console.log(
  `\nstartup: a check of one small snapshot (text to stdout) and --help, against starting Node; median of ${RUNS ?? 10} runs`,
);
const [node0, check1, help] = medians(
  [
    { label: 'node -e 0', args: ['-e', '0'] },
    { label: 'check', args: [BIN, 'check', '--snapshot', `${FIXTURES}/clean-scim.json`] },
    { label: '--help', args: [BIN, '--help'] },
  ],
  RUNS ?? 10,
);
console.log(
  table([
    ['', 'wall time', '/ node -e 0'],
    ['node -e 0', ms(node0), '1.00x'],
    ['okta-bi-lint check clean-scim.json', ms(check1), `${(check1 / node0).toFixed(2)}x`],
    ['okta-bi-lint --help', ms(help), `${(help / node0).toFixed(2)}x`],
  ]),
);
recordTarget({
  target: 'startup: check of one small snapshot',
  floor: 'node -e 0',
  ratio: check1 / node0,
  limit: 3,
});
console.log(`check / node -e 0: ${verdict(check1 / node0, 3)};  --help / node -e 0: ${(help / node0).toFixed(2)}x`);

const files = readdirSync(path.join(ROOT, FIXTURES))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .slice(0, 48)
  .map((f) => `${FIXTURES}/${f}`);
const out = mkdtempSync(path.join(tmpdir(), 'okta-bi-lint-bench-many-'));
try {
  console.log(
    `\n${files.length} vs 1: one check over ${files.length} fixture snapshots (one SARIF report) against one over one; median of ${RUNS ?? 5} runs`,
  );
  const [one, many] = medians(
    [
      {
        label: 'check 1',
        args: [BIN, 'check', files[0], '--format', 'sarif', '--output', path.join(out, 'one.sarif')],
      },
      {
        label: `check ${files.length}`,
        args: [BIN, 'check', ...files, '--format', 'sarif', '--output', path.join(out, 'many.sarif')],
      },
    ],
    RUNS ?? 5,
  );
  console.log(
    table([
      ['', 'wall time', '/ one'],
      ['check of 1 snapshot', ms(one), '1.00x'],
      [`check of ${files.length} snapshots`, ms(many), `${(many / one).toFixed(2)}x`],
    ]),
  );
  recordTarget({
    target: `${files.length} snapshots in one check`,
    floor: 'a check of one',
    ratio: many / one,
    limit: 3,
  });
  console.log(`${files.length} snapshots / 1: ${verdict(many / one, 3)}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
