/**
 * An error the user caused (bad flag, bad file). The CLI prints `message` as one line and exits 2;
 * everything that is not an InputError is a bug and gets a stack trace only with --verbose.
 */
export class InputError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;
  constructor(message: string, where: { file?: string; line?: number; column?: number; hint?: string } = {}) {
    super(message);
    this.name = 'InputError';
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.hint = where.hint;
  }
  /** `file:line:col: message (hint)` on one line, as compilers and ESLint print it. */
  format(): string {
    let place = '';
    if (this.file) {
      place = this.file;
      if (this.line) place += `:${this.line}${this.column ? `:${this.column}` : ''}`;
      place += ': ';
    }
    const text = `${place}${this.message}${this.hint ? ` (${this.hint})` : ''}`;
    return text.replace(/\s*\n\s*/g, ' ');
  }
}
