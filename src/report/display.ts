import { inline } from './escape.js';
import { notEvaluatedLine, reportWrittenLine } from './summary.js';
import type { ReportContext } from './types.js';

/**
 * What a run says on stderr once the report is out: when the report went to a file, one line with
 * the verdict, the counts and the file (unless --quiet), so a failing CI step never has an empty log;
 * with --quiet and rules not evaluated (exit 3), their ids when the report itself is not in the log.
 */
export function formatReportClosing(
  ctx: ReportContext,
  opts: { output?: string; format: string; quiet?: boolean },
): string {
  const toFile = opts.output !== undefined && opts.output !== '-';
  let out = '';
  if (toFile && !opts.quiet) out += `okta-bi-lint: ${inline(reportWrittenLine(ctx, opts.output!, opts.format))}\n`;
  const notEvaluated = notEvaluatedLine(ctx);
  if (opts.quiet && ctx.exitCode === 3 && notEvaluated && (toFile || opts.format !== 'text'))
    out += `okta-bi-lint: ${inline(notEvaluated)}\n`;
  return out;
}
