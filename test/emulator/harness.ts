/** Helpers for the collector's tests: build once, spawn the CLI without blocking the emulator, grep for secrets. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './org.js';

const BIN = path.join(REPO_ROOT, 'bin', 'okta-bi-lint.js');

let built = false;
/** Builds dist/ once per test run (the CLI runs from dist/). */
export function ensureBuilt(): void {
  if (built) return;
  const r = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'collect.js')))
    throw new Error(`build failed: ${r.stdout}${r.stderr}`);
  built = true;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Environment for a child: the parent's without any OKTA_*, BI_* or proxy variable, plus `env`. */
function cleanEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(OKTA_|BI_)|proxy/i.test(k)) out[k] = v;
  out.NO_COLOR = '1';
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

export function runCli(
  args: string[],
  options: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    timeoutMs?: number;
    /** called with the child as soon as it is started */
    onSpawn?: (child: ChildProcess) => void;
  } = {},
): Promise<Run> {
  ensureBuilt();
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: cleanEnv(options.env ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    options.onSpawn?.(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Date.now() - started,
      });
    });
  });
}

export function tempDir(prefix = 'okta-bi-lint-collect-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Every secret that shows up in any of `texts`: canaries, tokens, key material. */
export function leaks(texts: Record<string, string>, secrets: Iterable<string>): string[] {
  const found: string[] = [];
  const list = [...secrets].filter((s) => s.length >= 8);
  for (const [where, text] of Object.entries(texts)) {
    if (/CANARY/.test(text)) found.push(`${where}: contains CANARY (${/.{0,40}CANARY.{0,20}/.exec(text)?.[0]})`);
    for (const s of list) if (text.includes(s)) found.push(`${where}: contains ${s.slice(0, 12)}…`);
  }
  return found;
}
