/**
 * A rate-limit budget shared by every request to one API host. Okta (and APIs like it) count
 * requests per endpoint family ("bucket") in fixed windows and report, on every response,
 * X-Rate-Limit-Limit (the bucket's ceiling), -Remaining and -Reset (UTC epoch seconds when the
 * window ends). The quota is shared with every other integration of the org, so this budget never
 * lets our own requests exceed `share × limit` in any window of any bucket:
 *
 * - A request is counted in the window the server says it was counted in (the Reset it reports),
 *   so completed requests are attributed exactly; requests in flight are counted against every
 *   window they might still land in.
 * - A bucket's new window is only assumed to have started when it certainly has on the server's
 *   clock: the server/local clock offset is bounded from the `Date` headers of every response
 *   (Date <= server time at the response < Date + 1 s, sent after our send, before our receive).
 * - Until a bucket's limit is known, only one request to it is in flight (a probe).
 * - Besides our share, never send when the bucket's reported Remaining (less our requests in
 *   flight) is exhausted, so other integrations' traffic does not turn into our 429s.
 * - After a 429, the bucket is closed until the Reset it reports, converted with the response's
 *   Date (not the local clock), plus jitter.
 */

export type HeaderMap = Record<string, string[]>;

export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** epoch seconds */
  reset?: number;
  /** the Date header, epoch ms */
  dateMs?: number;
}

function ints(values: string[] | undefined): number[] {
  if (!values) return [];
  const out: number[] = [];
  for (const v of values)
    for (const part of v.split(',')) {
      const n = Number(part.trim());
      if (part.trim() !== '' && Number.isFinite(n)) out.push(n);
    }
  return out;
}

export function header(h: HeaderMap, name: string): string[] | undefined {
  return h[name.toLowerCase()];
}

export function parseRateLimitHeaders(h: HeaderMap): RateLimitInfo {
  const limit = ints(header(h, 'x-rate-limit-limit'));
  const remaining = ints(header(h, 'x-rate-limit-remaining'));
  const reset = ints(header(h, 'x-rate-limit-reset'));
  const date = header(h, 'date')?.[0];
  const dateMs = date ? Date.parse(date) : NaN;
  return {
    limit: limit.length ? Math.min(...limit) : undefined,
    remaining: remaining.length ? Math.min(...remaining) : undefined,
    reset: reset.length ? Math.max(...reset) : undefined,
    dateMs: Number.isFinite(dateMs) ? dateMs : undefined,
  };
}

/** Bounds on (server clock − local clock), learned from Date headers. */
export class ClockSync {
  lo = Number.NEGATIVE_INFINITY;
  hi = Number.POSITIVE_INFINITY;

  observe(dateMs: number | undefined, sentLocal: number, receivedLocal: number): void {
    if (dateMs === undefined) return;
    const lo = dateMs - receivedLocal;
    const hi = dateMs + 1000 - sentLocal;
    const nlo = Math.max(this.lo, lo);
    const nhi = Math.min(this.hi, hi);
    if (nlo > nhi + 5) {
      // inconsistent with what we knew: the server's clock was changed; start again from this response
      this.lo = lo;
      this.hi = hi;
    } else {
      this.lo = nlo;
      this.hi = nhi;
    }
  }

  /** The latest local time at which the server clock may still be before `serverMs`. */
  localWhenServerPast(serverMs: number): number {
    return serverMs - (Number.isFinite(this.lo) ? this.lo : -1000);
  }
}

interface Bucket {
  name: string;
  limit?: number;
  /** the latest window seen, by its reset (epoch s) */
  reset?: number;
  /** the lowest Remaining reported for that window */
  remaining?: number;
  /** completed requests per window (by reset) */
  counted: Map<number, number>;
  inflight: number;
  /** the server sends no rate-limit headers for this bucket */
  unmetered: boolean;
  /** local ms before which nothing is sent (after a 429) */
  closedUntil: number;
  waiters: Set<() => void>;
}

export interface Ticket {
  bucket: string;
  grantedAt: number;
  done: boolean;
}

export interface BudgetEvents {
  /** a request waits `ms` for the budget of `bucket` */
  onWait?: (bucket: string, ms: number, why: 'share' | 'remaining' | '429') => void;
}

export interface BudgetOptions extends BudgetEvents {
  /** 0 < share <= 1 */
  share: number;
  now?: () => number;
  random?: () => number;
  /** jitter added after a reset, ms (uniform in [min, max)) */
  jitterMs?: [number, number];
}

export class RateBudget {
  readonly share: number;
  readonly clock = new ClockSync();
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly jitter: [number, number];
  private readonly events: BudgetEvents;
  /** wall-clock ms during which at least one request waited for the budget */
  waitedMs = 0;
  private waiting = 0;
  private waitingSince = 0;
  rateLimited = 0;

  constructor(options: BudgetOptions) {
    if (!(options.share > 0 && options.share <= 1)) throw new RangeError('share must be in (0, 1]');
    this.share = options.share;
    this.now = options.now ?? (() => Date.now());
    this.random = options.random ?? Math.random;
    this.jitter = options.jitterMs ?? [100, 600];
    this.events = options;
  }

  private bucket(name: string): Bucket {
    let b = this.buckets.get(name);
    if (!b) {
      b = { name, counted: new Map(), inflight: 0, unmetered: false, closedUntil: 0, waiters: new Set() };
      this.buckets.set(name, b);
    }
    return b;
  }

  /** The most requests of ours a window of this bucket may hold. */
  capacity(limit: number): number {
    return Math.max(1, Math.floor(this.share * limit + 1e-9));
  }

  private jitterMs(): number {
    const [a, b] = this.jitter;
    return a + (b - a) * this.random();
  }

  /** 0 when a request may go now, else how long to wait (Infinity: until a request completes). */
  private check(b: Bucket): { wait: number; why: 'share' | 'remaining' | '429' } {
    const now = this.now();
    if (now < b.closedUntil) return { wait: b.closedUntil - now, why: '429' };
    if (b.unmetered) return { wait: 0, why: 'share' };
    if (b.reset === undefined || b.limit === undefined) return { wait: b.inflight === 0 ? 0 : Infinity, why: 'share' };
    const rollover = this.clock.localWhenServerPast(b.reset * 1000) + 20;
    const current = now < rollover;
    const used = current ? (b.counted.get(b.reset) ?? 0) : 0;
    if (used + b.inflight >= this.capacity(b.limit)) return { wait: current ? rollover - now : Infinity, why: 'share' };
    if (current && b.remaining !== undefined && b.remaining - b.inflight <= 0)
      return { wait: rollover - now, why: 'remaining' };
    return { wait: 0, why: 'share' };
  }

  /** Waits until the bucket's budget allows one more request, and takes it. */
  async acquire(name: string, signal?: StopFlag): Promise<Ticket> {
    const b = this.bucket(name);
    let waited = false;
    let reported = false;
    try {
      for (;;) {
        if (signal?.aborted) throw new AbortedError();
        const { wait, why } = this.check(b);
        if (wait <= 0) break;
        if (!waited) {
          waited = true;
          if (this.waiting++ === 0) this.waitingSince = this.now();
        }
        if (!reported && Number.isFinite(wait) && wait > 250) {
          reported = true;
          this.events.onWait?.(name, wait, why);
        }
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            b.waiters.delete(wake);
            off?.();
            resolve();
          };
          const timer = setTimeout(wake, Number.isFinite(wait) ? Math.max(1, Math.ceil(wait)) : 1000);
          b.waiters.add(wake);
          const off = signal?.onAbort(wake);
        });
      }
    } finally {
      if (waited && --this.waiting === 0) this.waitedMs += this.now() - this.waitingSince;
    }
    b.inflight++;
    return { bucket: name, grantedAt: this.now(), done: false };
  }

  /**
   * Records the outcome of a request that took a ticket. `info` is undefined when no response came
   * back (network error, timeout): the request may or may not have been counted by the server.
   */
  complete(t: Ticket, info: RateLimitInfo | undefined, sentLocal: number, receivedLocal: number): void {
    if (t.done) return;
    t.done = true;
    const b = this.bucket(t.bucket);
    b.inflight--;
    if (info) {
      this.clock.observe(info.dateMs, sentLocal, receivedLocal);
      if (info.reset === undefined || info.limit === undefined) {
        if (b.reset === undefined) b.unmetered = true;
      } else {
        b.unmetered = false;
        b.counted.set(info.reset, (b.counted.get(info.reset) ?? 0) + 1);
        if (b.reset === undefined || info.reset > b.reset) {
          b.reset = info.reset;
          b.limit = info.limit;
          b.remaining = info.remaining;
          for (const k of b.counted.keys()) if (k < info.reset - 3600) b.counted.delete(k);
        } else if (info.reset === b.reset) {
          b.limit = Math.min(b.limit ?? info.limit, info.limit);
          if (info.remaining !== undefined) b.remaining = Math.min(b.remaining ?? info.remaining, info.remaining);
        }
      }
    } else if (b.reset !== undefined) {
      // it may have been counted: count it in the latest window (conservative)
      b.counted.set(b.reset, (b.counted.get(b.reset) ?? 0) + 1);
    }
    this.wake(b);
  }

  /**
   * After a 429: closes the bucket until its reset (by the response's Date) plus jitter, or for
   * `fallbackMs` when the response says no reset. Returns the wait in ms.
   */
  rateLimitedUntilReset(bucket: string, info: RateLimitInfo, fallbackMs: number): number {
    const b = this.bucket(bucket);
    this.rateLimited++;
    const now = this.now();
    let until: number;
    if (info.reset !== undefined && Number.isFinite(this.clock.lo)) {
      until = this.clock.localWhenServerPast(info.reset * 1000) + this.jitterMs();
    } else if (info.reset !== undefined && info.dateMs !== undefined) {
      until = now + (info.reset * 1000 - info.dateMs) + this.jitterMs();
    } else if (info.reset !== undefined && info.reset * 1000 > now && info.reset * 1000 - now < 3600_000) {
      // no Date header to convert with: the local clock is all there is
      until = info.reset * 1000 + this.jitterMs();
    } else {
      until = now + fallbackMs + this.jitterMs();
    }
    if (until < now) until = now + this.jitterMs();
    b.closedUntil = Math.max(b.closedUntil, until);
    this.wake(b);
    return b.closedUntil - now;
  }

  private wake(b: Bucket): void {
    for (const w of [...b.waiters]) w();
  }

  /** For tests and the summary: what is known of each bucket. */
  snapshot(): Array<{ bucket: string; limit?: number; reset?: number; remaining?: number; capacity?: number }> {
    return [...this.buckets.values()].map((b) => ({
      bucket: b.name,
      limit: b.limit,
      reset: b.reset,
      remaining: b.remaining,
      capacity: b.limit === undefined ? undefined : this.capacity(b.limit),
    }));
  }
}

/** Stops a collection: requests not yet sent fail with AbortedError, and waits end at once. */
export class StopFlag {
  aborted = false;
  private readonly listeners = new Set<() => void>();

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const l of [...this.listeners]) l();
  }

  onAbort(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortedError';
  }
}
