// `okta-bi-lint drift` through the real CLI in a fresh process, as a scheduled job runs it: exit codes,
// refused baselines (one line, exit 2, nothing written), every report format (the JSON against its
// schema, SARIF through the official validator), stable fingerprints, and --live against the Okta
// emulator. Needs a build (npm test builds first).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { validator } from '../src/util/ajv.ts';
import { cleanSnapshot, runCli, runCliAsync, tempDir, writeJson, type CliResult } from './helpers/cli.ts';
import { validateSarif } from './helpers/sarif-validate.ts';
import { startEmulator } from './emulator/okta-emulator.ts';
import { orgFromSnapshot, cleanSnapshot as emulatorSnapshot } from './emulator/org.ts';

type Doc = Record<string, any>;

const IDP = '0oabyndidp000000a1d7';
const NEW_IDP = '0oabyndidpNEW000a1d7';
const bi = (d: Doc) => d.okta.idps.find((i: Doc) => i.name === 'Beyond Identity');
const routing = (d: Doc) => d.okta.idpDiscoveryPolicies[0]._rules[0];

const tmp = tempDir('okta-bi-lint-drift-');
const at = (name: string) => tmp.file(name);

/** Writes the clean snapshot as the baseline and a changed copy as the current snapshot; returns their names. */
function pair(
  name: string,
  change: (d: Doc) => void,
  base: (d: Doc) => void = () => {},
): { baseline: string; current: string } {
  const b = cleanSnapshot();
  base(b);
  const c = JSON.parse(JSON.stringify(b));
  c.collectedAt = '2026-11-30T06:00:00.000Z';
  change(c);
  writeJson(at(`${name}.baseline.json`), b);
  writeJson(at(`${name}.current.json`), c);
  return { baseline: `${name}.baseline.json`, current: `${name}.current.json` };
}

function drift(files: { baseline: string; current: string }, ...args: string[]): CliResult {
  return runCli(['drift', '--baseline', files.baseline, '--current', files.current, ...args], { cwd: tmp.dir });
}

function json(r: CliResult): Doc {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

const validateReport = validator('drift-report.schema.json');
function valid(doc: Doc): Doc {
  assert.ok(validateReport(doc), JSON.stringify(validateReport.errors, null, 2));
  return doc;
}

// ---- exit codes ----

const exits = suite('drift exit codes');

exits('should exit 0 when nothing changed but the order of lists and volatile fields, and the rules pass', () => {
  const files = pair('same', (d) => {
    d.okta.idps.reverse();
    d.okta.groups.reverse();
    bi(d).lastUpdated = '2026-11-30T05:00:00.000Z';
  });
  const r = drift(files);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.is(r.stderr, '');
  const doc = valid(json(drift(files, '--format', 'json')));
  assert.is(doc.exitCode, 0);
  assert.equal(doc.summary, {
    changes: 0,
    byKind: { changed: 0, added: 0, removed: 0 },
    byLevel: { error: 0, warning: 0, note: 0 },
    suppressed: 0,
    accepted: 0,
  });
  assert.equal(doc.changes, []);
  assert.is(doc.check.format, 'okta-bi-lint/report@1');
  assert.is(doc.check.exitCode, 0);
});

exits('should exit 1 on drift and report the change at field level in every format', () => {
  const files = pair('scope', (d) => bi(d).protocol.scopes.push('profile'));
  const text = drift(files, '--no-check');
  assert.is(text.code, 1);
  assert.match(
    text.stdout,
    /scope\.current\.json:\d+:\d+\s+error\s+drift\/idp-changed\s+(okta\/idps\/0oabyndidp000000a1d7\s+)?Identity provider "Beyond Identity" \(0oabyndidp000000a1d7\): protocol\.scopes: added "profile"/,
  );
  const doc = valid(json(drift(files, '--format', 'json', '--no-check')));
  assert.is(doc.exitCode, 1);
  assert.is(doc.check, undefined);
  assert.equal(
    doc.changes.map((c: Doc) => ({
      ...c,
      location: { ...c.location, line: typeof c.location.line, column: typeof c.location.column },
    })),
    [
      {
        driftId: 'drift/idp-changed',
        kind: 'changed',
        type: 'idp',
        level: 'error',
        levelReason: "the rules check protocol.scopes of the integration's identity provider",
        resource: { kind: 'identity provider', id: IDP, name: 'Beyond Identity', logical: `okta/idps/${IDP}` },
        field: {
          path: 'protocol.scopes',
          before: ['openid'],
          after: ['openid', 'profile'],
          added: ['profile'],
          removed: [],
        },
        message: `Identity provider "Beyond Identity" (${IDP}): protocol.scopes: added "profile"`,
        location: {
          artifact: 'current',
          path: 'scope.current.json',
          pointer: '/okta/idps/1/protocol/scopes/1',
          line: 'number',
          column: 'number',
        },
        fingerprint: doc.changes[0].fingerprint,
      },
    ],
  );
  // the line is the added scope's line in the current file
  const lines = readFileSync(at('scope.current.json'), 'utf8').split('\n');
  assert.is(lines[doc.changes[0].location.line - 1].trim(), '"profile"');
  const md = drift(files, '--format', 'markdown', '--no-check');
  assert.is(md.code, 1);
  assert.match(md.stdout, 'drift/idp-changed');
  assert.match(md.stdout, 'protocol.scopes: added');
  const html = drift(files, '--format', 'html', '--no-check');
  assert.is(html.code, 1, html.stderr);
  assert.match(html.stdout, /<section[^>]* id="drift"/);
  assert.match(html.stdout, 'drift/idp-changed');
  assert.match(html.stdout, '<code>protocol.scopes</code>');
  const junit = drift(files, '--format', 'junit', '--no-check');
  assert.is(junit.code, 1, junit.stderr);
  assert.match(junit.stdout, 'drift/idp-changed');
});

exits('should also run the rules on the current snapshot, unless --no-check', () => {
  const files = pair('both', (d) => bi(d).protocol.scopes.push('profile'));
  const doc = valid(json(drift(files, '--format', 'json')));
  const rule = doc.check.rules.find((r: Doc) => r.id === 'okta/idp-scopes-openid-only');
  assert.is(rule.status, 'fail');
  assert.is(doc.check.exitCode, 1);
  const text = drift(files);
  assert.match(text.stdout, 'okta/idp-scopes-openid-only');
  assert.match(text.stdout, 'drift/idp-changed');
});

exits('should exit 1 on any change, even a note, unless --drift-fail-on says otherwise', () => {
  const files = pair(
    'note',
    (d) => (d.okta.groups.find((g: Doc) => g.profile.name === 'Admins').profile.description = 'admins'),
  );
  const doc = valid(json(drift(files, '--format', 'json')));
  assert.equal([doc.exitCode, doc.summary.byLevel], [1, { error: 0, warning: 0, note: 1 }]);
  assert.is(drift(files).code, 1);
  assert.is(drift(files, '--drift-fail-on', 'warning').code, 0);
  assert.is(drift(files, '--drift-fail-on', 'never').code, 0);
});

exits('should exit 1 when the rules fail even without drift, and 0 with --no-check', () => {
  const wrong = (d: Doc) => (routing(d).conditions.userIdentifier.patterns[0].value = 'True');
  const files = pair('rulefail', () => {}, wrong);
  assert.is(drift(files).code, 1);
  assert.is(drift(files, '--no-check').code, 0);
  assert.is(drift(files, '--fail-on', 'never').code, 0);
});

exits('should exit 3 when a section could not be compared and nothing fails', () => {
  const files = pair('gap', (d) => {
    delete d.okta.eventHooks;
    d.gaps = [
      { section: 'okta.eventHooks', reason: '403 E0000006 You do not have permission to perform the requested action' },
    ];
  });
  const r = drift(files, '--no-check', '--format', 'json');
  const doc = valid(json(r));
  assert.is(r.code, 3);
  assert.equal(
    doc.sections.find((s: Doc) => s.section === 'okta.eventHooks'),
    {
      section: 'okta.eventHooks',
      types: ['event-hook'],
      status: 'not-evaluated',
      reason:
        'okta.eventHooks could not be compared: the current snapshot lists it in gaps (403 E0000006 You do not have permission to perform the requested action)',
    },
  );
  assert.is(drift(files).code, 3);
});

exits('should report a deleted-and-recreated IdP as a removal located in the baseline plus an addition', () => {
  const files = pair('recreated', (d) => {
    bi(d).id = NEW_IDP;
    routing(d).actions.idp.providers[0].id = NEW_IDP;
  });
  const doc = valid(json(drift(files, '--format', 'json', '--no-check')));
  assert.equal(
    doc.changes.map((c: Doc) => [c.driftId, c.level, c.resource.id, c.recreated, c.location.artifact, c.location.path]),
    [
      ['drift/idp-removed', 'error', IDP, { otherId: NEW_IDP }, 'baseline', 'recreated.baseline.json'],
      ['drift/idp-added', 'error', NEW_IDP, { otherId: IDP }, 'current', 'recreated.current.json'],
      ['drift/routing-rule-changed', 'error', '0prbyndid0000000a1d7', undefined, 'current', 'recreated.current.json'],
    ],
  );
  const removed = doc.changes[0];
  const baseLines = readFileSync(at('recreated.baseline.json'), 'utf8').split('\n');
  assert.is(baseLines[removed.location.line].trim(), `"id": "${IDP}",`);
  assert.match(removed.message, `was removed; it was deleted and recreated as ${NEW_IDP}`);

  const sarifRun = drift(files, '--format', 'sarif', '--no-check');
  assert.is(sarifRun.code, 1);
  const sarif = JSON.parse(sarifRun.stdout);
  const run = sarif.runs[0];
  assert.equal(
    run.artifacts.map((a: Doc) => a.location.uri),
    ['recreated.current.json', 'recreated.baseline.json'],
  );
  const res = run.results.find((x: Doc) => x.ruleId === 'drift/idp-removed');
  assert.equal(res.locations[0].physicalLocation, {
    artifactLocation: { uri: 'recreated.baseline.json', uriBaseId: '%SRCROOT%', index: 1 },
    region: { startLine: removed.location.line, startColumn: removed.location.column },
  });
  assert.is(res.locations[0].logicalLocations[0].fullyQualifiedName, `okta/idps/${IDP}`);
  const v = validateSarif(sarifRun.stdout);
  assert.equal([v.errors, v.warnings], [[], []], v.output);
});

exits.run();

// ---- SARIF and fingerprints ----

const sarif = suite('drift SARIF');

sarif(
  'should pass the official validator with the rules and the drift pseudo-rules, and keep fingerprints across runs',
  () => {
    const files = pair('sarif', (d) => {
      bi(d).protocol.scopes.push('profile');
      routing(d).name = 'BI Auth';
    });
    const a = drift(files, '--format', 'sarif', '--output', 'a.sarif');
    assert.is(a.code, 1);
    assert.is(a.stdout, '');
    const log = JSON.parse(readFileSync(at('a.sarif'), 'utf8'));
    const ids = log.runs[0].tool.driver.rules.map((r: Doc) => r.id);
    assert.ok(
      ids.includes('drift/idp-changed') &&
        ids.includes('drift/routing-rule-changed') &&
        ids.includes('okta/idp-scopes-openid-only'),
    );
    const v = validateSarif(readFileSync(at('a.sarif'), 'utf8'));
    assert.equal([v.errors, v.warnings], [[], []], v.output);
    const fps = (l: Doc) =>
      l.runs[0].results
        .filter((r: Doc) => r.ruleId.startsWith('drift/'))
        .map((r: Doc) => [r.ruleId, r.partialFingerprints['okta-bi-lint/v1']]);
    // the same change in another file layout (other lines) keeps its fingerprints
    const moved = cleanSnapshot();
    moved.okta.idps.reverse();
    const cur = JSON.parse(readFileSync(at(files.current), 'utf8'));
    cur.okta.idps.reverse();
    writeJson(at('sarif.current2.json'), cur);
    const b = runCli(['drift', '--baseline', files.baseline, '--current', 'sarif.current2.json', '--format', 'sarif'], {
      cwd: tmp.dir,
    });
    assert.equal(fps(JSON.parse(b.stdout)), fps(log));
    assert.is(fps(log).length, 2);
  },
);

sarif.run();

// ---- refused baselines and bad input ----

const refuse = suite('refused baselines');

function oneLine(r: CliResult, ...includes: string[]): void {
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.is(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.is(lines.length, 1, r.stderr);
  for (const s of includes) assert.match(lines[0], s);
  assert.not.match(lines[0], /\n|at .*\.js:\d+/);
}

refuse('should refuse a baseline of another org, naming the file and --force, and compare it when forced', () => {
  const files = pair('org', (d) => (d.okta.orgUrl = 'https://globex.okta.com'));
  oneLine(
    drift(files, '--output', 'org.out'),
    'okta-bi-lint: org.baseline.json: the baseline is a snapshot of https://acme.okta.com but the current snapshot is of https://globex.okta.com (compare two snapshots of the same org, or pass --force to compare anyway)',
  );
  assert.not.ok(existsSync(at('org.out')));
  const forced = drift(files, '--force', '--no-check');
  assert.match(
    forced.stderr,
    'okta-bi-lint: warning: org.baseline.json: the baseline is a snapshot of https://acme.okta.com but the current snapshot is of https://globex.okta.com; compared anyway because of --force',
  );
  assert.ok(forced.code === 0 || forced.code === 1);
});

refuse('should accept the same org written with another case or a trailing slash', () => {
  const files = pair('orgslash', (d) => (d.okta.orgUrl = 'https://ACME.okta.com/'));
  assert.is(drift(files, '--no-check').code, 0);
});

refuse('should refuse a baseline of another Beyond Identity tenant', () => {
  const files = pair(
    'tenant',
    (d) => (d.beyondIdentity.tenantId = 't-2'),
    (d) => (d.beyondIdentity.tenantId = 't-1'),
  );
  oneLine(drift(files), 'the baseline is of Beyond Identity tenant t-1 but the current snapshot is of tenant t-2');
});

refuse(
  'should refuse a baseline older than --max-baseline-age, and one without collectedAt when a maximum is set',
  () => {
    const old = pair(
      'old',
      () => {},
      (d) => (d.collectedAt = '2020-01-01T00:00:00.000Z'),
    );
    oneLine(
      drift(old, '--max-baseline-age', '30d'),
      'old.baseline.json: the baseline was collected 2020-01-01T00:00:00.000Z,',
      'which is more than --max-baseline-age 30d',
      '--force',
    );
    assert.ok([0, 1].includes(drift(old).code!), 'no maximum: compared');
    const forced = drift(old, '--max-baseline-age', '30d', '--force', '--no-check');
    assert.is(forced.code, 0);
    assert.match(forced.stderr, 'compared anyway because of --force');
    const undated = pair(
      'undated',
      () => {},
      (d) => delete d.collectedAt,
    );
    oneLine(
      drift(undated, '--max-baseline-age', 'P30D'),
      'the baseline has no collectedAt, so its age cannot be checked against --max-baseline-age P30D',
    );
    oneLine(drift(old, '--max-baseline-age', 'a month'), '--max-baseline-age "a month" is not a duration');
    const young = pair(
      'young',
      () => {},
      (d) => (d.collectedAt = new Date(Date.now() - 86400e3).toISOString()),
    );
    const ok = drift(young, '--max-baseline-age', '30d', '--no-check');
    assert.is(ok.code, 0, ok.stdout + ok.stderr);
  },
);

refuse(
  'should refuse a baseline of another snapshot format version unless forced, and anything that is not a snapshot',
  () => {
    const files = pair(
      'v2',
      (d) => (d.format = 'okta-bi-lint/snapshot@1'),
      (d) => (d.format = 'okta-bi-lint/snapshot@2'),
    );
    oneLine(
      drift(files),
      'v2.baseline.json:2:13: the baseline is a snapshot of format "okta-bi-lint/snapshot@2"; this okta-bi-lint compares okta-bi-lint/snapshot@1',
      '--force',
    );
    const forced = drift(files, '--force', '--no-check');
    assert.is(forced.code, 0, forced.stderr);
    assert.match(
      forced.stderr,
      'okta-bi-lint: warning: v2.baseline.json: the baseline is of format "okta-bi-lint/snapshot@2"; compared as okta-bi-lint/snapshot@1 because of --force',
    );
    writeFileSync(
      at('report.json'),
      runCli(['check', '--snapshot', files.current, '--format', 'json'], { cwd: tmp.dir }).stdout,
    );
    oneLine(
      drift({ baseline: 'report.json', current: files.current }, '--force'),
      'report.json:2:13: the baseline is an okta-bi-lint report file of format "okta-bi-lint/report@1", not a snapshot',
    );
    writeFileSync(at('garbage.json'), '{"okta": ');
    oneLine(drift({ baseline: 'garbage.json', current: files.current }), 'garbage.json:1:');
    oneLine(drift({ baseline: 'missing.json', current: files.current }), 'missing.json: baseline snapshot not found');
    const plain = pair('plain', () => {});
    oneLine(drift({ baseline: plain.baseline, current: 'missing.json' }), 'missing.json: snapshot not found');
  },
);

refuse('should refuse bad flags with one line', () => {
  oneLine(runCli(['drift', '--current', 'x.json'], { cwd: tmp.dir }), 'drift needs a baseline: --baseline FILE');
  oneLine(
    runCli(['drift', '--baseline', 'x.json'], { cwd: tmp.dir }),
    'drift needs the current configuration: --current FILE or --live',
  );
  oneLine(
    runCli(['drift', '--baseline', 'x.json', '--current', 'y.json', '--live'], { cwd: tmp.dir }),
    'pass either --current FILE or --live, not both',
  );
  const files = pair('liveenv', () => {});
  oneLine(
    runCli(['drift', '--baseline', files.baseline, '--live'], {
      cwd: tmp.dir,
      env: { OKTA_ORG_URL: undefined, OKTA_CLIENT_ORGURL: undefined },
    }),
    'no Okta org URL',
  );
});

refuse.run();

// ---- configured ignores, through the CLI ----

const config = suite('drift config');

config('should honour drift.ignore and warn, with file and line, about an ignore that matches nothing', () => {
  const files = pair('ignore', (d) => {
    bi(d).protocol.credentials.client.client_id = 'rotated';
  });
  writeFileSync(
    at('ignore.yaml'),
    [
      'drift:',
      '  ignore:',
      '    - type: idp',
      '      path: protocol.credentials.client.client_id',
      '    - type: app',
      '      path: settings.nosuch',
      '',
    ].join('\n'),
  );
  const r = drift(files, '--config', 'ignore.yaml', '--no-check');
  assert.is(r.code, 0, r.stdout);
  assert.is(
    r.stderr,
    'okta-bi-lint: warning: ignore.yaml:5:7: drift.ignore[1] (app: settings.nosuch) matches no field of any app in either snapshot; check the path (dotted API field names, e.g. protocol.credentials.client.client_id; * is one segment, ** any number)\n',
  );
  writeFileSync(
    at('ignore-bad.yaml'),
    ['drift:', '  ignore:', '    - type: idps', '      path: protocol', ''].join('\n'),
  );
  oneLine(drift(files, '--config', 'ignore-bad.yaml'), 'ignore-bad.yaml:3:13:', '"idps"', 'did you mean "idp"?');
});

config.run();

// ---- --live against the Okta emulator ----

const live = suite('drift --live');

live(
  'should collect, write the snapshot it compared, and find no drift against a baseline collected from the same org',
  async () => {
    const emu = await startEmulator({
      org: orgFromSnapshot(await emulatorSnapshot()),
      tokens: ['live-token'],
      rateLimits: false,
    });
    try {
      const env = {
        OKTA_ORG_URL: emu.url,
        OKTA_API_TOKEN: 'live-token',
        OKTA_CLIENT_ID: undefined,
        OKTA_PRIVATE_KEY: undefined,
      };
      const base = await runCliAsync(['collect', '--bi-platform', 'none', '--out', 'live.baseline.json', '--quiet'], {
        cwd: tmp.dir,
        env,
      });
      assert.is(base.code, 0, base.stderr);
      const r = await runCliAsync(
        [
          'drift',
          '--baseline',
          'live.baseline.json',
          '--live',
          '--bi-platform',
          'none',
          '--snapshot-out',
          'live.current.json',
          '--format',
          'json',
          '--quiet',
        ],
        { cwd: tmp.dir, env },
      );
      assert.is(r.code, 0, r.stderr + r.stdout);
      const doc = valid(json(r));
      assert.equal([doc.summary.changes, doc.current.path, doc.baseline.orgUrl], [0, 'live.current.json', emu.url]);
      assert.ok(existsSync(at('live.current.json')));
      assert.equal(emu.writes(), []);
    } finally {
      await emu.close();
    }
  },
);

live.after(() => tmp.cleanup());
live.run();
