import { plural } from '../util/text.js';
import type { Argv } from 'yargs';
import type { FailOn } from '../api/check.js';
import { compareDrift, driftReport, prepareDrift } from '../api/drift.js';
import { DRIFT_LOAD } from '../drift/baseline.js';
import { loadSnapshot } from '../snapshot/load.js';
import { driftRunOf, renderDrift } from '../report/drift/render.js';
import { attributeDrift, hasOktaCredentials, type AttributeOptions } from '../drift/attribution.js';
import { resolveSettings } from '../collect/index.js';
import { LOGS_SCOPE } from '../collect/settings.js';
import { formatReportClosing } from '../report/display.js';
import { formatRunMessages } from '../report/run-messages.js';
import { InputError } from '../util/errors.js';
import { collectForCheck, defaultSnapshotPath, liveOptions, type CollectArgs } from './collect.js';
import { auditOptions, commonOptions, type AuditArgs, type CommonArgs } from './common.js';
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

export interface DriftArgs
  extends CommonArgs,
    AuditArgs,
    Omit<CollectArgs, 'quiet' | 'verbose' | 'config' | 'biPlatform'> {
  baseline?: string;
  snapshotOut?: string;
  current?: string;
  live?: boolean;
  check?: boolean;
  maxBaselineAge?: string;
  force?: boolean;
  driftFailOn?: string;
  /** undefined: on with --live, and with --current when Okta credentials are set */
  attribution?: boolean;
}

export function driftCommand(y: Argv) {
  return auditOptions(liveOptions(commonOptions(y)), 'findings and changes')
    .option('baseline', {
      type: 'string',
      describe: 'the approved baseline snapshot (written by collect --out)',
      requiresArg: true,
    })
    .option('current', {
      type: 'string',
      describe: 'the current snapshot file to compare with the baseline',
      requiresArg: true,
    })
    .option('live', {
      type: 'boolean',
      describe:
        'collect the current configuration live instead of reading --current (the flags and environment of collect)',
    })
    .option('snapshot-out', {
      type: 'string',
      describe:
        'with --live: where to write the collected snapshot (default: next to --output, else ./okta-bi-lint.snapshot.json)',
      requiresArg: true,
    })
    .option('check', {
      type: 'boolean',
      default: true,
      describe: 'also run the rules on the current snapshot; --no-check compares only',
    })
    .option('max-baseline-age', {
      type: 'string',
      describe: 'refuse a baseline collected longer ago than this (30d, 12h, 2w, P30D)',
      requiresArg: true,
    })
    .option('force', {
      type: 'boolean',
      describe: 'compare despite another org or tenant, an older baseline, or another snapshot format version',
    })
    .option('drift-fail-on', {
      choices: ['error', 'warning', 'note', 'never'],
      default: 'note',
      describe: 'lowest change level that makes the exit code 1 (default: any change)',
    })
    .option('attribution', {
      type: 'boolean',
      describe:
        'name who made each change, from the Okta System Log (okta.logs.read) and Beyond Identity events; ' +
        'on with --live, and with --current when Okta credentials are set; --no-attribution turns it off',
    })
    .example(
      '$0 drift --baseline baseline/acme.json --current snap.json',
      'what changed since the baseline, and do the rules still pass',
    )
    .example(
      '$0 drift --baseline baseline/acme.json --current snap.json --format sarif --output drift.sarif',
      'SARIF for GitHub code scanning',
    )
    .example(
      '$0 drift --baseline baseline/acme.json --live --format markdown >> "$GITHUB_STEP_SUMMARY"',
      'a scheduled job summary',
    );
}

export async function runDrift(args: DriftArgs): Promise<number> {
  // Checked first: bad input is refused before anything is collected or written.
  const width = displayWidth(args.width, Boolean(args.output && args.output !== '-'));
  if (!args.baseline) {
    throw new InputError('drift needs a baseline: --baseline FILE', {
      hint: 'approve one with okta-bi-lint collect --out baseline.json after an audit passes',
    });
  }
  if (args.live && args.current) throw new InputError('pass either --current FILE or --live, not both');
  if (!args.live && !args.current) {
    throw new InputError('drift needs the current configuration: --current FILE or --live', {
      hint: 'collect one with okta-bi-lint collect --out snap.json',
    });
  }
  if (!args.live && args.snapshotOut)
    throw new InputError('--snapshot-out applies only with --live', { hint: 'drop it, or collect live with --live' });
  // Recording replaces the file: every current finding is recorded, whatever an old file said.
  const accepted = args.writeAccepted ? undefined : args.accepted;
  const outputs = new OutputPlan();
  const inputs = [
    { flag: '--baseline', file: args.baseline },
    { flag: '--current', file: args.current },
    configInput(args.config),
    { flag: '--accepted', file: accepted },
  ];
  outputs.plan('--output', args.output, inputs);
  outputs.plan('--write-accepted', args.writeAccepted, inputs);
  const snapshotOut = args.live ? (args.snapshotOut ?? defaultSnapshotPath(args.output)) : undefined;
  outputs.plan('--snapshot-out', snapshotOut, inputs);
  const attribution = args.attribution ?? (args.live === true || hasOktaCredentials(process.env, args.oktaUrl));
  return outputs.run(async () => {
    const prepared = prepareDrift({
      baseline: args.baseline!,
      config: args.config,
      rules: args.rules,
      failOn: args.failOn as FailOn,
      driftFailOn: (args.driftFailOn ?? 'note') as FailOn,
      check: args.check !== false,
      maxBaselineAge: args.maxBaselineAge,
      force: args.force === true,
      biPlatform: args.biPlatform,
      accepted,
      writeAccepted: args.writeAccepted,
      reportUnusedSuppressions: args.reportUnusedSuppressions,
    });
    const collected = snapshotOut
      ? await collectForCheck({ ...args, quiet: args.quiet, verbose: args.verbose }, snapshotOut, outputs)
      : undefined;
    const currentFile = snapshotOut ?? args.current!;
    progress(`comparing ${currentFile} with ${args.baseline}…`, args.quiet);
    const current = collected ?? loadSnapshot(currentFile, DRIFT_LOAD);
    const compared = compareDrift(prepared, current);
    progressDone(args.quiet);
    if (attribution && compared.comparison.changes.length) {
      progress('reading the audit log: who made each change…', args.quiet);
      const since = prepared.baseline.doc.collectedAt;
      const stats = await attributeDrift(compared.comparison, since, current, attributionSource(args));
      progressDone(args.quiet);
      if (args.verbose)
        process.stderr.write(
          `okta-bi-lint: attribution: ${plural(stats.requests, 'System Log request')}, ` +
            `${plural(stats.dropped, 'sign-in or other runtime event')} left out\n`,
        );
    }
    const ctx = driftReport(compared);
    await stageAccepted(outputs, ctx, args.writeAccepted, args.quiet);
    outputs.afterCommit(() => say(formatRunMessages(ctx, args)));
    await outputs.stage(args.output, renderDrift(ctx, args.format, displayOptions(args, width)));
    outputs.afterCommit(() => say(formatReportClosing({ ...ctx, driftRun: driftRunOf(ctx) }, args)));
    return ctx.exitCode;
  });
}

/** The org to read the System Log of: the live flags and environment, as collect reads them. */
function attributionSource(args: DriftArgs): AttributeOptions {
  if (!args.live && !hasOktaCredentials(process.env, args.oktaUrl)) {
    return {
      noCredentials:
        'no Okta credentials to read the System Log with (set OKTA_ORG_URL and OKTA_API_TOKEN, or an OAuth service app granted okta.logs.read)',
    };
  }
  try {
    const settings = resolveSettings(args);
    // A token of its own, with the one scope it needs: an app not granted okta.logs.read still collects.
    if (settings.auth.mode === 'PrivateKey') settings.auth = { ...settings.auth, scopes: [LOGS_SCOPE] };
    return { settings };
  } catch (e) {
    // bad live settings fail `drift --live` before anything is compared; with --current they only stop attribution
    if (e instanceof InputError) return { noCredentials: `the Okta settings cannot be used: ${e.message}` };
    throw e;
  }
}
