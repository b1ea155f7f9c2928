// docs/functions.md is generated from the check function definitions (`npm run docs`): the committed
// page is exactly what the generator writes, every function is on it, and each example's message is
// one the function can produce.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FUNCTIONS_DOC, functionsDoc } from '../src/tools/function-docs.ts';
import { FUNCTIONS } from '../src/engine/functions/index.ts';
import { loadSchema } from '../src/util/ajv.ts';
import '../src/engine/load-rules.ts';

test('docs/functions.md is exactly as generated (run `npm run docs` after changing a check function)', () => {
  assert.fixture(readFileSync(FUNCTIONS_DOC, 'utf8'), functionsDoc());
});

test('every function has a section, a summary, messages and an example', () => {
  const doc = functionsDoc();
  for (const fn of Object.values(FUNCTIONS)) {
    assert.ok(doc.includes(`\n## ${fn.name}\n`), fn.name);
    assert.ok(fn.summary.length > 10, `${fn.name}: summary`);
    assert.ok(Object.keys(fn.messages).length > 0, `${fn.name}: messages`);
    assert.ok(fn.examples.length > 0, `${fn.name}: example`);
  }
});

test("each example's message is one of the function's messages, placeholders filled", () => {
  const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const fn of Object.values(FUNCTIONS)) {
    for (const ex of fn.examples) {
      if (!ex.says) continue;
      const options = (ex.check.options ?? {}) as Record<string, unknown>;
      const templates = Object.values(fn.messages).map((m) => (typeof m === 'string' ? m : String(options[m.option])));
      const fits = templates.some((t) =>
        new RegExp(
          `^${t
            .split(/\{\{[^}]+\}\}/)
            .map(quote)
            .join('.*')}$`,
        ).test(ex.says as string),
      );
      assert.ok(fits, `${fn.name}: "${ex.says}" is none of its messages`);
    }
  }
});

test("the rule schema's function names are the registry's", () => {
  const schema = loadSchema('rule.schema.json') as {
    definitions: { check: { properties: { function: { enum: string[] } } } };
  };
  assert.equal(schema.definitions.check.properties.function.enum, Object.keys(FUNCTIONS));
});

test.run();
