import { InputError } from '../util/errors.js';
import { inline } from './escape.js';
import { notEvaluatedLine, reportWrittenLine } from './summary.js';
import type { ReportContext } from './types.js';

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

/**
 * What a run prints on stderr once the report is out: when the report went to a file, one line with
 * the verdict, the counts and the file (unless --quiet), so a failing CI step never has an empty log;
 * with --quiet and rules not evaluated (exit 3), their ids when the report itself is not in the log.
 */
export function printReportClosing(
  ctx: ReportContext,
  opts: { output?: string; format: string; quiet?: boolean },
  write: (s: string) => void = (s) => process.stderr.write(s),
): void {
  const toFile = opts.output !== undefined && opts.output !== '-';
  if (toFile && !opts.quiet) write(`okta-bi-lint: ${inline(reportWrittenLine(ctx, opts.output!, opts.format))}\n`);
  const notEvaluated = notEvaluatedLine(ctx);
  if (opts.quiet && ctx.exitCode === 3 && notEvaluated && (toFile || opts.format !== 'text'))
    write(`okta-bi-lint: ${inline(notEvaluated)}\n`);
}
