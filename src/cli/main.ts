import type { Argv } from 'yargs';
import { InputError } from '../util/errors.js';
import { inline } from '../report/escape.js';
import { TOOL } from '../version.js';
import { flagProblem, type OptionTable } from './common.js';
import { nearest } from '../util/suggest.js';
import { fastCheckArgs } from './fast.js';

/** A command's options (the yargs builder) and what it runs. */
interface CommandModule {
  options(y: Argv): Argv<unknown>;
  run(args: never): Promise<number>;
}

/**
 * Each command's module, imported only when the command line names it: a check never loads the
 * collector, drift or the docs, and `--help` loads none of them.
 */
const COMMAND_MODULES: Record<string, () => Promise<CommandModule>> = {
  check: async () => import('./check.js').then((m) => ({ options: m.checkCommand, run: m.runCheck })),
  collect: async () => import('./collect.js').then((m) => ({ options: m.collectCommand, run: m.runCollect })),
  drift: async () => import('./drift.js').then((m) => ({ options: m.driftCommand, run: m.runDrift })),
  rules: async () => import('./rules.js').then((m) => ({ options: m.rulesCommand, run: m.runRules })),
  init: async () => import('./init.js').then((m) => ({ options: m.initCommand, run: m.runInit })),
};
const COMMANDS = Object.keys(COMMAND_MODULES);

/** What runs a command once its arguments are read: the command's module, unless a test reads the arguments only. */
export type Runner = (command: string, args: Record<string, unknown>) => Promise<number>;

/**
 * Parses arguments and runs a command; returns the exit code (0/1/3, or 2 for bad input) and never
 * calls process.exit, so stdout is always flushed and tests can call it in-process. A plain check
 * command line is read without yargs (fast.ts); `options.yargs` makes yargs read every line, and
 * `options.run` replaces running the command (for the test that both read the same arguments).
 */
export async function main(argv: string[], options: { yargs?: boolean; run?: Runner } = {}): Promise<number> {
  const verbose = argv.includes('--verbose');
  const run: Runner = options.run ?? (async (name, args) => (await COMMAND_MODULES[name]()).run(args as never));
  try {
    const fast = options.yargs ? undefined : await fastCheckArgs(argv);
    if (fast) return await run('check', fast);
  } catch (e) {
    return reportError(e, verbose);
  }
  return withYargs(argv, run, verbose);
}

async function withYargs(argv: string[], run: Runner, verbose: boolean): Promise<number> {
  let code = 0;
  let usageError: string | undefined;
  let pending: Promise<void> | undefined;
  // yargs calls a command's handler even after .fail() reported a usage error; a mistyped flag must
  // never start a live collection, so every handler goes through this guard.
  const handle =
    <A>(fn: (args: A) => Promise<number>) =>
    (args: unknown) => {
      if (usageError) return;
      pending = fn(args as A).then((c) => {
        code = c;
      });
    };
  // yargs runs only the named command's builder and handler, and a command is named by a word of
  // the command line, so the modules of the commands named nowhere in it are never needed.
  const modules = new Map<string, CommandModule>();
  let yargs: typeof import('yargs').default;
  try {
    for (const name of COMMANDS) if (argv.includes(name)) modules.set(name, await COMMAND_MODULES[name]());
    yargs = (await import('yargs')).default;
  } catch (e) {
    return reportError(e, verbose);
  }
  const command = (name: string) =>
    [(y: Argv) => modules.get(name)!.options(y), handle((args: Record<string, unknown>) => run(name, args))] as const;
  const parser = yargs(argv);
  parser
    .scriptName('okta-bi-lint')
    .usage('$0 <command> [options]\n\nAudit an Okta org that uses Beyond Identity as its identity provider.')
    .command(
      'check [snapshots..]',
      'evaluate the rules against snapshots (or a live collection) and write a report',
      ...command('check'),
    )
    .command(
      'collect',
      'read the live configuration of Okta and Beyond Identity into a snapshot file',
      ...command('collect'),
    )
    .command(
      'drift',
      'compare a baseline snapshot with the current configuration and report what changed',
      ...command('drift'),
    )
    .command('rules [action] [id]', "list the rules, or show one rule's documentation", ...command('rules'))
    .command('init', 'write a commented okta-bi-lint.yaml, optionally inferred from a snapshot', ...command('init'))
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
  process.stderr.write(
    `okta-bi-lint: internal error: ` +
      `${inline(err?.message ?? String(e))}${verbose ? `\n${err?.stack ?? ''}` : ' (run with --verbose for details, and please report it)'}\n`,
  );
  return 2;
}
