import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GENERATED_DIR } from '../util/ajv.js';
import { flagProblem, type OptionTable } from './common.js';

/**
 * `check`'s option table as yargs builds it (getOptions() after the command's builder), written by
 * `npm run build` (src/tools/build-assets.ts); a test proves it is what yargs builds now.
 */
export const CHECK_OPTIONS_FILE = path.join(GENERATED_DIR, 'check-options.json');

/** The parts of yargs' option table that its parser (yargs-parser) and flagProblem read. */
export const TABLE_KEYS = [
  'key',
  'alias',
  'array',
  'boolean',
  'count',
  'string',
  'number',
  'normalize',
  'narg',
  'default',
  'choices',
  'hiddenOptions',
  'configuration',
] as const;

type CheckTable = OptionTable & Record<(typeof TABLE_KEYS)[number], unknown>;

function readTable(): CheckTable | undefined {
  let table: CheckTable;
  try {
    table = JSON.parse(readFileSync(CHECK_OPTIONS_FILE, 'utf8')) as CheckTable;
  } catch {
    return undefined;
  }
  // yargs marks an option that requires its value (requiresArg) with narg NaN, which JSON writes as null
  const narg = table.narg as Record<string, number | null>;
  for (const k of Object.keys(narg)) narg[k] ??= NaN;
  return table;
}

/**
 * The arguments of a plain `check` command line, read the way yargs reads them but without loading
 * yargs, whose loading and help rendering cost more than a whole check of a small snapshot. It
 * takes only a command line it can fully vouch for: known flags, valid choices, no flag problem, no
 * help or version. For anything else it returns undefined and yargs reads the line as always, so
 * every usage error and --help is exactly yargs' own. A test proves both give the same arguments.
 */
export async function fastCheckArgs(argv: readonly string[]): Promise<Record<string, unknown> | undefined> {
  if (argv[0] !== 'check' || argv.includes('--')) return undefined;
  const table = readTable();
  if (!table) return undefined;
  const { default: parser } = await import('yargs-parser');
  const parsed = parser.detailed(
    argv.slice(1) as string[],
    {
      ...(table as object),
      configuration: { 'parse-positional-numbers': false, ...(table.configuration as object) },
    } as Parameters<typeof parser.detailed>[1],
  );
  if (parsed.error) return undefined;
  const args = parsed.argv as Record<string, unknown> & { _: (string | number)[] };
  if (args.help !== undefined || args.version !== undefined) return undefined;
  const known = new Set<string>(['_', ...Object.keys(table.key), ...Object.values(table.alias).flat()]);
  const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  if (Object.keys(args).some((k) => !known.has(k) && !known.has(kebab(k)))) return undefined;
  for (const [name, choices] of Object.entries(table.choices)) {
    const v = args[name];
    if (v !== undefined && (Array.isArray(v) ? v : [v]).some((x) => !choices.includes(x))) return undefined;
  }
  if (flagProblem(argv, table)) return undefined;
  // yargs drops a bare "-" that is no flag's value; rare enough to leave to yargs itself
  if (args._.includes('-')) return undefined;
  // yargs moves the words after the command into the variadic positional (check [snapshots..])
  return { ...args, _: ['check'], snapshots: args._.map(String), $0: 'okta-bi-lint' };
}
