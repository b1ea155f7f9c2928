import { runCli } from './cli.ts';

export const COMMANDS = ['check', 'collect', 'drift', 'rules', 'init'] as const;

export interface HelpOption {
  /** the long name, without the dashes */
  name: string;
  /** the one-letter alias, if any */
  short?: string;
  type: 'boolean' | 'string' | 'number' | 'array' | 'choices';
  choices: string[];
  /** the whole entry, description and type, on one line */
  text: string;
}

/**
 * The options a command's `--help` lists (yargs' own --help and --version left out), read from the
 * built CLI's output: what a user sees is what the tests and the README are held to.
 */
export function helpOptions(command: string): HelpOption[] {
  const run = runCli([command, '--help']);
  if (run.code !== 0) throw new Error(`${command} --help exited ${run.code}: ${run.stderr}`);
  const section = run.stdout.split(/^Options:$/m)[1]?.split(/^\S.*:$/m)[0];
  if (!section) throw new Error(`${command} --help has no Options section`);
  // one entry per option line; its description and [type] may wrap onto the following lines
  // (yargs indents an option by two spaces, or six when it has no one-letter alias; wrapped text deeper)
  const entries = section.split(/\n(?=(?: {2}-\w, | {6})--[a-z])/);
  const out: HelpOption[] = [];
  for (const entry of entries) {
    const m = /^\n?(?: {2}-(\w), | {6})--([a-z][a-z-]*)/.exec(entry);
    if (!m || m[2] === 'help' || m[2] === 'version') continue;
    const flat = entry.replace(/\s+/g, ' ');
    const choices = /\[choices: ([^\]]+)\]/.exec(flat);
    const type = /\[(boolean|string|number|array)\]/.exec(flat);
    if (!choices && !type) throw new Error(`${command} --help: no type for --${m[2]}`);
    out.push({
      name: m[2],
      short: m[1],
      type: choices ? 'choices' : (type![1] as HelpOption['type']),
      choices: choices ? [...choices[1].matchAll(/"([^"]*)"/g)].map((c) => c[1]) : [],
      text: flat.trim(),
    });
  }
  return out;
}

/** A valid value for an option that takes one. */
export function sampleValue(o: HelpOption): string {
  if (o.type === 'choices') return o.choices[0];
  if (o.type === 'number') return '1';
  return 'x';
}
