import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(REPO_ROOT, 'bin', 'okta-bi-lint.js');
export const FIXTURES = path.join(REPO_ROOT, 'fixtures', 'snapshots');

export interface CliResult {
  /** the exit code; null when the process was killed (timeout, signal) */
  code: number | null;
  stdout: string;
  stderr: string;
  /** wall-clock time of the run */
  ms: number;
  /** set when the process was killed by a signal (e.g. SIGTERM after the timeout) */
  signal: NodeJS.Signals | null;
}

export interface CliOptions {
  /** working directory of the child (default: the repository root) */
  cwd?: string;
  /** environment variables added to (or, when undefined, removed from) the parent's */
  env?: Record<string, string | undefined>;
  /** kill the child after this many milliseconds (default 30 s) */
  timeoutMs?: number;
  /** bytes written to the child's stdin */
  input?: string | Uint8Array;
}

/**
 * Runs the built CLI (`node bin/okta-bi-lint.js ...args`) in a fresh process, exactly as a user's
 * shell would, and returns its exit code and output. The CLI runs from dist/, so `npm run build`
 * (or `npm test`, which builds first) must have run.
 */
export function runCli(args: readonly string[], options: CliOptions = {}): CliResult {
  const env = childEnv(options);
  const started = performance.now();
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env,
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (run.error && (run.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw run.error;
  return { code: run.status, stdout: run.stdout ?? '', stderr: run.stderr ?? '', ms, signal: run.signal };
}

/** The same as runCli, without blocking: several runs can proceed at once. */
export function runCliAsync(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const env = childEnv(options);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
      });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs tasks with at most `limit` in flight; results in the order of the tasks. */
export async function pool<T>(tasks: readonly (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}

function childEnv(options: CliOptions): Record<string, string> {
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test builds first)');
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  // A colour setting of the developer's shell must not change what the tests see.
  delete env.FORCE_COLOR;
  env.NO_COLOR = '1';
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** A fresh temporary directory, removed by the returned cleanup function. */
export function tempDir(prefix = 'okta-bi-lint-test-'): {
  dir: string;
  file: (name: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The bundled clean snapshot, parsed afresh (callers may mutate it). */
export function cleanSnapshot(name = 'clean-scim.json'): Record<string, any> {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
}

/** Writes a value as pretty JSON (the layout the collector writes) and returns the path. */
export function writeJson(file: string, value: unknown): string {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}
