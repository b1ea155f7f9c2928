/**
 * Parses a large snapshot file piece by piece, never as one string. A small walker reads the top
 * of the document (the root, okta, beyondIdentity, okta.groupMembers: objects up to three levels
 * down), and every array there (okta.users, okta.apps, okta.groupMembers.<group>,
 * beyondIdentity.scimUsers, …) is parsed by JSON.parse in batches of consecutive elements, each
 * batch read from the file as `[` + the bytes from its first element to its last + `]`.
 *
 * Batches are cut without looking at every byte in JavaScript: in a pretty-printed file (the
 * collector's layout) an element of an array starts after `,\n` and the indentation of the first
 * element, and the array ends at a `]` one level less indented; both are found with the native
 * Buffer.indexOf. A cut is only trusted once JSON.parse accepts the batch (a wrong cut leaves a
 * bracket open, which it never accepts); otherwise, and for a file in any other layout, the
 * elements are delimited by a byte-level scan instead. Memory is the parsed document plus one
 * batch; a file of any size (past Node's 512 MB string limit) can be read.
 *
 * What a whole-text parse checks is checked here too, with the place in the file: malformed JSON,
 * bytes that are not UTF-8, and a key twice in one object. Places are computed only for an error
 * (by counting lines up to its byte offset); the nesting depth is left to the caller.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { firstInvalidUtf8 } from '../util/files.js';
import {
  FileChangedError,
  findDuplicateKey,
  parseJsonWithPosition,
  placeInFile,
  sameFile,
  type FileIdentity,
  type Position,
} from '../util/json-position.js';
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  NEWLINE,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  SPACE,
} from '../util/json-bytes.js';

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

export interface StreamOptions {
  /** bytes of consecutive array elements parsed at once (default 64 KB: strings that size die young) */
  batchBytes?: number;
  /** containers at most this many levels below the root are walked rather than parsed whole (default 3) */
  walkLevels?: number;
  /**
   * The arrays (dotted paths, e.g. okta.users) whose object items keep only the members named in
   * `members`; the other members of those items are skipped without being parsed.
   */
  trimmed?: ReadonlySet<string>;
  members?: ReadonlySet<string>;
  /**
   * Filled with where each of the `trimmed` arrays ends (the offset just past its `]`) and where
   * each of its items starts (undefined when a batch was parsed whole, which says no item's place):
   * what a reader of the file needs to find one user without scanning those before it.
   */
  spans?: Map<string, ArraySpan>;
}

/** Where an array and its items are in the file (byte offsets); keyed by the array's dotted path. */
export interface ArraySpan {
  end: number;
  items: number[] | undefined;
}

/** One value must fit in a string to be parsed (Node's limit is 512 MB; no Okta object comes near). */
const MAX_VALUE_BYTES = 256 << 20;

/**
 * The document in `file` (whose identity `expected` describes; FileChangedError otherwise). Throws
 * StreamedJsonError for a file that is not one valid JSON document of UTF-8 without duplicate keys.
 */
export function parseJsonFile(file: string, expected: FileIdentity, options: StreamOptions = {}): unknown {
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    if (!sameFile(st, expected)) throw new FileChangedError(`${file} changed since it was read`);
    const trim = options.members && options.trimmed ? { paths: options.trimmed, members: options.members } : undefined;
    return new Walker(
      fd,
      st.size,
      options.batchBytes ?? 64 << 10,
      options.walkLevels ?? 3,
      trim,
      options.spans,
    ).document();
  } finally {
    closeSync(fd);
  }
}

/** A window on the file: the bytes from `start` to `end`, read as the walker moves on. */
class Window {
  buf = Buffer.allocUnsafe(1 << 20);
  start = 0;
  end = 0;
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  /**
   * Makes the bytes up to `upto` (exclusive, capped at the file's end) available, keeping those
   * from `keep` on (read again when they were dropped already).
   */
  load(upto: number, keep: number): void {
    upto = Math.min(upto, this.size);
    if (keep < this.start || keep > this.end) {
      this.start = this.end = keep;
    } else if (keep > this.start) {
      this.buf.copyWithin(0, keep - this.start, this.end - this.start);
      this.start = keep;
    }
    if (upto <= this.end) return;
    if (upto - this.start > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(upto - this.start, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, this.end - this.start);
      this.buf = bigger;
    }
    // read ahead as far as the buffer allows: most calls then find their bytes loaded
    const want = Math.min(this.size, this.start + this.buf.length);
    while (this.end < upto) {
      const n = readSync(this.fd, this.buf, this.end - this.start, want - this.end, this.end);
      if (n === 0) throw new FileChangedError('the file became shorter while it was read');
      this.end += n;
    }
  }

  /** The byte at a file offset (-1 at the end of the file); `keep` as for load. */
  at(offset: number, keep: number): number {
    if (offset >= this.end || offset < this.start) {
      if (offset >= this.size) return -1;
      this.load(offset + 1, Math.min(keep, offset));
    }
    return this.buf[offset - this.start];
  }

  /** The bytes from `from` to `to`, as a view into the window (valid until the next load). */
  view(from: number, to: number): Buffer {
    if (from < this.start || to > this.end) this.load(to, from);
    return this.buf.subarray(from - this.start, to - this.start);
  }
}

class Walker {
  private readonly w: Window;
  /** the offset being read */
  private p = 0;
  /** where the items of the array being read start, when it is one whose spans are wanted and all are known */
  private starts: number[] | undefined;
  private spanBuf = Buffer.allocUnsafe(1 << 17);

  constructor(
    private readonly fd: number,
    size: number,
    private readonly batchBytes: number,
    private readonly walkLevels: number,
    private readonly trim?: { paths: ReadonlySet<string>; members: ReadonlySet<string> },
    private readonly spans?: Map<string, ArraySpan>,
  ) {
    this.w = new Window(fd, size);
  }

  document(): unknown {
    // a byte order mark is not part of the document
    if (this.byte(0) === 0xef && this.byte(1) === 0xbb && this.byte(2) === 0xbf) this.p = 3;
    if (!this.ws()) this.fail('value expected');
    const doc = this.value(0, '');
    if (this.ws()) this.fail('end of file expected (extra content after the document)');
    return doc;
  }

  private byte(offset: number): number {
    return this.w.at(offset, this.p);
  }

  /** Skips whitespace; false at the end of the file. */
  private ws(): boolean {
    for (;;) {
      const c = this.byte(this.p);
      if (c === SPACE || c === NEWLINE || c === 13 || c === 9) this.p++;
      else return c !== -1;
    }
  }

  private more(): void {
    if (!this.ws()) this.fail('unexpected end of file');
  }

  private fail(message: string, at = this.p): never {
    throw new StreamedJsonError(`malformed JSON: ${message}`, this.place(at));
  }

  /** The value at the walker, at `level` below the root, at the dotted `path` (for the arrays whose items are trimmed). */
  private value(level: number, path: string): unknown {
    const open = this.byte(this.p);
    if (level < this.walkLevels && open === OPEN_BRACE) return this.object(level, path);
    if (level <= this.walkLevels && open === OPEN_BRACKET)
      return this.trim?.paths.has(path) ? this.array(this.trim.members, path) : this.array();
    const start = this.p;
    // what can start a JSON value: a quote, a bracket, a digit or minus, true, false, null
    if (
      !(
        open === QUOTE ||
        open === OPEN_BRACE ||
        open === OPEN_BRACKET ||
        open === 45 ||
        (open >= 48 && open <= 57) ||
        open === 116 ||
        open === 102 ||
        open === 110
      )
    )
      this.fail('unexpected character');
    this.skipValue();
    if (this.p === start) this.fail('value expected');
    return this.parse(start, this.p, 1)[0];
  }

  private object(level: number, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.p++;
    this.more();
    if (this.byte(this.p) === CLOSE_BRACE) {
      this.p++;
      return out;
    }
    for (;;) {
      if (this.byte(this.p) !== QUOTE) this.fail('property name expected');
      const at = this.p;
      this.skipString();
      const key = this.parse(at, this.p, 1)[0] as string;
      if (seen.has(key))
        throw new StreamedJsonError(
          `the key ${JSON.stringify(key)} occurs twice in one object`,
          this.place(at),
          'duplicate',
        );
      seen.add(key);
      this.more();
      if (this.byte(this.p) !== COLON) this.fail('colon expected');
      this.p++;
      this.more();
      // defineProperty: a key "__proto__" is data, as JSON.parse makes it
      Object.defineProperty(out, key, {
        value: this.value(level + 1, path === '' ? key : `${path}.${key}`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.more();
      const d = this.byte(this.p);
      this.p++;
      if (d === COMMA) {
        this.more();
        continue;
      }
      if (d === CLOSE_BRACE) return out;
      this.fail('comma expected', this.p - 1);
    }
  }

  /**
   * An array; with `members`, each of its object items keeps only those members, and (at `path`)
   * where the array ends and each item starts is put in spans.
   */
  private array(members?: ReadonlySet<string>, path?: string): unknown[] {
    const out: unknown[] = [];
    const span: ArraySpan | undefined = path !== undefined && this.spans ? { end: -1, items: [] } : undefined;
    if (span) this.spans!.set(path!, span);
    this.starts = span?.items;
    this.p++;
    this.more();
    if (this.byte(this.p) === CLOSE_BRACKET) {
      this.p++;
      if (span) span.end = this.p;
      return out;
    }
    const indent = this.indentation(this.p);
    for (;;) {
      const start = this.p;
      const items = (indent >= 2 && this.batchByLayout(start, indent, members)) || this.batchByScan(start);
      for (let i = 0; i < items.length; i++) out.push(members ? keepMembers(items[i], members) : items[i]);
      if (span && this.starts === undefined) span.items = undefined;
      this.more();
      const d = this.byte(this.p);
      this.p++;
      if (d === CLOSE_BRACKET) {
        if (span) span.end = this.p;
        this.starts = undefined;
        return out;
      }
      if (d !== COMMA) this.fail('comma expected', this.p - 1);
      this.more();
    }
  }

  /** The spaces before `offset` on its line when nothing else is, else -1 (not the collector's layout). */
  private indentation(offset: number): number {
    let n = 0;
    for (let i = offset - 1; i >= 0; i--) {
      const c = this.byte(i);
      if (c === SPACE) n++;
      else return c === NEWLINE ? n : -1;
    }
    return -1;
  }

  /**
   * The next batch of elements from `start`, cut where the layout says an element or the array
   * ends, or undefined when no cut that JSON.parse accepts is found (the caller then scans). On
   * success the walker is after the batch, before the comma or the closing bracket.
   */
  private batchByLayout(start: number, indent: number, members?: ReadonlySet<string>): unknown[] | undefined {
    const next = Buffer.from(`,\n${' '.repeat(indent)}`);
    for (let span = this.batchBytes; span <= MAX_VALUE_BYTES; span *= 4) {
      const limit = Math.min(this.w.size, start + span);
      const bytes = this.w.view(start, limit);
      let cut = indexOfClose(bytes, indent - 2);
      if (cut < 0) {
        // the last element start in the window (a deeper line has more spaces after them)
        for (let at = bytes.lastIndexOf(next); at > 0; at = bytes.lastIndexOf(next, at - 1)) {
          if (bytes[at + next.length] !== SPACE) {
            cut = at;
            break;
          }
        }
      }
      if (cut < 0) {
        if (limit === this.w.size) return undefined;
        continue;
      }
      let items: unknown[] | undefined;
      try {
        items = members && this.parseTrimmed(bytes.subarray(0, cut), indent, members, start);
        if (!items) {
          // a batch parsed whole says where none of its items start
          this.starts = undefined;
          items = this.parse(start, start + cut, -1, true);
        }
      } catch (e) {
        if (e instanceof StreamedJsonError && e.kind !== 'syntax') throw e;
        return undefined;
      }
      this.p = start + cut;
      return items;
    }
    return undefined;
  }

  /** The elements from `start` up to about batchBytes, delimited by scanning every byte. */
  private batchByScan(start: number): unknown[] {
    let count = 0;
    for (;;) {
      const before = this.p;
      this.starts?.push(before);
      this.skipValue();
      if (this.p === before) this.fail('value expected');
      count++;
      const end = this.p;
      this.more();
      if (this.byte(this.p) !== COMMA || end - start >= this.batchBytes) {
        this.p = end;
        return this.parse(start, end, count);
      }
      this.p++;
      this.more();
    }
  }

  /** Moves past the value at the walker: a string, a container (counting brackets outside strings), or a scalar. */
  private skipValue(): void {
    const c = this.byte(this.p);
    if (c === QUOTE) return this.skipString();
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      for (;;) {
        const d = this.byte(this.p);
        if (d === -1) return;
        if (d === QUOTE) {
          this.skipString();
          continue;
        }
        this.p++;
        if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
        else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return;
      }
    }
    for (;;) {
      const d = this.byte(this.p);
      if (
        d === -1 ||
        d === COMMA ||
        d === CLOSE_BRACE ||
        d === CLOSE_BRACKET ||
        d === SPACE ||
        d === NEWLINE ||
        d === 13 ||
        d === 9
      )
        return;
      this.p++;
    }
  }

  private skipString(): void {
    this.p++;
    for (;;) {
      const c = this.byte(this.p);
      if (c === -1) return;
      this.p++;
      if (c === QUOTE) return;
      if (c === BACKSLASH) this.p++;
    }
  }

  /**
   * Consecutive objects of the collector's layout (each `{` … `}` at `indent` spaces, its members one
   * level deeper, separated by `,` and a new line), parsed with only the members named in `members`:
   * each member begins on a line of its own at the members' indentation (a JSON string holds no new
   * line, and a deeper value's lines are indented further), so the members are found with the
   * native String.indexOf and the others are never parsed. Undefined when the bytes are laid out
   * otherwise, or when what is kept is not valid (the caller then parses the whole batch, which
   * reports any error at its place).
   */
  private parseTrimmed(
    bytes: Buffer,
    indent: number,
    members: ReadonlySet<string>,
    offset: number,
  ): unknown[] | undefined {
    if (bytes.length > MAX_VALUE_BYTES) return undefined;
    const ascii = isAscii(bytes);
    if (!ascii && !isUtf8(bytes)) return undefined;
    const src = ascii ? bytes.toString('latin1') : bytes.toString('utf8');
    const marks = this.trimMarks(indent);
    /** where the items start, added to this.starts once the batch is accepted */
    const starts: number[] = [];
    // byte offsets of the items: in ASCII a character is a byte; otherwise counted as UTF-8
    let counted = 0;
    let countedBytes = offset;
    const byteAt = (at: number): number => {
      if (ascii) return offset + at;
      countedBytes += Buffer.byteLength(src.slice(counted, at), 'utf8');
      counted = at;
      return countedBytes;
    };
    let text = '[';
    // one forward scan per object: from member to member (the last one's end is found from the
    // next object's first member, which follows its `{` where any other member follows a comma)
    let pos = 0;
    for (;;) {
      if (src.charCodeAt(pos) !== OPEN_BRACE) return undefined;
      starts.push(byteAt(pos));
      let end: number;
      if (src.charCodeAt(pos + 1) === CLOSE_BRACE) {
        text += '{}';
        end = pos + 2;
      } else {
        let at = pos + 1;
        if (!src.startsWith(marks.member, at)) return undefined;
        let first = true;
        text += '{';
        for (;;) {
          const keyStart = at + marks.member.length;
          const keyEnd = src.indexOf('"', keyStart);
          if (keyEnd < 0) return undefined;
          const next = src.indexOf(marks.member, keyEnd);
          const last = next < 0 || src.charCodeAt(next - 1) !== COMMA;
          let valueEnd = next - 1;
          if (last) {
            // the object ends where the next one begins (or where the batch does)
            valueEnd = next < 0 ? src.length - marks.close.length : next - marks.between.length;
            if (valueEnd < keyEnd || !src.startsWith(next < 0 ? marks.close : marks.between, valueEnd))
              return undefined;
          }
          const key = src.slice(keyStart, keyEnd);
          // a key with an escape may spell a kept name otherwise: the whole batch is parsed instead
          if (key.includes('\\')) return undefined;
          if (members.has(key)) {
            text += first ? src.slice(at + 1, valueEnd) : `,${src.slice(at + 1, valueEnd)}`;
            first = false;
          }
          if (last) {
            end = valueEnd + marks.close.length;
            break;
          }
          at = next;
        }
        text += '}';
      }
      if (end === src.length) break;
      if (!src.startsWith(marks.next, end)) return undefined;
      pos = end + marks.next.length;
      text += ',';
    }
    text += ']';
    let items: unknown;
    try {
      items = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!Array.isArray(items) || findDuplicateKey(text, items)) return undefined;
    if (this.starts) for (const at of starts) this.starts.push(at);
    return items;
  }

  private marks = new Map<number, { member: string; close: string; next: string; between: string }>();

  /**
   * What parseTrimmed looks for, for items at `indent` spaces: a member's start, an item's end, what
   * comes before the next item, and all that lies between an item's last member and the next's first.
   */
  private trimMarks(indent: number): { member: string; close: string; next: string; between: string } {
    let m = this.marks.get(indent);
    if (!m) {
      const pad = ' '.repeat(indent);
      m = { member: `\n${pad}  "`, close: `\n${pad}}`, next: `,\n${pad}`, between: `\n${pad}},\n${pad}{` };
      this.marks.set(indent, m);
    }
    return m;
  }

  /**
   * The JSON values written between `start` and `end` (separated by commas) as an array: one
   * read, one decode, one JSON.parse of `[` + bytes + `]`. `count` (unless -1) is how many there
   * must be. `guessed`: the end is a guess, so a parse error is not reported with its place.
   */
  private parse(start: number, end: number, count: number, guessed = false): unknown[] {
    const len = end - start;
    if (len > MAX_VALUE_BYTES)
      throw new StreamedJsonError(
        `one value here is ${Math.round(len / 1024 / 1024)} MB; no Okta or Beyond Identity object is that large`,
        this.place(start),
        'too-large',
      );
    if (len + 2 > this.spanBuf.length) this.spanBuf = Buffer.allocUnsafe(Math.max(len + 2, this.spanBuf.length * 2));
    const buf = this.spanBuf;
    buf[0] = OPEN_BRACKET;
    this.w.view(start, end).copy(buf, 1);
    buf[len + 1] = CLOSE_BRACKET;
    const bytes = buf.subarray(0, len + 2);
    let text: string;
    // pure ASCII (the usual snapshot) decodes as Latin-1, a plain copy
    if (isAscii(bytes)) text = bytes.toString('latin1');
    else if (isUtf8(bytes)) text = bytes.toString('utf8');
    else if (guessed) throw new StreamedJsonError('', { line: 1, column: 1 });
    else throw this.invalidUtf8(bytes, start);
    let items: unknown;
    try {
      items = JSON.parse(text);
    } catch {
      if (guessed) throw new StreamedJsonError('', { line: 1, column: 1 });
      const parsed = parseJsonWithPosition(text);
      const from = this.place(start);
      throw new StreamedJsonError(
        'error' in parsed ? parsed.error : 'malformed JSON',
        'error' in parsed ? shift(from, parsed.position) : from,
      );
    }
    if (!Array.isArray(items) || (count >= 0 && items.length !== count))
      throw new StreamedJsonError('malformed JSON: comma expected', this.place(start));
    const duplicate = findDuplicateKey(text, items);
    if (duplicate)
      throw new StreamedJsonError(
        `the key ${JSON.stringify(duplicate.key)} occurs twice in one object`,
        shift(this.place(start), duplicate.position),
        'duplicate',
      );
    return items;
  }

  private invalidUtf8(bytes: Buffer, start: number): StreamedJsonError {
    const bad = 1 + firstInvalidUtf8(bytes.subarray(1));
    return new StreamedJsonError(
      `snapshot is not valid UTF-8 (byte 0x${bytes[bad]?.toString(16).padStart(2, '0')})`,
      this.place(start + bad - 1),
      'utf8',
    );
  }

  /**
   * Line and column (UTF-16 units) of a byte offset, for an error: the lines are counted from the
   * start of the file (a JSON string holds no raw newline, so every newline byte ends a line).
   */
  private place(offset: number): Position {
    const { line, column } = placeInFile(this.fd, offset);
    return { line, column };
  }
}

/**
 * Where `\n` + `pad` spaces + `]` first occurs in `bytes`, or -1: found from the brackets (a
 * native search for one byte, which the items of a user array hold few of) rather than by searching
 * for the whole sequence, whose newline and spaces begin every line.
 */
function indexOfClose(bytes: Buffer, pad: number): number {
  for (let q = bytes.indexOf(CLOSE_BRACKET, pad + 1); q >= 0; q = bytes.indexOf(CLOSE_BRACKET, q + 1)) {
    let k = 1;
    while (k <= pad && bytes[q - k] === SPACE) k++;
    if (k === pad + 1 && bytes[q - k] === NEWLINE) return q - k;
  }
  return -1;
}

/** A position in `[` + span + `]` as a position in the file, where the span starts at `start`. */
function shift(start: Position, at: Position): Position {
  if (at.line > 1) return { line: start.line + at.line - 1, column: at.column };
  return { line: start.line, column: Math.max(1, start.column + at.column - 2) };
}

/**
 * An object item with only the named members (a new object; `__proto__` stays data, as JSON.parse
 * makes it). Anything else is returned as it is.
 */
export function keepMembers(item: unknown, members: ReadonlySet<string>): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  const src = item as Record<string, unknown>;
  let all = true;
  for (const k in src)
    if (!members.has(k)) {
      all = false;
      break;
    }
  if (all) return item;
  const out: Record<string, unknown> = {};
  for (const k in src)
    if (members.has(k))
      Object.defineProperty(out, k, { value: src[k], enumerable: true, writable: true, configurable: true });
  return out;
}
