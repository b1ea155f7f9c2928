import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { check } from '../src/api/check.js';
import { GUIDE_SECTIONS } from '../src/engine/sections.js';
import type { RuleResult } from '../src/engine/types.js';
import { formatJunit } from '../src/report/junit.js';
import type { ReportContext } from '../src/report/types.js';
import { CLEAN, app, cleanDoc, failingDoc, writeDoc } from './helpers/audit-snapshots.js';
import { parseXml, walk, type XmlElement } from './helpers/xml.js';

// ---- the JUnit schema Jenkins reads ----
// The content model of junit-10.xsd from the Jenkins xUnit plugin (jenkinsci/xunit-plugin,
// src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd), which is also
// what GitLab's parser accepts: which children and attributes each element may have, and which
// attributes it must. None of its types allows attributes it does not declare.

const TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/;

const MODEL: Record<string, { children: string[]; required: string[]; optional: string[]; text: boolean }> = {
  testsuites: {
    children: ['testsuite'],
    required: [],
    optional: ['name', 'time', 'tests', 'failures', 'errors'],
    text: false,
  },
  testsuite: {
    children: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
    required: ['name', 'tests', 'failures', 'errors'],
    optional: ['group', 'time', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url'],
    text: false,
  },
  properties: { children: ['property'], required: [], optional: [], text: false },
  property: { children: [], required: ['name', 'value'], optional: [], text: false },
  testcase: {
    children: [
      'skipped',
      'error',
      'failure',
      'rerunFailure',
      'rerunError',
      'flakyFailure',
      'flakyError',
      'system-out',
      'system-err',
    ],
    required: ['name'],
    optional: ['time', 'classname', 'group'],
    text: false,
  },
  failure: { children: [], required: [], optional: ['type', 'message'], text: true },
  error: { children: [], required: [], optional: ['type', 'message'], text: true },
  skipped: { children: [], required: [], optional: ['type', 'message'], text: true },
  'system-out': { children: [], required: [], optional: [], text: true },
  'system-err': { children: [], required: [], optional: [], text: true },
};

/** Every violation of the schema (and of the counts Jenkins and GitLab trust), with a path to it. */
export function junitProblems(xml: string): string[] {
  const problems: string[] = [];
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    return [`not well-formed: ${(e as Error).message}`];
  }
  if (root.name !== 'testsuites') problems.push(`root is <${root.name}>, not <testsuites>`);
  const visit = (el: XmlElement, where: string) => {
    const m = MODEL[el.name];
    if (!m) {
      problems.push(`${where}: unknown element <${el.name}>`);
      return;
    }
    for (const a of m.required) if (!(a in el.attrs)) problems.push(`${where}: missing required attribute ${a}`);
    for (const a of Object.keys(el.attrs))
      if (!m.required.includes(a) && !m.optional.includes(a))
        problems.push(`${where}: attribute ${a} is not in the schema`);
    if ('time' in el.attrs && (el.name === 'testsuite' || el.name === 'testsuites') && !TIME.test(el.attrs.time))
      problems.push(`${where}: time "${el.attrs.time}" is not a SUREFIRE_TIME`);
    if (!m.text && el.text.trim() !== '') problems.push(`${where}: text is not allowed in <${el.name}>`);
    el.children.forEach((c, i) => {
      if (!m.children.includes(c.name)) problems.push(`${where}: <${c.name}> is not allowed in <${el.name}>`);
      visit(c, `${where}/${c.name}[${i}]`);
    });
  };
  visit(root, root.name);
  for (const s of [...walk(root)].filter((e) => e.name === 'testsuite')) {
    const cases = s.children.filter((c) => c.name === 'testcase');
    const count = (n: string) => cases.filter((c) => c.children.some((x) => x.name === n)).length;
    const want = { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped') };
    for (const [k, v] of Object.entries(want))
      if (k in s.attrs && s.attrs[k] !== String(v))
        problems.push(`testsuite "${s.attrs.name}": ${k}="${s.attrs[k]}" but it holds ${v}`);
  }
  const all = [...walk(root)].filter((e) => e.name === 'testcase');
  const total = {
    tests: all.length,
    failures: all.filter((c) => c.children.some((x) => x.name === 'failure')).length,
    errors: 0,
  };
  for (const [k, v] of Object.entries(total))
    if (k in root.attrs && root.attrs[k] !== String(v))
      problems.push(`testsuites: ${k}="${root.attrs[k]}" but it holds ${v}`);
  return problems;
}

/** xmllint's verdict against the same schema, when it is installed (apt package libxml2-utils). */
function xmllintWellFormed(xml: string): string | undefined {
  const which = spawnSync('sh', ['-c', 'command -v xmllint'], { encoding: 'utf8' });
  if (which.status !== 0) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'okta-bi-lint-junit-'));
  try {
    writeFileSync(path.join(dir, 'r.xml'), xml);
    const p = spawnSync('xmllint', ['--noout', path.join(dir, 'r.xml')], { encoding: 'utf8' });
    return p.status === 0 ? '' : p.stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- contexts ----

// Snapshots go where the test-name filters (html|junit|init|action) cannot mistake them for suites.
const OUT = path.join(process.cwd(), 'test', '.out', 'snapshots');
const ctxOf = (name: string, doc: unknown, extra: { rules?: string[]; config?: string } = {}) =>
  check({ snapshot: writeDoc(path.join(OUT, `xml-${name}`), doc), cwd: OUT, ...extra });

function failingCtx(): ReportContext {
  return ctxOf('acme-failing.json', failingDoc());
}

const cases = (xml: string) => [...walk(parseXml(xml))].filter((e) => e.name === 'testcase');
const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);

// ---- tests ----

const structure = suite('formatJunit structure');

structure('should be valid against the Jenkins JUnit schema for a clean, a failing and a partial audit', () => {
  const clean = check({ snapshot: CLEAN, cwd: OUT });
  const gappy = cleanDoc();
  delete gappy.okta.idps;
  gappy.gaps = [{ section: 'okta.idps', reason: '429 rate limited' }];
  const partial = ctxOf('partial.json', gappy);
  assert.is(partial.exitCode, 3);
  for (const ctx of [clean, failingCtx(), partial]) {
    const xml = formatJunit(ctx);
    assert.equal(junitProblems(xml), []);
    const lint = xmllintWellFormed(xml);
    if (lint !== undefined) assert.is(lint, '', 'xmllint accepts it');
  }
});

structure("should hold one testsuite per guide section, in the guide's order, and one testcase per rule", () => {
  const ctx = failingCtx();
  const root = parseXml(formatJunit(ctx));
  const suites = root.children;
  const sections = [...new Set(ctx.results.map((r) => r.rule.section))];
  const expected = GUIDE_SECTIONS.filter((s) => sections.includes(s.key)).map((s) => s.title);
  assert.equal(
    suites.map((s) => s.attrs.name),
    expected,
  );
  assert.equal(
    suites.map((s) => s.attrs.package),
    GUIDE_SECTIONS.filter((s) => sections.includes(s.key)).map((s) => `okta-bi-lint.${s.key}`),
  );
  const ids = suites.flatMap((s) => s.children.filter((c) => c.name === 'testcase').map((c) => c.attrs.classname));
  assert.equal(ids.slice().sort(), ctx.results.map((r) => r.rule.id).sort(), 'each rule once, its id as classname');
  for (const s of suites) {
    const section = GUIDE_SECTIONS.find((g) => g.title === s.attrs.name)!;
    const inSection = ctx.results.filter((r) => r.rule.section === section.key).map((r) => r.rule.id);
    assert.equal(
      s.children.filter((c) => c.name === 'testcase').map((c) => c.attrs.classname),
      inSection,
      `${s.attrs.name} holds its own rules in report order`,
    );
    assert.is(s.attrs.hostname, 'acme.okta.com');
    assert.match(s.attrs.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  }
  assert.equal(
    { tests: root.attrs.tests, failures: root.attrs.failures, errors: root.attrs.errors },
    { tests: String(ctx.results.length), failures: '4', errors: '0' },
  );
  const props = Object.fromEntries(suites[0].children[0].children.map((p) => [p.attrs.name, p.attrs.value]));
  assert.equal(
    {
      org: props['okta.orgUrl'],
      snapshot: props.snapshot,
      provisioning: props.provisioning,
      failOn: props.failOn,
      exitCode: props.exitCode,
      sha: props['snapshot.sha256'],
    },
    {
      org: 'https://acme.okta.com',
      snapshot: ctx.snapshot.path,
      provisioning: 'scim',
      failOn: 'error',
      exitCode: '1',
      sha: ctx.snapshot.sha256,
    },
  );
});

structure('should have a validator that catches what Jenkins would reject', () => {
  const bad = [
    [
      '<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="t" file="x"/></testsuite></testsuites>',
      'attribute file is not in the schema',
    ],
    [
      '<testsuites><testsuite name="s" tests="2" failures="0" errors="0"><testcase name="t"/></testsuite></testsuites>',
      'tests="2" but it holds 1',
    ],
    [
      '<testsuites><testsuite tests="1" failures="0" errors="0"><testcase name="t"/></testsuite></testsuites>',
      'missing required attribute name',
    ],
    [
      '<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="a & b"/></testsuite></testsuites>',
      'a bare "&"',
    ],
    [
      '<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="t"><failure><b/></failure></testcase></testsuite></testsuites>',
      '<b> is not allowed in <failure>',
    ],
    [
      '<testsuites><testsuite name="s" tests="1" failures="0" errors="0" time="1s"><testcase name="t"/></testsuite></testsuites>',
      'is not a SUREFIRE_TIME',
    ],
    [
      '<testsuites><testsuite name="s\u0007" tests="0" failures="0" errors="0"></testsuite></testsuites>'.replace(
        '\\u0007',
        '\u0007',
      ),
      'is not allowed in XML 1.0',
    ],
  ];
  for (const [xml, want] of bad) assert.match(junitProblems(xml).join('\n'), want, xml);
});

structure.run();

const outcomes = suite('formatJunit outcomes');

outcomes('should report each failing rule with a <failure> carrying the message, the level and how to fix it', () => {
  const ctx = failingCtx();
  const byId = new Map(cases(formatJunit(ctx)).map((c) => [c.attrs.classname, c]));
  const failed = ctx.results.filter((r) => r.status === 'fail');
  assert.equal(failed.map((r) => r.rule.id).sort(), [
    'bi/oidc-client-redirect-uri',
    'okta/api-token-defined',
    'okta/idp-issuer',
    'okta/user-portal-provisioning',
  ]);
  for (const r of failed) {
    const f = child(byId.get(r.rule.id)!, 'failure')!;
    assert.ok(f, `${r.rule.id} has a failure`);
    assert.is(f.attrs.message, r.findings[0].message);
    assert.is(f.attrs.type, r.findings[0].level);
    assert.is(byId.get(r.rule.id)!.attrs.name, r.rule.title);
    assert.match(f.text, `Fix: ${r.rule.fix}`);
    assert.match(f.text, `Rule: ${r.rule.id} (${r.findings[0].level})`);
  }
  const issuer = child(byId.get('okta/idp-issuer')!, 'failure')!;
  assert.match(issuer.text, 'Found protocol.issuer.url: "https://auth.byndid.com/v2/"');
  assert.match(issuer.text, 'Expected protocol.issuer.url: "https://auth.byndid.com/v2"');
  assert.match(issuer.text, /Location: test\/\.out\/snapshots\/xml-acme-failing\.json:\d+:\d+/);
  assert.is(child(byId.get('okta/api-token-defined')!, 'failure')!.attrs.type, 'warning');
});

outcomes(
  'should mark rules not evaluated, skipped and off as <skipped> with the reason, and passes as bare testcases',
  () => {
    const ctx = failingCtx();
    const byId = new Map(cases(formatJunit(ctx)).map((c) => [c.attrs.classname, c]));
    const expectOf = (r: RuleResult) =>
      ({ 'not-evaluated': 'not evaluated', skipped: 'skipped', off: 'off' })[r.status as 'off'];
    let seen = 0;
    for (const r of ctx.results) {
      const c = byId.get(r.rule.id)!;
      if (r.status === 'pass') {
        assert.equal(c.children, [], `${r.rule.id} passes`);
        continue;
      }
      if (r.status === 'fail') continue;
      seen++;
      const s = child(c, 'skipped');
      assert.ok(s, `${r.rule.id} (${r.status}) is skipped`);
      assert.is(s!.attrs.message, `${expectOf(r)}: ${r.reason}`);
    }
    assert.ok(seen >= 8, 'the fixture has rules not evaluated, skipped and off');
    assert.is(
      child(byId.get('bi/console-sso')!, 'skipped')!.attrs.message,
      'not evaluated: beyondIdentity.consoleSso could not be collected: 403 Forbidden: the API token lacks the console-sso:read scope',
    );
  },
);

outcomes('should give each resource its own testcase when a rule fails on several', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'okta-bi-lint-rules-'));
  try {
    writeFileSync(
      path.join(dir, 'apps-active.yaml'),
      [
        'id: acme/apps-active',
        'title: Every app is active',
        'level: warning',
        'section: okta-apps',
        'description: Every app in the org has status ACTIVE.',
        'rationale: An inactive app hides which integrations are live.',
        'fix: Applications > Applications > the app > Activate.',
        'requires: [okta.apps]',
        'then:',
        '  - { field: "okta.apps[*].status", function: equals, options: { value: ACTIVE } }',
        '',
      ].join('\n'),
    );
    const doc = cleanDoc();
    app(doc, 'Beyond Identity Admin Portal').status = 'INACTIVE';
    doc.okta.apps[0].status = 'INACTIVE';
    const ctx = ctxOf('two-inactive.json', doc, { rules: [dir] });
    const xml = formatJunit(ctx);
    assert.equal(junitProblems(xml), []);
    const mine = cases(xml).filter((c) => c.attrs.classname === 'acme/apps-active');
    const r = ctx.results.find((x) => x.rule.id === 'acme/apps-active')!;
    assert.is(r.findings.length, 2);
    assert.equal(
      mine.map((c) => c.attrs.name),
      r.findings.map((f) => `Every app is active [${f.resource.logical}]`),
    );
    assert.equal(
      mine.map((c) => child(c, 'failure')!.attrs.message),
      r.findings.map((f) => f.message),
    );
    assert.ok(new Set(mine.map((c) => c.attrs.name)).size === 2, 'names are distinct');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

outcomes('should mark suppressed findings as skipped with the justification, never as failures', () => {
  const ctx = failingCtx();
  const r = ctx.results.find((x) => x.rule.id === 'okta/idp-issuer')!;
  r.status = 'suppressed';
  r.findings[0].suppressed = { justification: 'issuer fixed in CHG-1234', owner: 'iam-team', expires: '2027-01-31' };
  const c = cases(formatJunit(ctx)).find((x) => x.attrs.classname === 'okta/idp-issuer')!;
  assert.not.ok(child(c, 'failure'));
  assert.is(
    child(c, 'skipped')!.attrs.message,
    `suppressed: ${r.findings[0].message} (issuer fixed in CHG-1234; owner iam-team; expires 2027-01-31)`,
  );
});

outcomes.run();

const escaping = suite('formatJunit escaping');

escaping('should escape markup, quotes, controls, line breaks and characters XML cannot carry', () => {
  const ctx = failingCtx();
  const r = ctx.results.find((x) => x.rule.id === 'okta/idp-issuer')!;
  const nasty =
    'a <b>&amp; "q" \'s\' ]]> tab\there\nline2\r\nbell\u0007 nul\u0000 esc\u001b ff\u000c fffe\uFFFE lone\uD800 pair😀 end';
  r.findings[0].message = nasty;
  r.rule.title = `Title with ${nasty}`;
  r.rule.fix = `Fix > with <${nasty}>`;
  const xml = formatJunit(ctx);
  assert.equal(junitProblems(xml), []);
  const c = cases(xml).find((x) => x.attrs.classname === 'okta/idp-issuer')!;
  const f = child(c, 'failure')!;
  // Controls a log or terminal would act on, line breaks included, are shown as escapes (so no value
  // can start a line of its own); what XML cannot hold at all is shown as \uXXXX.
  const shown =
    'a <b>&amp; "q" \'s\' ]]> tab\\there\\nline2\\r\\nbell\\x07 nul\\0 esc\\x1b ff\\f fffe\\ufffe lone\\ud800 pair😀 end';
  assert.is(f.attrs.message, shown, 'the attribute shows tabs and line breaks as escapes');
  assert.is(c.attrs.name, `Title with ${shown}`);
  assert.ok(f.text.startsWith(shown), 'the body shows the message on one line');
  // A rule's fix is prose: its line breaks fold into spaces, its controls are escaped like values.
  assert.match(f.text, `Fix: Fix > with <${shown.replace('\\nline2\\r\\n', ' line2 ')}>`);
  assert.not.match(xml, '<b>');
  assert.not.match(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
});

escaping('should escape values planted in the snapshot', () => {
  const doc = failingDoc();
  doc.okta.idps.find((i: { name: string }) => i.name === 'Beyond Identity').protocol.issuer.url =
    'https://auth.byndid.com/v2/"/><testcase name="forged"/>';
  const ctx = ctxOf('planted.json', doc);
  const xml = formatJunit(ctx);
  assert.equal(junitProblems(xml), []);
  assert.not.ok(
    cases(xml).some((c) => c.attrs.name === 'forged'),
    'no testcase was forged',
  );
  const issuer = cases(xml).find((c) => c.attrs.classname === 'okta/idp-issuer')!;
  assert.match(
    child(issuer, 'failure')!.attrs.message,
    '"https://auth.byndid.com/v2/\\"/><testcase name=\\"forged\\"/>"',
  );
});

escaping.run();
