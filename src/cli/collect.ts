import { plural } from '../util/text.js';
import * as path from 'node:path';
import type { Argv } from 'yargs';
import type { CollectResult, LiveArgs } from '../collect/index.js';
import { InputError } from '../util/errors.js';
import { parseSnapshot, type Snapshot } from '../snapshot/load.js';
import { configInput, OutputPlan } from './output.js';

export interface CollectArgs extends LiveArgs {
  out?: string;
  quiet?: boolean;
  verbose?: boolean;
}

const SECRET_FLAGS = [
  'okta-token',
  'okta-api-token',
  'api-token',
  'token',
  'okta-private-key',
  'private-key',
  'okta-client-secret',
  'bi-token',
  'bi-api-token',
  'bi-events-api-key',
  'bi-events-key',
  'bi-api-key',
];

/** The flags that say where live data comes from; shared by `collect` and `check --live`. */
export function liveOptions<T>(y: Argv<T>) {
  let out = y
    .option('okta-url', {
      type: 'string',
      describe: 'the Okta org URL, e.g. https://acme.okta.com (env OKTA_ORG_URL)',
      requiresArg: true,
    })
    .option('okta-client-id', {
      type: 'string',
      describe: 'OAuth service app client id, for private key JWT (env OKTA_CLIENT_ID; the key in OKTA_PRIVATE_KEY)',
      requiresArg: true,
    })
    .option('okta-key-id', {
      type: 'string',
      describe: "the key id (kid) of the service app's key (env OKTA_KEY_ID)",
      requiresArg: true,
    })
    .option('okta-scopes', {
      type: 'string',
      describe:
        'OAuth scopes to ask for, space or comma separated (env OKTA_SCOPES; default: the minimal okta.*.read set)',
      requiresArg: true,
    })
    .option('include', {
      type: 'string',
      array: true,
      describe: "optional parts to collect: users (registered users and the group's members)",
      requiresArg: true,
    })
    .option('rate-limit-share', {
      type: 'number',
      describe: "the most of any rate-limit bucket (Okta's, Beyond Identity's) to use per window, 0..1 (default 0.5)",
      requiresArg: true,
    })
    .option('concurrency', { type: 'number', describe: 'requests in flight at once (default 4)', requiresArg: true })
    .option('bi-url', {
      type: 'string',
      describe:
        'Beyond Identity API base (env BI_API_URL; default https://api.byndid.com, or https://api-us.beyondidentity.com for secure-access)',
      requiresArg: true,
    })
    .option('bi-events-url', {
      type: 'string',
      describe:
        'Beyond Identity Events API base, secure-workforce (env BI_EVENTS_URL; default https://dataexport-public.byndid.com)',
      requiresArg: true,
    })
    .option('bi-from', {
      type: 'string',
      describe:
        'read the Beyond Identity configuration from this YAML file (what the console shows; schemas/bi-declared.schema.json) instead of its APIs',
      requiresArg: true,
    });
  for (const f of SECRET_FLAGS) out = out.option(f, { type: 'string', hidden: true });
  return out;
}

export function collectCommand(y: Argv) {
  return liveOptions(y)
    .option('out', {
      type: 'string',
      describe: 'write the snapshot to FILE (atomically; default stdout)',
      requiresArg: true,
    })
    .option('config', {
      type: 'string',
      describe: 'expectations file: the names to look for (default ./okta-bi-lint.yaml when present)',
      requiresArg: true,
    })
    .option('bi-platform', {
      choices: ['secure-workforce', 'secure-access', 'none'] as const,
      describe:
        'Beyond Identity platform (env BI_PLATFORM; default secure-workforce when BI_EVENTS_API_KEY ' +
        'is set, else secure-access when BI_TENANT_ID is set); none: audit the Okta side only',
    })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'no progress and no summary' })
    .option('verbose', { type: 'boolean', describe: 'stack traces on internal errors' })
    .example(
      'OKTA_ORG_URL=https://acme.okta.com OKTA_API_TOKEN=… $0 collect --bi-platform none --out snap.json',
      'collect with an API token',
    )
    .example(
      '$0 collect --bi-platform none --include users --rate-limit-share 0.3 --out snap.json',
      'include users, use at most 30% of each rate-limit bucket',
    )
    .example(
      'BI_EVENTS_API_KEY=… $0 collect --bi-platform secure-workforce --out snap.json',
      'both sides, Beyond Identity Secure Workforce through its Events API',
    )
    .example(
      'BI_API_TOKEN=… BI_TENANT_ID=… BI_REALM_ID=… $0 collect --bi-platform secure-access --out snap.json',
      'both sides, Beyond Identity Secure Access',
    )
    .example('$0 collect --bi-from bi-console.yaml --out snap.json', 'the Beyond Identity side declared by hand');
}

/** Refuses secrets on the command line: they would be visible to other users and kept in shell history. */
function refuseSecretFlags(args: Record<string, unknown>): void {
  for (const f of SECRET_FLAGS) {
    const camel = f.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
    if (args[f] !== undefined || args[camel] !== undefined) {
      const what = f.startsWith('bi-')
        ? 'Beyond Identity credentials are read only from the environment (BI_API_TOKEN, BI_EVENTS_API_KEY)'
        : f.includes('key')
          ? 'the private key is read only from OKTA_PRIVATE_KEY (the key or a file path)'
          : 'the API token is read only from the environment (OKTA_API_TOKEN)';
      throw new InputError(
        `--${f} is not accepted: ${what}, never from the command line, where other users and the shell history can see it`,
        { hint: 'export it in the environment instead' },
      );
    }
  }
}

/** Collects with the live flags; fatal problems become InputErrors (exit 2), all secret-free. */
async function collectLive(args: CollectArgs): Promise<CollectResult> {
  refuseSecretFlags(args as unknown as Record<string, unknown>);
  // the collector (and the SDKs it loads) only for a run that collects: check --live, drift --live, collect
  const { collectSnapshot, resolveSettings, scrubber, CollectFatalError } = await import('../collect/index.js');
  const settings = resolveSettings(args);
  if (!args.quiet) for (const n of settings.notes) process.stderr.write(`okta-bi-lint: note: ${n}\n`);
  try {
    return await collectSnapshot(settings, { quiet: args.quiet });
  } catch (e) {
    if (e instanceof CollectFatalError) throw new InputError(scrubber.scrub(e.message), { hint: e.hint });
    if (e instanceof InputError) throw e;
    const err = e instanceof Error ? e : new Error(String(e));
    const clean = new Error(scrubber.scrub(err.message));
    clean.stack = scrubber.scrub(err.stack ?? '');
    throw clean;
  }
}

/** The one-line summary (and one line per gap) on stderr, unless --quiet. */
async function printSummary(result: CollectResult, where: string, quiet: boolean | undefined): Promise<void> {
  if (quiet) return;
  const { scrubber, summarizePaths } = await import('../collect/index.js');
  const s = result.stats;
  const host = new URL(result.doc.okta.orgUrl).host;
  const bi = result.doc.beyondIdentity;
  const biSections = bi
    ? Object.keys(bi).filter((k) => !['platform', 'tenantId', 'realmId', 'source'].includes(k)).length
    : 0;
  const sections = Object.keys(result.doc.okta).filter((k) => k !== 'orgUrl').length + biSections;
  const gaps = result.gaps.length;
  const source = bi?.source as { kind?: string } | undefined;
  const what =
    bi && bi.platform !== 'none' && biSections > 0
      ? `${host} and Beyond Identity ` +
        `(${String(bi.platform)}${source?.kind === 'declared' ? ', declared' : source?.kind === 'events' ? ', from its events' : ''})`
      : host;
  const extras = [
    s.retries ? plural(s.retries, 'retry', 'retries') : '',
    s.rateLimited ? `${s.rateLimited} rate-limited` : '',
    s.rateLimitWaitMs >= 1000 ? `${(s.rateLimitWaitMs / 1000).toFixed(0)} s waiting for rate limits` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const lines = [
    `okta-bi-lint: collected ${what} into ${where}: ${plural(sections, 'section')}, ${plural(gaps, 'gap')}, ` +
      `${plural(s.requests, 'request')}${extras ? ` (${extras})` : ''} in ${(s.elapsedMs / 1000).toFixed(1)} s`,
    ...result.gaps.map((g) => `okta-bi-lint: gap ${g.section}: ${g.reason}`),
  ];
  // where values were redacted (paths, never values), so a reviewer knows what the snapshot lacks
  if (s.redacted > 0)
    lines.push(`okta-bi-lint: redacted ${plural(s.redacted, 'value')}: ${summarizePaths(s.redactedPaths).join(', ')}`);
  process.stderr.write(`${scrubber.scrub(lines.join('\n'))}\n`);
}

export async function runCollect(args: CollectArgs): Promise<number> {
  const outputs = new OutputPlan();
  outputs.plan('--out', args.out, [configInput(args.config), { flag: '--bi-from', file: args.biFrom }]);
  let result: CollectResult | undefined;
  try {
    const code = await outputs.run(async () => {
      result = await collectLive(args);
      await outputs.stage(args.out, () => result!.pieces());
      return result.gaps.length ? 3 : 0;
    });
    await printSummary(result!, args.out && args.out !== '-' ? args.out : 'stdout', args.quiet);
    return code;
  } finally {
    // the temporary files of a large org's users, once the snapshot is written (stdout: at the commit)
    result?.dispose();
  }
}

/**
 * Where `check --live` writes the snapshot it audited: --snapshot-out, else next to the report
 * (<report name without extension>.snapshot.json), else ./okta-bi-lint.snapshot.json.
 */
export function defaultSnapshotPath(output: string | undefined): string {
  if (!output || output === '-') return 'okta-bi-lint.snapshot.json';
  const dir = path.dirname(output);
  const base = path.basename(output).replace(/\.[^.]*$/, '') || 'report';
  return path.join(dir, `${base}.snapshot.json`);
}

/**
 * For `check --live` and `drift --live`: collects, stages the snapshot for `file` (it is written
 * with the run's other outputs) and returns it parsed, as if read from that file.
 */
export async function collectForCheck(args: CollectArgs, file: string, outputs: OutputPlan): Promise<Snapshot> {
  const result = await collectLive(args);
  let text: string;
  try {
    text = result.text;
  } finally {
    result.dispose();
  }
  await outputs.stage(file, text);
  await printSummary(result, file, args.quiet);
  return parseSnapshot(text, file);
}
