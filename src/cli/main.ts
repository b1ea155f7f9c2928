import yargs from 'yargs';
import { InputError } from '../util/errors.js';
import { inline } from '../report/escape.js';
import { checkCommand, runCheck, type CheckArgs } from './check.js';
import { collectCommand, runCollect, type CollectArgs } from './collect.js';
import { driftCommand, runDrift, type DriftArgs } from './drift.js';
import { rulesCommand, runRules } from './rules.js';
import { initCommand, runInit, type InitArgs } from './init.js';
import { TOOL } from '../version.js';
import { flagProblem, type OptionTable } from './common.js';
import { nearest } from '../util/suggest.js';

const COMMANDS = ['check', 'collect', 'drift', 'rules', 'init'];

/**
 * Parses arguments and runs a command; returns the exit code (0/1/3, or 2 for bad input) and never
 * calls process.exit, so stdout is always flushed and tests can call it in-process.
 */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  let usageError: string | undefined;
  let pending: Promise<void> | undefined;
  const verbose = argv.includes('--verbose');
  // yargs calls a command's handler even after .fail() reported a usage error; a mistyped flag must
  // never start a live collection, so every handler goes through this guard.
  const handle = <A>(fn: (args: A) => Promise<number>) => (args: unknown) => {
    if (usageError) return;
    pending = fn(args as A).then((c) => {
      code = c;
    });
  };
  const parser = yargs(argv);
  parser
    .scriptName('okta-bi-lint')
    .usage('$0 <command> [options]\n\nAudit an Okta org that uses Beyond Identity as its identity provider.')
    .command('check', 'evaluate the rules against a snapshot (or a live collection) and write a report', checkCommand, handle<CheckArgs>(runCheck))
    .command('collect', 'read the live configuration of Okta and Beyond Identity into a snapshot file', collectCommand, handle<CollectArgs>(runCollect))
    .command('drift', 'compare a baseline snapshot with the current configuration and report what changed', driftCommand, handle<DriftArgs>(runDrift))
    .command('rules [action] [id]', "list the rules, or show one rule's documentation", rulesCommand, handle<Parameters<typeof runRules>[0]>(runRules))
    .command('init', 'write a commented okta-bi-lint.yaml, optionally inferred from a snapshot', initCommand, handle<InitArgs>(runInit))
    // Runs once the command's options are known and before yargs' own validation, whose messages for
    // these cases are misleading or absent; the first usage error found is the one reported.
    // (getOptions() is yargs' own table of the current command's options; @types/yargs leaves it out.)
    .middleware(() => {
      usageError ??= flagProblem(argv, (parser as unknown as { getOptions(): OptionTable }).getOptions());
    }, true)
    .demandCommand(1, 'name a command: check, collect, drift, rules, init')
    .strict()
    .recommendCommands()
    .version(TOOL.version)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      // yargs reports its own argument errors (e.g. a flag without its value) as YError
      if (err && err.name !== 'YError') throw err;
      usageError ??= msg || err?.message || 'invalid arguments';
    })
    .exitProcess(false);
  try {
    await parser.parseAsync();
    if (usageError) {
      const first = argv.find((a) => !a.startsWith('-'));
      if (first && !COMMANDS.includes(first) && argv.indexOf(first) === 0) {
        const near = nearest(first, COMMANDS);
        usageError = `unknown command "${first}"${near ? ` (did you mean "${near}"?)` : `; the commands are ${COMMANDS.join(', ')}`}`;
      }
      process.stderr.write(`okta-bi-lint: ${inline(usageError.replace(/\s*\n\s*/g, ' '))} (run okta-bi-lint --help)\n`);
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
    // Messages quote file names and values from the input: escaped like a report, since they land in CI logs.
    process.stderr.write(`okta-bi-lint: ${e.format().split('\n').map(inline).join('\nokta-bi-lint: ')}\n`);
    return 2;
  }
  const err = e as Error;
  process.stderr.write(`okta-bi-lint: internal error: ${inline(err?.message ?? String(e))}${verbose ? `\n${err?.stack ?? ''}` : ' (run with --verbose for details, and please report it)'}\n`);
  return 2;
}
