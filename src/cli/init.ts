import type { Argv } from 'yargs';
import { init } from '../init/index.js';
import { emit } from './output.js';

export interface InitArgs {
  from?: string;
  output?: string;
  force?: boolean;
  quiet?: boolean;
}

export function initCommand(y: Argv) {
  return y
    .option('from', {
      type: 'string',
      describe: "snapshot to read the org's names, custom domain and live provisioning channel from",
      requiresArg: true,
    })
    .option('output', {
      alias: 'o',
      type: 'string',
      default: 'okta-bi-lint.yaml',
      describe: 'file to write (- for stdout)',
      requiresArg: true,
    })
    .option('force', { type: 'boolean', describe: 'overwrite the file if it exists' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'no summary line on stderr' })
    .example('$0 init', "starter okta-bi-lint.yaml with the guide's values, every key commented")
    .example('$0 init --from snap.json', 'the values the org has, with each one that differs from the guide marked');
}

export async function runInit(args: InitArgs): Promise<number> {
  const result = await init({ from: args.from, output: args.output, force: args.force });
  if (!result.file) {
    await emit(result.text);
    return 0;
  }
  if (!args.quiet) {
    const from = args.from
      ? `, ${result.inferred.length} values from ${args.from}, ${result.differs.length} differing ` +
        `from the guide${result.differs.length ? ` (${result.differs.join(', ')})` : ''}`
      : '';
    process.stderr.write(`okta-bi-lint: wrote ${args.output}${from}\n`);
  }
  return 0;
}
