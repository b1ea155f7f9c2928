/**
 * SCIM 2.0 users, the same on both platforms (Secure Workforce `/scim/v2/Users`, Secure Access
 * `/v1/tenants/{t}/realms/{r}/scim/v2/Users`): Beyond Identity returns no Resources without `count`,
 * so every request sends `count` (the maximum, 1000) and a 1-based `startIndex`, and the list is
 * complete when `totalResults` users were read. A page that repeats users already read, or an empty
 * page before `totalResults`, makes the section a gap rather than a silently short list (the rule
 * users/group-member-not-in-bi would otherwise report users missing who are not).
 */
import { IdSet, type ItemList, type ListMaker } from '../spill.js';
import type { BiHttp } from './http.js';
import { describe, isObj } from './http.js';

const SCIM_COUNT = 1000;

/** beyondIdentity.scimUsers, kept as they are read (on disk, once many): an array, or the list on disk. */
export async function readScimUsers(http: BiHttp, usersPath: string, lists: ListMaker): Promise<unknown[] | ItemList> {
  const section = 'beyondIdentity.scimUsers';
  const out = lists.list(['beyondIdentity', 'scimUsers']);
  const seen = new IdSet();
  let startIndex = 1;
  let pages = 0;
  for (;;) {
    const page = `${usersPath}?${new URLSearchParams({ startIndex: String(startIndex), count: String(SCIM_COUNT) })}`;
    if (++pages > http.options.maxPages) throw http.tooManyPages(section, page);
    const body = await http.getObject(section, page);
    const resources = body.Resources ?? [];
    if (!Array.isArray(resources))
      throw http.shapeError(section, page, `Resources that is ${describe(resources)}, expected a SCIM ListResponse`);
    const total =
      typeof body.totalResults === 'number' && Number.isFinite(body.totalResults) ? body.totalResults : undefined;
    if (body.Resources === undefined && total === undefined)
      throw http.shapeError(
        section,
        page,
        'a JSON object without Resources or totalResults, expected a SCIM ListResponse',
      );
    const fresh = resources.filter((r) => !(isObj(r) && typeof r.id === 'string') || seen.add(r.id));
    await out.add(fresh);
    if (resources.length > 0 && fresh.length === 0)
      throw http.loop(section, page, pages, `startIndex ${startIndex} returned only users already read`);
    if (total !== undefined && out.length >= total) return out.end();
    if (resources.length === 0) {
      if (total !== undefined && out.length < total) {
        throw http.shapeError(
          section,
          page,
          `no users at startIndex ${startIndex} although totalResults is ${total} (${out.length} read); the list would be incomplete`,
        );
      }
      return out.end();
    }
    if (total === undefined && resources.length < SCIM_COUNT) return out.end();
    startIndex += resources.length;
  }
}
