#!/usr/bin/env node
// The one table `npm run bench` ends with: every target a bench measured in this run, its floor, the
// ratio measured and whether it is met. Each bench records its targets with recordTarget() into
// bench/.data/targets.json; `node bench/summary.mjs --reset` (first in `npm run bench`) starts a
// new run, `node bench/summary.mjs` (last) prints the table. It prints; it never fails on a target.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILE = path.join(ROOT, 'bench', '.data', 'targets.json');

function read() {
  try {
    return JSON.parse(readFileSync(FILE, 'utf8'));
  } catch {
    return [];
  }
}

/**
 * Records one target of this run: `target` what is measured, `floor` what it is compared with,
 * `ratio` measured / floor, `limit` the largest ratio that meets the target. A target recorded
 * again (a bench run twice) replaces the earlier value.
 */
export function recordTarget({ target, floor, ratio, limit }) {
  mkdirSync(path.dirname(FILE), { recursive: true });
  const rows = read().filter((r) => r.target !== target);
  rows.push({ target, floor, ratio, limit });
  writeFileSync(FILE, `${JSON.stringify(rows, null, 2)}\n`);
}

function main() {
  if (process.argv.includes('--reset')) {
    rmSync(FILE, { force: true });
    return;
  }
  const rows = existsSync(FILE) ? read() : [];
  if (rows.length === 0) {
    console.log('\nbench summary: no target was measured in this run');
    return;
  }
  // in the order the benches are described: startup, many snapshots, then size
  const order = (r) =>
    ['startup', 'snapshots in one', '200k users: check peak', '200k users: check time', '1M'].findIndex((k) =>
      r.target.includes(k),
    );
  rows.sort((a, b) => order(a) - order(b));
  const cells = [
    ['target', 'floor', 'measured', 'limit', ''],
    ...rows.map((r) => [
      r.target,
      r.floor,
      Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}x` : 'n/a',
      `<= ${r.limit}x`,
      r.ratio <= r.limit ? 'met' : 'NOT met',
    ]),
  ];
  const widths = cells[0].map((_, c) => Math.max(...cells.map((r) => String(r[c]).length)));
  console.log('\nbench summary (ratios measured in this run, against a floor measured in the same run)\n');
  cells.forEach((r, i) => {
    console.log(
      r
        .map((x, c) => (c === 2 ? String(x).padStart(widths[c]) : String(x).padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
    );
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
  console.log('');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
