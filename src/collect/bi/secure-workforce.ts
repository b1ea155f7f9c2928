/**
 * Secure Workforce (api.byndid.com, the guide's platform):
 *
 * | section                                                       | requests                                                          |
 * |---------------------------------------------------------------|-------------------------------------------------------------------|
 * | oidcClients, consoleSso, oktaRegistrationAttribute, oktaEventHook | GET
 * {events}/v1/events?ordering=desc&page_size=1000&event_type=… (every page, BI_EVENTS_API_KEY), rebuilt as
 * the newest event per object |
 * | scimUsers (--include users)                                   | GET {api}/scim/v2/Users?startIndex=…&count=1000 (BI_API_TOKEN)    |
 *
 * `source` records the events the configuration was rebuilt from (id and time of each object's
 * newest event).
 */
import type { GapInfo } from '../errors.js';
import { SectionError } from '../errors.js';
import type { BiHttp } from './http.js';
import { eventGaps, readConfigurationEvents, rebuild } from './events.js';
import { readScimUsers } from './scim.js';
import type { ListMaker } from '../spill.js';

type Obj = Record<string, unknown>;

export interface SecureWorkforceOptions {
  events: BiHttp;
  /** absent: BI_API_TOKEN is not set */
  api?: BiHttp;
  orgHost: string;
  clientName: string;
  provisioning: string;
  includeUsers: boolean;
  /** where the SCIM users go (to disk, once many) */
  lists: ListMaker;
}

export async function collectSecureWorkforce(
  o: SecureWorkforceOptions,
): Promise<{ beyondIdentity: Obj; gaps: GapInfo[] }> {
  const gaps: GapInfo[] = [];
  const bi: Obj = { platform: 'secure-workforce' };
  const eventsTask = (async () => {
    try {
      const events = await readConfigurationEvents(o.events, 'beyondIdentity.oidcClients');
      const r = rebuild(events, { orgHost: o.orgHost, clientName: o.clientName, provisioning: o.provisioning });
      gaps.push(...r.gaps);
      return { r, count: events.length };
    } catch (e) {
      if (e instanceof SectionError) {
        gaps.push(...eventGaps(e, o.provisioning));
        return undefined;
      }
      throw e;
    }
  })();
  const usersTask = (async () => {
    if (!o.includeUsers) return undefined;
    if (!o.api) {
      gaps.push({
        section: 'beyondIdentity.scimUsers',
        reason:
          'the SCIM users need BI_API_TOKEN (a Secure Workforce API token with the scope scim:users:read), which is not set',
      });
      return undefined;
    }
    try {
      return await readScimUsers(o.api, '/scim/v2/Users', o.lists);
    } catch (e) {
      if (e instanceof SectionError) {
        gaps.push({ ...e.gap, section: 'beyondIdentity.scimUsers' });
        return undefined;
      }
      throw e;
    }
  })();
  const [ev, users] = await Promise.all([eventsTask, usersTask]);
  if (ev) {
    bi.source = {
      kind: 'events',
      api: `${o.events.origin}/v1/events`,
      eventsRead: ev.count,
      events: ev.r.events,
    };
    for (const s of ['oidcClients', 'consoleSso', 'oktaRegistrationAttribute', 'oktaEventHook'] as const)
      if (s in ev.r.data) bi[s] = ev.r.data[s];
  }
  if (users) bi.scimUsers = users;
  return { beyondIdentity: bi, gaps };
}
