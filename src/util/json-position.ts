import { visit, parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { toPointer } from './pointer.js';

export interface Position {
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units (SARIF's default columnKind) */
  column: number;
}

/**
 * Finds the line and column of a set of JSON Pointers in one pass over the text. Nothing is kept
 * for values that were not asked for, and subtrees that no wanted pointer enters are skipped, so
 * locating a handful of findings in a 200 MB snapshot costs one scan and no extra memory. A pointer
 * that does not exist resolves to its deepest existing ancestor (a missing field is reported at the
 * object that should have held it).
 */
export function locatePointers(text: string, pointers: Iterable<string>): Map<string, Position> {
  const wanted = new Set<string>();
  const prefixes = new Set<string>();
  for (const p of pointers) {
    wanted.add(p);
    let i = p.length;
    prefixes.add(p);
    while (i > 0) {
      i = p.lastIndexOf('/', i - 1);
      if (i < 0) break;
      prefixes.add(p.slice(0, i));
    }
    prefixes.add('');
  }
  const found = new Map<string, Position>();
  if (wanted.size === 0) return found;
  let remaining = prefixes.size;
  const hit = (ptr: string, line: number, ch: number) => {
    if (prefixes.has(ptr) && !found.has(ptr)) {
      found.set(ptr, { line: line + 1, column: ch + 1 });
      remaining--;
    }
  };
  const enter = (offset: number, _len: number, line: number, ch: number, path: () => (string | number)[]): boolean => {
    if (remaining === 0) return false;
    const ptr = toPointer(path());
    hit(ptr, line, ch);
    // Returning false to skip a subtree would be cheaper, but jsonc-parser 3.3 then loses track of
    // the path of every later value (its skip drops the matching end event), so never skip.
    return true;
  };
  visit(
    text,
    {
      onObjectBegin: enter,
      onArrayBegin: enter,
      onLiteralValue: (_v, _o, _l, line, ch, path) => {
        if (remaining > 0) hit(toPointer(path()), line, ch);
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  const result = new Map<string, Position>();
  for (const p of wanted) {
    let q = p;
    for (;;) {
      const pos = found.get(q);
      if (pos) { result.set(p, pos); break; }
      if (q === '') { result.set(p, { line: 1, column: 1 }); break; }
      q = q.slice(0, q.lastIndexOf('/'));
    }
  }
  return result;
}

/** Line and column (1-based) of a character offset. */
export function positionOfOffset(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Parses JSON with the engine's native parser (fast path); on failure re-parses with a positional
 * parser to say where and why, since V8's messages vary between versions.
 */
export function parseJsonWithPosition(text: string): { value: unknown } | { error: string; position: Position } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { value: JSON.parse(body) };
  } catch (e) {
    const errors: ParseError[] = [];
    parseJsonc(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    if (errors.length > 0) {
      const first = errors[0];
      return { error: describeParseError(printParseErrorCode(first.error)), position: positionOfOffset(body, first.offset) };
    }
    const m = /position (\d+)/.exec((e as Error).message);
    return { error: (e as Error).message, position: positionOfOffset(body, m ? Number(m[1]) : 0) };
  }
}

function describeParseError(code: string): string {
  const map: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'property name expected',
    ValueExpected: 'value expected',
    ColonExpected: 'colon expected',
    CommaExpected: 'comma expected',
    CloseBraceExpected: 'closing brace expected',
    CloseBracketExpected: 'closing bracket expected',
    EndOfFileExpected: 'end of file expected (extra content after the document)',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfComment: 'unexpected end of comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unexpected end of number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in string',
  };
  return `malformed JSON: ${map[code] ?? code}`;
}
