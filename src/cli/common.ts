import type { Argv } from 'yargs';
import type { BiPlatform } from '../config/load.js';
import { FORMAT_NAMES } from '../report/load.js';

export interface CommonArgs {
  config?: string;
  format: string;
  output?: string;
  failOn: string;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
}

/** Options every reporting command takes. */
export function commonOptions(y: Argv) {
  return y
    .option('config', {
      type: 'string',
      describe: "expectations file (default: ./okta-bi-lint.yaml when present, else the guide's values)",
      requiresArg: true,
    })
    .option('format', { alias: 'f', choices: FORMAT_NAMES, default: 'text', describe: 'report format' })
    .option('output', {
      alias: 'o',
      type: 'string',
      describe: 'write the report to FILE (atomically) instead of stdout',
      requiresArg: true,
    })
    .option('fail-on', {
      choices: ['error', 'warning', 'note', 'never'],
      default: 'error',
      describe: 'lowest finding level that makes the exit code 1',
    })
    .option('quiet', {
      alias: 'q',
      type: 'boolean',
      describe: 'report only findings at or above --fail-on; no progress',
    })
    .option('verbose', {
      type: 'boolean',
      describe: 'also list passing and skipped rules; stack traces on internal errors',
    })
    .option('color', {
      type: 'boolean',
      describe: 'colour the text report (default: on a terminal); --no-color turns it off',
    });
}

/** The options of the commands that run the rules (check, drift), beyond the common ones. */
export interface AuditArgs {
  rules?: string[];
  biPlatform?: BiPlatform;
  accepted?: string;
  writeAccepted?: string;
  reportUnusedSuppressions?: boolean;
  width?: number;
}

/**
 * The options check and drift share, defined once. `what` names what an accepted-findings file
 * records: "findings" for check, "findings and changes" for drift.
 */
export function auditOptions<T>(y: Argv<T>, what: 'findings' | 'findings and changes') {
  return y
    .option('rules', {
      type: 'string',
      array: true,
      describe: 'directory of additional rule YAML files (repeatable)',
      requiresArg: true,
    })
    .option('bi-platform', {
      choices: ['secure-workforce', 'secure-access', 'none'] as const,
      describe: 'Beyond Identity platform; none turns the Beyond Identity rules off',
    })
    .option('accepted', {
      type: 'string',
      describe: `report only ${what} whose fingerprint is not in this accepted-findings file (written by --write-accepted)`,
      requiresArg: true,
    })
    .option('write-accepted', {
      type: 'string',
      describe: `record the current ${what} by fingerprint in FILE (atomically); they count as accepted in this run`,
      requiresArg: true,
    })
    .option('width', {
      type: 'number',
      describe:
        "text report: wrap at this many columns (default: the terminal's width on a terminal, else no wrapping; 0: no wrapping)",
      requiresArg: true,
    })
    .option('report-unused-suppressions', {
      type: 'boolean',
      default: true,
      describe: 'warn about suppressions that matched nothing; --no-report-unused-suppressions turns it off',
    });
}

/** What the flag check needs to know of a command's options (the shape of yargs' getOptions()). */
export interface OptionTable {
  key: Record<string, unknown>;
  alias: Record<string, string[]>;
  array: string[];
  boolean: string[];
  count?: string[];
  choices: Record<string, readonly unknown[]>;
  /** flags left out of --help: the refused secret flags, which must reach their own refusal */
  hiddenOptions?: string[];
}

/** Pairs of flags that ask for opposite things; giving both is a usage error. */
const EXCLUSIVE: readonly (readonly [string, string])[] = [['quiet', 'verbose']];

const NEGATIVE_NUMBER = /^-\d/;

/**
 * Checks the raw command line against a command's options, which the parsed arguments can no longer
 * show: a flag given twice (yargs collects a repeated value into an array and lets the last boolean
 * win), a flag without its value (yargs falls back to the default when the next word is a flag), an
 * empty value, and flags that exclude each other. Returns the one-line usage error, or undefined.
 */
export function flagProblem(argv: readonly string[], options: OptionTable): string | undefined {
  const canonical = new Map<string, string>();
  for (const name of Object.keys(options.key)) canonical.set(name, name);
  for (const [name, aliases] of Object.entries(options.alias)) for (const a of aliases) canonical.set(a, name);
  const booleans = new Set([...options.boolean, ...(options.count ?? [])].map((n) => canonical.get(n) ?? n));
  const arrays = new Set(options.array.map((n) => canonical.get(n) ?? n));
  const hidden = new Set(options.hiddenOptions ?? []);
  const seen = new Map<string, string[]>();
  const given = new Set<string>();

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') break;
    if (!token.startsWith('-') || token === '-' || NEGATIVE_NUMBER.test(token)) continue;
    for (const flag of flagsIn(token, canonical, booleans)) {
      const { name, spelled, inline } = flag;
      if (hidden.has(name)) continue;
      seen.set(name, [...(seen.get(name) ?? []), spelled]);
      given.add(name);
      if (booleans.has(name)) continue;
      const next = argv[i + 1];
      const value =
        inline ??
        (next === undefined || (next.startsWith('-') && next !== '-' && !NEGATIVE_NUMBER.test(next))
          ? undefined
          : next);
      if (value === undefined || value === '') return needsValue(name, options.choices[name]);
    }
  }
  for (const [name, spellings] of seen) {
    if (spellings.length < 2 || arrays.has(name)) continue;
    const times = spellings.length === 2 ? 'twice' : `${spellings.length} times`;
    const as = new Set(spellings).size > 1 ? ` (as ${spellings.join(' and ')})` : '';
    return `--${name} was given ${times}${as}; give it once`;
  }
  for (const [a, b] of EXCLUSIVE) {
    if (
      given.has(a) &&
      given.has(b) &&
      !seen.get(a)!.every((s) => s.startsWith('--no-')) &&
      !seen.get(b)!.every((s) => s.startsWith('--no-'))
    ) {
      return `--${a} and --${b} exclude each other; give one of them`;
    }
  }
  return undefined;
}

interface Flag {
  /** the option's canonical (long) name */
  name: string;
  /** as the user wrote it, e.g. -f or --no-color */
  spelled: string;
  /** the value after "=" or glued to a short flag */
  inline?: string;
}

/** The known flags in one command-line word (`--name`, `--name=v`, `--no-name`, `-f`, `-fv`, `-qv`); unknown ones are left to yargs' strict mode. */
function flagsIn(token: string, canonical: Map<string, string>, booleans: Set<string>): Flag[] {
  const eq = token.indexOf('=');
  const head = eq === -1 ? token : token.slice(0, eq);
  const inline = eq === -1 ? undefined : token.slice(eq + 1);
  if (head.startsWith('--')) {
    const raw = head.slice(2).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const name =
      canonical.get(raw) ??
      (raw.startsWith('no-') && booleans.has(canonical.get(raw.slice(3)) ?? '')
        ? canonical.get(raw.slice(3))
        : undefined);
    return name ? [{ name, spelled: head, inline }] : [];
  }
  // -abc: each letter a flag, until one takes a value: the rest of the word is that value
  const flags: Flag[] = [];
  const letters = head.slice(1);
  for (let j = 0; j < letters.length; j++) {
    const name = canonical.get(letters[j]);
    if (!name) return flags;
    if (booleans.has(name)) {
      flags.push({ name, spelled: `-${letters[j]}` });
      continue;
    }
    const rest = letters.slice(j + 1);
    flags.push({ name, spelled: `-${letters[j]}`, inline: rest ? rest : inline });
    return flags;
  }
  return flags;
}

function needsValue(name: string, choices: readonly unknown[] | undefined): string {
  if (!choices?.length) return `--${name} needs a value`;
  const list = choices.map(String);
  return `--${name} needs a value: ${list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list.at(-1)}` : list[0]}`;
}
