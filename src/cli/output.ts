import { writeFileAtomic } from '../util/files.js';

/** Writes a report or snapshot to --output (atomically) or stdout. */
export async function emit(text: string, output: string | undefined): Promise<void> {
  if (output && output !== '-') {
    await writeFileAtomic(output, text);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/** Colour when stdout is a terminal, unless --no-color, NO_COLOR or FORCE_COLOR=0 say otherwise. */
export function useColor(flag: boolean | undefined, toFile: boolean): boolean {
  if (flag === false || toFile) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR === '0') return false;
  if (process.env.FORCE_COLOR) return true;
  return process.stdout.isTTY === true;
}

export function progress(message: string, quiet: boolean | undefined): void {
  if (!quiet && process.stderr.isTTY) process.stderr.write(`\x1b[2K\r${message}`);
}

export function progressDone(quiet: boolean | undefined): void {
  if (!quiet && process.stderr.isTTY) process.stderr.write('\x1b[2K\r');
}
