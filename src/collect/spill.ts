/**
 * The lists of a snapshot that grow with the org (okta.users, okta.groupMembers.<group id>,
 * beyondIdentity.scimUsers), and the collector's own lists of that size: held in memory while
 * small, and from a threshold on kept in a temporary file as their pages arrive, so that a million
 * users are never held at once. The file holds each item's JSON text (`JSON.stringify(item, null,
 * 2)`, what the writer indents to its place), one after the other, each ended by a NUL byte (which
 * JSON text never contains: a NUL inside a string is escaped).
 *
 * A snapshot's list is finished item by item before it goes to the file (redacted as the whole
 * document would be, with the item's own path): the file never holds a secret, and the document
 * around such a list is redacted and validated without it. A list that stays small is left as it
 * was read, an array, and is redacted with the document, as before.
 *
 * The file is removed as soon as it is created and is used through its descriptor only: whatever
 * ends the process (an error, Ctrl-C, SIGTERM, SIGKILL), nothing is left behind. Where the system
 * refuses to remove an open file, it is removed when the list is disposed of.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CollectFatalError } from './errors.js';

/** Makes a batch of a list's items final (redacted) before they are written; `from` is the index of the first. */
export type Finish = (items: unknown[], from: number) => Promise<unknown[]>;

/**
 * Items are finished and written this many at a time: secretlint runs once per batch, and each of
 * its runs costs a little more than the one before (its profiler keeps every mark of the process
 * and searches them all at each new one): a few hundred runs for a million users.
 */
const BATCH = 10_000;
/**
 * Text is written and read this much at a time: strings of a megabyte would go to V8's large
 * object space, reclaimed only by a full collection, and the heap would grow by the snapshot's size.
 */
const CHUNK = 1 << 16;

/** A list that is kept in a temporary file once it is large; see the top of this file. */
export class ItemList {
  /** the items not in the file: all of them while the list is small, unfinished */
  private held: unknown[] = [];
  private written = 0;
  /** whether the list is (to be) kept on disk: it reached `spillFrom` items */
  private spilled = false;
  private fd: number | undefined;
  /** the file's name while it still has one (a system that refused to remove it open) */
  private file: string | undefined;

  constructor(
    /** the list's path in the snapshot, for messages */
    private readonly what: string,
    /** from how many items the list is kept on disk */
    private readonly spillFrom: number,
    private readonly finish?: Finish,
  ) {}

  get length(): number {
    return this.written + this.held.length;
  }

  /**
   * Adds the items of a page. Once the list holds `spillFrom` items, it goes to disk, a batch at a
   * time, each item finished first. The calls on one list are made one after the other (each
   * awaited), and end with `end`.
   */
  async add(items: readonly unknown[]): Promise<void> {
    for (const x of items) this.held.push(x);
    this.spilled ||= this.held.length > 0 && this.held.length >= this.spillFrom;
    if (this.spilled && this.held.length >= BATCH) await this.flush();
  }

  /**
   * The list as the snapshot holds it, once every item is added: its items when it stayed small,
   * else itself, on disk (written by snapshotPieces).
   */
  async end(): Promise<unknown[] | ItemList> {
    if (!this.spilled) return this.held;
    await this.flush();
    return this;
  }

  /** Finishes what is held and writes it to the file. */
  private async flush(): Promise<void> {
    const batch = this.held;
    this.held = [];
    const from = this.written;
    this.written += batch.length;
    const done = this.finish ? await this.finish(batch, from) : batch;
    try {
      const fd = (this.fd ??= this.open());
      // written 64 KB at a time: a text of the whole batch would be a large object of the old generation
      let parts: string[] = [];
      let size = 0;
      for (const x of done) {
        const t = `${JSON.stringify(x, null, 2) ?? 'null'}\0`;
        parts.push(t);
        size += t.length;
        if (size >= CHUNK) {
          writeSync(fd, parts.join(''));
          parts = [];
          size = 0;
        }
      }
      if (size > 0) writeSync(fd, parts.join(''));
    } catch (e) {
      throw this.failure(e);
    }
  }

  /** Each item's JSON text (`JSON.stringify(item, null, 2)`) in the file, in order. */
  *texts(): Generator<string, void, undefined> {
    const fd = this.fd;
    if (fd === undefined) return;
    let buf = Buffer.allocUnsafe(CHUNK);
    let have = 0;
    let at = 0;
    for (;;) {
      // an item longer than the buffer: a larger one
      if (have === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]);
      let n: number;
      try {
        n = readSync(fd, buf, have, buf.length - have, at);
      } catch (e) {
        throw this.failure(e);
      }
      if (n === 0) break;
      at += n;
      have += n;
      const read = buf.subarray(0, have);
      let start = 0;
      for (let end = read.indexOf(0, start); end >= 0; end = read.indexOf(0, start)) {
        yield read.toString('utf8', start, end);
        start = end + 1;
      }
      buf.copy(buf, 0, start, have);
      have -= start;
    }
  }

  /** Each item, in order, once the list has ended (read back from the file when it is there). */
  *items(): Generator<unknown, void, undefined> {
    if (!this.spilled) yield* this.held;
    else for (const t of this.texts()) yield JSON.parse(t);
  }

  /** Closes and removes the file, and lets the items go. */
  dispose(): void {
    this.held = [];
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.file !== undefined) rmSync(this.file, { force: true });
    this.file = undefined;
  }

  /** A list kept on disk is written by snapshotPieces, never by JSON.stringify (which would write `{}`). */
  toJSON(): never {
    throw new Error(`${this.what} is kept in a temporary file: write the snapshot with snapshotPieces`);
  }

  private open(): number {
    const file = path.join(tmpdir(), `.okta-bi-lint-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    const fd = openSync(file, 'wx+', 0o600);
    try {
      unlinkSync(file);
    } catch {
      this.file = file;
    }
    return fd;
  }

  private failure(e: unknown): CollectFatalError {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return new CollectFatalError(
      `cannot keep ${this.what} in a temporary file in ${tmpdir()}: ${code}`,
      'a large list is kept on disk while it is collected; free space there, or set TMPDIR to a directory with room',
    );
  }
}

/** Makes the lists of one collection, and disposes of them all at its end. */
export class ListMaker {
  private readonly made: ItemList[] = [];

  constructor(
    /** from how many items a list is kept on disk */
    private readonly spillFrom: number,
    /** how the items of the snapshot's list at these keys are finished */
    private readonly finishAt: (keys: readonly string[]) => Finish,
  ) {}

  /**
   * The snapshot's list at `keys` (okta, users), whose items are finished as they are written to
   * disk; or, `asRead`, a list of the collector's own on the way to it, whose items are kept as read.
   */
  list(keys: readonly string[], asRead = false): ItemList {
    const l = new ItemList(keys.join('.'), this.spillFrom, asRead ? undefined : this.finishAt(keys));
    this.made.push(l);
    return l;
  }

  dispose(): void {
    for (const l of this.made.splice(0)) l.dispose();
  }
}

/**
 * A set of strings (user ids) in a fraction of the memory of a Set<string> (a third for Okta's
 * ids): each id's bytes after their length in one buffer, found through an open-addressing table of
 * their offsets. An id is stored in UTF-8, or, when it has a surrogate (which may be unpaired, and
 * UTF-8 would then not keep apart from another), in UTF-16, flagged in its length.
 */
export class IdSet {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** offset + 1 of an id in `bytes`; 0 for a free slot */
  private slots = new Int32Array(1 << 10);
  private count = 0;
  /** the id being looked up, as it would be stored */
  private probe = Buffer.allocUnsafe(256);

  /** Adds `id`; false when it was there already. */
  add(id: string): boolean {
    const max = 4 + id.length * 3;
    if (max > this.probe.length) this.probe = Buffer.allocUnsafe(max);
    const utf8 = !SURROGATE.test(id);
    const n = this.probe.write(id, 4, utf8 ? 'utf8' : 'utf16le');
    this.probe.writeUInt32LE(utf8 ? n : n | UTF16, 0);
    const size = 4 + n;
    const mask = this.slots.length - 1;
    let i = hash(this.probe, 4, size) & mask;
    for (let at = this.slots[i]; at !== 0; at = this.slots[i]) {
      const off = at - 1;
      if (
        this.bytes.readUInt32LE(off) === this.probe.readUInt32LE(0) &&
        this.bytes.compare(this.probe, 0, size, off, off + size) === 0
      )
        return false;
      i = (i + 1) & mask;
    }
    if (this.used + size > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + size));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.probe.copy(this.bytes, this.used, 0, size);
    this.slots[i] = this.used + 1;
    this.used += size;
    if (++this.count * 2 > this.slots.length) this.grow();
    return true;
  }

  /** Twice the slots, every id placed again. */
  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let off = 0; off < this.used; ) {
      const end = off + 4 + (this.bytes.readUInt32LE(off) & ~UTF16);
      let i = hash(this.bytes, off + 4, end) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = off + 1;
      off = end;
    }
    this.slots = slots;
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;
/** The flag of an id stored in UTF-16, in its length. */
const UTF16 = 0x40000000;

/** FNV-1a of bytes [from, to). */
function hash(b: Buffer, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
}
