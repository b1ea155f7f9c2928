import type { Argv } from 'yargs';
import type { FailOn } from '../api/check.js';
import type { BiPlatform } from '../config/load.js';
import { compareWith, prepareDrift, recountDrift } from '../drift/api.js';
import { DRIFT_LOAD } from '../drift/baseline.js';
import { loadSnapshot } from '../snapshot/load.js';
import { driftRunOf, renderDrift } from '../drift/render.js';
import { displayWidth, printReportClosing } from '../report/display.js';
import { acceptedDocument, acceptInto, writeAccepted } from '../suppress/accepted.js';
import { printRunMessages } from '../suppress/output.js';
import { InputError } from '../util/errors.js';
import { collectForCheck, liveOptions, type CollectArgs } from './collect.js';
import { commonOptions, type CommonArgs } from './common.js';
import { emit, progress, progressDone, useColor } from './output.js';

export interface DriftArgs extends CommonArgs, Omit<CollectArgs, 'quiet' | 'verbose' | 'config' | 'biPlatform'> {
  baseline?: string;
  snapshotOut?: string;
  current?: string;
  live?: boolean;
  rules?: string[];
  biPlatform?: BiPlatform;
  check?: boolean;
  maxBaselineAge?: string;
  force?: boolean;
  driftFailOn?: string;
  accepted?: string;
  writeAccepted?: string;
  reportUnusedSuppressions?: boolean;
  width?: number;
}

export function driftCommand(y: Argv) {
  return liveOptions(commonOptions(y))
    .option('baseline', { type: 'string', describe: 'the approved baseline snapshot (written by collect --out)', requiresArg: true })
    .option('current', { type: 'string', describe: 'the current snapshot file to compare with the baseline', requiresArg: true })
    .option('live', { type: 'boolean', describe: 'collect the current configuration live instead of reading --current (the flags and environment of collect)' })
    .option('snapshot-out', { type: 'string', describe: 'with --live: where to write the collected snapshot (default: next to --output, else ./okta-bi-lint.snapshot.json)', requiresArg: true })
    .option('check', { type: 'boolean', default: true, describe: 'also run the rules on the current snapshot; --no-check compares only' })
    .option('max-baseline-age', { type: 'string', describe: 'refuse a baseline collected longer ago than this (30d, 12h, 2w, P30D)', requiresArg: true })
    .option('force', { type: 'boolean', describe: 'compare despite another org or tenant, an older baseline, or another snapshot format version' })
    .option('drift-fail-on', { choices: ['error', 'warning', 'note', 'never'], default: 'note', describe: 'lowest change level that makes the exit code 1 (default: any change)' })
    .option('rules', { type: 'string', array: true, describe: 'directory of additional rule YAML files (repeatable)', requiresArg: true })
    .option('bi-platform', { choices: ['secure-workforce', 'secure-access', 'none'] as const, describe: 'Beyond Identity platform; none leaves the Beyond Identity side out' })
    .option('accepted', { type: 'string', describe: 'report only findings and changes whose fingerprint is not in this accepted-findings file', requiresArg: true })
    .option('write-accepted', { type: 'string', describe: 'record the current findings and changes by fingerprint in FILE (atomically)', requiresArg: true })
    .option('width', { type: 'number', describe: 'text report: wrap at this many columns (default: the terminal\'s width on a terminal, else no wrapping; 0: no wrapping)', requiresArg: true })
    .option('report-unused-suppressions', { type: 'boolean', default: true, describe: 'warn about suppressions that matched nothing; --no-report-unused-suppressions turns it off' })
    .example('$0 drift --baseline baseline/acme.json --current snap.json', 'what changed since the baseline, and do the rules still pass')
    .example('$0 drift --baseline baseline/acme.json --current snap.json --format sarif --output drift.sarif', 'SARIF for GitHub code scanning')
    .example('$0 drift --baseline baseline/acme.json --live --format markdown >> "$GITHUB_STEP_SUMMARY"', 'a scheduled job summary');
}

export async function runDrift(args: DriftArgs): Promise<number> {
  // Checked first: bad input is refused before anything is collected or written.
  const width = displayWidth(args.width, Boolean(args.output && args.output !== '-'));
  if (!args.baseline) {
    throw new InputError('drift needs a baseline: --baseline FILE', { hint: 'approve one with okta-bi-lint collect --out baseline.json after an audit passes' });
  }
  if (args.live && args.current) throw new InputError('pass either --current FILE or --live, not both');
  if (!args.live && !args.current) {
    throw new InputError('drift needs the current configuration: --current FILE or --live', { hint: 'collect one with okta-bi-lint collect --out snap.json' });
  }
  if (!args.live && args.snapshotOut) throw new InputError('--snapshot-out applies only with --live', { hint: 'drop it, or collect live with --live' });
  const prepared = prepareDrift({
    baseline: args.baseline,
    config: args.config,
    rules: args.rules,
    failOn: args.failOn as FailOn,
    driftFailOn: (args.driftFailOn ?? 'note') as FailOn,
    check: args.check !== false,
    maxBaselineAge: args.maxBaselineAge,
    force: args.force === true,
    biPlatform: args.biPlatform,
    // Recording replaces the file: every current finding is recorded, whatever an old file said.
    accepted: args.writeAccepted ? undefined : args.accepted,
    reportUnusedSuppressions: args.reportUnusedSuppressions,
  });
  // Live: the collected snapshot is written first, so that report locations point into a file that exists.
  const currentFile = args.live ? await collectForCheck({ ...args, quiet: args.quiet, verbose: args.verbose }) : args.current!;
  progress(`comparing ${currentFile} with ${args.baseline}…`, args.quiet);
  const ctx = compareWith(prepared, loadSnapshot(currentFile, DRIFT_LOAD));
  progressDone(args.quiet);
  if (args.writeAccepted) {
    const doc = acceptedDocument(ctx);
    await writeAccepted(args.writeAccepted, doc);
    acceptInto(ctx, doc, args.writeAccepted);
    recountDrift(ctx);
    if (!args.quiet) process.stderr.write(`okta-bi-lint: recorded ${doc.findings.length} finding${doc.findings.length === 1 ? '' : 's'} in ${args.writeAccepted}\n`);
  }
  printRunMessages(ctx, args.quiet);
  ctx.color = useColor(args.color, Boolean(args.output && args.output !== '-')) && args.format === 'text';
  const text = renderDrift(ctx, args.format, { quiet: args.quiet, verbose: args.verbose, width });
  await emit(text, args.output);
  printReportClosing({ ...ctx, driftRun: driftRunOf(ctx) }, args);
  return ctx.exitCode;
}
