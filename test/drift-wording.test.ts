import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, tempDir } from './helpers/cli.js';
import { cleanDoc, writeDoc } from './helpers/audit-snapshots.js';

// What a drift report says: the threshold that decided (--drift-fail-on, not --fail-on), a mark
// and a verdict that agree, "no changes" when there are none, a Markdown header that says drift and
// names the baseline, and removed resources located in the baseline file in every format.

const tmp = tempDir('okta-bi-lint-drift-wording-');
writeDoc(tmp.file('baseline.json'), cleanDoc());
writeDoc(tmp.file('same.json'), cleanDoc());
// a change no rule fails on: the integration group's description (a warning)
const changed = cleanDoc();
changed.okta.groups.find(
  (g: { profile: { name: string } }) => g.profile.name === 'Beyond Identity',
).profile.description = 'Passwordless users';
writeDoc(tmp.file('changed.json'), changed);
const removed = cleanDoc();
removed.okta.idps = removed.okta.idps.filter((i: { name: string }) => i.name !== 'Beyond Identity');
writeDoc(tmp.file('removed.json'), removed);
const COLLECTED = cleanDoc().collectedAt as string;

const drift = (current: string, ...args: string[]) =>
  runCli(['drift', '--baseline', 'baseline.json', '--current', current, ...args], { cwd: tmp.dir });
const lastLines = (out: string) => out.trimEnd().split('\n').slice(-2);

const wording = suite('drift wording');

wording('should speak of --drift-fail-on when only the comparison ran (--no-check)', () => {
  const r = drift('changed.json', '--no-check');
  assert.is(r.code, 1, r.stderr);
  const [summary, verdict] = lastLines(r.stdout);
  assert.is(summary, '✖ 1 change since the baseline (0 errors, 1 warning)');
  assert.is(verdict, 'Drift failed: 1 change since the baseline at or above the drift-fail-on level (note).');
  assert.not.match(r.stdout, 'the fail-on level', '--fail-on plays no part without the rules');
});

wording('should not print a failure mark over a passing verdict with --drift-fail-on never', () => {
  for (const extra of [['--no-check'], []]) {
    const r = drift('changed.json', '--drift-fail-on', 'never', ...extra);
    assert.is(r.code, 0, r.stderr);
    const [summary, verdict] = lastLines(r.stdout);
    assert.not.match(summary, '✖');
    assert.match(summary, /^⚠ 1 change since the baseline \(0 errors, 1 warning\)/);
    assert.match(
      verdict,
      /^Drift passed: .*1 change since the baseline, which does not fail the run \(--drift-fail-on never\)/,
    );
  }
});

wording('should say there are no changes since the baseline, naming it and when it was collected', () => {
  const r = drift('same.json');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, `No changes since the baseline (baseline.json, collected ${COLLECTED}).`);
  assert.match(
    lastLines(r.stdout)[1],
    /^Drift passed: every rule was evaluated, no changes since the baseline; no finding is at or above the fail-on level \(error\)\.$/,
  );
  const md = drift('same.json', '--format', 'markdown').stdout;
  assert.match(md, `No changes since the baseline (baseline.json, collected ${COLLECTED}).`);
});

wording('should head the Markdown summary with drift and name the baseline', () => {
  const md = drift('changed.json', '--format', 'markdown').stdout;
  assert.match(md, /^## okta-bi-lint drift ❌ failed\n\n\*\*Drift failed:\*\* /);
  assert.not.match(md.split('\n')[0], 'audit');
  assert.match(md, `Baseline baseline.json, collected ${COLLECTED} · current snapshot changed.json`);
});

wording('should locate a removed resource in the baseline file in every format', () => {
  const base = readFileSync(tmp.file('baseline.json'), 'utf8').split('\n');
  const line = base.findIndex((l) => l.includes('"0oabyndidp000000a1d7"')) + 1;
  assert.ok(line > 0);
  const near = (loc: string) => {
    const m = /^baseline\.json:(\d+):\d+$/.exec(loc);
    assert.ok(m, `a place in the baseline, not ${loc}`);
    assert.ok(Math.abs(Number(m![1]) - line) <= 3, `line ${m![1]} is at the removed IdP (line ${line})`);
  };
  const where = (out: string, re: RegExp) => {
    const m = re.exec(out);
    assert.ok(m, out.slice(0, 2000));
    return m![1];
  };
  near(where(drift('removed.json', '--no-check').stdout, /^ {2}(\S+) +error +drift\/idp-removed /m));
  near(
    where(
      drift('removed.json', '--no-check', '--format', 'markdown').stdout,
      /\| `drift\/idp-removed` \|[^\n]*\| (baseline\.json:\d+:\d+) \|/,
    ),
  );
  near(where(drift('removed.json', '--no-check', '--format', 'junit').stdout, /Location: (baseline\.json:\d+:\d+)/));
  near(
    where(
      drift('removed.json', '--no-check', '--format', 'html').stdout,
      /title="in the baseline">(baseline\.json:\d+:\d+)</,
    ),
  );
  const sarif = JSON.parse(drift('removed.json', '--no-check', '--format', 'sarif').stdout);
  const res = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'drift/idp-removed');
  const loc = res.locations[0].physicalLocation;
  near(
    `${sarif.runs[0].artifacts[loc.artifactLocation.index].location.uri}:${loc.region.startLine}:${loc.region.startColumn}`,
  );
});

wording.after(() => tmp.cleanup());
wording.run();
