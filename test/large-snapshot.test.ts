// Snapshots read in pieces (src/snapshot/stream.ts): past Node's 512 MB string limit, with the
// same findings and places as the whole-text path, and drift across them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { runCliAsync, tempDir } from './helpers/cli.js';
import { indexShallow } from '../src/util/json-position.js';
// @ts-expect-error a plain ES module of the bench, shared so that both generate the same snapshot
import { userId, writeUsersSnapshot } from '../bench/users-snapshot.mjs';

type Region = { startLine: number; startColumn: number };
type SarifResult = { ruleId: string; locations: { physicalLocation: { region: Region } }[] };

function sarifResults(file: string): SarifResult[] {
  return JSON.parse(readFileSync(file, 'utf8')).runs[0].results;
}

test('a snapshot larger than 512 MB is checked through the CLI, the planted users reported at their lines', async () => {
  const t = tempDir();
  try {
    const users = 345_000;
    const planted = [users - 2_000, users - 10];
    const { size, places } = writeUsersSnapshot(t.file('huge.json'), { users, planted });
    assert.ok(size > 512 * 1024 * 1024, `the snapshot is ${size} bytes`);
    const r = await runCliAsync(['check', '--snapshot', 'huge.json', '--format', 'sarif', '--output', 'huge.sarif'], {
      cwd: t.dir,
      timeoutMs: 120_000,
    });
    assert.is(r.code, 1, r.stderr);
    const found = sarifResults(t.file('huge.sarif')).filter((x) => x.ruleId === 'users/registered-outside-group');
    assert.is(found.length, 1, 'one finding for the rule');
    const first = places.get(planted[0]);
    assert.equal(found[0].locations[0].physicalLocation.region, { startLine: first.line, startColumn: first.column });
    // the finding names both planted users, from the far end of the file
    const sarif = readFileSync(t.file('huge.sarif'), 'utf8');
    assert.ok(sarif.includes(`${userId(planted[1])}@acme.com`), 'the last planted user is reported');
  } finally {
    rmSync(t.file('huge.json'), { force: true });
    t.cleanup();
  }
});

test('findings in a snapshot read in pieces have the same places as in one read as a text', async () => {
  const t = tempDir();
  try {
    const planted = [3, 40, 41];
    const { places } = writeUsersSnapshot(t.file('s.json'), { users: 60, planted });
    const run = (pieces: boolean, out: string) =>
      runCliAsync(['check', '--snapshot', 's.json', '--format', 'sarif', '--output', out], {
        cwd: t.dir,
        env: { OKTA_BI_LINT_KEEP_TEXT_MB: pieces ? '0' : undefined },
      });
    const [whole, inPieces] = [await run(false, 'whole.sarif'), await run(true, 'pieces.sarif')];
    assert.is(whole.code, 1, whole.stderr);
    assert.is(inPieces.code, whole.code, inPieces.stderr);
    const a = JSON.parse(readFileSync(t.file('whole.sarif'), 'utf8')).runs[0];
    const b = JSON.parse(readFileSync(t.file('pieces.sarif'), 'utf8')).runs[0];
    assert.equal(b.results, a.results);
    assert.equal(b.artifacts, a.artifacts);
    const found = (a.results as SarifResult[]).find((x) => x.ruleId === 'users/registered-outside-group')!;
    assert.equal(found.locations[0].physicalLocation.region, {
      startLine: places.get(3).line,
      startColumn: places.get(3).column,
    });
  } finally {
    t.cleanup();
  }
});

test('users found by their layout, or by a scan when the layout misleads, have the same places as in one read', async () => {
  // The thread that indexes a large file passes the users array by its layout and takes the users'
  // offsets from the parser; a file laid out otherwise must not move a finding.
  const t = tempDir();
  try {
    const planted = [3, 40, 41];
    writeUsersSnapshot(t.file('pretty.json'), { users: 60, planted });
    const doc = JSON.parse(readFileSync(t.file('pretty.json'), 'utf8'));
    const pretty = readFileSync(t.file('pretty.json'), 'utf8');
    const variants: Record<string, string> = {
      // the array written on one line after a key first on its line: the bracket the layout finds is another's
      compact: JSON.stringify(
        doc,
        function (this: unknown, k: string, v: unknown) {
          return this === doc.okta && k === 'users' ? '@@U@@' : v;
        },
        2,
      ).replace('"@@U@@"', () => JSON.stringify(doc.okta.users)),
      // a user whose key is written with an escape: its batch is parsed whole, which says no user's offset
      escaped: pretty.replace('"passwordChanged": null', '"p\\u0061sswordChanged": null'),
      // names beyond ASCII before the planted users: offsets counted in UTF-8 bytes, columns in UTF-16
      unicode: pretty.replaceAll('"firstName": "Sam"', '"firstName": "Zoë 😀"'),
      // CRLF line ends: the array is still passed by its layout, its users are found by a scan
      crlf: pretty.replaceAll('\n', '\r\n'),
    };
    for (const [name, text] of Object.entries(variants)) {
      writeFileSync(t.file(`${name}.json`), text);
      const run = (pieces: boolean) =>
        runCliAsync(
          ['check', '--snapshot', `${name}.json`, '--format', 'sarif', '--output', `${name}.${pieces}.sarif`],
          {
            cwd: t.dir,
            env: { OKTA_BI_LINT_KEEP_TEXT_MB: pieces ? '0' : undefined },
          },
        );
      const [whole, inPieces] = [await run(false), await run(true)];
      assert.is(whole.code, 1, `${name}: ${whole.stderr}`);
      assert.is(inPieces.code, 1, `${name}: ${inPieces.stderr}`);
      const a = JSON.parse(readFileSync(t.file(`${name}.false.sarif`), 'utf8')).runs[0];
      const b = JSON.parse(readFileSync(t.file(`${name}.true.sarif`), 'utf8')).runs[0];
      const found = (a.results as SarifResult[]).find((x) => x.ruleId === 'users/registered-outside-group');
      assert.ok(found, `${name}: the planted users are reported`);
      assert.equal(b.results, a.results, name);
    }
  } finally {
    t.cleanup();
  }
});

test('the index passes a per-user array by its layout, empty or not, and indexes the rest as without it', () => {
  const t = tempDir();
  try {
    writeUsersSnapshot(t.file('s.json'), { users: 30, planted: [] });
    const full = readFileSync(t.file('s.json'), 'utf8');
    const doc = JSON.parse(full);
    doc.okta.users = [];
    const empty = JSON.stringify(doc, null, 2);
    const skip = new Set(['/okta/users', '/beyondIdentity/scimUsers']);
    for (const text of [full, empty]) {
      const plain = indexShallow(text);
      const skipped = indexShallow(text, 3, skip);
      assert.not.ok(skipped.failed);
      const bytes = Buffer.from(text);
      const parsed = JSON.parse(text);
      assert.equal(Object.keys(skipped.skipped).sort(), [...skip].sort());
      for (const [ptr, a] of Object.entries(skipped.skipped)) {
        // from its `[` (as the parent's entry places it) to the end found: the whole array
        const [top, key] = ptr.slice(1).split('/');
        const parent = plain.containers[`/${top}`];
        const start = parent.offsets[parent.keys!.indexOf(key)];
        assert.equal(JSON.parse(bytes.subarray(start, a.end).toString()), parsed[top][key], ptr);
      }
      const others = (ix: ReturnType<typeof indexShallow>) =>
        Object.fromEntries(Object.entries(ix.containers).filter(([p]) => !skip.has(p)));
      assert.equal(others(skipped), others(plain));
    }
  } finally {
    t.cleanup();
  }
});

test('errors in a snapshot read in pieces name the same place as in one read as a text', async () => {
  const t = tempDir();
  try {
    writeUsersSnapshot(t.file('s.json'), { users: 40, planted: [] });
    const text = readFileSync(t.file('s.json'), 'utf8');
    const bad = Buffer.from(text, 'utf8');
    bad[bad.lastIndexOf('Engineering')] = 0xff;
    const cases: Record<string, string | Buffer> = {
      // a missing comma between two members of a user, a duplicate key in one, a bad character at the top, a byte that is not UTF-8
      comma: text.replace('"id": "00u000000000000qa1d7"', '"id": "00u000000000000qa1d7" "x": 1'),
      duplicate: text.replace(
        '"status": "ACTIVE",\n        "created"',
        '"status": "ACTIVE",\n        "status": "ACTIVE",\n        "created"',
      ),
      top: text.replace('"format"', '@"format"'),
      utf8: bad,
    };
    for (const [name, body] of Object.entries(cases)) {
      assert.ok(body !== text && !(typeof body === 'string' && body === text), `${name} changed the text`);
      writeFileSync(t.file(`${name}.json`), body);
      const whole = await runCliAsync(['check', '--snapshot', `${name}.json`], { cwd: t.dir });
      const pieces = await runCliAsync(['check', '--snapshot', `${name}.json`], {
        cwd: t.dir,
        env: { OKTA_BI_LINT_KEEP_TEXT_MB: '0' },
      });
      assert.is(whole.code, 2, `${name}: ${whole.stderr}`);
      assert.is(pieces.code, 2, `${name}: ${pieces.stderr}`);
      const place = (s: string) => /^okta-bi-lint: [^:]+:(\d+:\d+):/.exec(s)?.[1];
      assert.ok(place(whole.stderr), `${name}: ${whole.stderr}`);
      assert.is(place(pieces.stderr), place(whole.stderr), `${name}: ${pieces.stderr} vs ${whole.stderr}`);
    }
  } finally {
    t.cleanup();
  }
});

test('drift across snapshots read in pieces reports what one read as text reports', async () => {
  const t = tempDir();
  try {
    writeUsersSnapshot(t.file('base.json'), { users: 30, planted: [] });
    writeUsersSnapshot(t.file('cur.json'), { users: 32, planted: [31] });
    const run = (pieces: boolean) =>
      runCliAsync(
        ['drift', '--baseline', 'base.json', '--current', 'cur.json', '--format', 'json', '--no-attribution'],
        { cwd: t.dir, env: { OKTA_BI_LINT_KEEP_TEXT_MB: pieces ? '0' : undefined } },
      );
    const [whole, pieces] = [await run(false), await run(true)];
    assert.is(whole.code, 1, whole.stderr);
    assert.is(pieces.code, whole.code, pieces.stderr);
    assert.ok(whole.stdout.includes('drift/user-added'), whole.stdout.slice(0, 400));
    const strip = (s: string) => s.replace(/"(durationMs|startedAt|finishedAt|generatedAt)": [^,\n]+/g, '');
    assert.is(strip(pieces.stdout), strip(whole.stdout));
  } finally {
    t.cleanup();
  }
});

test.run();
