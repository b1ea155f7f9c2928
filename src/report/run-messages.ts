import { formatWarning } from '../util/warnings.js';
import { inline } from './escape.js';
import type { CheckReport, DisplayOptions } from './types.js';

/**
 * What the run has to say about its own inputs, for stderr (stdout carries the report): expired and
 * unused suppressions, ignores that match nothing, what the accepted-findings file covered. Warnings
 * are said even with --quiet, because they are about accountability; notes are not.
 */
export function formatRunMessages(
  ctx: Pick<CheckReport, 'warnings' | 'accepted'>,
  options: Pick<DisplayOptions, 'quiet'> = {},
): string {
  const quiet = options.quiet;
  let out = '';
  for (const w of ctx.warnings)
    if (w.level === 'warning' || !quiet) out += `okta-bi-lint: ${w.level}: ${inline(formatWarning(w))}\n`;
  const a = ctx.accepted;
  if (a && !quiet) {
    const n = a.count;
    let line = `okta-bi-lint: ${n} finding${n === 1 ? ' is' : 's are'} accepted in ${inline(a.file)} and not reported`;
    if (a.stale)
      line +=
        `; ${a.stale} accepted finding${a.stale === 1 ? ' no longer occurs' : 's no longer occur'} ` +
        '(refresh the file with --write-accepted)';
    out += `${line}\n`;
  }
  return out;
}
