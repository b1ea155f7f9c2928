import type { Argv } from 'yargs';
import { check, type FailOn } from '../api/check.js';
import type { BiPlatform } from '../config/load.js';
import { FORMATTERS } from '../report/index.js';
import { InputError } from '../util/errors.js';
import { emit, progress, progressDone, useColor } from './output.js';
import { commonOptions, type CommonArgs } from './common.js';

export interface CheckArgs extends CommonArgs {
  snapshot?: string;
  rules?: string[];
  biPlatform?: BiPlatform;
}

export function checkCommand(y: Argv) {
  return commonOptions(y)
    .option('snapshot', { type: 'string', describe: 'snapshot file to audit (okta-bi-lint/snapshot@1)', requiresArg: true })
    .option('rules', { type: 'string', array: true, describe: 'directory of additional rule YAML files (repeatable)', requiresArg: true })
    .option('bi-platform', { choices: ['secure-workforce', 'secure-access', 'none'] as const, describe: 'Beyond Identity platform; none turns the Beyond Identity rules off' })
    .example('$0 check --snapshot fixtures/snapshots/clean-scim.json', 'audit a snapshot, text report')
    .example('$0 check --snapshot snap.json --format sarif --output results.sarif', 'SARIF for GitHub code scanning');
}

export async function runCheck(args: CheckArgs): Promise<number> {
  if (!args.snapshot) {
    throw new InputError('check needs a snapshot: --snapshot FILE', { hint: 'collect one with okta-bi-lint collect --out snap.json, or try fixtures/snapshots/clean-scim.json' });
  }
  progress(`auditing ${args.snapshot}…`, args.quiet);
  const ctx = check({
    snapshot: args.snapshot,
    config: args.config,
    rules: args.rules,
    failOn: args.failOn as FailOn,
    biPlatform: args.biPlatform,
  });
  progressDone(args.quiet);
  ctx.color = useColor(args.color, Boolean(args.output && args.output !== '-')) && args.format === 'text';
  const formatter = FORMATTERS[args.format as keyof typeof FORMATTERS];
  await emit(formatter({ ...ctx, quiet: args.quiet, verbose: args.verbose } as typeof ctx), args.output);
  return ctx.exitCode;
}
