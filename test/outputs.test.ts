// Outputs never clobber inputs, through the real CLI: an output that is (or links to) a file the
// run reads is refused with exit 2 and one line naming both, before anything runs; an exit 2
// writes nothing at all; special files are written in place, symbolic links written through, and
// an existing file keeps its mode; no path can make a run hang.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  promises as fsp,
  closeSync,
  openSync,
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { BIN, cleanSnapshot, REPO_ROOT, runCliAsync, tempDir, writeJson, type CliResult } from './helpers/cli.ts';

const test = suite('outputs');

const RULE = readFileSync(path.join(REPO_ROOT, 'rules', 'okta', 'routing-rule-value-true.yaml'), 'utf8').replace(
  /^id: .*$/m,
  'id: custom/routing-value',
);

/** A directory with a snapshot, a config, an accepted file and a rules directory, and their bytes. */
function workspace() {
  const t = tempDir();
  writeJson(t.file('s.json'), cleanSnapshot());
  writeJson(t.file('b.json'), cleanSnapshot());
  writeFileSync(t.file('okta-bi-lint.yaml'), 'provisioning: scim\n');
  mkdirSync(t.file('rules'));
  writeFileSync(t.file('rules/r.yaml'), RULE);
  const before = snapshotOf(t.dir);
  return { ...t, before, unchanged: () => assert.equal(snapshotOf(t.dir), before, 'a refused run changed a file') };
}

/** Every file under dir with its content, and nothing else (no temporary files left behind). */
function snapshotOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isSymbolicLink()) out[path.relative(dir, p)] = `-> ${readFileSync(p, 'utf8').length}`;
      else out[path.relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function refused(r: CliResult, ...includes: RegExp[]): void {
  assert.is(r.code, 2, `exit ${r.code}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 1, r.stderr);
  for (const re of includes) assert.match(lines[0], re);
  assert.not.match(r.stderr, /internal error|EEXIST|ENOTDIR|EISDIR|\n\s+at /);
}

const CLOBBERS: { name: string; args: string[]; names: RegExp[] }[] = [
  {
    name: 'check --output = --snapshot',
    args: ['check', '--snapshot', 's.json', '--output', 's.json'],
    names: [/--output s\.json/, /--snapshot s\.json/],
  },
  {
    name: 'check --output = --config',
    args: ['check', '--snapshot', 's.json', '--config', 'okta-bi-lint.yaml', '-o', 'okta-bi-lint.yaml'],
    names: [/--output okta-bi-lint\.yaml/, /--config okta-bi-lint\.yaml/],
  },
  {
    name: 'check --output = the default config',
    args: ['check', '--snapshot', 's.json', '-o', './okta-bi-lint.yaml'],
    names: [/--output \.\/okta-bi-lint\.yaml/, /config file okta-bi-lint\.yaml/],
  },
  {
    name: 'check --write-accepted = --snapshot',
    args: ['check', '--snapshot', 's.json', '--write-accepted', 's.json'],
    names: [/--write-accepted s\.json/, /--snapshot s\.json/],
  },
  {
    name: 'check --output = a rule file',
    args: ['check', '--snapshot', 's.json', '--rules', 'rules', '-o', 'rules/r.yaml'],
    names: [/--output rules\/r\.yaml/, /rule file rules\/r\.yaml/],
  },
  {
    name: 'check --output = --accepted',
    args: ['check', '--snapshot', 's.json', '--accepted', 'b.json', '-o', 'b.json'],
    names: [/--output b\.json/, /--accepted b\.json/],
  },
  {
    name: 'check --output and --write-accepted name one file',
    args: ['check', '--snapshot', 's.json', '-o', 'r.json', '--write-accepted', './r.json'],
    names: [/--output and --write-accepted both name/],
  },
  {
    name: 'drift --output = --baseline',
    args: ['drift', '--baseline', 'b.json', '--current', 's.json', '-o', 'b.json'],
    names: [/--output b\.json/, /--baseline b\.json/],
  },
  {
    name: 'drift --output = --current',
    args: ['drift', '--baseline', 'b.json', '--current', 's.json', '-o', 's.json'],
    names: [/--output s\.json/, /--current s\.json/],
  },
  {
    name: 'drift --write-accepted = --baseline',
    args: ['drift', '--baseline', 'b.json', '--current', 's.json', '--write-accepted', 'b.json'],
    names: [/--write-accepted b\.json/, /--baseline b\.json/],
  },
  {
    name: 'init --output = --from',
    args: ['init', '--from', 's.json', '--output', 's.json', '--force'],
    names: [/--output/, /--from/],
  },
  // refused before any collection starts, so no credentials are needed to see it
  {
    name: 'collect --out = --config',
    args: ['collect', '--config', 'okta-bi-lint.yaml', '--out', 'okta-bi-lint.yaml'],
    names: [/--out okta-bi-lint\.yaml/, /--config okta-bi-lint\.yaml/],
  },
  {
    name: 'check --live --snapshot-out = --config',
    args: ['check', '--live', '--config', 'okta-bi-lint.yaml', '--snapshot-out', 'okta-bi-lint.yaml'],
    names: [/--snapshot-out okta-bi-lint\.yaml/, /--config/],
  },
];

for (const c of CLOBBERS) {
  test(`${c.name} is refused, naming both, and nothing is written`, async () => {
    const w = workspace();
    try {
      const r = await runCliAsync(c.args, { cwd: w.dir, env: { OKTA_ORG_URL: undefined, OKTA_API_TOKEN: undefined } });
      refused(r, ...c.names);
      w.unchanged();
    } finally {
      w.cleanup();
    }
  });
}

test('an output that is a symbolic link to an input is refused', async () => {
  const w = workspace();
  try {
    symlinkSync('s.json', w.file('link.json'));
    const r = await runCliAsync(['check', '--snapshot', 's.json', '--output', 'link.json'], { cwd: w.dir });
    refused(r, /--output link\.json/, /--snapshot s\.json \(the same file\)/);
    assert.ok(lstatSync(w.file('link.json')).isSymbolicLink());
    assert.equal(JSON.parse(readFileSync(w.file('s.json'), 'utf8')), cleanSnapshot());
  } finally {
    w.cleanup();
  }
});

test('exit 2 writes nothing: --write-accepted is untouched when the report cannot be written (/dev/full)', async () => {
  const w = workspace();
  try {
    writeFileSync(w.file('a.json'), 'the accepted findings of last week\n');
    const r = await runCliAsync(['check', '--snapshot', 's.json', '--write-accepted', 'a.json', '-o', '/dev/full'], {
      cwd: w.dir,
    });
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /\/dev\/full: cannot write the output file: ENOSPC \(the disk is full\)/);
    assert.not.match(r.stderr, /recorded/);
    assert.is(readFileSync(w.file('a.json'), 'utf8'), 'the accepted findings of last week\n');
    assert.equal(
      readdirSync(w.dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
    assert.ok(statSync('/dev/full').isCharacterDevice(), '/dev/full was replaced');
  } finally {
    w.cleanup();
  }
});

test('exit 2 creates no directory for an output', async () => {
  const w = workspace();
  try {
    writeFileSync(w.file('broken.json'), '{"format":');
    const r = await runCliAsync(
      ['check', '--snapshot', 'broken.json', '-o', 'new/sub/r.txt', '--write-accepted', 'new/a.json'],
      { cwd: w.dir },
    );
    assert.is(r.code, 2, r.stderr);
    assert.not.ok(existsSync(w.file('new')));
  } finally {
    w.cleanup();
  }
});

test('missing directories above an output are created (as ESLint does)', async () => {
  const w = workspace();
  try {
    const r = await runCliAsync(['check', '--snapshot', 's.json', '-o', 'reports/today/r.txt'], { cwd: w.dir });
    assert.is(r.code, 0, r.stderr);
    assert.match(readFileSync(w.file('reports/today/r.txt'), 'utf8'), /passed|✔|0 problems/);
  } finally {
    w.cleanup();
  }
});

test('an existing file keeps its mode; a symbolic link is written through, not replaced', async () => {
  const w = workspace();
  try {
    writeFileSync(w.file('private.txt'), 'old\n');
    chmodSync(w.file('private.txt'), 0o600);
    symlinkSync('private.txt', w.file('via-link.txt'));
    const r1 = await runCliAsync(['check', '--snapshot', 's.json', '-o', 'private.txt'], { cwd: w.dir });
    assert.is(r1.code, 0, r1.stderr);
    assert.is(statSync(w.file('private.txt')).mode & 0o777, 0o600);
    const r2 = await runCliAsync(['check', '--snapshot', 's.json', '--format', 'json', '-o', 'via-link.txt'], {
      cwd: w.dir,
    });
    assert.is(r2.code, 0, r2.stderr);
    assert.ok(lstatSync(w.file('via-link.txt')).isSymbolicLink(), 'the link was replaced by a file');
    assert.is(JSON.parse(readFileSync(w.file('private.txt'), 'utf8')).format, 'okta-bi-lint/report@1');
    assert.is(statSync(w.file('private.txt')).mode & 0o777, 0o600);
  } finally {
    w.cleanup();
  }
});

test('a FIFO is written in place, not replaced by a regular file', async () => {
  const w = workspace();
  try {
    execFileSync('mkfifo', [w.file('pipe')]);
    // the read blocks (on a worker thread) until the CLI opens the FIFO and closes it
    const read = fsp.readFile(w.file('pipe'), 'utf8');
    const r = await runCliAsync(['check', '--snapshot', 's.json', '--format', 'json', '-o', 'pipe'], {
      cwd: w.dir,
      timeoutMs: 20_000,
    });
    assert.is(r.code, 0, r.stderr);
    assert.is(JSON.parse(await read).format, 'okta-bi-lint/report@1');
    assert.ok(lstatSync(w.file('pipe')).isFIFO(), 'the FIFO was replaced');
  } finally {
    w.cleanup();
  }
});

test('/dev/stdout and /dev/fd/N are written to the descriptor: a file opened for appending keeps what it had', async () => {
  const w = workspace();
  try {
    writeFileSync(w.file('log.txt'), 'earlier lines of the CI log\n');
    writeFileSync(w.file('fd3.txt'), 'kept\n');
    const log = openSync(w.file('log.txt'), 'a');
    const fd3 = openSync(w.file('fd3.txt'), 'a');
    try {
      // as `okta-bi-lint … -o /dev/stdout >> log.txt` and `-o /dev/fd/3 3>> fd3.txt` in a shell
      const env = { ...process.env, NO_COLOR: '1' };
      const a = spawnSync(
        process.execPath,
        [BIN, 'check', '--snapshot', 's.json', '--format', 'json', '-o', '/dev/stdout'],
        { cwd: w.dir, env, stdio: ['ignore', log, 'pipe'] },
      );
      assert.is(a.status, 0, String(a.stderr));
      const b = spawnSync(
        process.execPath,
        [BIN, 'check', '--snapshot', 's.json', '--format', 'json', '-o', '/dev/fd/3'],
        { cwd: w.dir, env, stdio: ['ignore', 'ignore', 'pipe', fd3] },
      );
      assert.is(b.status, 0, String(b.stderr));
    } finally {
      closeSync(log);
      closeSync(fd3);
    }
    assert.match(
      readFileSync(w.file('log.txt'), 'utf8'),
      /^earlier lines of the CI log\n\{\n {2}"format": "okta-bi-lint\/report@1"/,
    );
    assert.match(readFileSync(w.file('fd3.txt'), 'utf8'), /^kept\n\{\n {2}"format": "okta-bi-lint\/report@1"/);
    assert.equal(
      readdirSync(w.dir).filter((f) => f.includes('pipe') || f.endsWith('.tmp')),
      [],
    );
  } finally {
    w.cleanup();
  }
});

test('--output under /proc returns at once with exit 2', async () => {
  const w = workspace();
  try {
    const r = await runCliAsync(['check', '--snapshot', 's.json', '--output', '/proc/nope/x.json'], {
      cwd: w.dir,
      timeoutMs: 15_000,
    });
    assert.is(r.signal, null, 'the run hung');
    refused(r, /\/proc\/nope\/x\.json/, /cannot create the directory \/proc\/nope/);
    assert.ok(r.ms < 10_000);
  } finally {
    w.cleanup();
  }
});

test('--output naming a directory, or a path under a file, gets a plain line', async () => {
  const w = workspace();
  try {
    const dir = await runCliAsync(['check', '--snapshot', 's.json', '--output', 'rules'], { cwd: w.dir });
    refused(dir, /--output rules is a directory; name a file/);
    const under = await runCliAsync(['check', '--snapshot', 's.json', '--output', 's.json/x.json'], { cwd: w.dir });
    refused(under, /s\.json is a file, not a directory/);
    w.unchanged();
  } finally {
    w.cleanup();
  }
});

test.run();
