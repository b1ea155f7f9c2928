/**
 * The Okta System Log for the emulator: `GET /api/v1/logs` as Okta documents it (management.yaml,
 * listLogEvents) and behaves:
 *
 * - `since` (default 7 days before `until`) and `until` (default now) bound `published`; events
 *   older than the retention (90 days) are gone;
 * - `filter`: SCIM-style `<path> eq|sw|co "<value>"` clauses joined by `and` / `or` (`and` binds
 *   tighter); `target.id` (or any `target.<field>`) matches when any target matches, as Okta's does;
 * - `q`: case-insensitive keywords, all of which must occur in the event;
 * - `limit` 0..1000 (default 100), `sortOrder` ASCENDING (default) or DESCENDING;
 * - `after`: an opaque cursor; every page, the last included, carries a `next` link, as Okta's
 *   polling queries do: a client that follows it blindly never stops;
 * - events shaped like the spec's LogEvent (logEvent below).
 *
 * The scope (okta.logs.read) and 403 are the emulator's (okta-emulator.ts).
 */
import { randomUUID } from 'node:crypto';

type Obj = Record<string, any>;

const RETENTION_MS = 90 * 86400e3;
const DAY = 86400e3;

interface LogTarget {
  id: string;
  type: string;
  alternateId?: string;
  displayName?: string;
}

export interface LogEventSpec {
  actor: { id: string; alternateId: string; displayName: string; type?: string };
  eventType: string;
  displayMessage: string;
  published: Date | number;
  targets: LogTarget[];
  ip?: string;
  result?: 'SUCCESS' | 'FAILURE' | 'DENY';
  transactionId?: string;
}

/** An event in the shape of the spec's LogEvent (its ListLogs example). */
export function logEvent(s: LogEventSpec): Obj {
  const ip = s.ip ?? '198.51.100.7';
  const txn = s.transactionId ?? randomUUID().replace(/-/g, '').slice(0, 27);
  return {
    actor: {
      id: s.actor.id,
      type: s.actor.type ?? 'User',
      alternateId: s.actor.alternateId,
      displayName: s.actor.displayName,
      detailEntry: null,
    },
    client: {
      userAgent: {
        rawUserAgent:
          'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36',
        os: 'Mac OS X',
        browser: 'CHROME',
      },
      zone: null,
      device: 'Computer',
      id: null,
      ipAddress: ip,
      geographicalContext: {
        city: 'New York',
        state: 'New York',
        country: 'United States',
        postalCode: '10013',
        geolocation: { lat: 40.3157, lon: -74.01 },
      },
    },
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: 'idxBager62CSveUkTxvgRtonA',
    },
    displayMessage: s.displayMessage,
    eventType: s.eventType,
    outcome: { result: s.result ?? 'SUCCESS', reason: null },
    published: new Date(s.published).toISOString(),
    securityContext: { asNumber: 394089, asOrg: 'ASN 0000', isp: 'google', domain: null, isProxy: false },
    severity: 'INFO',
    debugContext: { debugData: { requestId: txn, requestUri: '/api/v1/idps', url: '/api/v1/idps' } },
    legacyEventType: null,
    transaction: { type: 'WEB', id: txn, detail: {} },
    uuid: randomUUID(),
    version: '0',
    request: { ipChain: [{ ip, geographicalContext: null, version: 'V4', source: null }] },
    target: s.targets.map((t) => ({
      id: t.id,
      type: t.type,
      alternateId: t.alternateId ?? t.id,
      displayName: t.displayName ?? t.id,
      detailEntry: null,
    })),
  };
}

type Pred = (e: Obj) => boolean;

function valuesAt(e: Obj, path: string): unknown[] {
  let vals: unknown[] = [e];
  for (const k of path.split('.')) {
    vals = vals.flatMap((v) => {
      const x = v !== null && typeof v === 'object' ? (v as Obj)[k] : undefined;
      return Array.isArray(x) ? x : [x];
    });
  }
  return vals;
}

/** `a eq "x" or b sw "y" and c eq "z"`; undefined when it is not such an expression. */
function parseLogFilter(expr: string): Pred | undefined {
  const ors: Pred[] = [];
  for (const disjunct of expr.split(/\s+or\s+/i)) {
    const ands: Pred[] = [];
    for (const clause of disjunct.split(/\s+and\s+/i)) {
      const m = /^\s*([A-Za-z_][\w.]*)\s+(eq|sw|co)\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(clause);
      if (!m) return undefined;
      const [, path, op, raw] = m;
      const want = raw.replace(/\\(.)/g, '$1');
      const test = (v: unknown) =>
        typeof v === 'string' &&
        (op.toLowerCase() === 'eq' ? v === want : op.toLowerCase() === 'sw' ? v.startsWith(want) : v.includes(want));
      ands.push((e) => valuesAt(e, path).some(test));
    }
    ors.push((e) => ands.every((p) => p(e)));
  }
  return (e) => ors.some((p) => p(e));
}

export type LogAnswer = { items: Obj[]; links: string[] } | { status: number; errorCode: string; errorSummary: string };

function invalid(what: string): LogAnswer {
  return { status: 400, errorCode: 'E0000001', errorSummary: `Api validation failed: ${what}` };
}

/** The answer to one GET /api/v1/logs at server time `now`; `base` is the emulator's origin. */
export function listLogs(all: readonly Obj[], u: URL, now: number, base: string): LogAnswer {
  const q = u.searchParams;
  const until = q.has('until') ? Date.parse(q.get('until')!) : now;
  const since = q.has('since') ? Date.parse(q.get('since')!) : until - 7 * DAY;
  if (Number.isNaN(until)) return invalid('until');
  if (Number.isNaN(since)) return invalid('since');
  if (since > until) return invalid('since must be before until');
  const limit = q.has('limit') ? Number(q.get('limit')) : 100;
  if (!Number.isInteger(limit) || limit < 0 || limit > 1000) return invalid('limit');
  const order = q.get('sortOrder') ?? 'ASCENDING';
  if (order !== 'ASCENDING' && order !== 'DESCENDING') return invalid('sortOrder');
  const filter = q.has('filter') ? parseLogFilter(q.get('filter')!) : () => true;
  if (!filter) return invalid('filter');
  const keywords = (q.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (keywords.some((k) => k.length > 40) || keywords.length > 10) return invalid('q');

  const kept = now - RETENTION_MS;
  let events = all.filter((e) => {
    const t = Date.parse(e.published);
    if (t < kept || t < since || t >= until) return false;
    if (!filter(e)) return false;
    if (keywords.length === 0) return true;
    const text = JSON.stringify(e).toLowerCase();
    return keywords.every((k) => text.includes(k));
  });
  events = events.sort((a, b) => Date.parse(a.published) - Date.parse(b.published));
  if (order === 'DESCENDING') events.reverse();

  // the cursor: the uuid of the last event served; after it, the rest (or nothing)
  let start = 0;
  const after = q.get('after');
  if (after) {
    const i = events.findIndex((e) => e.uuid === after);
    start = i >= 0 ? i + 1 : events.length;
  }
  const items = events.slice(start, start + limit);
  const link = (cursor?: string) => {
    const sp = new URLSearchParams(q);
    sp.delete('after');
    if (cursor) sp.set('after', cursor);
    return `${base}${u.pathname}?${sp}`;
  };
  // polling style: a next link on every page, the last included (its cursor: the last event seen)
  const cursor = items.length ? items[items.length - 1].uuid : (after ?? undefined);
  return { items, links: [`<${link(after ?? undefined)}>; rel="self"`, `<${link(cursor)}>; rel="next"`] };
}
