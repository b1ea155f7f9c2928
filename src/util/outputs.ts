import { promises as fs, lstatSync, readlinkSync, realpathSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { InputError } from './errors.js';

/**
 * Every input file read in this run, by real path: no output of the run may replace one. Files
 * register themselves as they are read (readTextFile, loadSnapshot), so rule files, the default
 * config and a --bi-from file are covered without each command listing them.
 */
const inputsRead = new Map<string, { what: string; file: string }>();

export function recordInput(file: string, what: string): void {
  try {
    inputsRead.set(realpathSync(file), { what, file });
  } catch {
    // a file that cannot be resolved cannot be read either; reading it reports that
  }
}

/** Upper bound on symbolic links followed for one path, as the kernel's ELOOP limit. */
const MAX_LINKS = 40;

/**
 * The file a path ends up naming: its real path when it exists (symbolic links followed), else the
 * real path of its nearest existing ancestor joined with the rest. Throws an InputError when a
 * component that must be a directory is a file. Never creates anything.
 */
function realTarget(file: string, shown = file, depth = 0): string {
  const abs = path.resolve(file);
  try {
    return realpathSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw notADirectory(abs, shown);
    if (code === 'ELOOP' || depth > MAX_LINKS)
      throw new InputError('the output path is a loop of symbolic links', { file: shown, hint: 'name a file' });
    if (code !== 'ENOENT')
      throw new InputError(`cannot resolve the output path: ${code ?? (e as Error).message}`, { file: shown });
  }
  // A dangling symbolic link is written through: the file it names is the target.
  const link = lstatOrUndefined(abs);
  if (link?.isSymbolicLink()) return realTarget(path.resolve(path.dirname(abs), readlinkSync(abs)), shown, depth + 1);
  const parent = path.dirname(abs);
  if (parent === abs) return abs;
  return path.join(realTarget(parent, shown, depth + 1), path.basename(abs));
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/** The first ancestor of `abs` that exists and is not a directory, for the error message. */
function notADirectory(abs: string, shown: string): InputError {
  let p = path.dirname(abs);
  while (path.dirname(p) !== p) {
    try {
      if (!statSync(p).isDirectory()) break;
    } catch {
      // does not exist (under the file): keep climbing
    }
    p = path.dirname(p);
  }
  return new InputError(`cannot write here: ${shownPath(p)} is a file, not a directory`, {
    file: shown,
    hint: 'name a file in an existing directory',
  });
}

interface Planned {
  /** the flag that named it, for messages: --output, --write-accepted, … */
  flag: string;
  /** the path as given */
  file: string;
  /** what realTarget resolved it to: the file that is replaced */
  real: string;
  /** an existing character device, FIFO or socket: written in place, never replaced */
  special: boolean;
  /** /dev/stdout, /dev/fd/N and the like: written to this process's descriptor, never opened anew */
  fd?: number;
  /** the permission bits an existing regular file keeps */
  mode?: number;
  data?: OutputData;
  tmp?: string;
}

/**
 * What an output holds: its text, or a function that gives it in pieces (a large snapshot, written
 * as it is produced rather than held as one string).
 */
export type OutputData = string | (() => Iterable<string>);

/**
 * The files one run writes. Each is named before anything is read (plan), refused when it is a
 * directory, lies under a file, is named twice, or is an input of the run; its content is staged
 * in a temporary file next to it (stage); and only when everything is staged are all moved into
 * place at once (commit). A run that ends with an error calls abort(), which removes what was
 * staged and the directories it created: an exit 2 leaves the filesystem as it was.
 */
export class OutputPlan {
  private readonly planned: Planned[] = [];
  private readonly createdDirs: string[] = [];
  private stdout: OutputData[] | undefined;
  private readonly committed: (() => void)[] = [];

  constructor() {
    // The registry is per run (a library caller or a test may run several in one process).
    inputsRead.clear();
  }

  /**
   * Names an output. `inputs` are files the run will read that may not have been read yet (the
   * --snapshot, --config, … flags), so that a clash is refused before any work is done.
   */
  plan(
    flag: string,
    file: string | undefined,
    inputs: readonly { flag: string; file: string | undefined }[] = [],
    example = defaultName(flag),
  ): void {
    if (file === undefined || file === '-') return;
    if (file === '') throw new InputError(`${flag} needs a file name`, { hint: 'name a file, or - for stdout' });
    const fd = descriptorOf(file);
    const real = fd === undefined ? realTarget(file) : `/dev/fd/${fd}`;
    let st: Stats | undefined;
    try {
      st = statSync(real);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory())
      throw new InputError(`${flag} ${file} is a directory; name a file`, {
        hint: `for example ${path.join(file, example)}`,
      });
    const same = this.planned.find((p) => p.real === real);
    if (same)
      throw new InputError(`${same.flag} and ${flag} both name ${file}`, { hint: 'write each output to its own file' });
    for (const input of inputs) {
      if (input.file === undefined || input.file === '-') continue;
      let inReal: string;
      try {
        inReal = realpathSync(input.file);
      } catch {
        continue;
      }
      if (inReal === real) throw clobbers(flag, file, input.flag, input.file);
    }
    if (fd !== undefined) {
      this.planned.push({ flag, file, real, special: true, fd });
      return;
    }
    const special = st !== undefined && !st.isFile();
    this.planned.push({ flag, file, real, special, mode: st?.isFile() ? st.mode & 0o7777 : undefined });
  }

  /** Runs `fn` once every output is in place (a message that says a file was written). */
  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  /**
   * Runs a command's work: what it stages is written only when it returns, and an error (any
   * exit 2) leaves every file as it was.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      await this.commit();
      return result;
    } catch (e) {
      await this.abort();
      throw e;
    }
  }

  /** Stages the content of a planned output (or sets what goes to stdout, for `-` or no file). */
  async stage(file: string | undefined, data: OutputData): Promise<void> {
    if (file === undefined || file === '-') {
      (this.stdout ??= []).push(data);
      return;
    }
    const p = this.planned.find((x) => x.file === file);
    // a bug, not bad input: every output is planned before the run, so that clashes are refused first
    if (!p) throw new Error(`output ${file} was not planned`);
    p.data = data;
    if (p.special) return;
    const dir = path.dirname(p.real);
    await this.ensureDir(dir, p.file);
    const tmp = path.join(dir, `.${path.basename(p.real)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    let handle: fs.FileHandle | undefined;
    try {
      // a new file gets the usual permissions less the umask; an existing one keeps its own
      handle = await fs.open(tmp, 'wx', p.mode === undefined ? 0o666 : 0o600);
      p.tmp = tmp;
      if (p.mode !== undefined) await handle.chmod(p.mode);
      if (typeof data === 'string') await handle.writeFile(data);
      else for (const piece of data()) await handle.write(piece);
      await handle.sync();
    } catch (e) {
      throw writeError(p.file, e);
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  /**
   * Moves every staged output into place, after checking them once more against every input the
   * run read. Special files are written first (they are the ones that can fail for want of space,
   * like /dev/full), then the renames, then stdout.
   */
  async commit(): Promise<void> {
    for (const p of this.planned) {
      const input = inputsRead.get(p.real);
      if (input) throw clobbers(p.flag, p.file, input.what, input.file);
    }
    for (const p of this.planned) {
      if (!p.special || p.data === undefined) continue;
      try {
        if (p.fd === 1 || p.fd === 2) await writeStream(p.fd === 1 ? process.stdout : process.stderr, p.data);
        else if (p.fd !== undefined) for (const piece of pieces(p.data)) writeFileSync(p.fd, piece);
        else if (typeof p.data === 'string') await fs.writeFile(p.real, p.data, { flag: 'w' });
        else {
          const handle = await fs.open(p.real, 'w');
          try {
            for (const piece of p.data()) await handle.write(piece);
          } finally {
            await handle.close();
          }
        }
      } catch (e) {
        throw writeError(p.file, e);
      }
    }
    for (const p of this.planned) {
      if (!p.tmp) continue;
      try {
        await fs.rename(p.tmp, p.real);
        p.tmp = undefined;
      } catch (e) {
        throw writeError(p.file, e);
      }
    }
    this.createdDirs.length = 0;
    for (const fn of this.committed.splice(0)) fn();
    if (this.stdout !== undefined) {
      const parts = this.stdout;
      this.stdout = undefined;
      for (const data of parts) await writeStream(process.stdout, data);
    }
  }

  /** Removes what was staged and the directories created for it. Never throws. */
  async abort(): Promise<void> {
    for (const p of this.planned) {
      if (p.tmp) await fs.rm(p.tmp, { force: true }).catch(() => undefined);
      p.tmp = undefined;
    }
    for (const d of this.createdDirs.reverse()) await fs.rmdir(d).catch(() => undefined);
    this.createdDirs.length = 0;
    this.stdout = undefined;
    this.committed.length = 0;
  }

  /**
   * Creates the missing directories above an output, one level at a time. (Node's recursive mkdir
   * loops for ever under /proc, where mkdir answers ENOENT for a parent that exists.)
   */
  private async ensureDir(dir: string, shown: string): Promise<void> {
    const missing: string[] = [];
    let d = dir;
    for (;;) {
      try {
        const st = await fs.stat(d);
        if (!st.isDirectory()) throw notADirectory(path.join(d, 'x'), shown);
        break;
      } catch (e) {
        if (e instanceof InputError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' || path.dirname(d) === d)
          throw new InputError(`cannot write the output file: ${code}`, { file: shown });
        missing.unshift(d);
        d = path.dirname(d);
      }
    }
    for (const m of missing) {
      try {
        await fs.mkdir(m);
        this.createdDirs.push(m);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new InputError(`cannot create the directory ${shownPath(m)}: ${code ?? (e as Error).message}`, {
          file: shown,
          hint: 'create it first, or write elsewhere',
        });
      }
    }
  }
}

/** A path for a message: relative to the working directory when under it, else absolute. */
function shownPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

function pieces(data: OutputData): Iterable<string> {
  return typeof data === 'string' ? [data] : data();
}

async function writeStream(stream: NodeJS.WriteStream, data: OutputData): Promise<void> {
  ignoreClosedPipe(stream);
  for (const piece of pieces(data)) {
    await new Promise<void>((resolve, reject) =>
      stream.write(piece, (err) => (err && (err as NodeJS.ErrnoException).code !== 'EPIPE' ? reject(err) : resolve())),
    );
  }
}

const watched = new WeakSet<NodeJS.WriteStream>();
/**
 * A reader that stops early (`okta-bi-lint check … | head`) closes the pipe: the rest of the report
 * has nowhere to go, which is the reader's choice, not an error of the run (the exit code stays the
 * verdict). Without a listener the stream's 'error' event would end the process with a stack trace.
 */
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  if (watched.has(stream)) return;
  watched.add(stream);
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

/**
 * The descriptor a path names when it is one of this process's own (/dev/stdout, /dev/stderr,
 * /dev/fd/N, /proc/self/fd/N): it is written as it is, like a shell redirection, since opening it
 * again would truncate a file opened for appending and resolving it leads to names like pipe:[123].
 */
function descriptorOf(file: string): number | undefined {
  const abs = path.resolve(file);
  if (abs === '/dev/stdout') return 1;
  if (abs === '/dev/stderr') return 2;
  const m = /^\/(?:dev\/fd|proc\/(self|\d+)\/fd)\/(\d+)$/.exec(abs);
  if (!m || (m[1] !== undefined && m[1] !== 'self' && Number(m[1]) !== process.pid)) return undefined;
  return Number(m[2]);
}

function clobbers(flag: string, file: string, inputWhat: string, inputFile: string): InputError {
  const same = path.resolve(file) === path.resolve(inputFile) ? '' : ' (the same file)';
  return new InputError(`${flag} ${file} would overwrite the ${inputWhat} ${inputFile}${same}, an input of this run`, {
    hint: 'write the output to another file; an output never replaces an input',
  });
}

function writeError(file: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const hint =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'check that the directory is writable'
        : undefined;
  return new InputError(`cannot write the output file: ${code ?? (e as Error).message}`, { file, hint });
}

function defaultName(flag: string): string {
  if (flag === '--write-accepted') return 'accepted.json';
  if (flag === '--snapshot-out' || flag === '--out') return 'snapshot.json';
  return 'report.txt';
}
