/**
 * Secure Workforce: the admin API cannot read the OIDC client, the console SSO or the API
 * extensions, but each change to them is an event of the Events API (`GET {events}/v1/events`,
 * bearer key, `ordering` required, cursor pagination) that carries the object's full configuration:
 *
 * | event_type                                         | data                                            | section                   |
 * |----------------------------------------------------|-------------------------------------------------|---------------------------|
 * | OIDC_CLIENT_CHANGE                                 | {type_name, action, configuration}              | oidcClients               |
 * | CONSOLE_SSO_OIDC_AUTH_CONFIG_CHANGE                | {type_name, console_sso_change_type, id, …}     | consoleSso                |
 * | OKTA_REGISTRATION_ATTRIBUTE_CONFIGURATION_CHANGE   | {type_name, action, configuration}              | oktaRegistrationAttribute |
 * | OKTA_EVENT_HOOK_CONFIGURATION_CHANGE               | {type_name, action, configuration}              | oktaEventHook             |
 *
 * The current state is the newest event per object id (by the time it occurred, then the time it
 * was recorded, then the server's order), and an object whose newest event is a DELETE is gone.
 * Events are kept for a limited time: where no event concerns what the rules look for, nothing can
 * be said (configured before the retention window, or never configured), so the section is a gap
 * that says so, never "not configured".
 */
import type { GapInfo } from '../errors.js';
import type { SectionError } from '../errors.js';
import type { BiHttp } from './http.js';
import { describe, isObj } from './http.js';
import { hostOf } from './http.js';

type Obj = Record<string, unknown>;

const EVENT_TYPES = {
  OIDC_CLIENT_CHANGE: 'oidcClients',
  CONSOLE_SSO_OIDC_AUTH_CONFIG_CHANGE: 'consoleSso',
  OKTA_REGISTRATION_ATTRIBUTE_CONFIGURATION_CHANGE: 'oktaRegistrationAttribute',
  OKTA_EVENT_HOOK_CONFIGURATION_CHANGE: 'oktaEventHook',
} as const;
type EventType = keyof typeof EVENT_TYPES;
type EventSection = (typeof EVENT_TYPES)[EventType];
const EVENT_SECTIONS = Object.values(EVENT_TYPES) as EventSection[];

const WHAT: Record<EventSection, string> = {
  oidcClients: 'the OIDC client',
  consoleSso: 'the User Console SSO',
  oktaRegistrationAttribute: 'the Okta Registration Attribute extension',
  oktaEventHook: 'the Okta event-hook extension',
};

const EVENTS_PAGE_SIZE = 1000;

/** Every event of the four configuration types, all pages, newest first. */
export async function readConfigurationEvents(http: BiHttp, section: string): Promise<Obj[]> {
  const base = new URLSearchParams({ ordering: 'desc', page_size: String(EVENTS_PAGE_SIZE) });
  for (const t of Object.keys(EVENT_TYPES)) base.append('event_type', t);
  const out: Obj[] = [];
  const seenCursors = new Set<string>();
  const seenIds = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const q = new URLSearchParams(base);
    if (cursor !== undefined) q.set('cursor', cursor);
    const page = `/v1/events?${q}`;
    if (++pages > http.options.maxPages) throw http.tooManyPages(section, page);
    const body = await http.getObject(section, page);
    const inner = isObj(body.body) ? body.body : undefined;
    if (!inner)
      throw http.shapeError(
        section,
        page,
        `a JSON object whose body is ${describe(body.body)}, expected {message, body: {events, cursor}}`,
      );
    const events = inner.events ?? [];
    if (!Array.isArray(events))
      throw http.shapeError(section, page, `body.events that is ${describe(events)}, expected a list of events`);
    let fresh = 0;
    for (const e of events) {
      if (!isObj(e)) continue;
      const id = typeof e.id === 'string' ? e.id : undefined;
      if (id !== undefined && seenIds.has(id)) continue;
      if (id !== undefined) seenIds.add(id);
      out.push(e);
      fresh++;
    }
    if (events.length > 0 && fresh === 0)
      throw http.loop(section, page, pages, 'the cursor returned only events already read');
    const next = typeof inner.cursor === 'string' && inner.cursor !== '' ? inner.cursor : undefined;
    if (next === undefined || events.length === 0) return out;
    if (seenCursors.has(next)) throw http.loop(section, page, pages, 'the cursor points back to a page already read');
    seenCursors.add(next);
    cursor = next;
  }
}

/** One event, as far as the rebuild needs it. */
interface Change {
  section: EventSection;
  eventType: EventType;
  eventId?: string;
  objectId: string;
  deleted: boolean;
  action?: string;
  occurred: number;
  recorded: number;
  order: number;
  configuration: Obj;
  actor?: SourceActor;
}

/** Who made a change (the event's actor), for drift attribution. */
interface SourceActor {
  type?: string;
  id?: string;
  displayId?: string;
  displayName?: string;
}

function actorOf(e: Obj): SourceActor | undefined {
  const a = isObj(e.actor) ? e.actor : undefined;
  if (!a) return undefined;
  const s = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const fields = Object.entries({
    type: s(a.type),
    id: s(a.id),
    displayId: s(a.display_id),
    displayName: s(a.display_name),
  }).filter(([, v]) => v !== undefined);
  return fields.length ? (Object.fromEntries(fields) as SourceActor) : undefined;
}

const FAILED_OUTCOME = /^(fail|error|denied|unauthori[sz]ed|forbidden)/i;

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY;
}

function toChange(e: Obj, order: number): Change | undefined {
  const type = typeof e.event_type === 'string' ? (e.event_type.toUpperCase() as EventType) : undefined;
  if (!type || !(type in EVENT_TYPES)) return undefined;
  if (typeof e.outcome === 'string' && FAILED_OUTCOME.test(e.outcome)) return undefined; // a change that did not happen
  const data = isObj(e.data) ? e.data : undefined;
  if (!data) return undefined;
  const section = EVENT_TYPES[type];
  let configuration: Obj;
  let action: string | undefined;
  if (section === 'consoleSso') {
    const { type_name: _t, console_sso_change_type: change, ...rest } = data;
    configuration = rest;
    action = typeof change === 'string' ? change : undefined;
  } else {
    if (!isObj(data.configuration)) return undefined;
    configuration = data.configuration;
    action = typeof data.action === 'string' ? data.action : undefined;
  }
  const objectId = configuration.id;
  if (typeof objectId !== 'string' && typeof objectId !== 'number') return undefined;
  return {
    section,
    eventType: type,
    eventId: typeof e.id === 'string' ? e.id : undefined,
    objectId: String(objectId),
    deleted: typeof action === 'string' && action.toUpperCase() === 'DELETE',
    action,
    occurred: num(e.event_occurred_millis),
    recorded: num(e.event_recorded_millis),
    order,
    configuration,
    actor: actorOf(e),
  };
}

interface SourceEvent {
  section: EventSection;
  objectId: string;
  eventId?: string;
  eventType: EventType;
  action?: string;
  occurredAt?: string;
  recordedAt?: string;
  /** the object's newest event is a delete: it is not in the snapshot */
  deleted?: true;
  /** a singleton section had several live objects; this one was not chosen */
  notChosen?: true;
  /** who made the change, when the event records it */
  actor?: SourceActor;
}

export interface RebuildOptions {
  /** the Okta org's host: picks the extension configured for this org when there are several */
  orgHost: string;
  /** the OIDC client name the rules look for */
  clientName: string;
  /** the declared provisioning mode; the event-hook extension is asked for only in event-hook mode */
  provisioning: string;
}

export interface Rebuilt {
  data: Partial<Record<EventSection, unknown>>;
  events: SourceEvent[];
  gaps: GapInfo[];
}

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : undefined);

const RETENTION =
  'Beyond Identity keeps events for a limited time, so it was configured before the oldest event still ' +
  'kept (outside the retention window) or was never configured, and okta-bi-lint cannot tell which';
const DECLARE = 'declare it with --bi-from FILE to have the rules that read it evaluated';

/** The current configuration, rebuilt from the events (in any order). */
export function rebuild(events: readonly Obj[], options: RebuildOptions): Rebuilt {
  const changes = events.map((e, i) => toChange(e, i)).filter((c): c is Change => c !== undefined);
  // newest first: by occurrence, then recording, then the server's (descending) order
  changes.sort((a, b) => b.occurred - a.occurred || b.recorded - a.recorded || a.order - b.order);
  const newest = new Map<string, Change>();
  for (const c of changes) {
    const key = `${c.section}\0${c.objectId}`;
    if (!newest.has(key)) newest.set(key, c);
  }
  const data: Rebuilt['data'] = {};
  const sourceEvents: SourceEvent[] = [];
  const gaps: GapInfo[] = [];
  const toSource = (c: Change): SourceEvent => ({
    section: c.section,
    objectId: c.objectId,
    ...(c.eventId ? { eventId: c.eventId } : {}),
    eventType: c.eventType,
    ...(c.action ? { action: c.action } : {}),
    ...(iso(c.occurred) ? { occurredAt: iso(c.occurred) } : {}),
    ...(iso(c.recorded) ? { recordedAt: iso(c.recorded) } : {}),
    ...(c.deleted ? { deleted: true as const } : {}),
    ...(c.actor ? { actor: c.actor } : {}),
  });

  for (const [type, section] of Object.entries(EVENT_TYPES) as Array<[EventType, EventSection]>) {
    const all = changes.filter((c) => c.section === section);
    const objects = [...newest.values()].filter((c) => c.section === section);
    const live = objects.filter((c) => !c.deleted);
    if (all.length === 0) {
      if (section === 'oktaEventHook' && options.provisioning !== 'event-hook') continue; // not needed in this mode: not asked for
      gaps.push({
        section: `beyondIdentity.${section}`,
        errorCode: 'no-events',
        reason: `no ${type} event found in the Events API: ${RETENTION} for ${WHAT[section]}; ${DECLARE}`,
      });
      continue;
    }
    if (section === 'oidcClients' && !all.some((c) => c.configuration.name === options.clientName)) {
      const names = [
        ...new Set(live.map((c) => c.configuration.name).filter((n): n is string => typeof n === 'string')),
      ];
      gaps.push({
        section: 'beyondIdentity.oidcClients',
        errorCode: 'no-events',
        reason:
          `no ${type} event names an OIDC client ${JSON.stringify(options.clientName)} (events were found ` +
          `for ${names.length ? names.map((n) => JSON.stringify(n)).join(', ') : 'other clients only'}): ` +
          `${RETENTION}; set beyondIdentity.oidcClient in the config if the client has another name, or ${DECLARE}`,
      });
      continue;
    }
    if (section === 'consoleSso' && !all.some((c) => c.configuration.console_type === 'USER')) {
      gaps.push({
        section: 'beyondIdentity.consoleSso',
        errorCode: 'no-events',
        reason: `no ${type} event concerns the User Console (console_type USER): ${RETENTION}; ${DECLARE}`,
      });
      continue;
    }
    for (const c of objects) sourceEvents.push(toSource(c));
    // oldest first in the snapshot, so a client created later comes later
    const ordered = [...live].sort((a, b) => a.occurred - b.occurred || b.order - a.order);
    if (section === 'oidcClients' || section === 'consoleSso') {
      data[section] = ordered.map((c) => c.configuration);
    } else {
      // one extension per tenant; with several, the one for this org, else the newest
      const forOrg = live.filter((c) => hostOf(c.configuration.okta_domain) === options.orgHost.toLowerCase());
      const chosen = forOrg[0] ?? live[0];
      data[section] = chosen ? chosen.configuration : null;
      for (const s of sourceEvents)
        if (s.section === section && chosen && !s.deleted && s.objectId !== chosen.objectId) s.notChosen = true;
    }
  }
  return { data, events: sourceEvents, gaps };
}

/** A gap for each event section (the listing itself failed). */
export function eventGaps(e: SectionError, provisioning: string): GapInfo[] {
  return EVENT_SECTIONS.filter((s) => s !== 'oktaEventHook' || provisioning === 'event-hook').map((s) => ({
    ...e.gap,
    section: `beyondIdentity.${s}`,
  }));
}
