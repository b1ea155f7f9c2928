// The rule documentation is generated (`npm run docs`): every built-in rule has a page under
// docs/rules/, each page and the index are exactly what the generator writes, README.md's rules
// table is current, and every link in them resolves.
import * as path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DOCS_DIR, README, buildRuleDocs, builtinRules, existingDocs, updateReadme } from '../src/tools/gen-docs.ts';

const rules = builtinRules();
const docs = buildRuleDocs(rules);
const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

const pages = suite('rule docs');

pages('should have a page for every built-in rule', () => {
  const missing = rules
    .filter((r) => !existsSync(path.join(DOCS_DIR, `${r.id}.md`)))
    .map((r) => `docs/rules/${r.id}.md`);
  assert.equal(missing, [], 'run `npm run docs`');
});

pages(
  'should have every page exactly as generated (run `npm run docs` after changing a rule, a fixture or the engine)',
  () => {
    const stale = [...docs]
      .filter(([rel, text]) => read(path.join(DOCS_DIR, rel)) !== text)
      .map(([rel]) => `docs/rules/${rel}`);
    assert.equal(stale, []);
  },
);

pages('should have no page for a rule that does not exist', () => {
  assert.equal(
    existingDocs().filter((rel) => !docs.has(rel)),
    [],
  );
});

pages(
  'should show, on every page, what the rule reports on its failing example and that its passing example passes',
  () => {
    for (const r of rules) {
      const page = docs.get(`${r.id}.md`)!;
      assert.match(page, `# ${r.id}\n`, r.id);
      const failing = page.slice(page.indexOf('## Failing example'), page.indexOf('## Passing example'));
      assert.match(
        failing,
        /^reports \((error|warning|note)\) on `[^`]+`:$/m,
        `${r.id}: the failing example reports nothing`,
      );
      assert.match(
        page.slice(page.indexOf('## Passing example')),
        /^status: \*\*pass\*\*: /m,
        `${r.id}: the passing example does not pass`,
      );
    }
  },
);

pages('should link only to files that exist', () => {
  for (const [rel, text] of docs) {
    for (const m of text.matchAll(/\]\(([^)#]+\.md)\)/g)) {
      const target = path.resolve(path.dirname(path.join(DOCS_DIR, rel)), m[1]);
      assert.ok(
        docs.has(path.relative(DOCS_DIR, target).split(path.sep).join('/')),
        `docs/rules/${rel} links to ${m[1]}, which is not generated`,
      );
    }
  }
});

pages.run();

const readme = suite('README rules table');

readme('should list every rule, as the generator writes it', () => {
  const text = readFileSync(README, 'utf8');
  assert.is(text, updateReadme(text, rules), "README.md's rules table is stale: run `npm run docs`");
  for (const r of rules) assert.match(text, `[\`${r.id}\`](docs/rules/${r.id}.md)`);
});

readme('should refuse a README without the rules markers', () => {
  assert.throws(() => updateReadme('# okta-bi-lint\n', rules), /rules:start/);
});

readme('should replace only the text between the markers', () => {
  const out = updateReadme('before\n<!-- rules:start -->\nold table\n<!-- rules:end -->\nafter\n', rules.slice(0, 1));
  assert.is(
    out,
    `before\n<!-- rules:start -->\n| id | level | mode | title |\n|---|---|---|---|\n| [\`${rules[0].id}\`](docs/rules/${rules[0].id}.md) | ${rules[0].level} | ${rules[0].mode} | ${rules[0].title} |\n<!-- rules:end -->\nafter\n`,
  );
});

readme.run();
