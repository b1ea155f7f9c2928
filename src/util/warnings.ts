/**
 * A problem with the run's own inputs that does not stop it: an expired or unused suppression, an
 * ignore that matches nothing, an old baseline compared with --force. The sibling of InputError
 * (util/errors.ts), which does stop the run.
 */
export interface RunWarning {
  /** warning: the user should act; note: for information (accepted findings that no longer occur) */
  level: 'warning' | 'note';
  message: string;
  /** the file the warning is about, with the place when known */
  file?: string;
  line?: number;
  column?: number;
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
