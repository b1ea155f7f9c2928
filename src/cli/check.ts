import type { Argv } from 'yargs';
import { check, recount, type FailOn } from '../api/check.js';
import { acceptedDocument, acceptedText, acceptInto } from '../suppress/accepted.js';
import { printRunMessages } from '../suppress/output.js';
import type { BiPlatform } from '../config/load.js';
import { FORMATTERS } from '../report/index.js';
import { displayWidth, printReportClosing } from '../report/display.js';
import { InputError } from '../util/errors.js';
import { preparePlan } from '../plan/index.js';
import { loadSnapshot } from '../snapshot/load.js';
import { configInput, OutputPlan, progress, progressDone, useColor } from './output.js';
import { commonOptions, type CommonArgs } from './common.js';
import { collectForCheck, defaultSnapshotPath, liveOptions, type CollectArgs } from './collect.js';

export interface CheckArgs extends CommonArgs, Omit<CollectArgs, 'config' | 'quiet' | 'verbose'> {
  snapshot?: string;
  live?: boolean;
  snapshotOut?: string;
  rules?: string[];
  biPlatform?: BiPlatform;
  accepted?: string;
  writeAccepted?: string;
  reportUnusedSuppressions?: boolean;
  width?: number;
  plan?: string;
  tfDir?: string;
}

export function checkCommand(y: Argv) {
  return liveOptions(commonOptions(y))
    .option('live', { type: 'boolean', describe: 'collect from Okta first (see collect), write the snapshot audited, then check it' })
    .option('snapshot-out', { type: 'string', describe: 'with --live: where to write the snapshot (default: next to --output as <name>.snapshot.json, else ./okta-bi-lint.snapshot.json)', requiresArg: true })
    .option('snapshot', { type: 'string', describe: 'snapshot file to audit (okta-bi-lint/snapshot@1)', requiresArg: true })
    .option('plan', { type: 'string', describe: 'a Terraform plan of the okta provider (terraform show -json PLANFILE): audit the org as it will be after apply; laid over --snapshot or --live, else alone', requiresArg: true })
    .option('tf-dir', { type: 'string', describe: 'with --plan: the root module directory, to point findings at their resource blocks in its .tf files', requiresArg: true })
    .option('rules', { type: 'string', array: true, describe: 'directory of additional rule YAML files (repeatable)', requiresArg: true })
    .option('bi-platform', { choices: ['secure-workforce', 'secure-access', 'none'] as const, describe: 'Beyond Identity platform; none turns the Beyond Identity rules off' })
    .option('accepted', { type: 'string', describe: 'report only findings whose fingerprint is not in this accepted-findings file (written by --write-accepted)', requiresArg: true })
    .option('write-accepted', { type: 'string', describe: 'record the current findings by fingerprint in FILE (atomically); they count as accepted in this run', requiresArg: true })
    .option('width', { type: 'number', describe: 'text report: wrap at this many columns (default: the terminal\'s width on a terminal, else no wrapping; 0: no wrapping)', requiresArg: true })
    .option('report-unused-suppressions', { type: 'boolean', default: true, describe: 'warn about suppressions that matched no finding; --no-report-unused-suppressions turns it off' })
    .example('$0 check --snapshot fixtures/snapshots/clean-scim.json', 'audit a snapshot, text report')
    .example('$0 check --snapshot snap.json --format sarif --output results.sarif', 'SARIF for GitHub code scanning')
    .example('$0 check --live --plan plan.json --tf-dir . --format sarif --output plan.sarif', 'audit a Terraform plan before apply, laid over the live org');
}

export async function runCheck(args: CheckArgs): Promise<number> {
  // Checked first: bad input is refused before anything is collected or written.
  const width = displayWidth(args.width, Boolean(args.output && args.output !== '-'));
  if (args.live) {
    if (args.snapshot) throw new InputError('--live and --snapshot exclude each other', { hint: 'audit a file with --snapshot FILE, or collect with --live (and --snapshot-out FILE to choose where the snapshot goes)' });
  } else if (args.snapshotOut) {
    throw new InputError('--snapshot-out needs --live', { hint: 'add --live to collect from Okta first' });
  }
  if (args.tfDir && !args.plan) throw new InputError('--tf-dir needs --plan', { hint: 'add --plan plan.json (terraform show -json PLANFILE)' });
  if (!args.live && !args.snapshot && !args.plan) {
    throw new InputError('check needs a snapshot: --snapshot FILE', { hint: 'collect one with okta-bi-lint collect --out snap.json, or try fixtures/snapshots/clean-scim.json' });
  }
  // Recording replaces the file: every current finding is recorded, whatever an old file said.
  const accepted = args.writeAccepted ? undefined : args.accepted;
  const outputs = new OutputPlan();
  const inputs = [{ flag: '--snapshot', file: args.snapshot }, { flag: '--plan', file: args.plan }, configInput(args.config), { flag: '--accepted', file: accepted }];
  outputs.plan('--output', args.output, inputs);
  outputs.plan('--write-accepted', args.writeAccepted, inputs);
  const snapshotOut = args.live ? (args.snapshotOut ?? defaultSnapshotPath(args.output)) : undefined;
  outputs.plan('--snapshot-out', snapshotOut, inputs);
  return outputs.run(async () => {
    const live = snapshotOut ? await collectForCheck(args, snapshotOut, outputs) : undefined;
    progress(`auditing ${args.plan ?? snapshotOut ?? args.snapshot}…`, args.quiet);
    // with --plan, the org (live, a snapshot, or nothing) is what the plan is laid over
    const plan = args.plan ? await preparePlan(args.plan, live ?? (args.snapshot ? loadSnapshot(args.snapshot) : undefined), args.tfDir) : undefined;
    const ctx = check({
      snapshot: live ?? args.snapshot ?? args.plan!,
      plan,
      config: args.config,
      rules: args.rules,
      failOn: args.failOn as FailOn,
      biPlatform: args.biPlatform,
      accepted,
      reportUnusedSuppressions: args.reportUnusedSuppressions,
    });
    progressDone(args.quiet);
    if (args.writeAccepted) {
      const doc = acceptedDocument(ctx);
      await outputs.stage(args.writeAccepted, acceptedText(doc));
      acceptInto(ctx, doc, args.writeAccepted);
      recount(ctx);
      if (!args.quiet) outputs.afterCommit(() => process.stderr.write(`okta-bi-lint: recorded ${doc.findings.length} finding${doc.findings.length === 1 ? '' : 's'} in ${args.writeAccepted}\n`));
    }
    outputs.afterCommit(() => printRunMessages(ctx, args.quiet));
    ctx.color = useColor(args.color, Boolean(args.output && args.output !== '-')) && args.format === 'text';
    const formatter = FORMATTERS[args.format as keyof typeof FORMATTERS];
    ctx.quiet = args.quiet;
    ctx.verbose = args.verbose;
    ctx.width = width;
    await outputs.stage(args.output, formatter(ctx));
    outputs.afterCommit(() => printReportClosing(ctx, args));
    return ctx.exitCode;
  });
}
