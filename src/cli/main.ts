import yargs from 'yargs';
import { InputError } from '../util/errors.js';
import { checkCommand, runCheck, type CheckArgs } from './check.js';
import { rulesCommand, runRules } from './rules.js';
import { TOOL } from '../version.js';

/**
 * Parses arguments and runs a command; returns the exit code (0/1/3, or 2 for bad input) and never
 * calls process.exit, so stdout is always flushed and tests can call it in-process.
 */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  let usageError: string | undefined;
  const verbose = argv.includes('--verbose');
  const run = (fn: () => Promise<number>) => async () => {
    code = await fn();
  };
  let pending: Promise<void> | undefined;
  const parser = yargs(argv)
    .scriptName('okta-bi-lint')
    .usage('$0 <command> [options]\n\nAudit an Okta org that uses Beyond Identity as its identity provider.')
    .command('check', 'evaluate the rules against a snapshot and write a report', checkCommand, (a) => {
      pending = run(() => runCheck(a as unknown as CheckArgs))();
    })
    .command('rules [action] [id]', 'list the rules, or show one rule\'s documentation', rulesCommand, (a) => {
      pending = run(() => runRules(a as { action?: string; id?: string; rules?: string[]; format?: string }))();
    })
    .demandCommand(1, 'name a command: check, rules')
    .strict()
    .recommendCommands()
    .version(TOOL.version)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      usageError = msg;
    })
    .exitProcess(false);
  try {
    await parser.parseAsync();
    if (usageError) {
      process.stderr.write(`okta-bi-lint: ${usageError.replace(/\s*\n\s*/g, ' ')} (run okta-bi-lint --help)\n`);
      return 2;
    }
    if (pending) await pending;
    return code;
  } catch (e) {
    return reportError(e, verbose);
  }
}

function reportError(e: unknown, verbose: boolean): number {
  if (e instanceof InputError) {
    process.stderr.write(`okta-bi-lint: ${e.format().replace(/\n/g, '\nokta-bi-lint: ')}\n`);
    return 2;
  }
  const err = e as Error;
  process.stderr.write(`okta-bi-lint: internal error: ${err?.message ?? String(e)}${verbose ? `\n${err?.stack ?? ''}` : ' (run with --verbose for details, and please report it)'}\n`);
  return 2;
}
