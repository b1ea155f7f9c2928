/**
 * One request policy for every API the collector reads (Okta's and Beyond Identity's): the
 * rate-limit budget (RateBudget), a concurrency limit (p-limit), a per-request timeout, bounded
 * retries with exponential backoff and full jitter for 5xx and network errors, and waits until the
 * reset after a 429. The transport is a `send` function, so the policy does not depend on a client.
 */
import pLimit from 'p-limit';
import {
  AbortedError,
  parseRateLimitHeaders,
  type HeaderMap,
  type RateBudget,
  type RateLimitInfo,
  type StopFlag,
} from './ratelimit.js';

export interface HttpResult {
  status: number;
  headers: HeaderMap;
  /** the body as text ('' when there is none) */
  body: string;
  url: string;
}

/** No HTTP response: the connection failed or the request timed out. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'network',
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** A 5xx (or a network error) that persisted through every retry. */
export class RetriesExhaustedError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly last: HttpResult | TransportError,
  ) {
    super(message);
    this.name = 'RetriesExhaustedError';
  }
}

/** 429s that kept coming after waiting for the reset, more times than allowed. */
export class RateLimitedOutError extends Error {
  constructor(
    message: string,
    readonly last: HttpResult,
  ) {
    super(message);
    this.name = 'RateLimitedOutError';
  }
}

export type Send = (signal: AbortSignal) => Promise<HttpResult>;

interface RunnerEvents {
  onRequest?: (url: string, bucket: string) => void;
  onResponse?: (url: string, bucket: string, status: number, ms: number) => void;
  onRetry?: (url: string, bucket: string, attempt: number, delayMs: number, why: string) => void;
  onRateLimited?: (url: string, bucket: string, waitMs: number) => void;
}

export interface RunnerOptions extends RunnerEvents {
  budget: RateBudget;
  /** requests in flight at once */
  concurrency: number;
  /** retries after the first attempt, for 5xx and network errors */
  retries: number;
  /** backoff base and cap, ms: delay = random(0.5..1) × min(cap, base × 2^attempt) */
  retryBaseMs: number;
  retryMaxMs: number;
  /** per request (until the whole body is read), ms */
  timeoutMs: number;
  /** 429s tolerated for one request before giving up on it */
  maxRateLimitWaits: number;
  bucketOf: (url: URL) => string;
  /** requests not yet sent fail with AbortedError once it is raised */
  stop?: StopFlag;
  random?: () => number;
}

export interface RunnerStats {
  requests: number;
  retries: number;
  rateLimited: number;
}

const RETRY_STATUS = new Set([500, 502, 503, 504, 408]);

export class RequestRunner {
  readonly stats: RunnerStats = { requests: 0, retries: 0, rateLimited: 0 };
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly random: () => number;

  constructor(private readonly options: RunnerOptions) {
    this.limit = pLimit(Math.max(1, options.concurrency));
    this.random = options.random ?? Math.random;
  }

  private backoff(attempt: number): number {
    const o = this.options;
    const ceiling = Math.min(o.retryMaxMs, o.retryBaseMs * 2 ** attempt);
    return Math.round(ceiling * (0.5 + 0.5 * this.random()));
  }

  /** Waits `ms`, or less when the collection is stopped. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      const off = this.options.stop?.onAbort(done);
      function done() {
        clearTimeout(timer);
        off?.();
        resolve();
      }
    });
  }

  /**
   * Sends a GET through the budget. Resolves with the final response: 2xx, or any status that is
   * not retried (4xx other than 408/429). Rejects with RetriesExhaustedError, RateLimitedOutError,
   * AbortedError, or whatever `send` throws that is not a TransportError (a client-side bug or a
   * credential the client could not use).
   */
  async request(url: string, send: Send): Promise<HttpResult> {
    const o = this.options;
    const bucket = o.bucketOf(new URL(url));
    let attempt = 0;
    let waits429 = 0;
    for (;;) {
      if (o.stop?.aborted) throw new AbortedError();
      const ticket = await o.budget.acquire(bucket, o.stop);
      let sentAt = 0;
      let result: HttpResult | TransportError;
      try {
        result = await this.limit(async () => {
          if (o.stop?.aborted) throw new AbortedError();
          sentAt = Date.now();
          this.stats.requests++;
          o.onRequest?.(url, bucket);
          return withTimeout(send, o.timeoutMs);
        });
      } catch (e) {
        if (e instanceof TransportError) {
          result = e;
        } else {
          o.budget.complete(ticket, undefined, sentAt || Date.now(), Date.now());
          throw e;
        }
      }
      const receivedAt = Date.now();
      if (result instanceof TransportError) {
        o.budget.complete(ticket, undefined, sentAt, receivedAt);
        if (attempt >= o.retries) {
          throw new RetriesExhaustedError(`${result.message} (after ${attempt + 1} attempts)`, attempt + 1, result);
        }
        const delay = this.backoff(attempt);
        attempt++;
        this.stats.retries++;
        o.onRetry?.(url, bucket, attempt, delay, result.message);
        await this.pause(delay);
        continue;
      }
      const info: RateLimitInfo = parseRateLimitHeaders(result.headers);
      o.budget.complete(ticket, info, sentAt, receivedAt);
      o.onResponse?.(url, bucket, result.status, receivedAt - sentAt);
      if (result.status === 429) {
        waits429++;
        this.stats.rateLimited++;
        if (waits429 > o.maxRateLimitWaits) {
          throw new RateLimitedOutError(
            `rate limited (HTTP 429) ${waits429} times in a row, even after waiting for each reset`,
            result,
          );
        }
        const wait = o.budget.rateLimitedUntilReset(bucket, info, this.backoff(Math.min(waits429, 6)));
        o.onRateLimited?.(url, bucket, wait);
        continue; // acquire() waits until the bucket reopens
      }
      if (RETRY_STATUS.has(result.status)) {
        if (attempt >= o.retries) {
          throw new RetriesExhaustedError(`HTTP ${result.status} (after ${attempt + 1} attempts)`, attempt + 1, result);
        }
        const delay = this.backoff(attempt);
        attempt++;
        this.stats.retries++;
        o.onRetry?.(url, bucket, attempt, delay, `HTTP ${result.status}`);
        await this.pause(delay);
        continue;
      }
      return result;
    }
  }
}

/** Runs `send` with an AbortSignal that fires after `ms`; a timeout becomes a TransportError. */
async function withTimeout(send: Send, ms: number): Promise<HttpResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ms);
  try {
    const r = await Promise.race([
      send(controller.signal),
      new Promise<never>((_, reject) =>
        controller.signal.addEventListener(
          'abort',
          () => reject(new TransportError('timeout', `no complete response within ${Math.round(ms / 100) / 10} s`)),
          { once: true },
        ),
      ),
    ]);
    return r;
  } catch (e) {
    if (timedOut) throw new TransportError('timeout', `no complete response within ${Math.round(ms / 100) / 10} s`);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
