import type { ReportContext } from '../report/types.js';

/** A problem with the run's own inputs that does not stop it: an expired or unused suppression, an ignore that matches nothing. */
export interface RunWarning {
  /** warning: the user should act; note: for information (accepted findings that no longer occur) */
  level: 'warning' | 'note';
  message: string;
  /** the file the warning is about, with the place when known */
  file?: string;
  line?: number;
  column?: number;
}

/** What --accepted did: how many findings the accepted file covered and left out of the report. */
export interface AcceptedSummary {
  file: string;
  /** findings left out of the report because their fingerprint is in the file */
  count: number;
  /** fingerprints in the file that no current finding has (fixed since they were accepted) */
  stale: number;
}

/**
 * A report context plus what suppressions and the accepted file did. Formatters that do not know the
 * extra fields ignore them; see the report for the proposed ReportContext additions.
 */
export interface CheckReport extends ReportContext {
  warnings: RunWarning[];
  accepted?: AcceptedSummary;
}

/** `okta-bi-lint.yaml:12:5: message`, as InputError prints a place. */
export function formatWarning(w: RunWarning): string {
  let place = '';
  if (w.file) {
    place = w.file;
    if (w.line) place += `:${w.line}${w.column ? `:${w.column}` : ''}`;
    place += ': ';
  }
  return `${place}${w.message}`.replace(/\s*\n\s*/g, ' ');
}
