/**
 * The work done once by `npm run build` instead of at every run (after tsc): the built-in rules of
 * rules/ parsed and checked into one JSON bundle, and the input schemas of schemas/ compiled into
 * standalone validator code. rules/ and schemas/ stay the sources; test/startup.test.ts proves
 * that what is in dist/generated/ equals what they give now, so it cannot go stale unnoticed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import { INPUT_SCHEMAS, loadSchema, newAjv, AJV_OPTIONS, standalonePath } from '../util/ajv.js';
import { parseBuiltinRules, RULES_BUNDLE } from '../engine/load-rules.js';
import { InputError } from '../util/errors.js';
import { CHECK_OPTIONS_FILE, TABLE_KEYS } from '../cli/fast.js';

const require = createRequire(import.meta.url);

/** The rules bundle's text: the built-in rules as loadRules() would parse them from rules/. */
export function rulesBundleText(): string {
  return `${JSON.stringify(parseBuiltinRules())}\n`;
}

/** The standalone CommonJS code of one input schema's validator, with the options and formats validator() uses. */
export function validatorCode(name: string): string {
  const { _ } = require('ajv') as typeof import('ajv');
  const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: Ajv, v: ValidateFunction) => string })
    .default;
  // the generated code requires the formats it checks (date-time, uri) from ajv-formats itself
  const ajv = newAjv({
    ...AJV_OPTIONS,
    code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  return `${standaloneCode(ajv, ajv.compile(loadSchema(name)))}\n`;
}

/** check's option table as yargs builds it, for reading a plain check command line without yargs (src/cli/fast.ts). */
export async function checkOptionsText(): Promise<string> {
  const { default: yargs } = await import('yargs');
  const { checkCommand } = await import('../cli/check.js');
  // the global options main.ts adds (help, -h, version) are part of every command's table
  const table = (
    checkCommand(yargs([]).version('0').help().alias('h', 'help')) as unknown as {
      getOptions(): Record<string, unknown>;
    }
  ).getOptions();
  return `${JSON.stringify(Object.fromEntries(TABLE_KEYS.map((k) => [k, table[k]])))}\n`;
}

export async function buildAssets(): Promise<string[]> {
  const written: string[] = [];
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(file);
  };
  write(RULES_BUNDLE, rulesBundleText());
  for (const name of INPUT_SCHEMAS) write(standalonePath(name), validatorCode(name));
  write(CHECK_OPTIONS_FILE, await checkOptionsText());
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildAssets().catch((e: unknown) => {
    // a rule file that does not parse fails the build with the same message check would print
    process.stderr.write(`build: ${e instanceof InputError ? e.format() : (e as Error).stack}\n`);
    process.exitCode = 1;
  });
}
