import { DEFAULT_CONFIG_NAME } from '../config/load.js';
import { OutputPlan } from '../util/outputs.js';
import type { CheckReport } from '../suppress/types.js';

export { OutputPlan };

/** An input flag of a command and the file it names, for refusing an output that would replace it. */
export interface InputFlag {
  flag: string;
  file: string | undefined;
}

/** The config file a run reads: --config, else ./okta-bi-lint.yaml (when it exists). */
export function configInput(config: string | undefined): InputFlag {
  return { flag: config ? '--config' : 'config file', file: config ?? DEFAULT_CONFIG_NAME };
}

/** Writes text to stdout, resolving once it is flushed. */
export async function emit(text: string): Promise<void> {
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

/**
 * --write-accepted: records every current finding by fingerprint, staged with the run's other
 * outputs; the recorded findings count as accepted in this run (`recount` redoes the verdict).
 */
export async function stageAccepted(
  outputs: OutputPlan,
  ctx: CheckReport,
  file: string,
  quiet: boolean | undefined,
  recount: () => void,
): Promise<void> {
  // loaded only when recording: it brings the accepted-file validator, which a plain check never needs
  const { acceptedDocument, acceptedText, acceptInto } = await import('../suppress/accepted.js');
  const doc = acceptedDocument(ctx);
  await outputs.stage(file, acceptedText(doc));
  acceptInto(ctx, doc, file);
  recount();
  if (!quiet)
    outputs.afterCommit(() =>
      process.stderr.write(
        `okta-bi-lint: recorded ${doc.findings.length} finding${doc.findings.length === 1 ? '' : 's'} in ${file}\n`,
      ),
    );
}
