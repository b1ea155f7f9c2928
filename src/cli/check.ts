import * as path from 'node:path';
import type { Argv } from 'yargs';
import { check, checkEach, type FailOn } from '../api/check.js';
import { formatRunMessages } from '../report/run-messages.js';
import type { FormatName } from '../report/index.js';
import { loadFormatter } from '../report/load.js';
import { formatReportClosing } from '../report/display.js';
import { InputError } from '../util/errors.js';
import { inline } from '../report/escape.js';
import type { PreparedPlan } from '../plan/index.js';
import { loadSnapshot } from '../snapshot/load.js';
import {
  configInput,
  displayOptions,
  displayWidth,
  OutputPlan,
  progress,
  progressDone,
  say,
  stageAccepted,
} from './output.js';
import { auditOptions, commonOptions, type AuditArgs, type CommonArgs } from './common.js';
import { collectForCheck, defaultSnapshotPath, liveOptions, type CollectArgs } from './collect.js';

export interface CheckArgs
  extends CommonArgs,
    AuditArgs,
    Omit<CollectArgs, 'config' | 'quiet' | 'verbose' | 'biPlatform'> {
  /** --snapshot, repeatable */
  snapshot?: string[];
  /** the snapshot files named as positional arguments (check a.json b.json, check snapshots/*.json) */
  snapshots?: string[];
  live?: boolean;
  snapshotOut?: string;
  plan?: string;
  tfDir?: string;
}

export function checkCommand(y: Argv) {
  return auditOptions(liveOptions(commonOptions(y)), 'findings')
    .option('live', {
      type: 'boolean',
      describe: 'collect from Okta first (see collect), write the snapshot audited, then check it',
    })
    .option('snapshot-out', {
      type: 'string',
      describe:
        'with --live: where to write the snapshot (default: next to --output as <name>.snapshot.json, else ./okta-bi-lint.snapshot.json)',
      requiresArg: true,
    })
    .positional('snapshots', { type: 'string', array: true, describe: 'snapshot files to audit, like --snapshot' })
    .option('snapshot', {
      type: 'string',
      array: true,
      describe:
        'snapshot file to audit (okta-bi-lint/snapshot@1); repeatable, and files may also be given without the flag: one report covers them all',
      requiresArg: true,
    })
    .option('plan', {
      type: 'string',
      describe:
        'a Terraform plan of the okta provider (terraform show -json PLANFILE): audit ' +
        'the org as it will be after apply; laid over --snapshot or --live, else alone',
      requiresArg: true,
    })
    .option('tf-dir', {
      type: 'string',
      describe: 'with --plan: the root module directory, to point findings at their resource blocks in its .tf files',
      requiresArg: true,
    })
    .example('$0 check --snapshot fixtures/snapshots/clean-scim.json', 'audit a snapshot, text report')
    .example('$0 check --snapshot snap.json --format sarif --output results.sarif', 'SARIF for GitHub code scanning')
    .example(
      '$0 check snapshots/*.json --format junit --output audit.xml',
      'several snapshots, one report; the exit code is the worst of them',
    )
    .example(
      '$0 check --live --plan plan.json --tf-dir . --format sarif --output plan.sarif',
      'audit a Terraform plan before apply, laid over the live org',
    );
}

/** The snapshot files a check names, --snapshot first, then the positional ones; a file named twice is audited once. */
function snapshotFiles(args: Pick<CheckArgs, 'snapshot' | 'snapshots'>): string[] {
  const seen = new Set<string>();
  return [...(args.snapshot ?? []), ...(args.snapshots ?? [])].filter(
    (f) => !seen.has(path.resolve(f)) && Boolean(seen.add(path.resolve(f))),
  );
}

export async function runCheck(args: CheckArgs): Promise<number> {
  // Checked first: bad input is refused before anything is collected or written.
  const width = displayWidth(args.width, Boolean(args.output && args.output !== '-'));
  const files = snapshotFiles(args);
  if (args.live) {
    if (files.length)
      throw new InputError('--live and --snapshot exclude each other', {
        hint: 'audit a file with --snapshot FILE, or collect with --live (and --snapshot-out FILE to choose where the snapshot goes)',
      });
  } else if (args.snapshotOut) {
    throw new InputError('--snapshot-out needs --live', { hint: 'add --live to collect from Okta first' });
  }
  if (args.tfDir && !args.plan)
    throw new InputError('--tf-dir needs --plan', { hint: 'add --plan plan.json (terraform show -json PLANFILE)' });
  if (args.plan && files.length > 1)
    throw new InputError('--plan is laid over one org: give at most one snapshot with it', {
      hint: 'run check --plan once per snapshot',
    });
  if (args.plan && args.biFrom !== undefined && files.length)
    throw new InputError('--bi-from declares the Beyond Identity side, which the snapshot already holds', {
      hint: 'drop --bi-from, or audit the plan alone (check --plan plan.json --bi-from FILE) or with --live',
    });
  if (!args.live && !files.length && !args.plan) {
    throw new InputError('check needs a snapshot: --snapshot FILE', {
      hint: 'collect one with okta-bi-lint collect --out snap.json, or try fixtures/snapshots/clean-scim.json',
    });
  }
  if (files.length > 1) return runCheckMany(args, files, width);
  const snapshot = files[0];
  // Recording replaces the file: every current finding is recorded, whatever an old file said.
  const accepted = args.writeAccepted ? undefined : args.accepted;
  const outputs = new OutputPlan();
  const inputs = [
    { flag: '--snapshot', file: snapshot },
    { flag: '--plan', file: args.plan },
    { flag: '--bi-from', file: args.biFrom },
    configInput(args.config),
    { flag: '--accepted', file: accepted },
  ];
  outputs.plan('--output', args.output, inputs);
  outputs.plan('--write-accepted', args.writeAccepted, inputs);
  const snapshotOut = args.live ? (args.snapshotOut ?? defaultSnapshotPath(args.output)) : undefined;
  outputs.plan('--snapshot-out', snapshotOut, inputs);
  return outputs.run(async () => {
    const live = snapshotOut ? await collectForCheck(args, snapshotOut, outputs) : undefined;
    progress(`auditing ${args.plan ?? snapshotOut ?? snapshot}…`, args.quiet);
    // with --plan, the org (live, a snapshot, or nothing) is what the plan is laid over; the plan
    // reader (and the secret scanner it runs) is loaded only for a run that has a plan
    let plan: PreparedPlan | undefined;
    if (args.plan) {
      const { declaredBiSide, preparePlan } = await import('../plan/index.js');
      plan = await preparePlan(
        args.plan,
        live ?? (snapshot ? loadSnapshot(snapshot) : undefined),
        args.tfDir,
        // a plan alone holds no Beyond Identity side: --bi-from declares it (with --live, collect reads it)
        !live && args.biFrom !== undefined
          ? declaredBiSide(args.biFrom, { config: args.config, biPlatform: args.biPlatform })
          : undefined,
      );
    }
    const ctx = check({
      snapshot: live ?? snapshot ?? args.plan!,
      plan,
      config: args.config,
      rules: args.rules,
      failOn: args.failOn as FailOn,
      biPlatform: args.biPlatform,
      accepted,
      writeAccepted: args.writeAccepted,
      reportUnusedSuppressions: args.reportUnusedSuppressions,
    });
    progressDone(args.quiet);
    await stageAccepted(outputs, ctx, args.writeAccepted, args.quiet);
    outputs.afterCommit(() => say(formatRunMessages(ctx, args)));
    const formatter = await loadFormatter(args.format as FormatName);
    await outputs.stage(args.output, formatter(ctx, displayOptions(args, width)));
    outputs.afterCommit(() => say(formatReportClosing(ctx, args)));
    return ctx.exitCode;
  });
}

/**
 * check over several snapshot files: rules and config loaded once, the files audited one after
 * another, one report covering them all (src/report/many.ts) and the worst exit code. An
 * accepted-findings file belongs to one org's snapshot, so --accepted and --write-accepted are
 * refused here: run them once per snapshot.
 */
async function runCheckMany(args: CheckArgs, files: string[], width: number | undefined): Promise<number> {
  for (const flag of ['accepted', 'writeAccepted'] as const) {
    if (args[flag] !== undefined) {
      const name = flag === 'accepted' ? '--accepted' : '--write-accepted';
      throw new InputError(`${name} works on one snapshot, and ${files.length} were given`, {
        hint: `an accepted-findings file records one snapshot's findings: run check once per snapshot with ${name}`,
      });
    }
  }
  const outputs = new OutputPlan();
  outputs.plan('--output', args.output, [
    ...files.map((file) => ({ flag: '--snapshot', file })),
    configInput(args.config),
  ]);
  return outputs.run(async () => {
    const reports = checkEach({
      snapshots: files,
      config: args.config,
      rules: args.rules,
      failOn: args.failOn as FailOn,
      biPlatform: args.biPlatform,
      reportUnusedSuppressions: args.reportUnusedSuppressions,
      onSnapshot: (file, i) => progress(`auditing ${file} (${i + 1}/${files.length})…`, args.quiet),
    });
    progressDone(args.quiet);
    // the suppression warnings are the run's, the same in every report: printed once
    outputs.afterCommit(() => say(formatRunMessages(reports[0], args)));
    const format = args.format as FormatName;
    const [{ formatMany, manySummary, worstExitCode }, formatter] = await Promise.all([
      import('../report/many.js'),
      loadFormatter(format),
    ]);
    const exitCode = worstExitCode(reports.map((r) => r.exitCode));
    await outputs.stage(args.output, formatMany(format, reports, formatter, displayOptions(args, width)));
    if (args.output && args.output !== '-' && !args.quiet)
      outputs.afterCommit(() =>
        process.stderr.write(
          `okta-bi-lint: ${manySummary(reports)} (exit ${exitCode}); ${format} report written to ${inline(args.output)}\n`,
        ),
      );
    return exitCode;
  });
}
