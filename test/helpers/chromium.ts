import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Chromium from '@sparticuz/chromium';
import { REPO_ROOT } from './cli.js';

// The HTML report is tested in a real Chromium that comes from the lockfile like every other test
// dependency: @sparticuz/chromium ships a brotli-compressed headless Chromium inside the npm package
// (no install script, no download), which is inflated on first use. Nothing is installed by hand.

const VERSION = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules', '@sparticuz', 'chromium', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** Where this version's Chromium is inflated, shared by test runs (it takes a few seconds to inflate). */
export const CHROMIUM_DIR = path.join(tmpdir(), `okta-bi-lint-chromium-${VERSION}`);

/**
 * The path of the packaged Chromium, inflated once per version. The package inflates into
 * os.tmpdir(), where a half-written binary from a concurrent run would be taken for a finished
 * one; so it inflates into a private directory which is then renamed into place in one step.
 */
export async function chromiumExecutable(): Promise<string> {
  const binary = path.join(CHROMIUM_DIR, 'chromium');
  if (existsSync(binary)) return binary;
  const staging = mkdtempSync(`${CHROMIUM_DIR}.partial-`);
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    const inflated = await Chromium.executablePath();
    if (inflated !== path.join(staging, 'chromium'))
      throw new Error(`@sparticuz/chromium inflated to ${inflated}, not into ${staging}`);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  try {
    renameSync(staging, CHROMIUM_DIR);
  } catch (e) {
    // another run finished first: use its copy
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(binary)) throw e;
  }
  return binary;
}

/**
 * Flags for a headless run as root in a container, without network noise. The package's own
 * `Chromium.args` are tuned for AWS Lambda (single process, web security off), which is not what a
 * report that must request nothing should be judged in.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
