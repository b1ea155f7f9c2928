import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FORMATTERS } from '../src/report/index.js';
import { formatJson } from '../src/report/json.js';
import { esc, formatMarkdown } from '../src/report/markdown.js';
import { formatSarif, ruleName } from '../src/report/sarif.js';
import { formatText } from '../src/report/text.js';
import type { ReportContext } from '../src/report/types.js';
import { validator } from '../src/util/ajv.js';
import { cleanContext, context, POSITIONS, results } from './helpers/report-context.js';
import { REPO_ROOT, validateSarif, validateSarifSchema } from './helpers/sarif-validate.js';

// ---- text ----

const text = suite('formatText');

text('should group findings by guide section with aligned columns, a summary and the verdict', () => {
  const expected = [
    'Okta: catalog apps',
    '  fixtures/acme snapshot.json:48:23   warning        okta/group-push           Group push mapping 0gm9 (app "BI | Admin <b>"): status is "INACTIVE", expected "ACTIVE"',
    '',
    'Okta: identity provider',
    '  fixtures/acme snapshot.json:112:20  error          okta/idp-issuer           Identity provider "Beyond Identity" (0oa1x2): issuer is "https://auth.example.com", expected "https://auth.byndid.com/v2"',
    '',
    'Okta: routing rule',
    '                                      not evaluated  okta/routing-rule-active  depends on okta/routing-rule-defined, which failed',
    '',
    'Users',
    '                                      skipped        users/registered          okta.users was not collected; run collect --include users',
    '',
    'How to fix',
    '  okta/group-push',
    '    Okta Admin Console > Security > Identity Providers > Beyond Identity > Edit',
    '  okta/idp-issuer',
    '    Okta Admin Console > Security > Identity Providers > Beyond Identity > Edit',
    '',
    '✖ 2 problems (1 error, 1 warning), 1 rule not evaluated, 1 skipped, 1 suppressed, 1 off, 2 passed',
    'Audit failed: 1 finding at or above the fail-on level (error); 1 rule not evaluated.',
    '',
  ].join('\n');
  assert.fixture(formatText(context()), expected);
});

text('should print only the summary and verdict for a clean audit', () => {
  assert.fixture(
    formatText(cleanContext()),
    '✔ 0 problems (0 errors, 0 warnings), 1 passed\nAudit passed: every rule was evaluated and no finding is at or above the fail-on level (error).\n',
  );
});

text('should call a partial audit incomplete, never passed', () => {
  const ctx = context({
    results: results().filter((r) => r.status !== 'fail'),
    counts: { pass: 2, fail: 0, 'not-evaluated': 1, skipped: 1, off: 1, suppressed: 1 },
    levelCounts: { error: 0, warning: 0, note: 0 },
    exitCode: 3,
  });
  const out = formatText(ctx);
  assert.match(out, '⚠ 0 problems (0 errors, 0 warnings), 1 rule not evaluated');
  assert.match(
    out,
    'Audit incomplete: 1 rule not evaluated, so the audit is not complete; no finding is at or above the fail-on level (error).',
  );
});

text('should show the path alone when a finding could not be located', () => {
  const out = formatText(context({ positions: new Map() }));
  assert.match(out, /^ {2}fixtures\/acme snapshot\.json +error +okta\/idp-issuer /m);
});

text('should not show suppressed findings as problems', () => {
  assert.not.match(formatText(context()), 'HS256');
});

text('should use ANSI colour only when asked', () => {
  assert.not.match(formatText(context()), '\u001b[');
  const coloured = formatText(context(), { color: true });
  assert.match(coloured, '\u001b[31m');
  assert.fixture(coloured.replace(/\u001b\[\d+m/g, ''), formatText(context()));
});

text('should list only findings at or above --fail-on when quiet, and passing rules when verbose', () => {
  const quiet = formatText(context(), { quiet: true });
  assert.not.match(quiet, /warning +okta/);
  assert.not.match(quiet, /not evaluated {2}okta/);
  assert.match(quiet, /error +okta\/idp-issuer/);
  const verbose = formatText(context(), { verbose: true });
  assert.match(verbose, / {2}pass +\S+/);
});

text.run();

// ---- json ----

const json = suite('formatJson');

json('should be valid against schemas/report.schema.json', () => {
  const validate = validator('report.schema.json');
  for (const ctx of [context(), cleanContext(), context({ configFile: undefined, positions: new Map() })]) {
    const doc = JSON.parse(formatJson(ctx));
    assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
  }
});

json('should list every rule with its status, level and reason', () => {
  const doc = JSON.parse(formatJson(context()));
  assert.is(doc.format, 'okta-bi-lint/report@1');
  assert.equal(
    doc.rules.map((r: { id: string; status: string; level: string }) => [r.id, r.status, r.level]),
    results().map((r) => [r.rule.id, r.status, r.level]),
  );
  assert.is(doc.rules.find((r: { id: string }) => r.id === 'okta/api-token-defined').level, 'off');
  assert.equal(doc.counts, { pass: 2, fail: 2, 'not-evaluated': 1, skipped: 1, off: 1, suppressed: 1 });
  assert.is(doc.exitCode, 1);
});

json('should carry each finding with its location, problems and suppression', () => {
  const doc = JSON.parse(formatJson(context()));
  const issuer = doc.rules.find((r: { id: string }) => r.id === 'okta/idp-issuer').findings[0];
  assert.equal(issuer.location, { path: 'fixtures/acme snapshot.json', line: 112, column: 20 });
  assert.equal(issuer.resource, {
    kind: 'identity provider',
    id: '0oa1x2',
    name: 'Beyond Identity',
    logical: 'okta/idps/0oa1x2',
  });
  assert.is(issuer.problems[0].field, 'protocol.issuer.url');
  const alg = doc.rules.find((r: { id: string }) => r.id === 'bi/oidc-client-alg').findings[0];
  assert.equal(alg.suppressed, { justification: 'legacy client, replaced in Q3', owner: 'iam-team' });
});

json('should omit undefined values rather than write null', () => {
  const out = formatJson(context({ configFile: undefined, positions: new Map() }));
  assert.not.match(out, 'null');
  assert.not.match(out, '"configFile"');
  const doc = JSON.parse(out);
  assert.equal(doc.rules.find((r: { id: string }) => r.id === 'okta/idp-issuer').findings[0].location, {
    path: 'fixtures/acme snapshot.json',
  });
});

json('should be deterministic apart from the timestamps', () => {
  const a = formatJson(context());
  const b = formatJson(
    context({
      startedAt: '2027-01-01T00:00:00.000Z',
      finishedAt: '2027-01-01T00:00:02.000Z',
      counts: { suppressed: 1, off: 1, skipped: 1, 'not-evaluated': 1, fail: 2, pass: 2 },
    }),
  );
  const strip = (s: string) => s.replace(/"(startedAt|finishedAt)": "[^"]*"/g, '');
  assert.fixture(strip(b), strip(a));
  assert.ok(a.endsWith('}\n'));
});

json('should describe every property of its schema', () => {
  const missing: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (!node || typeof node !== 'object') return;
    const props = (node as { properties?: Record<string, Record<string, unknown>> }).properties;
    for (const [k, v] of Object.entries(props ?? {})) {
      if (typeof v.description !== 'string') missing.push(`${at}/${k}`);
      walk(v, `${at}/${k}`);
    }
    for (const [k, v] of Object.entries((node as { definitions?: Record<string, unknown> }).definitions ?? {}))
      walk(v, `#/definitions/${k}`);
  };
  walk(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'report.schema.json'), 'utf8')), '#');
  assert.equal(missing, []);
});

json.run();

// ---- sarif ----

const sarif = suite('formatSarif');

type SarifLog = {
  runs: {
    tool: {
      driver: {
        rules: {
          id: string;
          name: string;
          helpUri?: string;
          help: { text: string; markdown: string };
          defaultConfiguration: { level: string };
        }[];
      };
    };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications?: { level: string; message: { text: string }; descriptor: { id: string } }[];
    }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
        logicalLocations: { fullyQualifiedName: string }[];
      }[];
      partialFingerprints: Record<string, string>;
      suppressions?: { kind: string; status: string; justification: string }[];
    }[];
    originalUriBaseIds: Record<string, { uri: string }>;
  }[];
};

const withWarnings = () =>
  context({
    warnings: [
      {
        level: 'warning',
        message: 'suppression of okta/idp-issuer expired on 2026-11-01 and no longer suppresses',
        file: 'okta-bi-lint.yaml',
        line: 12,
        column: 5,
      },
      { level: 'note', message: 'suppression of okta/api-token-defined matched no finding' },
    ],
    accepted: { file: 'accepted.json', count: 3, stale: 1 },
  });

sarif('should be valid against the official SARIF 2.1.0 schema', () => {
  for (const ctx of [context(), cleanContext(), context({ positions: new Map() }), withWarnings()]) {
    const log = JSON.parse(formatSarif(ctx));
    assert.ok(validateSarifSchema(log), JSON.stringify(validateSarifSchema.errors, null, 2));
  }
  assert.not.ok(
    validateSarifSchema({ version: '2.1.0', runs: [{ results: [] }] }),
    'the schema check must be able to fail',
  );
});

sarif('should be clean under the official validator with GitHub rules', () => {
  for (const ctx of [context(), cleanContext(), withWarnings()]) {
    const v = validateSarif(formatSarif(ctx));
    assert.equal({ errors: v.errors, warnings: v.warnings }, { errors: [], warnings: [] }, v.output);
  }
});

sarif('should carry expired and unused suppressions as configuration notifications', () => {
  const log = JSON.parse(formatSarif(withWarnings()));
  const n = log.runs[0].invocations[0].toolConfigurationNotifications;
  assert.equal(
    n.map((x: { level: string }) => x.level),
    ['warning', 'note'],
  );
  assert.is(
    n[0].message.text,
    'okta-bi-lint.yaml:12:5: suppression of okta/idp-issuer expired on 2026-11-01 and no longer suppresses.',
  );
  const json = JSON.parse(formatJson(withWarnings()));
  assert.is(json.warnings.length, 2);
  assert.equal(json.accepted, { file: 'accepted.json', count: 3, stale: 1 });
  assert.ok(validator('report.schema.json')(json));
  assert.is(JSON.parse(formatJson(context())).warnings, undefined);
});

sarif('should have a validator that can fail', () => {
  const bare = {
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'a', message: { text: 'hi' } }] }],
  };
  const v = validateSarif(JSON.stringify(bare));
  assert.ok(
    v.errors.some((e) => e.startsWith('GH1018')),
    v.output,
  );
  assert.ok(
    v.warnings.some((w) => w.startsWith('SARIF2005')),
    v.output,
  );
});

sarif('should describe every rule that ran, and no rule that is off', () => {
  const log: SarifLog = JSON.parse(formatSarif(context()));
  const rules = log.runs[0].tool.driver.rules;
  assert.equal(
    rules.map((r) => r.id),
    results()
      .filter((r) => r.status !== 'off')
      .map((r) => r.rule.id),
  );
  const issuer = rules.find((r) => r.id === 'okta/idp-issuer')!;
  assert.is(issuer.name, 'IdpIssuer');
  // no repository in package.json: no link to a guessed address; with one, the rule's page in it
  assert.is(issuer.helpUri, undefined);
  const withRepo = context();
  withRepo.tool = { ...withRepo.tool, repository: 'https://git.example.org/acme/okta-bi-lint' };
  const linked = (JSON.parse(formatSarif(withRepo)) as SarifLog).runs[0].tool.driver.rules;
  assert.is(
    linked.find((r) => r.id === 'okta/idp-issuer')!.helpUri,
    'https://git.example.org/acme/okta-bi-lint/blob/main/docs/rules/okta/idp-issuer.md',
  );
  assert.match(issuer.help.text, 'How to fix: Okta Admin Console > Security > Identity Providers');
  assert.match(issuer.help.markdown, '**How to fix:**');
  assert.is(
    rules.find((r) => r.id === 'acme/custom-check')!.helpUri,
    'https://wiki.acme.example/okta-bi-lint/custom-check',
  );
  assert.is(rules.find((r) => r.id === 'okta/group-push')!.defaultConfiguration.level, 'warning');
});

sarif('should point each result at the value in the snapshot and name the resource', () => {
  const log: SarifLog = JSON.parse(formatSarif(context()));
  const run = log.runs[0];
  assert.is(run.results.length, 3);
  for (const r of run.results) assert.is(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
  const issuer = run.results.find((r) => r.ruleId === 'okta/idp-issuer')!;
  assert.is(issuer.level, 'error');
  assert.match(issuer.message.text, /Beyond Identity.*"https:\/\/auth\.example\.com".*\.$/);
  assert.is(issuer.locations[0].physicalLocation.artifactLocation.uri, 'fixtures/acme%20snapshot.json');
  assert.equal(issuer.locations[0].physicalLocation.region, { startLine: 112, startColumn: 20 });
  assert.is(issuer.locations[0].logicalLocations[0].fullyQualifiedName, 'okta/idps/0oa1x2');
  assert.equal(issuer.partialFingerprints, { 'okta-bi-lint/v1': 'fp-okta/idp-issuer-0oa1x2' });
  assert.is(run.originalUriBaseIds['%SRCROOT%'].uri, 'file:///home/ci/work/');
});

sarif('should keep fingerprints when lines move', () => {
  const moved = new Map([...POSITIONS].map(([p, pos]) => [p, { line: pos.line + 7, column: pos.column }]));
  const fps = (ctx: ReportContext) =>
    (JSON.parse(formatSarif(ctx)) as SarifLog).runs[0].results.map((r) => r.partialFingerprints);
  assert.equal(fps(context({ positions: moved })), fps(context()));
});

sarif('should mark suppressed findings as accepted external suppressions', () => {
  const log: SarifLog = JSON.parse(formatSarif(context()));
  const alg = log.runs[0].results.find((r) => r.ruleId === 'bi/oidc-client-alg')!;
  assert.equal(
    alg.suppressions?.map(({ kind, status, justification }) => ({ kind, status, justification })),
    [{ kind: 'external', status: 'accepted', justification: 'legacy client, replaced in Q3' }],
  );
  assert.is(log.runs[0].results.filter((r) => r.suppressions).length, 1);
});

sarif('should report rules not evaluated as notifications of an unsuccessful run', () => {
  const inv = (JSON.parse(formatSarif(context())) as SarifLog).runs[0].invocations[0];
  assert.is(inv.executionSuccessful, false);
  const errors = inv.toolExecutionNotifications!.filter((n) => n.level === 'error');
  assert.equal(
    errors.map((n) => n.descriptor.id),
    ['okta/routing-rule-active'],
  );
  assert.match(
    errors[0].message.text,
    'okta/routing-rule-active was not evaluated: depends on okta/routing-rule-defined, which failed.',
  );
  const clean = (JSON.parse(formatSarif(cleanContext())) as SarifLog).runs[0].invocations[0];
  assert.is(clean.executionSuccessful, true);
  assert.is(clean.toolExecutionNotifications, undefined);
});

sarif('should derive PascalCase rule names from the last id segment', () => {
  assert.is(ruleName('okta/idp-issuer-matches'), 'IdpIssuerMatches');
  assert.is(ruleName('bi/oidc_client.alg'), 'OidcClientAlg');
});

sarif.run();

// ---- markdown ----

const markdown = suite('formatMarkdown');

markdown('should lead with the verdict and the counts', () => {
  const out = formatMarkdown(context());
  assert.ok(
    out.startsWith(
      '## okta-bi-lint audit ❌ failed\n\n**Audit failed:** 1 finding at or above the fail-on level (error); 1 rule not evaluated.\n',
    ),
  );
  assert.match(out, '| ❌ fail | 2 |');
  assert.match(out, '| 🔴 error | 1 |');
});

markdown('should list every rule under its guide section with an emoji and a word', () => {
  const out = formatMarkdown(context());
  const headings = [...out.matchAll(/^### (.*)$/gm)].map((m) => m[1]);
  assert.equal(headings, [
    'Okta: user profile and group',
    'Okta: catalog apps',
    'Okta: identity provider',
    'Okta: routing rule',
    'Okta: event hook and API token',
    'Beyond Identity',
    'Users',
    'acme',
  ]);
  for (const label of ['✅ pass', '❌ fail', '⚠️ not evaluated', '⏭️ skipped', '🔕 suppressed', '⚪ off'])
    assert.match(out, `| ${label} |`);
  assert.match(
    out,
    '| `okta/routing-rule-active` | Checks okta/routing-rule-active | error | ⚠️ not evaluated | depends on okta/routing-rule-defined, which failed |',
  );
});

markdown('should show each finding with its resource, message, location and fix', () => {
  const out = formatMarkdown(context());
  assert.match(
    out,
    '| 🔴 error | `okta/idp-issuer` | okta/idps/0oa1x2 | Identity provider "Beyond Identity" (0oa1x2): issuer is "https://auth.example.com", expected "https://auth.byndid.com/v2" | fixtures/acme snapshot.json:112:20 | Okta Admin Console &gt; Security &gt; Identity Providers &gt; Beyond Identity &gt; Edit |',
  );
  assert.match(out, '🔕 suppressed (error)');
});

markdown('should escape table separators and HTML in values', () => {
  const out = formatMarkdown(context());
  assert.match(out, 'app "BI \\| Admin &lt;b&gt;"');
  assert.not.match(out, '<b>');
  // A line break is shown as an escape (then backslash-escaped for Markdown), so the row cannot end inside a value.
  assert.is(esc('a|b<script>&`x`\nnext'), 'a\\|b&lt;script&gt;&amp;\\`x\\`\\\\nnext');
  // Every table row has exactly as many unescaped separators as its header.
  for (const table of out.split('\n\n').filter((b) => b.startsWith('|'))) {
    const cells = table
      .split('\n')
      .filter((l) => l.startsWith('|'))
      .map((l) => l.replace(/\\\|/g, '').split('|').length);
    assert.ok(
      cells.every((n) => n === cells[0]),
      table,
    );
  }
});

markdown.run();

// ---- index ----

const index = suite('FORMATTERS');

index('should offer the CLI format names, each producing output', () => {
  assert.equal(Object.keys(FORMATTERS).sort(), ['html', 'json', 'junit', 'markdown', 'sarif', 'text']);
  for (const f of Object.values(FORMATTERS)) assert.type(f(context()), 'string');
});

index.run();
