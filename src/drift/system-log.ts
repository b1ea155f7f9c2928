/**
 * Reads the Okta System Log (GET /api/v1/logs, scope okta.logs.read) for drift attribution, with
 * the collector's read-only client and request policy. One bounded query per chunk of target ids:
 *
 *   GET /api/v1/logs?since=…&until=…&filter=target.id eq "a" or target.id eq "b"…&limit=1000
 *
 * following `next` links until a page is empty or shorter than the limit. Okta answers every
 * System Log query with a next link, even on its last page (a query without `until` is a polling
 * query), so the next link alone never ends the reading.
 */
import { SectionError, type CollectSettings } from '../collect/index.js';
import { CollectFatalError } from '../collect/errors.js';
import { oktaTransport } from '../collect/index.js';
import { AbortedError } from '../collect/http/ratelimit.js';

type Obj = Record<string, unknown>;

const LOG_PAGE_SIZE = 1000;
/** Target ids per query: Okta ids are 20 characters, so a filter stays near 700 characters. */
const IDS_PER_QUERY = 20;
/** How long Okta keeps System Log events. */
export const RETENTION_DAYS = 90;
const SECTION = 'okta.systemLog';

export interface LogWindow {
  since: string;
  until: string;
}

export type LogRead =
  | { ok: true; events: Obj[]; requests: number; dropped: number }
  | { ok: false; reason: string; requests: number };

/**
 * Sign-ins and other runtime events that name a configuration object without changing it (a
 * sign-in through the IdP names the IdP; a sign-on policy evaluation names the rule). They come
 * back in the same pages of 1,000 as the changes and are dropped here, so they never cost a
 * request of their own.
 */
const NOISE =
  /^(user\.session\.|user\.authentication\.|policy\.evaluate_sign_on|app\.oauth2\.|user\.mfa\.|app\.auth\.|system\.push\.|system\.sms\.|system\.voice\.)/;

function isChangeEvent(e: Obj): boolean {
  const type = typeof e.eventType === 'string' ? e.eventType : '';
  if (type === '' || NOISE.test(type)) return false;
  const outcome = e.outcome as Obj | undefined;
  const result = outcome && typeof outcome.result === 'string' ? outcome.result : undefined;
  // a change that was denied or failed changed nothing
  return result === undefined || result === 'SUCCESS';
}

/** A double-quoted value of an Okta filter expression. */
function quoted(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The filter for one chunk of ids: `target.id eq "a" or target.id eq "b"`. */
function targetFilter(ids: readonly string[]): string {
  return ids.map((id) => `target.id eq ${quoted(id)}`).join(' or ');
}

/**
 * The change events (not the noise) that name any of `ids` as a target within the window. Never
 * throws for what the org answers: a refusal (403), an exhausted rate limit, rejected credentials or
 * an unreachable org come back as `{ ok: false, reason }`.
 */
export async function readSystemLog(
  settings: CollectSettings,
  ids: readonly string[],
  window: LogWindow,
): Promise<LogRead> {
  const { api, runner, client } = oktaTransport(settings);
  const requests = () => runner.stats.requests + client.tokenRequests;
  const events: Obj[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  try {
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
      const q = new URLSearchParams({
        since: window.since,
        until: window.until,
        filter: targetFilter(ids.slice(i, i + IDS_PER_QUERY)),
        limit: String(LOG_PAGE_SIZE),
      });
      let url: string | undefined = api.url(`/api/v1/logs?${q}`);
      const visited = new Set<string>();
      while (url && !visited.has(url)) {
        visited.add(url);
        const page: { items: unknown[]; next?: string } = await api.page(SECTION, url);
        for (const e of page.items) {
          if (e === null || typeof e !== 'object' || Array.isArray(e)) continue;
          const ev = e as Obj;
          const uuid = typeof ev.uuid === 'string' ? ev.uuid : undefined;
          if (uuid !== undefined) {
            if (seen.has(uuid)) continue;
            seen.add(uuid);
          }
          if (isChangeEvent(ev)) events.push(ev);
          else dropped++;
        }
        // an empty or short page is the last, whatever its next link says
        url = page.items.length < LOG_PAGE_SIZE ? undefined : page.next;
      }
    }
  } catch (e) {
    if (e instanceof SectionError) {
      const g = e.gap;
      if (g.status === 429)
        return { ok: false, reason: `the System Log's rate limit was exhausted (${g.reason})`, requests: requests() };
      if (g.status === 403)
        return {
          ok: false,
          reason: `the System Log is forbidden to these credentials (${g.reason})`,
          requests: requests(),
        };
      return { ok: false, reason: `the System Log could not be read (${g.reason})`, requests: requests() };
    }
    if (e instanceof CollectFatalError)
      return { ok: false, reason: `the System Log could not be read: ${e.message}`, requests: requests() };
    if (e instanceof AbortedError)
      return { ok: false, reason: 'the System Log reading was stopped', requests: requests() };
    throw e;
  }
  return { ok: true, events, requests: requests(), dropped };
}
