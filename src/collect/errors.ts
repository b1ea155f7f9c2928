/** Errors of a collection: a section that could not be read (a gap), and a reason to stop at once. */

export interface GapInfo {
  section: string;
  reason: string;
  errorCode?: string;
  status?: number;
  /** the request that failed: METHOD path */
  request?: string;
}

/** One section could not be read; the rest of the collection goes on. */
export class SectionError extends Error {
  readonly gap: GapInfo;
  /** no HTTP response at all (connection failed, timed out) */
  readonly transport: boolean;
  constructor(gap: GapInfo, transport = false) {
    super(gap.reason);
    this.name = 'SectionError';
    this.gap = gap;
    this.transport = transport;
  }
}

/**
 * The collection cannot go on (rejected credentials, unreachable org, unusable key). The CLI prints
 * the message and its hint on one line and exits 2; nothing is written.
 */
export class CollectFatalError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CollectFatalError';
  }
}
