/**
 * Who made each change: drift attributes every change (changed, added, removed resource) to the
 * audit events that name the resource between the baseline's collectedAt and the current
 * snapshot's, and never to anyone else.
 *
 * - Okta: the System Log (system-log.ts), matched by target id: an event counts for a resource when
 *   any of its targets carries the resource's id (and, for an assignment, whose id is the assigned
 *   group's or user's, also the app's id). Never by name: a name is not an identity.
 * - Beyond Identity Secure Workforce: the configuration change events the snapshot was rebuilt from
 *   carry an actor; the snapshot keeps the newest event of each object, with its actor.
 * - Beyond Identity Secure Access, a declared configuration, SCIM users: no event records an actor.
 *
 * When nothing can be said, the change says "not attributed" and why. Attribution never changes
 * the exit code (docs/drift.md, "Who made the change").
 */
import { plural } from '../util/text.js';
import type { CollectSettings } from '../collect/index.js';
import type { Snapshot } from '../snapshot/load.js';
import { RETENTION_DAYS, readSystemLog, type LogWindow } from './system-log.js';
import { typeSpec } from './table.js';
import type { DriftComparison } from './compare.js';
import type { AttributedEvent, Attribution, Change } from './types.js';

type Obj = Record<string, unknown>;

/** Events listed per change; the rest are counted. */
const MAX_EVENTS = 5;

/** Sub-resources whose id is another object's (the assigned group or user): the app must be a target too. */
const FOREIGN_ID = new Set(['app-group-assignment', 'app-user-assignment']);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Obj | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;

function notAttributed(reason: string, source: Attribution['source'] = 'none', window?: LogWindow): Attribution {
  return { status: 'not-attributed', source, reason, window, events: [], moreEvents: 0 };
}

function isOkta(c: Change): boolean {
  return typeSpec(c.type).section.startsWith('okta.');
}

/** The ids an event must name for a change: the resource's own, plus its app's for an assignment. */
function idsOf(c: Change): string[] | undefined {
  const r = (c.current ?? c.baseline)!;
  if (r.id === undefined) return undefined;
  return FOREIGN_ID.has(c.type) && r.parent?.id !== undefined ? [r.id, r.parent.id] : [r.id];
}

function fromLogEvent(e: Obj): AttributedEvent {
  const actor = obj(e.actor) ?? {};
  const client = obj(e.client) ?? {};
  const transaction = obj(e.transaction) ?? {};
  return {
    actor: {
      id: str(actor.id),
      type: str(actor.type),
      alternateId: str(actor.alternateId),
      displayName: str(actor.displayName),
    },
    published: str(e.published),
    eventType: str(e.eventType),
    displayMessage: str(e.displayMessage),
    clientIp: str(client.ipAddress),
    transactionId: str(transaction.id),
    eventId: str(e.uuid),
  };
}

function targetIds(e: Obj): Set<string> {
  const out = new Set<string>();
  if (Array.isArray(e.target)) for (const t of e.target) if (str(obj(t)?.id)) out.add(obj(t)!.id as string);
  return out;
}

function time(s: string | undefined): number {
  const t = s === undefined ? NaN : Date.parse(s);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** Newest first, capped at MAX_EVENTS with a count of the rest. */
function listed(events: AttributedEvent[]): { events: AttributedEvent[]; moreEvents: number } {
  const sorted = [...events].sort((a, b) => time(b.published) - time(a.published));
  return { events: sorted.slice(0, MAX_EVENTS), moreEvents: Math.max(0, sorted.length - MAX_EVENTS) };
}

/**
 * Attributes Okta changes to System Log events: each change gets the events naming every one of
 * its ids (see idsOf) among any of their targets. `partialSince`, when the baseline is older than
 * the retention, is where the searched window had to start.
 */
function attributeToLog(
  changes: readonly Change[],
  events: readonly Obj[],
  window: LogWindow,
  partialSince?: string,
): Map<Change, Attribution> {
  const byTarget = new Map<string, Obj[]>();
  for (const e of events) {
    for (const id of targetIds(e)) {
      const list = byTarget.get(id);
      if (list) list.push(e);
      else byTarget.set(id, [e]);
    }
  }
  const out = new Map<Change, Attribution>();
  for (const c of changes) {
    const ids = idsOf(c);
    if (!ids) {
      out.set(
        c,
        notAttributed(
          "the resource has no id, and the System Log names resources by id (a name could be anyone's)",
          'okta-system-log',
          window,
        ),
      );
      continue;
    }
    const matching = (byTarget.get(ids[0]) ?? []).filter((e) => ids.every((id) => targetIds(e).has(id)));
    if (matching.length === 0) {
      const reason = partialSince
        ? `no System Log event names it since ${partialSince}; the change may have been made before, outside ` +
          `the System Log retention (${RETENTION_DAYS} days, and the baseline was collected ${window.since})`
        : `no System Log event names it between ${window.since} and ${window.until} (made by a process ` +
          `that leaves no event, or at the edge of the window: see clock skew in docs/drift.md)`;
      out.set(
        c,
        notAttributed(reason, 'okta-system-log', partialSince ? { since: partialSince, until: window.until } : window),
      );
      continue;
    }
    out.set(c, {
      status: 'attributed',
      source: 'okta-system-log',
      ...(partialSince
        ? {
            reason: `events before ${partialSince} are outside the System Log retention; an earlier change may be missing`,
          }
        : {}),
      window: partialSince ? { since: partialSince, until: window.until } : window,
      ...listed(matching.map(fromLogEvent)),
    });
  }
  return out;
}

/** What the Beyond Identity side can say about its changes, from the current snapshot alone. */
function attributeToBiEvents(
  changes: readonly Change[],
  current: Snapshot,
  window: LogWindow | undefined,
): Map<Change, Attribution> {
  const bi = obj(current.doc.beyondIdentity) ?? {};
  const source = obj(bi.source);
  const events =
    source && Array.isArray(source.events) ? source.events.map(obj).filter((e): e is Obj => e !== undefined) : [];
  const out = new Map<Change, Attribution>();
  for (const c of changes) {
    const r = (c.current ?? c.baseline)!;
    let a: Attribution;
    if (c.type === 'scim-user')
      a = notAttributed('Beyond Identity records no actor for SCIM user changes that okta-bi-lint can read');
    else if (bi.platform === 'secure-access')
      a = notAttributed(
        'Beyond Identity Secure Access records no actor for configuration changes that okta-bi-lint can read',
      );
    else if (source?.kind === 'declared')
      a = notAttributed(
        'the Beyond Identity configuration was declared by hand (--bi-from); no event records who changed it',
      );
    else if (source?.kind !== 'events')
      a = notAttributed('the current snapshot does not say which Beyond Identity events its configuration came from');
    else if (!window)
      a = notAttributed(
        'the baseline has no collectedAt, so the events since the baseline cannot be told apart',
        'beyond-identity-events',
      );
    else
      a = fromBiEvent(
        events.find((e) => e.objectId === r.id),
        window,
      );
    out.set(c, a);
  }
  return out;
}

/** A Secure Workforce object's newest event (the snapshot keeps that one only), if it falls in the window. */
function fromBiEvent(e: Obj | undefined, window: LogWindow): Attribution {
  if (!e)
    return notAttributed(
      'no Beyond Identity event of this object is in the current snapshot',
      'beyond-identity-events',
      window,
    );
  const at = str(e.occurredAt);
  if (time(at) <= time(window.since) || time(at) > time(window.until)) {
    return notAttributed(
      `the newest Beyond Identity event of this object (${at ?? 'undated'}) is not between the baseline and the current snapshot`,
      'beyond-identity-events',
      window,
    );
  }
  const actor = obj(e.actor);
  if (!actor)
    return notAttributed(
      `the Beyond Identity event${str(e.eventType) ? ` ${str(e.eventType)}` : ''} at ${at} records no actor`,
      'beyond-identity-events',
      window,
    );
  return {
    status: 'attributed',
    source: 'beyond-identity-events',
    reason: 'Beyond Identity: the newest event of the object, the only one the snapshot keeps',
    window,
    events: [
      {
        actor: {
          id: str(actor.id),
          type: str(actor.type),
          alternateId: str(actor.displayId),
          displayName: str(actor.displayName),
        },
        published: at,
        eventType: str(e.eventType),
        displayMessage: str(e.action),
        eventId: str(e.eventId),
      },
    ],
    moreEvents: 0,
  };
}

function who(e: AttributedEvent): string {
  const a = e.actor;
  const name = a.alternateId ?? a.id ?? 'an unnamed actor';
  const parts = [a.displayName && a.displayName !== name ? `${name} (${a.displayName})` : name];
  if (a.type && a.type !== 'User') parts.push(`[${a.type}]`);
  return parts.join(' ');
}

/**
 * Actor names and messages are the org's data, typed by anyone who can name an app or a client:
 * control and bidirectional-override characters (terminal escapes, a line break that forges a row)
 * are shown as U+FFFD, whatever format the line ends up in.
 */
function inert(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}

/** One line: who, when, what (and from where); or "not attributed: why". */
export function attributionText(a: Attribution): string {
  return inert(attributionLine(a));
}

function attributionLine(a: Attribution): string {
  if (a.status === 'not-attributed') return `not attributed: ${a.reason}`;
  const [e, ...rest] = a.events;
  const what = [e.eventType, e.displayMessage ? JSON.stringify(e.displayMessage) : undefined].filter(Boolean).join(' ');
  let line = `changed by ${who(e)}${e.published ? ` at ${e.published}` : ''}${what ? `: ${what}` : ''}`;
  if (e.clientIp) line += ` from ${e.clientIp}`;
  if (e.transactionId) line += ` (transaction ${e.transactionId})`;
  const earlier = rest.length + a.moreEvents;
  if (earlier) {
    const others = [...new Set(rest.map(who))];
    line +=
      `; ${plural(earlier, 'earlier event')} in the ` +
      `window${others.length ? ` by ${others.join(', ')}${a.moreEvents ? ' and others' : ''}` : ''}`;
  }
  return line;
}

/** Whether Okta credentials are available to read the System Log with (not whether they work). */
export function hasOktaCredentials(env: Record<string, string | undefined>, oktaUrl?: string): boolean {
  const url = oktaUrl || env.OKTA_ORG_URL || env.OKTA_CLIENT_ORGURL;
  const token = env.OKTA_API_TOKEN || env.OKTA_CLIENT_TOKEN;
  return Boolean(url && (token || (env.OKTA_CLIENT_ID && env.OKTA_PRIVATE_KEY)));
}

export interface AttributeOptions {
  /** how to reach the org; undefined: no Okta credentials (why, in noCredentials) */
  settings?: CollectSettings;
  noCredentials?: string;
  now?: Date;
}

export interface AttributionStats {
  requests: number;
  /** events read and dropped as noise (sign-ins naming a resource) */
  dropped: number;
}

function sameOrg(a: string, b: string): boolean {
  const norm = (u: string) => u.trim().toLowerCase().replace(/\/+$/, '');
  return norm(a) === norm(b);
}

/**
 * Attributes every change of a comparison, before its report is built: sets `change.attribution`,
 * which every format renders (drift findings carry it as `changedBy`). Reads the System Log at most
 * once per chunk of ids, and only for Okta changes.
 */
export async function attributeDrift(
  comparison: DriftComparison,
  /** when the baseline was collected: the start of the window searched */
  since: string | undefined,
  current: Snapshot,
  options: AttributeOptions,
): Promise<AttributionStats> {
  const stats: AttributionStats = { requests: 0, dropped: 0 };
  const changes = comparison.changes;
  if (changes.length === 0) return stats;
  const now = options.now ?? new Date();
  const untilRaw = current.doc.collectedAt ?? now.toISOString();
  const until = time(untilRaw) > now.getTime() ? now.toISOString() : untilRaw;
  const window =
    since !== undefined && !Number.isNaN(Date.parse(since))
      ? { since: new Date(since).toISOString(), until: new Date(until).toISOString() }
      : undefined;

  const okta = changes.filter(isOkta);
  const result = attributeToBiEvents(
    changes.filter((c) => !isOkta(c)),
    current,
    window,
  );
  if (okta.length) {
    const set = (reason: string, w?: LogWindow) =>
      okta.forEach((c) => {
        result.set(c, notAttributed(reason, 'okta-system-log', w));
      });
    const cutoff = new Date(now.getTime() - RETENTION_DAYS * 86400e3);
    if (!window) set('the baseline has no collectedAt, so the System Log window cannot be bounded');
    else if (!options.settings) set(options.noCredentials ?? 'no Okta credentials to read the System Log with');
    else if (!sameOrg(options.settings.orgUrl, current.doc.okta.orgUrl))
      set(`the Okta credentials are for ${options.settings.orgUrl}, but the snapshot is of ${current.doc.okta.orgUrl}`);
    else if (time(window.until) <= cutoff.getTime())
      set(
        `the whole window (${window.since} to ${window.until}) is outside the System Log retention (${RETENTION_DAYS} days)`,
        window,
      );
    else if (time(window.since) >= time(window.until))
      set(
        `the window is empty: the baseline (${window.since}) is not older than the current snapshot (${window.until})`,
        window,
      );
    else {
      // A minute inside the retention, so that the query is not refused for a since a moment too old.
      const partialSince =
        time(window.since) < cutoff.getTime() ? new Date(cutoff.getTime() + 60_000).toISOString() : undefined;
      const ids = [...new Set(okta.flatMap((c) => idsOf(c)?.slice(0, 1) ?? []))];
      const read = ids.length
        ? await readSystemLog(options.settings, ids, { since: partialSince ?? window.since, until: window.until })
        : { ok: true as const, events: [], requests: 0, dropped: 0 };
      stats.requests = read.requests;
      if (read.ok) {
        stats.dropped = read.dropped;
        for (const [c, a] of attributeToLog(okta, read.events, window, partialSince)) result.set(c, a);
      } else set(read.reason, window);
    }
  }
  for (const c of changes) c.attribution = result.get(c);
  return stats;
}
