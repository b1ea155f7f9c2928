import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as assert from 'uvu/assert';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// Both are CommonJS; `.default` is the class under Node's ESM interop and under TypeScript's nodenext typing alike.
const AjvDraft04 = ajvDraft04.default;
const addFormats = addFormatsModule as unknown as (
  ajv: InstanceType<typeof AjvDraft04>,
) => InstanceType<typeof AjvDraft04>;
/** The OASIS SARIF 2.1.0 schema (JSON Schema draft 4; test/data/README.md says where it comes from). */
export const validateSarifSchema = addFormats(new AjvDraft04({ allErrors: true, strict: false })).compile(
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'test', 'data', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')),
);

// The npm .bin wrapper of @microsoft/sarif-multitool is broken, so the platform binary is called directly.
const MULTITOOL = path.join(REPO_ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

export interface SarifValidation {
  errors: string[];
  warnings: string[];
  notes: string[];
  /** the validator's console output, for assertion messages */
  output: string;
}

/** `FILE(1,129): error GH1015: runs[0].results[0]: ...` */
const LINE = /^(.*)\((\d+),(\d+)\): (error|warning|note) ([A-Z]+\d+(?:\.[A-Za-z]+)?): (.*)$/;

/**
 * Runs the official SARIF validator with GitHub's rules on a SARIF document and returns what it
 * reported, by level. Tool failures (an unreadable file, a crash) come back as errors, so a broken
 * validator can never look like a clean log.
 */
export function validateSarif(sarif: string): SarifValidation {
  const dir = mkdtempSync(path.join(tmpdir(), 'okta-bi-lint-sarif-'));
  try {
    const file = path.join(dir, 'report.sarif');
    writeFileSync(file, sarif);
    const run = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning;Note', file], {
      encoding: 'utf8',
    });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    const found: SarifValidation = { errors: [], warnings: [], notes: [], output };
    for (const line of output.split(/\r?\n/)) {
      const m = LINE.exec(line.trim());
      if (m) {
        const text = `${m[5]} (${m[2]}:${m[3]}): ${m[6]}`;
        (m[4] === 'error' ? found.errors : m[4] === 'warning' ? found.warnings : found.notes).push(text);
      } else if (/\berror\b/i.test(line) && !/^\s*$/.test(line)) {
        found.errors.push(line.trim());
      }
    }
    if (run.error) found.errors.push(`could not run ${MULTITOOL}: ${run.error.message}`);
    else if (run.status !== 0) found.errors.push(`validator exited with ${run.status}`);
    if (!/Analysis completed successfully/.test(output)) found.errors.push('validator did not complete its analysis');
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Asserts that a SARIF text is valid under the official schema and clean under the validator with
 * GitHub's rules (no error, no warning), and returns the parsed log.
 */
export function assertCleanSarif(text: string): any {
  const log = JSON.parse(text);
  assert.ok(validateSarifSchema(log), JSON.stringify(validateSarifSchema.errors));
  const v = validateSarif(text);
  assert.equal(v.errors, [], v.output);
  assert.equal(v.warnings, [], v.output);
  return log;
}
