#!/usr/bin/env node
// npm run bench: the memory `collect` needs to write a large org's snapshot. A collected document of
// --users N (default 1,000,000) users and the Beyond Identity group's members is built in a child
// process, and written to a temporary file:
//
//   pieces  as `collect` writes it (src/collect/write.ts: 64 KB at a time)
//   whole   as one JSON.stringify text (what `collect` did before)
//
// First without a heap limit, to measure the document's heap and the snapshot's size; then each way
// with the V8 heap limited to the document plus half the snapshot. Pieces must fit (the
// writer needs memory bounded well below the snapshot); one text cannot. It prints; it never fails.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mb } from './run.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const USERS = argv.includes('--users') ? Number(argv[argv.indexOf('--users') + 1]) : 1_000_000;

const CHILD = `
const { openSync, writeSync, closeSync, statSync, rmSync } = require('node:fs');
const [mode, users, file, writer] = process.argv.slice(1);
import(writer).then(({ snapshotPieces }) => {
  const list = [];
  for (let i = 0; i < Number(users); i++)
    list.push({ id: '00u' + i.toString(36).padStart(13, '0') + 'a1d7', status: 'ACTIVE', profile: { login: 'user' + i + '@acme.com', email: 'user' + i + '@acme.com', byndidRegistered: true } });
  const doc = { format: 'okta-bi-lint/snapshot@1', okta: { orgUrl: 'https://acme.okta.com', users: list, groupMembers: { '00g1': list.map((u) => u.id) } } };
  globalThis.gc();
  const heap = process.memoryUsage().heapUsed;
  const fd = openSync(file, 'w');
  const t0 = performance.now();
  if (mode === 'pieces') for (const p of snapshotPieces(doc)) writeSync(fd, p);
  else writeSync(fd, JSON.stringify(doc, null, 2) + '\\n');
  closeSync(fd);
  process.stdout.write(JSON.stringify({ heap, size: statSync(file).size, ms: performance.now() - t0 }));
  rmSync(file);
});
`;

function child(mode, limitMb) {
  const file = path.join(ROOT, 'bench', '.data', `write-${process.pid}.json`);
  const writer = pathToFileURL(path.join(ROOT, 'dist', 'collect', 'write.js')).href;
  const flags = ['--expose-gc', ...(limitMb ? [`--max-old-space-size=${limitMb}`] : [])];
  const r = spawnSync(process.execPath, [...flags, '-e', CHILD, mode, String(USERS), file, writer], {
    encoding: 'utf8',
  });
  spawnSync('rm', ['-f', file]);
  try {
    return JSON.parse(r.stdout);
  } catch {
    return { failed: /heap out of memory/.test(r.stderr) ? 'out of memory' : `exit ${r.status}` };
  }
}

console.log(`\ncollect's writer: a document of ${USERS.toLocaleString('en')} users written as a snapshot`);
const free = child('pieces');
if (free.failed) {
  console.log(`  the document could not be built: ${free.failed}`);
  process.exit(0);
}
const limit = Math.ceil((free.heap + free.size / 2) / 2 ** 20);
console.log(
  `  document ${mb(free.heap)} of heap, snapshot ${mb(free.size)}; heap limited to ${limit} MB (the document + half the snapshot):`,
);
for (const mode of ['pieces', 'whole']) {
  const r = child(mode, limit);
  console.log(`  ${mode.padEnd(6)} ${r.failed ? r.failed : `written in ${(r.ms / 1000).toFixed(1)} s`}`);
}
