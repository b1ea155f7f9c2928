import { inline } from './escape.js';
import { formatWarning } from '../util/warnings.js';
import type { CheckReport } from './types.js';

/**
 * What the run has to say about its own inputs, on stderr (stdout carries the report): expired and
 * unused suppressions, ignores that match nothing, what the accepted-findings file covered. Warnings
 * are printed even with --quiet, because they are about accountability; notes are not.
 */
export function printRunMessages(
  ctx: Pick<CheckReport, 'warnings' | 'accepted'>,
  quiet: boolean | undefined,
  write: (s: string) => void = (s) => process.stderr.write(s),
): void {
  for (const w of ctx.warnings)
    if (w.level === 'warning' || !quiet) write(`okta-bi-lint: ${w.level}: ${inline(formatWarning(w))}\n`);
  const a = ctx.accepted;
  if (a && !quiet) {
    const n = a.count;
    let line = `okta-bi-lint: ${n} finding${n === 1 ? ' is' : 's are'} accepted in ${inline(a.file)} and not reported`;
    if (a.stale)
      line += `; ${a.stale} accepted finding${a.stale === 1 ? ' no longer occurs' : 's no longer occur'} (refresh the file with --write-accepted)`;
    write(`${line}\n`);
  }
}
