import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  MessageChannel,
  Worker,
  isMainThread,
  receiveMessageOnPort,
  workerData,
  type MessagePort,
} from 'node:worker_threads';
import { visit, printParseErrorCode, type ParseErrorCode } from 'jsonc-parser';
import { fromPointer } from './pointer.js';
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
} from './json-bytes.js';

export interface Position {
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units (SARIF's default columnKind) */
  column: number;
}

/** One segment of the wanted pointers: the places the scan must descend into. */
interface Trie {
  pointer: string;
  /** children by object key (unescaped) */
  keys: Map<string, Trie> | undefined;
  /** children by array index */
  indices: Map<number, Trie> | undefined;
  /** the highest index wanted, so the rest of a large array is skipped without lookups */
  maxIndex: number;
  /** where the value starts, once found */
  found: Position | undefined;
}

/** Thrown to unwind the scan once every wanted place has been found. */
const DONE = Symbol('done');

/** A JSON document as text, as its UTF-8 bytes, or as a sequence of chunks of its bytes (a file read piece by piece). */
export type JsonSource = string | Uint8Array | Iterable<Uint8Array>;

/** Where a value starts: its byte offset in the UTF-8 document, and its line and column. */
export interface Place extends Position {
  offset: number;
}

/**
 * A cursor over the bytes of a JSON document that is already known to be valid (JSON.parse
 * accepted it): it reads its input in chunks, counts lines as it goes (a JSON string holds no raw
 * newline) and columns in UTF-16 code units without decoding, and skips values by counting
 * brackets outside strings, allocating nothing for what it skips. Malformed input never makes it
 * throw or loop: it runs to the end.
 */
interface Cursor {
  /** skips whitespace; false at the end of the input */
  ws(): boolean;
  /** the byte at the cursor (NaN-like undefined at the end) */
  peek(): number;
  advance(): void;
  /** reads the string at the cursor (an opening quote) and returns its value */
  readKey(): string;
  /** skips the value at the cursor */
  skipValue(): void;
  /** how deep the last skipped value nests: 0 for a scalar, 1 for an object or array holding none, … */
  deepest(): number;
  /** skips to just past the bracket that closes the container the cursor is in */
  skipRest(): void;
  /** the place of the cursor */
  here(): Place;
  /** the byte offset of the cursor */
  offset(): number;
  /** appends the place of the cursor to three lists, without allocating a Place */
  record(offsets: number[], lines: number[], columns: number[]): void;
  /** the end of the input was reached */
  atEnd(): boolean;
  /** spaces before the key readKey read last when nothing else precedes it on its line, else -1 */
  keyIndent(): number;
  /**
   * From just inside an array laid out by a pretty-printer, skips to just past the first `]` that
   * begins a line after `pad` spaces, counting lines with native searches rather than looking at
   * every byte. Returns where every `every`-th line starts (and the line the skip began on), or
   * undefined when no such bracket follows (the cursor is then at the end of the input).
   */
  skipToLineClose(pad: number, every: number): { offsets: number[]; lines: number[] } | undefined;
  close(): void;
}

function cursor(source: JsonSource, start?: Place): Cursor {
  const chunks = (typeof source === 'string' ? stringChunks(source) : source instanceof Uint8Array ? [source] : source)[
    Symbol.iterator
  ]();
  const first = chunks.next();
  /** the current chunk; positions (pos, i) are indices into it */
  let b: Uint8Array = first.done ? new Uint8Array(0) : first.value;
  let n = b.length;
  /** absolute byte offset of b[0] */
  let base = start?.offset ?? 0;
  let pos = !start && n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let line = start?.line ?? 1;
  /** absolute byte offset where the current line starts (after a BOM on the first line) */
  let lineStart = start ? start.offset - (start.column - 1) : pos;
  /**
   * UTF-8 bytes minus UTF-16 code units so far: +1 per continuation byte, -1 per 4-byte lead (a
   * surrogate pair). A column is the bytes since the line start minus this difference since then.
   */
  let extra = 0;
  let extraAtLineStart = 0;
  let ended = false;
  /** the deepest level skipDepth reached, counted from where it started (1) */
  let deepestSkipped = 0;

  /** Moves to the next chunk; returns how far indices into the chunk shift (the old length), or -1 at the end. */
  const refill = (): number => {
    for (;;) {
      const r = chunks.next();
      if (r.done) {
        ended = true;
        return -1;
      }
      if (r.value.length === 0) continue;
      const old = n;
      base += old;
      b = r.value;
      n = b.length;
      return old;
    }
  };

  /** Bytes outside printable ASCII inside strings: lines (in damaged input) and UTF-16 columns. */
  const odd = (c: number, i: number) => {
    if (c === NEWLINE) {
      line++;
      lineStart = base + i + 1;
      extraAtLineStart = extra;
    } else if (c >= 0x80) {
      if (c < 0xc0) extra++;
      else if (c >= 0xf0) extra--;
    }
  };

  const ws = (): boolean => {
    for (;;) {
      if (pos >= n) {
        const s = refill();
        if (s < 0) {
          pos = n;
          return false;
        }
        pos -= s;
        continue;
      }
      const c = b[pos];
      if (c === 32 || c === 9 || c === 13) pos++;
      else if (c === NEWLINE) {
        pos++;
        line++;
        lineStart = base + pos;
        extraAtLineStart = extra;
      } else return true;
    }
  };

  let keyBytes = new Uint8Array(64);
  let keyIndent = -1;
  const readKey = (): string => {
    keyIndent = -1;
    if (lineStart >= base) {
      let k = lineStart - base;
      while (k < pos && b[k] === SPACE) k++;
      if (k === pos) keyIndent = pos - (lineStart - base);
    }
    let len = 0;
    let i = pos + 1;
    for (;;) {
      if (i >= n) {
        const s = refill();
        if (s < 0) {
          pos = n;
          break;
        }
        i -= s;
        continue;
      }
      const c = b[i];
      if (c === QUOTE) {
        pos = i + 1;
        break;
      }
      if (len + 2 > keyBytes.length) {
        const bigger = new Uint8Array(keyBytes.length * 2);
        bigger.set(keyBytes);
        keyBytes = bigger;
      }
      if (c === BACKSLASH) {
        keyBytes[len++] = c;
        i++;
        if (i >= n) {
          const s = refill();
          if (s < 0) {
            pos = n;
            break;
          }
          i -= s;
        }
        keyBytes[len++] = b[i];
        i++;
        continue;
      }
      if (c < 0x20 || c >= 0x80) odd(c, i);
      keyBytes[len++] = c;
      i++;
    }
    return decodeKey(keyBytes.subarray(0, len));
  };

  const skipString = () => {
    let i = pos + 1;
    for (;;) {
      if (i >= n) {
        const s = refill();
        if (s < 0) {
          pos = n;
          return;
        }
        i -= s;
        continue;
      }
      const c = b[i];
      if (c === QUOTE) {
        pos = i + 1;
        return;
      }
      if (c === BACKSLASH) i += 2;
      else {
        if (c < 0x20 || c >= 0x80) odd(c, i);
        i++;
      }
    }
  };

  const skipScalar = () => {
    for (;;) {
      if (pos >= n) {
        const s = refill();
        if (s < 0) {
          pos = n;
          return;
        }
        pos -= s;
        continue;
      }
      const d = b[pos];
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 32 || d === NEWLINE || d === 13 || d === 9)
        return;
      pos++;
    }
  };

  /**
   * Skips to just past the bracket closing the container `depth` levels up. This loop is where a
   * large document spends its time, so strings are skipped inline, and the cursor's state is kept
   * in locals while it runs (written back when it refills or returns): V8 keeps locals in
   * registers, where closure variables are loaded from memory on every byte.
   */
  const skipDepth = (depth: number) => {
    let deep = depth;
    let i = pos;
    let buf = b;
    let len = n;
    let at = base;
    let ln = line;
    let ls = lineStart;
    let ex = extra;
    let exl = extraAtLineStart;
    for (;;) {
      if (i >= len) {
        const s = refill();
        if (s < 0) break;
        i -= s;
        buf = b;
        len = n;
        at = base;
        continue;
      }
      const d = buf[i];
      // indentation: most of the bytes outside strings of a pretty-printed file
      if (d === SPACE) {
        i++;
        continue;
      }
      if (d === QUOTE) {
        i++;
        let closed = false;
        for (;;) {
          if (i >= len) {
            const s = refill();
            if (s < 0) break;
            i -= s;
            buf = b;
            len = n;
            at = base;
            continue;
          }
          const c = buf[i];
          // letters (above the backslash) first: most of the bytes inside strings
          if (c > BACKSLASH) {
            if (c >= 0x80) {
              if (c < 0xc0) ex++;
              else if (c >= 0xf0) ex--;
            }
            i++;
            continue;
          }
          if (c === QUOTE) {
            closed = true;
            break;
          }
          if (c === BACKSLASH) i += 2;
          else {
            if (c === NEWLINE) {
              ln++;
              ls = at + i + 1;
              exl = ex;
            }
            i++;
          }
        }
        if (!closed) break;
        i++;
        continue;
      }
      if (d === NEWLINE) {
        ln++;
        ls = at + i + 1;
        exl = ex;
      } else if (d === OPEN_BRACE || d === OPEN_BRACKET) {
        if (++depth > deep) deep = depth;
      } else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        if (--depth === 0) {
          pos = i + 1;
          line = ln;
          lineStart = ls;
          extra = ex;
          extraAtLineStart = exl;
          deepestSkipped = deep;
          return;
        }
      }
      i++;
    }
    // the end of the input
    pos = n;
    line = ln;
    lineStart = ls;
    extra = ex;
    extraAtLineStart = exl;
    deepestSkipped = deep;
  };

  return {
    ws,
    peek: () => b[pos],
    advance: () => {
      pos++;
    },
    readKey,
    skipValue: () => {
      const c = b[pos];
      if (c === QUOTE) {
        skipString();
        deepestSkipped = 0;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        pos++;
        skipDepth(1);
      } else {
        skipScalar();
        deepestSkipped = 0;
      }
    },
    deepest: () => deepestSkipped,
    skipRest: () => skipDepth(1),
    offset: () => base + pos,
    here: () => ({
      offset: base + pos,
      line,
      column: Math.max(1, base + pos - lineStart - (extra - extraAtLineStart) + 1),
    }),
    record: (offsets, lines, columns) => {
      offsets.push(base + pos);
      lines.push(line);
      columns.push(Math.max(1, base + pos - lineStart - (extra - extraAtLineStart) + 1));
    },
    atEnd: () => ended && pos >= n,
    keyIndent: () => keyIndent,
    skipToLineClose: (pad, every) => {
      const offsets = [lineStart];
      const lines = [line];
      const first = line;
      /** the bytes of the current line in earlier chunks are all spaces */
      let earlierSpaces = true;
      for (;;) {
        if (pos >= n) {
          // what of the current line this chunk holds, for a line that goes on in the next one
          const from = Math.max(0, lineStart - base);
          for (let k = from; k < n && earlierSpaces; k++) if (b[k] !== SPACE) earlierSpaces = false;
          const s = refill();
          if (s < 0) {
            pos = n;
            return undefined;
          }
          pos -= s;
          continue;
        }
        const q = b.indexOf(CLOSE_BRACKET, pos);
        const stop = q < 0 ? n : q;
        for (let i = b.indexOf(NEWLINE, pos); i >= 0 && i < stop; i = b.indexOf(NEWLINE, i + 1)) {
          line++;
          lineStart = base + i + 1;
          earlierSpaces = true;
          if ((line - first) % every === 0) {
            offsets.push(lineStart);
            lines.push(line);
          }
        }
        if (q < 0) {
          pos = n;
          continue;
        }
        pos = q + 1;
        if (base + q - lineStart !== pad) continue;
        let k = Math.max(0, lineStart - base);
        while (k < q && b[k] === SPACE) k++;
        if (k === q && (lineStart >= base || earlierSpaces)) {
          // columns after the skip count from here: the bytes skipped are not decoded
          extraAtLineStart = extra;
          deepestSkipped = 1;
          return { offsets, lines };
        }
      }
    },
    close: () => {
      chunks.return?.();
    },
  };
}

/**
 * Walks the members of the object or array at the cursor (which must be at its opening bracket),
 * calling `member` with the cursor at each member's value; `member` must consume the value and
 * may return false to skip the rest of the container. Stops quietly on malformed input.
 */
function members(c: Cursor, member: (key: string | number) => boolean | undefined): void {
  const open = c.peek();
  if (open !== OPEN_BRACE && open !== OPEN_BRACKET) {
    c.skipValue();
    return;
  }
  const close = open === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
  c.advance();
  for (let i = 0; ; i++) {
    if (!c.ws()) return;
    if (c.peek() === close) {
      c.advance();
      return;
    }
    let key: string | number = i;
    if (open === OPEN_BRACE) {
      if (c.peek() !== QUOTE) {
        c.skipRest();
        return;
      }
      key = c.readKey();
      if (!c.ws() || c.peek() !== COLON) {
        c.skipRest();
        return;
      }
      c.advance();
      if (!c.ws()) return;
    }
    if (member(key) === false) {
      c.skipRest();
      return;
    }
    if (!c.ws()) return;
    const d = c.peek();
    if (d === COMMA) c.advance();
    else {
      if (d === close) c.advance();
      else c.skipRest();
      return;
    }
  }
}

/**
 * Finds the line and column of a set of JSON Pointers in one scan of a JSON document: it descends
 * only into the objects and arrays on the way to a wanted pointer, skips every other value, and
 * stops as soon as every wanted place is found. It reads its input in chunks, so a large snapshot
 * is located from its file with a small, fixed buffer and without its text in memory.
 *
 * `start` scans from the middle of a document: the source then begins at that place (a value
 * found by indexShallow) and the pointers are relative to that value.
 *
 * Columns count UTF-16 code units (SARIF's default columnKind). A pointer that does not exist
 * resolves to its deepest existing ancestor (a missing field is reported at the object that
 * should have held it). With duplicate keys the first one is located (snapshots holding any are
 * refused when loaded: see findDuplicateKey). Malformed input never throws: whatever was found before
 * the damage is returned.
 */
export function locatePointers(source: JsonSource, pointers: Iterable<string>, start?: Place): Map<string, Position> {
  const wanted = new Set<string>(pointers);
  const result = new Map<string, Position>();
  if (wanted.size === 0) return result;

  const root = newNode('');
  const all = [root];
  for (const p of wanted) {
    let node = root;
    let ptr = '';
    for (const seg of safeSegments(p)) {
      ptr += `/${seg.escaped}`;
      let next: Trie | undefined;
      if (/^(0|[1-9]\d{0,14})$/.test(seg.key)) {
        const i = Number(seg.key);
        node.indices ??= new Map();
        next = node.indices.get(i);
        if (!next) {
          next = newNode(ptr);
          node.indices.set(i, next);
          if (i > node.maxIndex) node.maxIndex = i;
          all.push(next);
        }
        // An object key that looks like an index ("0") must also be found under objects.
        node.keys ??= new Map();
        if (!node.keys.has(seg.key)) node.keys.set(seg.key, next);
      } else {
        node.keys ??= new Map();
        next = node.keys.get(seg.key);
        if (!next) {
          next = newNode(ptr);
          node.keys.set(seg.key, next);
          all.push(next);
        }
      }
      node = next;
    }
  }

  const c = cursor(source, start);
  let remaining = all.length;
  const scanValue = (node: Trie) => {
    if (!node.found) {
      const h = c.here();
      node.found = { line: h.line, column: h.column };
      if (--remaining === 0) throw DONE;
    }
    const open = c.peek();
    if ((open === OPEN_BRACE && node.keys) || (open === OPEN_BRACKET && node.indices)) {
      const keys = node.keys;
      const indices = node.indices;
      let left = open === OPEN_BRACE ? keys!.size : indices!.size;
      members(c, (key) => {
        const child = typeof key === 'number' ? (key > node.maxIndex ? null : indices!.get(key)) : keys!.get(key);
        if (child === null) return false;
        if (child && !child.found) {
          scanValue(child);
          if (--left === 0) return false;
        } else c.skipValue();
        return true;
      });
    } else c.skipValue();
  };
  try {
    if (c.ws()) scanValue(root);
  } catch (e) {
    if (e !== DONE) throw e;
  } finally {
    c.close();
  }

  const byPointer = new Map(all.map((t) => [t.pointer, t]));
  for (const p of wanted) {
    let q = canonical(p);
    for (;;) {
      const t = byPointer.get(q);
      if (t?.found) {
        result.set(p, t.found);
        break;
      }
      if (q === '') {
        result.set(p, start ? { line: start.line, column: start.column } : { line: 1, column: 1 });
        break;
      }
      q = q.slice(0, q.lastIndexOf('/'));
    }
  }
  return result;
}

/**
 * The places of every value at most `depth` levels below the root (a pointer of at most `depth`
 * segments), from one scan of the whole document. With it, locating a value later scans only the
 * shallow value that holds it (one user, one app) instead of the document up to it. Members are
 * listed per container, by container pointer, in document order.
 */
export interface ShallowIndex {
  root: Place;
  /** how deep the document nests: objects and arrays counted from the root as 1 (0 for a scalar document) */
  maxDepth: number;
  containers: Record<
    string,
    { keys: string[] | null; offsets: Float64Array; lines: Float64Array; columns: Float64Array }
  >;
  /**
   * The arrays indexShallow was asked to skip (by pointer) and did: their items are not indexed,
   * and maxDepth does not count them. `end` is the offset just past the closing bracket, `offsets`
   * and `lines` where every LINE_STEP-th line in them starts (the first: the line of the `[`).
   */
  skipped: Record<string, SkippedArray>;
  /** a skip ran to the end of the input: the index is of no use */
  failed?: boolean;
}

export interface SkippedArray {
  end: number;
  offsets: Float64Array;
  lines: Float64Array;
}

/** Lines between two recorded line starts of a skipped array. */
const LINE_STEP = 1024;

/**
 * `skip`: arrays (by pointer) whose items are not indexed when their key is first on its line (a
 * pretty-printer's layout, whose closing bracket begins a line at the key's indentation): they are passed with native
 * searches for their closing bracket and their lines, a fraction of the time a byte-level scan of a
 * million users takes. Whoever uses the index must check that the array ends where the parser found
 * its end (SkippedArray.end), and finds its items' offsets elsewhere.
 */
export function indexShallow(source: JsonSource, depth = 3, skip?: ReadonlySet<string>): ShallowIndex {
  const c = cursor(source);
  const index: ShallowIndex = {
    root: { offset: 0, line: 1, column: 1 },
    maxDepth: 0,
    containers: {},
    skipped: {},
  };
  // The scan passes every bracket anyway: it measures the nesting too, so that the thread that
  // parses need not walk the document for it (MAX_DEPTH in snapshot/load.ts).
  const skipped = (level: number) => {
    c.skipValue();
    if (level + c.deepest() > index.maxDepth) index.maxDepth = level + c.deepest();
  };
  const visit = (pointer: string, level: number) => {
    const open = c.peek();
    if (level >= depth || (open !== OPEN_BRACE && open !== OPEN_BRACKET)) {
      skipped(level);
      return;
    }
    if (level + 1 > index.maxDepth) index.maxDepth = level + 1;
    if (open === OPEN_BRACKET && skip?.has(pointer) && c.keyIndent() >= 0) {
      // (in any other layout the bracket found is not the array's: the user of the index finds out)
      const pad = c.keyIndent();
      c.advance();
      if (!c.ws()) {
        index.failed = true;
        return;
      }
      if (c.peek() === CLOSE_BRACKET) {
        // empty: its bracket is the next byte, wherever it is
        c.advance();
        const at = c.here();
        index.skipped[pointer] = {
          end: at.offset,
          offsets: Float64Array.of(at.offset),
          lines: Float64Array.of(at.line),
        };
        return;
      }
      const lines = c.skipToLineClose(pad, LINE_STEP);
      if (!lines) index.failed = true;
      else
        index.skipped[pointer] = {
          end: c.offset(),
          offsets: Float64Array.from(lines.offsets),
          lines: Float64Array.from(lines.lines),
        };
      return;
    }
    const keys: string[] | null = open === OPEN_BRACE ? [] : null;
    const offsets: number[] = [];
    const lines: number[] = [];
    const columns: number[] = [];
    const leaves = level + 1 >= depth;
    members(c, (key) => {
      if (keys) keys.push(key as string);
      c.record(offsets, lines, columns);
      if (leaves) skipped(level + 1);
      else visit(`${pointer}/${escapeKey(String(key))}`, level + 1);
    });
    index.containers[pointer] = {
      keys,
      offsets: Float64Array.from(offsets),
      lines: Float64Array.from(lines),
      columns: Float64Array.from(columns),
    };
  };
  try {
    if (c.ws()) {
      index.root = c.here();
      visit('', 0);
    }
  } finally {
    c.close();
  }
  return index;
}

/** The deepest value of an index that holds a pointer: its place and the rest of the pointer below it. */
export function fromIndex(
  index: ShallowIndex,
  pointer: string,
  lookup = new Map<string, Map<string, number>>(),
): { place: Place; base: string; rest: string } {
  const segs = safeSegments(pointer);
  let best: { place: Place; base: string; rest: string } = { place: index.root, base: '', rest: canonical(pointer) };
  let container = '';
  for (let d = 0; d < segs.length; d++) {
    const entry = index.containers[container];
    if (!entry) break;
    let at: number | undefined;
    if (entry.keys) {
      let keys = lookup.get(container);
      if (!keys) {
        keys = new Map();
        // the first of duplicate keys, as locatePointers finds it
        entry.keys.forEach((k, i) => {
          if (!keys!.has(k)) keys!.set(k, i);
        });
        lookup.set(container, keys);
      }
      at = keys.get(segs[d].key);
    } else if (/^(0|[1-9]\d{0,14})$/.test(segs[d].key)) {
      at = Number(segs[d].key);
      if (at >= entry.offsets.length) at = undefined;
    }
    if (at === undefined) break;
    container += `/${segs[d].escaped}`;
    best = {
      place: { offset: entry.offsets[at], line: entry.lines[at], column: entry.columns[at] },
      base: container,
      rest: segs
        .slice(d + 1)
        .map((s) => `/${s.escaped}`)
        .join(''),
    };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Reading a large JSON file again, in the background and in chunks.

/** What identifies a file, to notice that it changed between two reads. */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.dev === b.dev;
}

/** Thrown by fileChunks when the file is no longer the one first read. */
export class FileChangedError extends Error {}

/**
 * The bytes of a file from `offset` on, in chunks of `chunkSize` read into one reused buffer (a
 * consumer must be done with a chunk before asking for the next). Throws FileChangedError when the
 * file is not the one described by `expected`.
 */
export function* fileChunks(
  file: string,
  expected?: FileIdentity,
  offset = 0,
  chunkSize = 1 << 20,
): Generator<Uint8Array> {
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    if (expected && !sameFile(st, expected)) throw new FileChangedError(`${file} changed since it was read`);
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(chunkSize, st.size - offset)));
    for (let off = offset; ; ) {
      const n = readSync(fd, buf, 0, buf.length, off);
      if (n === 0) return;
      off += n;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs `fn` with the file open for reading, after checking that it is still the file described by
 * `expected` (FileChangedError otherwise): one open for many reads.
 */
export function withOpenFile<T>(file: string, expected: FileIdentity | undefined, fn: (fd: number) => T): T {
  const fd = openSync(file, 'r');
  try {
    if (expected && !sameFile(fstatSync(fd), expected)) throw new FileChangedError(`${file} changed since it was read`);
    return fn(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Line and column (UTF-16 units) of a byte offset in an open file, counted from `from` (the start of
 * a line: its offset and number; the file's start by default): every newline byte ends a line (a JSON
 * string holds no raw newline), and the column is the decoded length of the line up to the offset. A
 * byte order mark does not count on the first line.
 */
export function placeInFile(
  fd: number,
  offset: number,
  from: { offset: number; line: number } = { offset: 0, line: 1 },
  buf: Buffer = Buffer.allocUnsafe(1 << 20),
): Place {
  let line = from.line;
  let lineStart = from.offset;
  let at = lineStart;
  for (const chunk of fdChunks(fd, at, buf, buf.length)) {
    const n = Math.min(chunk.length, offset - at);
    for (let i = chunk.indexOf(NEWLINE); i >= 0 && i < n; i = chunk.indexOf(NEWLINE, i + 1)) {
      line++;
      lineStart = at + i + 1;
    }
    at += chunk.length;
    if (at >= offset) break;
  }
  const head = Buffer.allocUnsafe(offset - lineStart);
  readSync(fd, head, 0, head.length, lineStart);
  const bom = lineStart === 0 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  return { offset, line, column: head.subarray(bom).toString('utf8').length + 1 };
}

/**
 * The bytes of an open file from `offset` on, read into `buf` (reused: a consumer must be done with
 * a chunk before asking for the next), in chunks that start small and double up to the buffer's
 * size: a value found through an index (one user, one app) is usually a few hundred bytes, and
 * reading a megabyte for each would cost more than scanning it.
 */
export function* fdChunks(fd: number, offset: number, buf: Uint8Array, firstSize = 4096): Generator<Uint8Array> {
  let size = Math.max(1, Math.min(firstSize, buf.length));
  for (let off = offset; ; ) {
    const n = readSync(fd, buf, 0, size, off);
    if (n === 0) return;
    off += n;
    yield buf.subarray(0, n);
    if (size < buf.length) size = Math.min(buf.length, size * 2);
  }
}

/** What the background reader returns: the file's SHA-256 and its shallow index, or why it could not. */
export type BackgroundResult =
  | { sha256: string; index: ShallowIndex }
  | { error: 'changed' | 'failed'; message: string };

const WORKER_KEY = 'okta-bi-lint:index-file';

/**
 * Hashes and indexes a file on another thread while this one parses and audits it, so neither
 * the hash nor the scan behind line numbers adds to the run time of a large snapshot. `result()`
 * blocks until the other thread is done (it usually is by the time a report needs it) and returns
 * undefined when no thread could be started; the caller then does the work itself.
 *
 * The thread runs this module's own compiled file, so it is only started from dist/ (JavaScript);
 * under a TypeScript loader the caller's synchronous fallback is used.
 */
export function startBackgroundIndex(
  file: string,
  identity: FileIdentity,
  skip: readonly string[] = [],
): { result(): BackgroundResult | undefined; poll(): BackgroundResult | undefined } {
  const none = { result: () => undefined, poll: () => undefined };
  if (!import.meta.url.endsWith('.js')) return none;
  let worker: Worker;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  try {
    worker = new Worker(new URL(import.meta.url), {
      workerData: { [WORKER_KEY]: { file, identity, flag, port: port2, skip } },
      transferList: [port2],
    });
  } catch {
    port1.close();
    return none;
  }
  worker.unref();
  // Neither the thread nor the port may keep a library user's process alive.
  (port1 as MessagePort & { unref?: () => void }).unref?.();
  // A thread that fails to start never reports; its error must not end the process.
  worker.on('error', () => undefined);
  let done: BackgroundResult | undefined;
  const result = (): BackgroundResult | undefined => {
    if (done) return done;
    // Generous: the other thread reads the file once; a machine this slow falls back to doing it here.
    const deadline = Date.now() + 30_000 + identity.size / 10_000;
    while (Atomics.load(flag, 0) === 0 && Date.now() < deadline) Atomics.wait(flag, 0, 0, 100);
    const msg = receiveMessageOnPort(port1)?.message as BackgroundResult | undefined;
    port1.close();
    if (!msg) {
      void worker.terminate();
      return undefined;
    }
    done = msg;
    return done;
  };
  return {
    result,
    /** The result if the other thread is done already; never waits. */
    poll: () => (done || Atomics.load(flag, 0) === 0 ? done : result()),
  };
}

function indexInBackground(job: {
  file: string;
  identity: FileIdentity;
  flag: Int32Array;
  port: MessagePort;
  skip: readonly string[];
}): void {
  let message: BackgroundResult;
  const transfer: ArrayBuffer[] = [];
  try {
    const hash = createHash('sha256');
    const hashed = (function* () {
      for (const chunk of fileChunks(job.file, job.identity)) {
        hash.update(chunk);
        yield chunk;
      }
    })();
    // The index stops at the end of the document; hide return() from it so that the rest of the
    // file (trailing whitespace) is still read and hashed below.
    const index = indexShallow({ [Symbol.iterator]: () => ({ next: () => hashed.next() }) }, 3, new Set(job.skip));
    for (let r = hashed.next(); !r.done; r = hashed.next());
    message = { sha256: hash.digest('hex'), index };
    for (const c of Object.values(index.containers))
      transfer.push(c.offsets.buffer as ArrayBuffer, c.lines.buffer as ArrayBuffer, c.columns.buffer as ArrayBuffer);
    for (const a of Object.values(index.skipped))
      transfer.push(a.offsets.buffer as ArrayBuffer, a.lines.buffer as ArrayBuffer);
  } catch (e) {
    message = {
      error: e instanceof FileChangedError ? 'changed' : 'failed',
      message: String((e as Error)?.message ?? e),
    };
  }
  try {
    job.port.postMessage(message, transfer);
  } finally {
    job.port.close();
    Atomics.store(job.flag, 0, 1);
    Atomics.notify(job.flag, 0);
  }
}

function escapeKey(key: string): string {
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

function newNode(pointer: string): Trie {
  return { pointer, keys: undefined, indices: undefined, maxIndex: -1, found: undefined };
}

const utf8 = new TextDecoder('utf-8');

/** A key's bytes (between its quotes) as a string; escapes are rare in keys, so they take the slow path. */
function decodeKey(bytes: Uint8Array): string {
  const raw = utf8.decode(bytes);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** A text as UTF-8 chunks of about 1 MB, never splitting a surrogate pair. */
function* stringChunks(text: string, size = 1 << 20): Generator<Uint8Array> {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    yield Buffer.from(text.slice(at, end), 'utf8');
    at = end;
  }
}

/** Segments of a pointer, each unescaped (the key) and re-escaped canonically. A malformed pointer (no leading slash) is read as the root. */
function safeSegments(p: string): { key: string; escaped: string }[] {
  if (!p.startsWith('/')) return [];
  return fromPointer(p).map((key) => ({ key, escaped: key.replace(/~/g, '~0').replace(/\//g, '~1') }));
}

function canonical(p: string): string {
  return safeSegments(p)
    .map((s) => `/${s.escaped}`)
    .join('');
}

/** Line and column (1-based) of many character offsets of a text in one pass; the first line does not count a BOM. */
function positionsOfOffsets(text: string, offsets: readonly number[]): Map<number, Position> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map<number, Position>();
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let start = bom;
  let next = text.indexOf('\n');
  for (const off of sorted) {
    while (next !== -1 && next < off) {
      line++;
      start = next + 1;
      next = text.indexOf('\n', start);
    }
    out.set(off, { line, column: Math.max(1, off - start + 1) });
  }
  return out;
}

/** Line and column (1-based) of a character offset. */
export function positionOfOffset(text: string, offset: number): Position {
  return positionsOfOffsets(text, [offset]).get(offset)!;
}

/**
 * Parses JSON with the engine's native parser (fast path); on failure scans again with a
 * positional tokenizer to say where and why, since V8's messages vary between versions. The
 * second scan builds no tree, so a damaged 200 MB file costs no more memory than a good one.
 */
export function parseJsonWithPosition(text: string): { value: unknown } | { error: string; position: Position } {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  try {
    return { value: JSON.parse(body) };
  } catch (e) {
    let first: { code: ParseErrorCode; offset: number } | undefined;
    visit(
      body,
      {
        onError: (code, offset) => {
          first ??= { code, offset };
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
    if (first) {
      return {
        error: describeParseError(printParseErrorCode(first.code)),
        position: positionOfOffset(body, first.offset),
      };
    }
    const message = String((e as Error)?.message ?? e).split('\n')[0];
    if (e instanceof RangeError) {
      return { error: `the JSON document is too deeply nested to read (${message})`, position: { line: 1, column: 1 } };
    }
    const m = /position (\d+)/.exec(message);
    return { error: `malformed JSON: ${message}`, position: positionOfOffset(body, m ? Number(m[1]) : 0) };
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

// Last, so that every declaration above is initialised when this module runs as the background thread.
if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_KEY]) {
  indexInBackground((workerData as Record<string, Parameters<typeof indexInBackground>[0]>)[WORKER_KEY]);
}

/**
 * The first key that occurs twice in one object of a document JSON.parse accepted, at its second
 * occurrence, or undefined. JSON.parse keeps the last of duplicate keys while a reader of the file
 * sees the first, so a document with duplicates says two things at once.
 *
 * The common case (no duplicates) costs two native scans of the text and one walk of the parsed
 * value (about a tenth of the time JSON.parse takes): the number of keys written must equal the
 * number of keys parsed. Only when they differ is the document tokenized to find the place.
 */
export function findDuplicateKey(text: string, value: unknown): { key: string; position: Position } | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (countWrittenKeys(body) === countParsedKeys(value)) return undefined;
  const open: Set<string>[] = [];
  let found: { key: string; offset: number } | undefined;
  try {
    visit(body, {
      onObjectBegin: () => {
        open.push(new Set());
      },
      onObjectEnd: () => {
        open.pop();
      },
      onObjectProperty: (key, offset) => {
        const keys = open[open.length - 1];
        if (keys.has(key)) {
          found = { key, offset };
          throw DONE;
        }
        keys.add(key);
      },
    });
  } catch (e) {
    // The tokenizer recurses: a document nested thousands of levels deep overflows the stack. No
    // snapshot nests like that, and the loader's depth check refuses it with its place next.
    if (e instanceof RangeError) return undefined;
    if (e !== DONE) throw e;
  }
  return found && { key: found.key, position: positionOfOffset(body, found.offset) };
}

/**
 * Keys in the text of a valid JSON document. In valid JSON an unescaped quote ends a string, and a
 * string followed by a colon (after optional whitespace) is a key; one native scan for the colons
 * counts them far faster than a tokenizer. (A string value that starts with a colon counts once
 * too many: then the counts differ and the tokenizer decides, as for a duplicate.)
 */
function countWrittenKeys(text: string): number {
  // every colon, and the first character before it that is not white space: after a key, an
  // unescaped quote (a colon inside a string, in a URL or a time, mostly has no quote before it)
  let n = 0;
  for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', at + 1)) {
    let q = at - 1;
    let c = text.charCodeAt(q);
    while (c === SPACE || c === NEWLINE || c === 9 || c === 13) c = text.charCodeAt(--q);
    if (c === QUOTE && !escaped(text, q)) n++;
  }
  return n;
}

/** Whether the quote at `at` is escaped (preceded by an odd number of backslashes). */
function escaped(text: string, at: number): boolean {
  let slashes = 0;
  while (text.charCodeAt(at - 1 - slashes) === BACKSLASH) slashes++;
  return slashes % 2 === 1;
}

/** Keys of every object in a parsed document. */
function countParsedKeys(value: unknown): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push(x);
    } else {
      for (const k in v) {
        n++;
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && typeof x === 'object') stack.push(x);
      }
    }
  }
  return n;
}
