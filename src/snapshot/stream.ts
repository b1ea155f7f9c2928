/**
 * Parses a large snapshot file piece by piece, never as one string: a byte-level scan (the cursor
 * of util/json-position.ts, which counts lines and UTF-16 columns as it goes) walks the top of
 * the document, and every array in it (okta.users, okta.apps, okta.groupMembers.<group>,
 * beyondIdentity.scimUsers, …) is parsed by JSON.parse in batches of consecutive elements, each
 * batch read back from the file as `[` + the bytes from its first element to its last + `]`.
 * Memory is the parsed document plus one batch; a file of any size (past Node's 512 MB string
 * limit) can be read, and JSON.parse still does the work per element.
 *
 * What a whole-text parse checks is checked here too, with the place in the file: malformed JSON
 * (in a batch, JSON.parse's error is mapped back to the file's line and column), bytes that are not
 * UTF-8, a key twice in one object, and the nesting depth.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { firstInvalidUtf8 } from '../util/files.js';
import { cursor, fdChunks, FileChangedError, findDuplicateKey, parseJsonWithPosition, sameFile, type FileIdentity, type Place, type Position } from '../util/json-position.js';

/** A problem in the file, at a place: the loader turns it into a one-line error naming the file. */
export class StreamedJsonError extends Error {
  constructor(
    message: string,
    readonly position: Position,
    readonly kind: 'syntax' | 'utf8' | 'duplicate' | 'too-large' = 'syntax',
  ) {
    super(message);
  }
}

export interface StreamedDocument {
  value: unknown;
  /** objects and arrays counted from the root as 1 */
  maxDepth: number;
}

export interface StreamOptions {
  /** bytes of consecutive array elements parsed at once (default 4 MB) */
  batchBytes?: number;
  /** containers at most this many levels below the root are walked rather than parsed whole (default 3) */
  walkLevels?: number;
}

const QUOTE = 34;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COLON = 58;
const COMMA = 44;

/**
 * The document in `file` (whose identity `expected` describes, FileChangedError otherwise). Throws
 * StreamedJsonError for a file that is not one valid JSON document of UTF-8 without duplicate keys.
 */
export function parseJsonFile(file: string, expected: FileIdentity, options: StreamOptions = {}): StreamedDocument {
  const batchBytes = options.batchBytes ?? Number(process.env.H10B_BATCH ?? 4 << 20);
  const walkLevels = options.walkLevels ?? 3;
  const fd = openSync(file, 'r');
  try {
    if (!sameFile(fstatSync(fd), expected)) throw new FileChangedError(`${file} changed since it was read`);
    const scanBuf = Buffer.allocUnsafe(1 << 20);
    const c = cursor(fdChunks(fd, 0, scanBuf, scanBuf.length));
    const reader = new SpanReader(fd);
    let maxDepth = 0;

    const fail = (message: string): never => {
      throw new StreamedJsonError(`malformed JSON: ${message}`, c.here());
    };
    const more = (): void => {
      if (!c.ws()) fail('unexpected end of file');
    };

    /** a value parsed whole: a scalar, or a container below the walked levels */
    const leaf = (level: number): unknown => {
      const start = c.here();
      c.skipValue();
      const end = c.offset();
      if (end === start.offset) throw new StreamedJsonError('malformed JSON: value expected', start);
      if (level + c.deepest() > maxDepth) maxDepth = level + c.deepest();
      return reader.parse(start, end, 1)[0];
    };

    const object = (level: number): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      const seen = new Set<string>();
      c.advance();
      more();
      if (c.peek() === CLOSE_BRACE) { c.advance(); return out; }
      for (;;) {
        if (c.peek() !== QUOTE) fail('property name expected');
        const at = c.here();
        const key = c.readKey();
        if (seen.has(key)) throw new StreamedJsonError(`the key ${JSON.stringify(key)} occurs twice in one object`, at, 'duplicate');
        seen.add(key);
        more();
        if (c.peek() !== COLON) fail('colon expected');
        c.advance();
        more();
        // defineProperty: a key "__proto__" is data, as JSON.parse makes it
        Object.defineProperty(out, key, { value: value(level + 1), enumerable: true, writable: true, configurable: true });
        more();
        const d = c.peek();
        if (d === COMMA) { c.advance(); more(); continue; }
        if (d === CLOSE_BRACE) { c.advance(); return out; }
        fail('comma expected');
      }
    };

    const array = (level: number): unknown[] => {
      const out: unknown[] = [];
      c.advance();
      more();
      if (c.peek() === CLOSE_BRACKET) { c.advance(); return out; }
      let first: Place | undefined;
      let end = 0;
      let count = 0;
      const flush = () => {
        if (!first) return;
        const items = reader.parse(first, end, count);
        for (let i = 0; i < items.length; i++) out.push(items[i]);
        first = undefined;
        count = 0;
      };
      for (;;) {
        if (!first) first = c.here();
        const before = c.offset();
        c.skipValue();
        end = c.offset();
        if (end === before) fail('value expected');
        if (level + c.deepest() > maxDepth) maxDepth = level + c.deepest();
        count++;
        if (end - first.offset >= batchBytes) flush();
        more();
        const d = c.peek();
        if (d === COMMA) { c.advance(); more(); continue; }
        if (d === CLOSE_BRACKET) { c.advance(); flush(); return out; }
        fail('comma expected');
      }
    };

    const value = (level: number): unknown => {
      const open = c.peek();
      if (level < walkLevels && open === OPEN_BRACE) {
        if (level + 1 > maxDepth) maxDepth = level + 1;
        return object(level);
      }
      if (level <= walkLevels && open === OPEN_BRACKET) {
        if (level + 1 > maxDepth) maxDepth = level + 1;
        return array(level + 1);
      }
      return leaf(level);
    };

    if (!c.ws()) throw new StreamedJsonError('malformed JSON: value expected', { line: 1, column: 1 });
    const doc = value(0);
    if (c.ws()) fail('end of file expected (extra content after the document)');
    return { value: doc, maxDepth };
  } finally {
    closeSync(fd);
  }
}

/** Reads byte ranges of the file back and parses them, reusing one buffer. */
class SpanReader {
  private buf = Buffer.allocUnsafe(1 << 16);
  constructor(private readonly fd: number) {}

  /**
   * The `count` JSON values written between `start` and `end` (separated by commas) as an array:
   * one read, one decode, one JSON.parse of `[` + bytes + `]`.
   */
  parse(start: Place, end: number, count: number): unknown[] {
    const len = end - start.offset;
    if (len + 2 > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(len + 2, this.buf.length * 2));
    const buf = this.buf;
    buf[0] = OPEN_BRACKET;
    let got = 0;
    while (got < len) {
      const n = readSync(this.fd, buf, 1 + got, len - got, start.offset + got);
      if (n === 0) throw new FileChangedError('the file became shorter while it was read');
      got += n;
    }
    buf[len + 1] = CLOSE_BRACKET;
    const bytes = buf.subarray(0, len + 2);
    let text: string;
    try {
      // pure ASCII (the usual snapshot) decodes as Latin-1, a plain copy
      if (isAscii(bytes)) text = bytes.toString('latin1');
      else if (isUtf8(bytes)) text = bytes.toString('utf8');
      else throw invalidUtf8(bytes, start);
    } catch (e) {
      if (e instanceof StreamedJsonError) throw e;
      // longer than a string can be: one value of hundreds of megabytes is not an Okta object
      throw new StreamedJsonError(`one value here is ${Math.round(len / 1024 / 1024)} MB, more than Node.js can parse at once`, start, 'too-large');
    }
    let items: unknown;
    try {
      items = JSON.parse(text);
    } catch {
      const parsed = parseJsonWithPosition(text);
      const at = 'error' in parsed ? shift(start, parsed.position) : start;
      throw new StreamedJsonError('error' in parsed ? parsed.error : 'malformed JSON', at);
    }
    if (!Array.isArray(items) || items.length !== count) throw new StreamedJsonError('malformed JSON: comma expected', start);
    const duplicate = findDuplicateKey(text, items);
    if (duplicate) throw new StreamedJsonError(`the key ${JSON.stringify(duplicate.key)} occurs twice in one object`, shift(start, duplicate.position), 'duplicate');
    return items;
  }
}

/** A position in `[` + span + `]` as a position in the file, where the span starts at `start`. */
function shift(start: Position, at: Position): Position {
  if (at.line > 1) return { line: start.line + at.line - 1, column: at.column };
  return { line: start.line, column: Math.max(1, start.column + at.column - 2) };
}

function invalidUtf8(bytes: Buffer, start: Position): StreamedJsonError {
  const bad = 1 + firstInvalidUtf8(bytes.subarray(1));
  const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
  let newlines = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < bad; i = bytes.indexOf(0x0a, i + 1)) newlines++;
  const column = bytes.subarray(Math.max(1, lineStart), bad).toString('utf8').length + 1;
  const position = newlines === 0 ? { line: start.line, column: start.column + column - 1 } : { line: start.line + newlines, column };
  return new StreamedJsonError(`snapshot is not valid UTF-8 (byte 0x${bytes[bad]?.toString(16).padStart(2, '0')})`, position, 'utf8');
}
