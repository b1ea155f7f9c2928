/**
 * Live collection: reads an Okta org (and, later, the Beyond Identity tenant) into a snapshot of
 * format okta-bi-lint/snapshot@1. Read-only (GET, plus the OAuth token POST), rate-limit aware,
 * secrets redacted. See docs/collect.md.
 */
import { SNAPSHOT_FORMAT, parseSnapshot, type SnapshotDoc } from '../snapshot/load.js';
import { TOOL } from '../version.js';
import { CollectFatalError, type GapInfo } from './errors.js';
import { RateBudget, StopFlag } from './http/ratelimit.js';
import { RequestRunner, RetriesExhaustedError } from './http/runner.js';
import { OktaApi } from './okta/api.js';
import { oktaBucket } from './okta/buckets.js';
import { OktaClient } from './okta/client.js';
import { collectOkta, OKTA_SECTIONS, OKTA_USER_SECTIONS } from './okta/collect.js';
import { Progress } from './progress.js';
import { redactSecrets, scrubber } from './redact.js';
import type { CollectSettings } from './settings.js';

export { CollectFatalError, SectionError, type GapInfo } from './errors.js';
export { resolveSettings, normalizeOrgUrl, type CollectSettings, type LiveArgs } from './settings.js';
export { redactSecrets, scrubber, REDACTED } from './redact.js';

export interface CollectStats {
  requests: number;
  pages: number;
  retries: number;
  rateLimited: number;
  rateLimitWaitMs: number;
  redacted: number;
  elapsedMs: number;
}

export interface CollectResult {
  doc: SnapshotDoc;
  /** the snapshot as written: pretty JSON, secrets removed, validated against the schema */
  text: string;
  gaps: GapInfo[];
  stats: CollectStats;
}

export interface CollectRunOptions {
  quiet?: boolean;
  /** a shorter jitter after rate-limit resets (tests) */
  jitterMs?: [number, number];
}

export const BI_NOT_AVAILABLE = 'Beyond Identity collection is not available in this version of okta-bi-lint, so the Beyond Identity side was not read and its rules cannot be evaluated; pass --bi-platform none to audit the Okta side only';

export async function collectSnapshot(settings: CollectSettings, options: CollectRunOptions = {}): Promise<CollectResult> {
  const started = Date.now();
  const host = new URL(settings.orgUrl).host;
  const total = OKTA_SECTIONS.length + (settings.includeUsers ? OKTA_USER_SECTIONS.length : 0);
  const progress = new Progress(host, total, { quiet: options.quiet });
  const stop = new StopFlag();
  const budget = new RateBudget({ share: settings.share, jitterMs: options.jitterMs, onWait: (bucket, ms) => progress.waiting(bucket, ms) });
  const runner = new RequestRunner({
    budget,
    concurrency: settings.concurrency,
    retries: settings.retries,
    retryBaseMs: settings.retryBaseMs,
    retryMaxMs: settings.retryMaxMs,
    timeoutMs: settings.timeoutMs,
    maxRateLimitWaits: settings.maxRateLimitWaits,
    bucketOf: oktaBucket,
    stop,
    onRateLimited: (_url, bucket, ms) => progress.waiting(bucket, ms),
  });
  const client = new OktaClient({ orgUrl: settings.orgUrl, auth: settings.auth, userAgent: `${TOOL.name}/${TOOL.version}` });
  const api = new OktaApi(client, runner, { maxPages: settings.maxPages, onPage: () => progress.page() });

  let result;
  try {
    result = await collectOkta(api, { names: settings.names, includeUsers: settings.includeUsers, stop, onSection: () => progress.section() });
  } catch (e) {
    throw asFatal(e, settings);
  } finally {
    progress.done();
  }

  const stats = { count: 0 };
  const okta = redactSecrets({ orgUrl: settings.orgUrl, ...result.data }, stats);
  const gaps: GapInfo[] = result.gaps.map((g) => ({ ...g, reason: scrubber.scrub(g.reason) }));
  let beyondIdentity: Record<string, unknown> | undefined;
  if (settings.biPlatform === 'none') {
    beyondIdentity = { platform: 'none' };
  } else {
    if (settings.biPlatform) beyondIdentity = { platform: settings.biPlatform };
    gaps.push({ section: 'beyondIdentity', reason: BI_NOT_AVAILABLE });
  }

  const doc: SnapshotDoc = {
    format: SNAPSHOT_FORMAT,
    collectedAt: new Date().toISOString(),
    collector: { name: TOOL.name, version: TOOL.version },
    okta: okta as SnapshotDoc['okta'],
    ...(beyondIdentity ? { beyondIdentity } : {}),
    gaps,
  };
  const text = scrubber.scrubJson(JSON.stringify(doc, null, 2) + '\n');
  // what we write must be what `check` reads: validate it like any snapshot
  parseSnapshot(text, 'the collected snapshot');
  return {
    doc,
    text,
    gaps,
    stats: {
      requests: runner.stats.requests + client.tokenRequests,
      pages: api.pages,
      retries: runner.stats.retries,
      rateLimited: runner.stats.rateLimited,
      rateLimitWaitMs: budget.waitedMs,
      redacted: stats.count,
      elapsedMs: Date.now() - started,
    },
  };
}

function asFatal(e: unknown, settings: CollectSettings): unknown {
  if (e instanceof CollectFatalError) return new CollectFatalError(scrubber.scrub(e.message), e.hint);
  if (e instanceof RetriesExhaustedError) return new CollectFatalError(`cannot reach ${settings.orgUrl}: ${scrubber.scrub(e.message)}`, 'check --okta-url / OKTA_ORG_URL and the network');
  return e;
}
