import { plural } from '../util/text.js';
import { DEFAULT_CONFIG_NAME } from '../config/load.js';
import { InputError } from '../util/errors.js';
import { OutputPlan } from '../util/outputs.js';
import type { CheckReport, DisplayOptions } from '../report/types.js';
import { acceptedText } from '../suppress/accepted.js';
import type { CommonArgs } from './common.js';

export { OutputPlan };

/** An input flag of a command and the file it names, for refusing an output that would replace it. */
export interface InputFlag {
  flag: string;
  file: string | undefined;
}

/** The config file a run reads: --config, else ./okta-bi-lint.yaml (when it exists). */
export function configInput(config: string | undefined): InputFlag {
  return { flag: config ? '--config' : 'config file', file: config ?? DEFAULT_CONFIG_NAME };
}

/** Writes text to stdout, resolving once it is flushed. */
export async function emit(text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/** Colour when stdout is a terminal, unless --no-color, NO_COLOR or FORCE_COLOR=0 say otherwise. */
function useColor(flag: boolean | undefined, toFile: boolean): boolean {
  if (flag === false || toFile) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR === '0') return false;
  if (process.env.FORCE_COLOR) return true;
  return process.stdout.isTTY === true;
}

export function progress(message: string, quiet: boolean | undefined): void {
  if (!quiet && process.stderr.isTTY) process.stderr.write(`\x1b[2K\r${message}`);
}

export function progressDone(quiet: boolean | undefined): void {
  if (!quiet && process.stderr.isTTY) process.stderr.write('\x1b[2K\r');
}

/**
 * --write-accepted: stages the accepted-findings document the run recorded (the report's `recorded`)
 * with the run's other outputs; the recorded findings are accepted in the report already.
 */
export async function stageAccepted(
  outputs: OutputPlan,
  report: CheckReport,
  file: string | undefined,
  quiet: boolean | undefined,
): Promise<void> {
  const doc = report.recorded;
  if (file === undefined || !doc) return;
  await outputs.stage(file, acceptedText(doc));
  if (!quiet)
    outputs.afterCommit(() =>
      process.stderr.write(`okta-bi-lint: recorded ${plural(doc.findings.length, 'finding')} in ${file}\n`),
    );
}

/** How the report is shown, from the common flags: colour only for text on a terminal. */
export function displayOptions(args: CommonArgs, width: number | undefined): DisplayOptions {
  const toFile = Boolean(args.output && args.output !== '-');
  return {
    color: useColor(args.color, toFile) && args.format === 'text',
    quiet: args.quiet,
    verbose: args.verbose,
    width,
  };
}

/**
 * The column the text report wraps at: --width when given (0: never wrap), else the terminal's width
 * when the report goes to a terminal, else none, so that logs, files and pipes get one stable line
 * per finding whatever window ran the job.
 */
export function displayWidth(
  flag: number | undefined,
  toFile: boolean,
  stdout: { isTTY?: boolean; columns?: number } = process.stdout,
): number | undefined {
  if (flag !== undefined) {
    // yargs reads a word as NaN, so only a number is worth quoting back.
    const given = Number.isFinite(flag) ? `, not ${flag}` : '';
    if (!Number.isInteger(flag) || flag < 0)
      throw new InputError(`--width must be a whole number of columns${given}`, {
        hint: 'e.g. --width 100, or --width 0 for no wrapping',
      });
    return flag === 0 ? undefined : flag;
  }
  if (toFile || stdout.isTTY !== true || !stdout.columns) return undefined;
  return stdout.columns;
}

/** Writes text to stderr, when there is any. */
export function say(text: string): void {
  if (text) process.stderr.write(text);
}
