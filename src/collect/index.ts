/**
 * Live collection: reads an Okta org and its Beyond Identity tenant (Secure Workforce through the
 * Events API, Secure Access through its API, or a declared file) into a snapshot of format
 * okta-bi-lint/snapshot@1. Read-only (GET, plus the OAuth token POST), rate-limit aware, secrets
 * redacted. See docs/collect.md and docs/beyond-identity.md.
 */
import { SNAPSHOT_FORMAT, checkSnapshotDocument, parseSnapshot, type SnapshotDoc } from '../snapshot/load.js';
import { TOOL } from '../version.js';
import { CollectFatalError, type GapInfo } from './errors.js';
import { RateBudget, StopFlag } from './http/ratelimit.js';
import { RequestRunner, RetriesExhaustedError } from './http/runner.js';
import { OktaApi } from './okta/api.js';
import { oktaBucket } from './okta/buckets.js';
import { OktaClient } from './okta/client.js';
import { collectOkta, OKTA_SECTIONS, OKTA_USER_SECTIONS } from './okta/collect.js';
import { Progress } from './progress.js';
import { childPath, newStats, redactSecrets, scrubber, type RedactStats } from '../secrets/redact.js';
import { InputError } from '../util/errors.js';
import { displayPath, joinPointer } from '../util/pointer.js';
import { scanWithSecretlint } from '../secrets/secretlint.js';
import { listItems, setAsideSpilled, snapshotPieces, streamFromItems } from './write.js';
import { ListMaker, type Finish } from './spill.js';
import type { CollectSettings } from './settings.js';
import { collectBeyondIdentity } from './bi/index.js';

export { CollectFatalError, SectionError } from './errors.js';
export {
  resolveSettings,
  normalizeOrgUrl,
  type CollectSettings,
  type LiveArgs,
} from './settings.js';
export { redactSecrets, scrubber, summarizePaths } from '../secrets/redact.js';

interface CollectStats {
  requests: number;
  pages: number;
  retries: number;
  rateLimited: number;
  rateLimitWaitMs: number;
  redacted: number;
  /** the JSON path of every value redacted, never the value */
  redactedPaths: string[];
  elapsedMs: number;
}

export interface CollectResult {
  doc: SnapshotDoc;
  /**
   * the snapshot as written: pretty JSON, secrets removed, validated against the schema (built on
   * first use for a large snapshot, which is written from `pieces`)
   */
  readonly text: string;
  /** the same text in pieces of about 64 KB, for writing a large snapshot without holding it whole */
  pieces(): Iterable<string>;
  gaps: GapInfo[];
  stats: CollectStats;
  /**
   * Lets go of the temporary files of the large lists (`doc` holds them as ItemLists): after it,
   * neither `text` (unless already read) nor `pieces` can be used.
   */
  dispose(): void;
}

export interface CollectRunOptions {
  quiet?: boolean;
  /** a shorter jitter after rate-limit resets (tests) */
  jitterMs?: [number, number];
}

export interface OktaTransport {
  stop: StopFlag;
  budget: RateBudget;
  runner: RequestRunner;
  client: OktaClient;
  api: OktaApi;
}

/**
 * The read-only Okta client with the collector's request policy (rate-limit budget, concurrency,
 * retries, timeouts), as `collect` uses it; drift reads the System Log through the same one.
 */
export function oktaTransport(
  settings: CollectSettings,
  events: { jitterMs?: [number, number]; onWait?: (bucket: string, ms: number) => void; onPage?: () => void } = {},
): OktaTransport {
  const stop = new StopFlag();
  const budget = new RateBudget({ share: settings.share, jitterMs: events.jitterMs, onWait: events.onWait });
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
    onRateLimited: (_url, bucket, ms) => events.onWait?.(bucket, ms),
  });
  const client = new OktaClient({
    orgUrl: settings.orgUrl,
    auth: settings.auth,
    userAgent: `${TOOL.name}/${TOOL.version}`,
  });
  const api = new OktaApi(client, runner, { maxPages: settings.maxPages, onPage: events.onPage });
  return { stop, budget, runner, client, api };
}

export async function collectSnapshot(
  settings: CollectSettings,
  options: CollectRunOptions = {},
): Promise<CollectResult> {
  const started = Date.now();
  const host = new URL(settings.orgUrl).host;
  const total =
    OKTA_SECTIONS.length +
    (settings.includeUsers ? OKTA_USER_SECTIONS.length : 0) +
    (settings.bi.kind === 'none' || settings.bi.kind === 'missing' ? 0 : 1);
  const progress = new Progress(host, total, { quiet: options.quiet });
  const { stop, budget, runner, client, api } = oktaTransport(settings, {
    jitterMs: options.jitterMs,
    onWait: (bucket, ms) => progress.waiting(bucket, ms),
    onPage: () => progress.page(),
  });

  // the large lists (users) go to temporary files as their pages arrive, each item redacted first
  const stats = newStats();
  const lists = new ListMaker(streamFromItems(), (keys) => finisher(keys, stats, settings.orgUrl));
  try {
    let result: Awaited<ReturnType<typeof collectOkta>>;
    try {
      result = await collectOkta(api, {
        names: settings.names,
        includeUsers: settings.includeUsers,
        stop,
        lists,
        onSection: () => progress.section(),
      });
    } catch (e) {
      progress.done();
      throw asFatal(e, settings);
    }

    // --- Beyond Identity, after Okta (rejected Okta credentials stop the run before anything is sent there)
    let bi: Awaited<ReturnType<typeof collectBeyondIdentity>>;
    try {
      bi = await collectBeyondIdentity({
        settings,
        orgHost: host,
        stop,
        lists,
        jitterMs: options.jitterMs,
        onWait: (bucket, ms) => progress.waiting(bucket, ms),
        onPage: () => progress.page(),
      });
      if (settings.bi.kind !== 'none' && settings.bi.kind !== 'missing') progress.section();
    } catch (e) {
      throw asFatal(e, settings);
    } finally {
      progress.done();
    }

    const collected = { okta: { orgUrl: settings.orgUrl, ...result.data }, beyondIdentity: bi.beyondIdentity };
    const gaps: GapInfo[] = [...result.gaps, ...bi.gaps].map((g) => ({ ...g, reason: scrubber.scrub(g.reason) }));
    // a list on disk holds at least streamFromItems() items: a snapshot with one is written in pieces
    const large = listItems({ ...collected, gaps }) >= streamFromItems();
    // the lists on disk were redacted item by item as they were written
    const putBack = setAsideSpilled(collected);
    const okta = redactSecrets(collected.okta, stats, 'okta');
    const beyondIdentity = collected.beyondIdentity
      ? redactSecrets(collected.beyondIdentity, stats, 'beyondIdentity')
      : undefined;

    const doc: SnapshotDoc = {
      format: SNAPSHOT_FORMAT,
      collectedAt: new Date().toISOString(),
      collector: { name: TOOL.name, version: TOOL.version },
      okta: okta as SnapshotDoc['okta'],
      ...(beyondIdentity ? { beyondIdentity } : {}),
      gaps,
    };
    // the last line: a maintained rule set over every string, for the secrets no layer above knows
    await scanWithSecretlint(doc, stats);
    // a large org: validated as built (JSON.stringify writes valid JSON with each key once), without
    // the lists on disk, whose items are what the schema asks of them (users, ids), and written in
    // pieces, never held as one string besides the document
    if (large) checkSnapshotDocument(doc, 'the collected snapshot');
    putBack(doc);
    const inPieces = () => snapshotPieces(doc, (piece) => scrubber.scrubJson(piece));
    let text: string | undefined;
    if (!large) {
      text = scrubber.scrubJson(`${JSON.stringify(doc, null, 2)}\n`);
      // what we write must be what `check` reads: validate it like any snapshot
      parseSnapshot(text, 'the collected snapshot');
    }
    return {
      doc,
      get text() {
        text ??= [...inPieces()].join('');
        return text;
      },
      pieces: () => (text !== undefined ? [text] : inPieces()),
      gaps,
      stats: {
        requests: runner.stats.requests + client.tokenRequests + bi.stats.requests,
        pages: api.pages + bi.stats.pages,
        retries: runner.stats.retries + bi.stats.retries,
        rateLimited: runner.stats.rateLimited + bi.stats.rateLimited,
        rateLimitWaitMs: budget.waitedMs + bi.stats.rateLimitWaitMs,
        redacted: stats.count,
        redactedPaths: stats.paths,
        elapsedMs: Date.now() - started,
      },
      dispose: () => lists.dispose(),
    };
  } catch (e) {
    lists.dispose();
    throw e;
  }
}

/**
 * Redacts a batch of the items of the snapshot's list at `keys` as redactSecrets and secretlint
 * redact them within the whole document, each recorded with its path there (`from` is the index of
 * the first), and validates them at their place in a document that holds only them.
 */
function finisher(keys: readonly string[], stats: RedactStats, orgUrl: string): Finish {
  const path = keys.reduce((p: string, k) => childPath(p, k), '');
  // how a schema error names an item of the list: okta.users[3]
  const shown = displayPath(joinPointer('', ...keys));
  const itemIn = new RegExp(`${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\[(\\d+)\\]`);
  return async (items, from) => {
    const own = newStats();
    const out = redactSecrets(items, own);
    await scanWithSecretlint(out, own);
    stats.count += own.count;
    // [3].profile.login, the fourth of the batch → okta.users[from + 3].profile.login
    const at = (i: string) => `[${from + Number(i)}]`;
    for (const p of own.paths) stats.paths.push(path + p.replace(/^\[(\d+)\]/, (_m, i: string) => at(i)));
    const skeleton: Record<string, unknown> = { format: SNAPSHOT_FORMAT, okta: { orgUrl } };
    let holder = skeleton;
    for (const k of keys.slice(0, -1)) holder = (holder[k] ??= {}) as Record<string, unknown>;
    holder[keys[keys.length - 1]] = out;
    try {
      checkSnapshotDocument(skeleton, 'the collected snapshot');
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw new InputError(
        e.message.replace(itemIn, (_m, i: string) => shown + at(i)),
        { file: e.file, hint: e.hint },
      );
    }
    return out;
  };
}

function asFatal(e: unknown, settings: CollectSettings): unknown {
  if (e instanceof CollectFatalError) return new CollectFatalError(scrubber.scrub(e.message), e.hint);
  if (e instanceof RetriesExhaustedError)
    return new CollectFatalError(
      `cannot reach ${settings.orgUrl}: ${scrubber.scrub(e.message)}`,
      'check --okta-url / OKTA_ORG_URL and the network',
    );
  return e;
}
