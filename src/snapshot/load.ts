import { constants, isAscii, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../util/errors.js';
import { formatBytes, readTextFile } from '../util/files.js';
import { recordInput } from '../util/outputs.js';
import {
  FileChangedError,
  fdChunks,
  fileChunks,
  findDuplicateKey,
  fromIndex,
  locatePointers,
  parseJsonWithPosition,
  placeInFile,
  startBackgroundIndex,
  type BackgroundResult,
  type FileIdentity,
  type Place,
  type Position,
  type ShallowIndex,
  type SkippedArray,
  withOpenFile,
} from '../util/json-position.js';
import { type ArraySpan, keepMembers, parseJsonFile, StreamedJsonError } from './stream.js';
import { describeError, errorPointer, sortErrors, validator } from '../util/ajv.js';
import { displayPath, getOwn, hasOwn } from '../util/pointer.js';
import { PER_USER_NAMING_MEMBERS, PER_USER_SECTIONS, sectionInfo } from './section-info.js';
import { scrubSecretShaped } from '../secrets/redact.js';

export const SNAPSHOT_FORMAT = 'okta-bi-lint/snapshot@1';

interface Gap {
  section: string;
  reason: string;
  errorCode?: string;
  status?: number;
}

export interface SnapshotDoc {
  format: string;
  collectedAt?: string;
  collector?: { name?: string; version?: string };
  okta: Record<string, unknown> & { orgUrl: string };
  beyondIdentity?: Record<string, unknown> & { platform?: string };
  gaps?: Gap[];
}

export type SectionState =
  | { state: 'present' }
  | { state: 'absent'; optional: boolean; include?: string }
  | { state: 'gap'; gap: Gap };

/** What loadSnapshot knows of the file behind a text. */
interface ReadInfo {
  bytes: number;
  /** absent: the text did not come from a regular file (it is kept, and hashed here) */
  identity?: FileIdentity;
  /** keep the text for locate(); otherwise the file is read again */
  keepText: boolean;
  sha256?: string;
  /** hashes and indexes the file on another thread */
  background?: { result(): BackgroundResult | undefined; poll?(): BackgroundResult | undefined };
  /** where the per-user arrays and their items are, as the parser found them (by dotted path) */
  spans?: Map<string, ArraySpan>;
}

/** A loaded snapshot: the document, where it came from, and a lazy way to find a value's line. */
export class Snapshot {
  readonly doc: SnapshotDoc;
  /** the path as given by the user (reports print paths relative to the working directory) */
  readonly file: string;
  readonly bytes: number;
  /**
   * The text, kept for locate() when the snapshot is small or was not read from a regular file. A
   * large snapshot drops it once parsed (the document alone is as large as the file) and is hashed
   * and indexed on another thread while it is audited; locate() then reads back only the few
   * values that hold findings.
   */
  private readonly text: string | undefined;
  private readonly identity: FileIdentity | undefined;
  private readonly background: ReadInfo['background'];
  private readonly spans: ReadInfo['spans'];
  private hash: string | undefined;

  constructor(doc: SnapshotDoc, text: string | undefined, file: string, read?: ReadInfo) {
    this.doc = doc;
    this.file = file;
    this.bytes = read?.bytes ?? Buffer.byteLength(text ?? '');
    this.identity = read?.identity;
    this.text = read && !read.keepText && read.identity ? undefined : text;
    this.hash = read?.sha256;
    this.background = read?.background;
    this.spans = read?.spans;
    if (this.hash === undefined && this.text !== undefined)
      this.hash = createHash('sha256').update(this.text).digest('hex');
  }

  /** SHA-256 of the file's bytes. */
  get sha256(): string {
    if (this.hash === undefined) {
      const r = this.backgroundResult();
      if (r) this.hash = r.sha256;
      else {
        const hash = createHash('sha256');
        this.reading(() => {
          for (const chunk of fileChunks(this.file, this.identity)) hash.update(chunk);
        });
        this.hash = hash.digest('hex');
      }
    }
    return this.hash;
  }

  /** The state of a dotted section path (okta.idps). A gap on "beyondIdentity" covers all its sections. */
  section(dotted: string): SectionState {
    const gaps = this.doc.gaps ?? [];
    const gap = gaps.find((g) => g.section === dotted || dotted.startsWith(`${g.section}.`));
    if (gap) return { state: 'gap', gap };
    const [top, key] = dotted.split('.');
    const parent = getOwn(this.doc, top);
    if (key === undefined ? parent !== undefined : hasOwn(parent, key)) return { state: 'present' };
    const info = sectionInfo(dotted);
    return { state: 'absent', optional: info?.optional ?? false, include: info?.include };
  }

  /** Line and column of each pointer, computed only when a report asks for them. */
  locate(pointers: Iterable<string>): Map<string, Position> {
    if (this.text !== undefined || !this.identity) return locatePointers(this.text ?? '', pointers);
    const r = this.backgroundResult();
    if (!r?.index) return this.reading(() => locatePointers(fileChunks(this.file, this.identity), pointers));
    // Scan only the shallow values (one user, one policy) that hold the pointers; the place of an
    // item of a skipped array (`item`) is found once the file is open.
    const groups = new Map<
      string,
      { place?: Place; item?: { skipped: SkippedArray; offset: number }; rest: Map<string, string> }
    >();
    const lookup = new Map<string, Map<string, number>>();
    for (const p of pointers) {
      const item = this.skippedItem(r.index, p);
      const at = item ?? fromIndex(r.index, p, lookup);
      let g = groups.get(at.base);
      if (!g) groups.set(at.base, (g = { place: 'place' in at ? at.place : undefined, item, rest: new Map() }));
      g.rest.set(p, at.rest);
    }
    const out = new Map<string, Position>();
    this.reading(() =>
      withOpenFile(this.file, this.identity, (fd) => {
        const buf = Buffer.allocUnsafe(1 << 20);
        const placed = [...groups.values()].map((g) => ({
          rest: g.rest,
          place: g.place ?? placeInSkipped(fd, g.item!.skipped, g.item!.offset, buf),
        }));
        // One open file for all of them, read in file order, each value in small reads.
        const ordered = placed.sort((a, b) => a.place.offset - b.place.offset);
        for (const g of ordered) {
          const found = locatePointers(fdChunks(fd, g.place.offset, buf), g.rest.values(), g.place);
          for (const [p, rest] of g.rest) out.set(p, found.get(rest)!);
        }
      }),
    );
    return out;
  }

  private backgroundResult(): { sha256: string; index?: ShallowIndex } | undefined {
    const r = this.background?.result();
    if (!r) return undefined;
    if ('error' in r) {
      if (r.error === 'changed') throw changed(this.file);
      return undefined;
    }
    if (!this.checkedSkips) {
      this.checkedSkips = true;
      // An array the other thread passed by its layout must end where the parser found its end;
      // otherwise the layout misled it, and everything it indexed after is unsure.
      this.indexUsable =
        !r.index.failed &&
        Object.entries(r.index.skipped).every(([ptr, a]) => this.spans?.get(dottedOf(ptr))?.end === a.end);
    }
    return this.indexUsable ? r : { sha256: r.sha256, index: undefined };
  }
  private checkedSkips = false;
  private indexUsable = false;

  /**
   * For a pointer into an item of an array the index skipped, whose offset the parser recorded:
   * the item's pointer, the rest of the pointer, the array and the item's offset.
   */
  private skippedItem(
    index: ShallowIndex,
    pointer: string,
  ): { base: string; rest: string; skipped: SkippedArray; offset: number } | undefined {
    for (const [ptr, skipped] of Object.entries(index.skipped)) {
      if (!pointer.startsWith(`${ptr}/`)) continue;
      const m = /^\/(0|[1-9]\d{0,14})(?=\/|$)/.exec(pointer.slice(ptr.length));
      const starts = this.spans?.get(dottedOf(ptr))?.items;
      if (!m || !starts || Number(m[1]) >= starts.length) return undefined;
      const base = ptr + m[0];
      return { base, rest: pointer.slice(base.length), skipped, offset: starts[Number(m[1])] };
    }
    return undefined;
  }

  /** Runs a read of the file again, turning its failures into one-line errors. */
  private reading<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof InputError) throw e;
      if (e instanceof FileChangedError) throw changed(this.file);
      const code = (e as NodeJS.ErrnoException).code;
      if (code)
        throw new InputError(`cannot read the snapshot again to locate its findings: ${code}`, {
          file: this.file,
          hint: 'leave the file in place while it is audited',
        });
      throw e;
    }
  }
}

/** `/okta/users` as `okta.users` (the keys of per-user sections need no escaping). */
function dottedOf(pointer: string): string {
  return pointer.slice(1).replaceAll('/', '.');
}

/**
 * The place of a byte offset inside an array the index skipped: from the nearest line start it
 * recorded before the offset, the lines up to it are counted in the file (every newline byte ends a
 * line) and the column is the UTF-16 length of the line up to it.
 */
function placeInSkipped(fd: number, skipped: SkippedArray, offset: number, buf: Buffer): Place {
  const starts = skipped.offsets;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return placeInFile(fd, offset, { offset: starts[lo], line: skipped.lines[lo] }, buf);
}

function changed(file: string): InputError {
  return new InputError('the snapshot changed on disk while it was being audited', {
    file,
    hint: 'run the audit again once the file is complete',
  });
}

/**
 * OKTA_BI_LINT_MAX_SNAPSHOT_MB in bytes, or `defaultMb` when it is unset or empty. Read when a file
 * is loaded (not when the module is), so that a bad value is an InputError rather than a limit
 * silently lifted: Number("abc") is NaN, and no size is larger than NaN.
 */
export function snapshotLimitBytes(defaultMb: number): number {
  const raw = process.env.OKTA_BI_LINT_MAX_SNAPSHOT_MB?.trim();
  if (raw === undefined || raw === '') return defaultMb * 1024 * 1024;
  const mb = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!(mb > 0))
    throw new InputError(`OKTA_BI_LINT_MAX_SNAPSHOT_MB is ${JSON.stringify(raw)}, not a positive number of megabytes`, {
      hint: 'set it to a number such as 256, or unset it',
    });
  return mb * 1024 * 1024;
}

/**
 * Snapshots up to this size are read as one text, kept for locate(); larger ones are parsed from
 * the file piece by piece (stream.ts), hashed and indexed on another thread, and read back in
 * small pieces to locate findings. OKTA_BI_LINT_KEEP_TEXT_MB changes it (the tests set 0 to take
 * the large-file path with small files).
 */
const KEEP_TEXT_BYTES = Number(process.env.OKTA_BI_LINT_KEEP_TEXT_MB ?? 32) * 1024 * 1024;
/**
 * Okta and Beyond Identity objects nest about ten levels deep; a document nested far deeper is
 * not a snapshot, and would exhaust the stack of code that formats its values.
 */
const MAX_DEPTH = 64;

export interface LoadOptions {
  /** read snapshots up to this many bytes as one text, kept for locate() (default 32 MB); larger ones are parsed piece by piece */
  keepTextBytes?: number;
  /**
   * The members rules may read of a user (an item of okta.users or beyondIdentity.scimUsers; see
   * engine/members-read.ts). Each user keeps only these, and the members that identify and name
   * it; in a large file the others are skipped unparsed. Absent: every member is kept.
   */
  members?: ReadonlySet<string>;
}

/** The members a user keeps (see LoadOptions.members), or undefined to keep them all. */
function userMembers(options: LoadOptions): ReadonlySet<string> | undefined {
  return options.members && new Set([...options.members, ...PER_USER_NAMING_MEMBERS]);
}

/** The document's per-user items with only `members` (a whole-text parse; the streamed one trims as it parses). */
function trimUsers(doc: unknown, members: ReadonlySet<string> | undefined): void {
  if (!members) return;
  for (const path of PER_USER_SECTIONS) {
    const [top, key] = path.split('.');
    const list = getOwn(getOwn(doc, top), key);
    if (Array.isArray(list)) for (let i = 0; i < list.length; i++) list[i] = keepMembers(list[i], members);
  }
}

/**
 * Reads and validates a snapshot file. A small regular file of valid UTF-8 is read as one text
 * (hashing the bytes rather than the decoded text); a larger one is parsed from the file in pieces,
 * so that no size is too large for a string; every other case (missing, a directory, empty, not
 * UTF-8) goes through readTextFile for its error message.
 */
export function loadSnapshot(file: string, options: LoadOptions = {}): Snapshot {
  const limit = envLimitBytes();
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(file);
  } catch {
    st = undefined;
  }
  if (!st?.isFile() || st.size === 0) {
    return parseSnapshot(
      readTextFile(file, 'snapshot', limit ?? constants.MAX_STRING_LENGTH),
      file,
      undefined,
      userMembers(options),
    );
  }
  if (limit !== undefined && st.size > limit) throw tooLarge(file, st.size, limit);
  if (st.size > (options.keepTextBytes ?? KEEP_TEXT_BYTES)) return loadInPieces(file, st, userMembers(options));
  const whole = readWhole(file, 'snapshot');
  recordInput(file, 'snapshot');
  const buf = whole.buf;
  if (limit !== undefined && whole.identity.size > limit) throw tooLarge(file, whole.identity.size, limit);
  const ascii = isAscii(buf);
  if ((!ascii && !isUtf8(buf)) || isBlank(buf)) {
    // readTextFile says what is wrong and where (it reads the file again; this is the error path)
    return parseSnapshot(
      readTextFile(file, 'snapshot', limit ?? constants.MAX_STRING_LENGTH),
      file,
      undefined,
      userMembers(options),
    );
  }
  const read: ReadInfo = {
    bytes: buf.length,
    identity: whole.identity,
    keepText: true,
    sha256: createHash('sha256').update(buf).digest('hex'),
  };
  // A snapshot is usually pure ASCII, which decodes as Latin-1 (a plain copy) to the same string
  // that UTF-8 decoding would build byte by byte.
  return parseSnapshot(ascii ? buf.toString('latin1') : buf.toString('utf8'), file, read, userMembers(options));
}

/**
 * A large snapshot: parsed from the file in pieces (stream.ts) while another thread hashes it and
 * indexes where its values are. Memory is the document, never the file's text as well.
 */
function loadInPieces(
  file: string,
  st: { dev: number; ino: number; size: number; mtimeMs: number },
  members: ReadonlySet<string> | undefined,
): Snapshot {
  const identity: FileIdentity = { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  // started first: it reads the file while this thread parses it
  // the per-user arrays it passes by their layout: the items' places come from the parser instead
  // (only when the users are trimmed: the parser records where each user starts as it cuts them
  // apart; a document kept whole, for drift, is indexed item by item as before)
  const background = startBackgroundIndex(
    file,
    identity,
    members ? [...PER_USER_SECTIONS].map((s) => `/${s.replaceAll('.', '/')}`) : [],
  );
  const spans = new Map<string, ArraySpan>();
  let parsed: unknown;
  try {
    parsed = parseJsonFile(file, identity, { trimmed: PER_USER_SECTIONS, members, spans });
  } catch (e) {
    if (e instanceof StreamedJsonError) {
      const hint =
        e.kind === 'utf8'
          ? 'save the file as UTF-8'
          : e.kind === 'duplicate'
            ? 'a snapshot never repeats a key; remove one of them or re-collect the snapshot'
            : e.kind === 'too-large'
              ? 'this is not a snapshot of an org, or it is damaged; re-collect it'
              : 'a snapshot is one JSON document; re-collect it or fix the JSON';
      throw new InputError(e.message, { file, ...e.position, hint });
    }
    if (e instanceof FileChangedError) throw changed(file);
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read snapshot: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      file,
      hint: 'check that the file is readable',
    });
  }
  recordInput(file, 'snapshot');
  const read: ReadInfo = { bytes: st.size, identity, keepText: false, background, spans };
  const snapshot = new Snapshot(parsed as SnapshotDoc, undefined, file, read);
  // The thread that indexes the file measures its nesting; when it is done already, the document
  // need not be walked for it here.
  const indexed = background.poll();
  checkDocument(
    parsed,
    file,
    (ptr) => snapshot.locate([ptr]).get(ptr),
    // (the items of an array it skipped are not measured)
    indexed && !('error' in indexed) && Object.keys(indexed.index.skipped).length === 0
      ? indexed.index.maxDepth
      : undefined,
  );
  return snapshot;
}

/** OKTA_BI_LINT_MAX_SNAPSHOT_MB in bytes when it is set: a limit of the user's; the tool itself has none. */
function envLimitBytes(): number | undefined {
  const raw = process.env.OKTA_BI_LINT_MAX_SNAPSHOT_MB?.trim();
  return raw === undefined || raw === '' ? undefined : snapshotLimitBytes(0);
}

function tooLarge(file: string, size: number, limit: number): InputError {
  return new InputError(
    `snapshot is ${formatBytes(size)}, more than the ${formatBytes(limit)} set by OKTA_BI_LINT_MAX_SNAPSHOT_MB`,
    {
      file,
      hint: 'raise OKTA_BI_LINT_MAX_SNAPSHOT_MB, or collect without --include users',
    },
  );
}

/** The whole file and what identifies it, from one open file (so both describe the same file). */
function readWhole(file: string, what: string): { buf: Buffer; identity: FileIdentity } {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return {
      buf: off === st.size ? buf : buf.subarray(0, off),
      identity: { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs },
    };
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      file,
      hint: 'check that the file is readable',
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isBlank(buf: Buffer): boolean {
  let i = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  for (; i < buf.length; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return true;
}

/**
 * Validates a snapshot's text. `read` carries what loadSnapshot already knows of the file (its
 * hash and size), so the text is not hashed again.
 */
export function parseSnapshot(text: string, file: string, read?: ReadInfo, members?: ReadonlySet<string>): Snapshot {
  const parsed = parseJsonWithPosition(text);
  if ('error' in parsed) {
    throw new InputError(parsed.error, {
      file,
      ...parsed.position,
      hint: 'a snapshot is one JSON document; re-collect it or fix the JSON',
    });
  }
  const doc = parsed.value;
  // Okta and Beyond Identity never send an object with a key twice; JSON.parse would audit the
  // last value while every line number points at the first.
  const duplicate = findDuplicateKey(text, doc);
  if (duplicate) {
    throw new InputError(`the key ${JSON.stringify(duplicate.key)} occurs twice in one object`, {
      file,
      ...duplicate.position,
      hint: 'a snapshot never repeats a key; remove one of them or re-collect the snapshot',
    });
  }
  trimUsers(doc, members);
  checkDocument(doc, file, (ptr) => locatePointers(text, [ptr]).get(ptr));
  return new Snapshot(doc as SnapshotDoc, text, file, read);
}

/**
 * What loadSnapshot checks of a document, for one built in memory rather than read (the collector's
 * snapshot, written in pieces): it is left unchanged.
 */
export function checkSnapshotDocument(doc: unknown, file: string): void {
  checkDocument(doc, file, () => undefined, undefined, false);
}

/**
 * What makes a parsed document a snapshot: an object, nested no deeper than MAX_DEPTH (`depth`
 * when the parser measured it), of this format, valid against the schema. Then (unless `scrub` is
 * false) its credential-shaped values are replaced. `locate` gives the place of a pointer for the
 * messages.
 */
function checkDocument(
  doc: unknown,
  file: string,
  locate: (pointer: string) => Position | undefined,
  depth?: number,
  scrub = true,
): void {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new InputError('not an okta-bi-lint snapshot: the document must be a JSON object', {
      file,
      line: 1,
      column: 1,
      hint: `write {"format": "${SNAPSHOT_FORMAT}", "okta": {"orgUrl": …}}`,
    });
  }
  const deep = depth !== undefined && depth <= MAX_DEPTH ? undefined : tooDeep(doc, MAX_DEPTH);
  if (deep !== undefined) {
    const pos = locate(deep);
    // The pointer is dozens of [0] long; its first segments say where.
    const shown = displayPath(deep.split('/').slice(0, 8).join('/'));
    throw new InputError(
      `values nest more than ${MAX_DEPTH} levels deep under ${shown}, which no Okta or Beyond Identity object does`,
      {
        file,
        ...pos,
        hint: 'this is not a snapshot of an org, or it is damaged; re-collect it',
      },
    );
  }
  const format = getOwn(doc, 'format');
  if (format === undefined) {
    throw new InputError('not an okta-bi-lint snapshot: "format" is missing', {
      file,
      line: 1,
      column: 1,
      hint: `add "format": "${SNAPSHOT_FORMAT}"`,
    });
  }
  if (format !== SNAPSHOT_FORMAT) {
    const pos = locate('/format');
    const m = typeof format === 'string' ? /^okta-bi-lint\/snapshot@(\d+)$/.exec(format) : null;
    const hint = m
      ? Number(m[1]) > 1
        ? `this okta-bi-lint reads format ${SNAPSHOT_FORMAT}; upgrade okta-bi-lint to read version ${m[1]}`
        : `re-collect the snapshot with this version of okta-bi-lint`
      : `this tool reads "${SNAPSHOT_FORMAT}"`;
    throw new InputError(`unsupported snapshot format ${JSON.stringify(format)}`, { file, ...pos, hint });
  }
  const okta = getOwn(doc, 'okta');
  if (
    okta === undefined ||
    (typeof okta === 'object' && okta !== null && !Array.isArray(okta) && getOwn(okta, 'orgUrl') === undefined)
  ) {
    const pos = locate('/okta');
    throw new InputError('the snapshot has no "okta.orgUrl"', {
      file,
      ...pos,
      hint: 'add "okta": {"orgUrl": "https://<org>.okta.com"}',
    });
  }
  const validate = validator('snapshot.schema.json');
  if (!validate(doc)) {
    const errors = sortErrors(validate.errors ?? []);
    const first = errors[0];
    const ptr = errorPointer(first);
    const pos = locate(ptr);
    const { message, hint } = describeError(first, displayPath(first.instancePath));
    const more =
      errors.length > 1 ? ` (and ${errors.length - 1} more schema problem${errors.length > 2 ? 's' : ''})` : '';
    throw new InputError(message + more, { file, ...pos, hint: hint ?? 'see schemas/snapshot.schema.json' });
  }
  // No report may echo a credential, whoever wrote the snapshot: credential-shaped values are
  // replaced before any rule, drift or formatter sees them (collect redacts far more; see redact.ts).
  if (scrub) scrubSecretShaped(doc);
}

/**
 * The pointer of a value nested deeper than `limit` (objects and arrays counted from the root as
 * 1), or undefined. Iterative, so that the check itself cannot exhaust the stack; it visits only
 * objects and arrays, which makes it a small fraction of JSON.parse.
 */
function tooDeep(root: object, limit: number): string | undefined {
  // The usual answer (nothing is) from a cheaper walk; the one below, which names the place, only for a document that is.
  if (!deeper(root, 1, limit)) return undefined;
  const stack: object[] = [root];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const v = stack.pop()!;
    const d = depths.pop()!;
    if (d > limit) return pathTo(root, v, limit);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (x !== null && typeof x === 'object') {
          stack.push(x);
          depths.push(d + 1);
        }
      }
    } else {
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && typeof x === 'object') {
          stack.push(x);
          depths.push(d + 1);
        }
      }
    }
  }
  return undefined;
}

/**
 * Whether any object or array lies more than `limit` levels below `v` (at level `level`). Recursive,
 * yet never more than `limit` + 1 calls deep whatever the document, so it cannot exhaust the stack;
 * it allocates nothing, where an explicit stack pushes and pops every object of the document.
 */
function deeper(v: object, level: number, limit: number): boolean {
  if (level > limit) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x !== null && typeof x === 'object' && deeper(x, level + 1, limit)) return true;
    }
  } else {
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== null && typeof x === 'object' && deeper(x, level + 1, limit)) return true;
    }
  }
  return false;
}

/** The pointer of `target` below `root`, searching no deeper than `limit` + 1 levels. */
function pathTo(root: object, target: object, limit: number): string {
  const walk = (v: object, ptr: string, depth: number): string | undefined => {
    if (v === target) return ptr;
    if (depth > limit) return undefined;
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== null && typeof x === 'object') {
        const found = walk(x, `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return walk(root, '', 1) ?? '';
}

export function relativeToCwd(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel.split(path.sep).join('/');
}
