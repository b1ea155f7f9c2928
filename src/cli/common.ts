import type { Argv } from 'yargs';
import { FORMATTERS } from '../report/index.js';

export interface CommonArgs {
  config?: string;
  format: string;
  output?: string;
  failOn: string;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
}

/** Options every reporting command takes (CONTRACTS.md, "Common options"). */
export function commonOptions(y: Argv) {
  return y
    .option('config', { type: 'string', describe: 'expectations file (default: ./okta-bi-lint.yaml when present, else the guide\'s values)', requiresArg: true })
    .option('format', { alias: 'f', choices: Object.keys(FORMATTERS), default: 'text', describe: 'report format' })
    .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE (atomically) instead of stdout', requiresArg: true })
    .option('fail-on', { choices: ['error', 'warning', 'note', 'never'], default: 'error', describe: 'lowest finding level that makes the exit code 1' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'report only findings at or above --fail-on; no progress' })
    .option('verbose', { type: 'boolean', describe: 'also list passing and skipped rules; stack traces on internal errors' })
    .option('color', { type: 'boolean', describe: 'colour the text report (default: on a terminal); --no-color turns it off' });
}
