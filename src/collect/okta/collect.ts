/**
 * What the collector reads from Okta, section by section (docs/contracts.md, "The snapshot"):
 *
 * | section                     | requests                                                                 |
 * |-----------------------------|--------------------------------------------------------------------------|
 * | okta.userSchema             | GET /api/v1/meta/schemas/user/default                                    |
 * | okta.groups                 | GET /api/v1/groups?search=profile.name eq "<group>"                      |
 * | okta.apps                   | GET /api/v1/apps?limit=200 (every page); for the Admin and User Portal   |
 * |                             | apps: /apps/{id}/groups (→ _assignedGroups); User Portal:                |
 * |                             | /apps/{id}/group-push/mappings (→ _groupPushMappings); Admin Portal      |
 * |                             | without group: /apps/{id}/users (→ _assignedUsers)                       |
 * | okta.idps                   | GET /api/v1/idps?type=OIDC&limit=200                                     |
 * | okta.idpDiscoveryPolicies   | GET /api/v1/policies?type=IDP_DISCOVERY; /policies/{id}/rules (→ _rules) |
 * | okta.eventHooks             | GET /api/v1/eventHooks                                                   |
 * | okta.apiTokens              | GET /api/v1/api-tokens                                                   |
 * | okta.users (--include users)| GET /api/v1/users?search=profile.<attribute> eq true&limit=200, plus the |
 * |                             | group's members; each reduced to id, status, login and the attribute     |
 * | okta.groupMembers (same)    | GET /api/v1/groups/{id}/users?limit=1000 for the group(s) so named       |
 *
 * The schema is read first and alone, so that rejected credentials stop the run after one request.
 */
import { AbortedError, type StopFlag } from '../http/ratelimit.js';
import { CollectFatalError, SectionError, type GapInfo } from '../errors.js';
import { IdSet, type ItemList, type ListMaker } from '../spill.js';
import type { OktaApi } from './api.js';

export interface OktaNames {
  group: string;
  adminPortalApp: string;
  userPortalApp: string;
  registrationAttribute: string;
}

export interface OktaCollectOptions {
  names: OktaNames;
  includeUsers: boolean;
  stop: StopFlag;
  /** where the lists of users go (to disk, once large) */
  lists: ListMaker;
  onSection?: (section: string, ok: boolean) => void;
}

export const OKTA_SECTIONS = [
  'okta.userSchema',
  'okta.groups',
  'okta.apps',
  'okta.idps',
  'okta.idpDiscoveryPolicies',
  'okta.eventHooks',
  'okta.apiTokens',
] as const;
export const OKTA_USER_SECTIONS = ['okta.users', 'okta.groupMembers'] as const;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
const seg = (id: unknown) => encodeURIComponent(String(id));

/** A value for Okta's search expressions: a double-quoted string. */
function quoted(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export interface OktaCollectResult {
  /** the sections read, in the snapshot's order (without orgUrl) */
  data: Obj;
  gaps: GapInfo[];
}

export async function collectOkta(api: OktaApi, options: OktaCollectOptions): Promise<OktaCollectResult> {
  const { names, stop } = options;
  const data = new Map<string, unknown>();
  const gaps: GapInfo[] = [];
  let fatal: unknown;

  const run = async (section: string, read: () => Promise<unknown>): Promise<boolean> => {
    try {
      const value = await read();
      data.set(section, value);
      options.onSection?.(section, true);
      return true;
    } catch (e) {
      if (e instanceof SectionError) {
        gaps.push({ ...e.gap, section });
        options.onSection?.(section, false);
        return false;
      }
      if (e instanceof AbortedError) return false;
      // anything else stops the collection: let requests in flight finish, send no new ones
      if (fatal === undefined) fatal = e;
      stop.abort();
      return false;
    }
  };

  // first and alone: rejected credentials or an unreachable org stop the run after one request
  try {
    data.set('okta.userSchema', await api.getObject('okta.userSchema', '/api/v1/meta/schemas/user/default'));
    options.onSection?.('okta.userSchema', true);
  } catch (e) {
    if (!(e instanceof SectionError)) throw e;
    if (e.transport)
      throw new CollectFatalError(
        `cannot reach ${api.client.baseUrl}: ${e.gap.reason.replace(/^GET \S+ failed: /, '')}`,
        'check --okta-url / OKTA_ORG_URL, the network and any proxy (HTTPS_PROXY)',
      );
    gaps.push({ ...e.gap, section: 'okta.userSchema' });
    options.onSection?.('okta.userSchema', false);
  }

  // The longest chains of pages start first, so that they never wait for a free connection behind
  // the short sections: the registered users' search (one page per 200 users), then the group (whose
  // members follow), then the apps.
  const attr = names.registrationAttribute;
  // users are kept reduced (as the snapshot holds them) from the moment their page is read
  const reduce = (page: unknown[]): Obj[] => page.filter(isObj).map((u) => reduceUser(u, attr));
  // okta.users: the registered users, each once, as their pages arrive, then (once both are read)
  // the group's members not among them; `ids` has every user's id
  const users = options.lists.list(['okta', 'users']);
  const ids = new IdSet();
  const add = (u: Obj): boolean => typeof u.id === 'string' && ids.add(u.id);
  let registered = false;
  const registeredDone = !options.includeUsers
    ? Promise.resolve()
    : (async () => {
        try {
          await api.eachPage(
            'okta.users',
            `/api/v1/users?${q({ search: `profile.${attr} eq true`, limit: '200' })}`,
            undefined,
            (page) => users.add(reduce(page).filter(add)),
          );
          registered = true;
        } catch (e) {
          if (e instanceof SectionError) {
            gaps.push({ ...e.gap, section: 'okta.users' });
            options.onSection?.('okta.users', false);
            return;
          }
          throw e;
        }
      })();
  const groupsDone = run('okta.groups', () =>
    api.list('okta.groups', `/api/v1/groups?${q({ search: `profile.name eq ${quoted(names.group)}`, limit: '200' })}`),
  );

  const tasks: Array<Promise<unknown>> = [
    groupsDone,
    run('okta.apps', () => readApps(api, names)),
    run('okta.idps', async () =>
      (await api.list('okta.idps', `/api/v1/idps?${q({ type: 'OIDC', limit: '200' })}`)).filter(
        (i) => !isObj(i) || i.type === undefined || i.type === 'OIDC',
      ),
    ),
    run('okta.idpDiscoveryPolicies', () => readDiscoveryPolicies(api)),
    run('okta.eventHooks', () => api.list('okta.eventHooks', '/api/v1/eventHooks')),
    run('okta.apiTokens', () => api.list('okta.apiTokens', '/api/v1/api-tokens')),
  ];

  if (options.includeUsers) {
    /** each group's members as read (reduced users), and their ids as the snapshot lists them */
    let members: Map<string, { users: ItemList; ids: ItemList }> | undefined;
    const membersDone = (async () => {
      const groupsOk = await groupsDone;
      if (!groupsOk) {
        if (!stop.aborted) {
          gaps.push({ section: 'okta.groupMembers', reason: 'depends on okta.groups, which could not be read' });
          options.onSection?.('okta.groupMembers', false);
        }
        return;
      }
      const groups = (data.get('okta.groups') as unknown[]).filter(
        (g): g is Obj => isObj(g) && isObj(g.profile) && g.profile.name === names.group,
      );
      await run('okta.groupMembers', async () => {
        const out = new Map<string, { users: ItemList; ids: ItemList }>();
        for (const g of groups) {
          const gid = String(g.id);
          const read = {
            users: options.lists.list(['okta', 'users'], true),
            ids: options.lists.list(['okta', 'groupMembers', gid]),
          };
          await api.eachPage(
            'okta.groupMembers',
            `/api/v1/groups/${seg(g.id)}/users?${q({ limit: '1000' })}`,
            undefined,
            async (page) => {
              const found = reduce(page);
              await read.users.add(found);
              await read.ids.add(found.map((u) => String(u.id)));
            },
          );
          await read.users.end();
          // the same group twice: its second reading replaces the first
          out.get(gid)?.users.dispose();
          out.get(gid)?.ids.dispose();
          out.set(gid, read);
        }
        members = out;
        const byGroup: Array<[string, unknown]> = [];
        for (const [gid, m] of out) byGroup.push([gid, await m.ids.end()]);
        return Object.fromEntries(byGroup);
      });
    })();
    tasks.push(
      (async () => {
        try {
          await Promise.all([registeredDone, membersDone]);
        } catch (e) {
          if (fatal === undefined && !(e instanceof AbortedError)) fatal = e;
          stop.abort();
          return;
        }
        if (!registered) {
          users.dispose(); // already a gap
          return;
        }
        if (members === undefined) {
          users.dispose();
          if (!stop.aborted) {
            gaps.push({
              section: 'okta.users',
              reason:
                "depends on okta.groupMembers, which could not be read (the group's members are part of okta.users)",
            });
            options.onSection?.('okta.users', false);
          }
          return;
        }
        // the members not registered, after the registered users, read back a thousand at a time
        try {
          for (const m of members.values()) {
            let batch: Obj[] = [];
            for (const u of m.users.items()) {
              if (add(u as Obj)) batch.push(u as Obj);
              if (batch.length === 1000) {
                await users.add(batch);
                batch = [];
              }
            }
            await users.add(batch);
            m.users.dispose();
          }
          data.set('okta.users', await users.end());
        } catch (e) {
          if (fatal === undefined) fatal = e;
          stop.abort();
          return;
        }
        options.onSection?.('okta.users', true);
      })(),
    );
  }

  await Promise.all(tasks);
  if (fatal !== undefined) throw fatal;

  const order = [...OKTA_SECTIONS, ...OKTA_USER_SECTIONS];
  const out: Obj = {};
  for (const s of order) if (data.has(s)) out[s.slice('okta.'.length)] = data.get(s);
  gaps.sort(
    (a, b) => order.indexOf(a.section as (typeof order)[number]) - order.indexOf(b.section as (typeof order)[number]),
  );
  return { data: out, gaps };
}

/** A user as the snapshot keeps it: id, status, profile.login and the registration attribute. */
function reduceUser(u: Obj, attr: string): Obj {
  const profile: Obj = {};
  const p = isObj(u.profile) ? u.profile : {};
  if ('login' in p) profile.login = p.login;
  if (Object.hasOwn(p, attr))
    Object.defineProperty(profile, attr, { value: p[attr], enumerable: true, writable: true, configurable: true });
  return { id: u.id, status: u.status, profile };
}

async function readApps(api: OktaApi, names: OktaNames): Promise<unknown[]> {
  const section = 'okta.apps';
  const apps = await api.list(section, `/api/v1/apps?${q({ limit: '200' })}`);
  const subreads: Array<Promise<void>> = [];
  // what the sub-reads find, set on each app in one fixed order once all are done: the requests
  // run concurrently, and a snapshot's bytes must not depend on which answered first
  const found = new Map<
    Obj,
    { _assignedGroups?: unknown[]; _assignedUsers?: unknown[]; _groupPushMappings?: unknown[] }
  >();
  for (const app of apps) {
    if (!isObj(app) || app.id === undefined) continue;
    const isAdmin = app.label === names.adminPortalApp;
    const isUser = app.label === names.userPortalApp;
    if (!isAdmin && !isUser) continue;
    const id = seg(app.id);
    const into: { _assignedGroups?: unknown[]; _assignedUsers?: unknown[]; _groupPushMappings?: unknown[] } = {};
    found.set(app, into);
    subreads.push(
      (async () => {
        const groups = await api.list(section, `/api/v1/apps/${id}/groups?${q({ limit: '200' })}`);
        into._assignedGroups = groups;
        if (isAdmin && groups.length === 0) {
          // the Admin Portal may be assigned to administrators one by one; an org that answers
          // 404 here has no readable individual assignments, and the field stays absent
          try {
            into._assignedUsers = await api.list(section, `/api/v1/apps/${id}/users?${q({ limit: '500' })}`);
          } catch (e) {
            if (!(e instanceof SectionError && e.gap.status === 404)) throw e;
          }
        }
      })(),
    );
    if (isUser) {
      const groupPush = Array.isArray(app.features) && app.features.includes('GROUP_PUSH');
      subreads.push(
        (async () => {
          // without the GROUP_PUSH feature an app has no mappings, and Okta may answer 400/404 for them
          into._groupPushMappings = await api.list(
            section,
            `/api/v1/apps/${id}/group-push/mappings?${q({ limit: '1000' })}`,
            (status) => !groupPush && (status === 400 || status === 404),
          );
        })(),
      );
    }
  }
  await settleAll(subreads);
  for (const [app, into] of found)
    for (const key of ['_assignedGroups', '_assignedUsers', '_groupPushMappings'] as const)
      if (into[key] !== undefined) app[key] = into[key];
  return apps;
}

async function readDiscoveryPolicies(api: OktaApi): Promise<unknown[]> {
  const section = 'okta.idpDiscoveryPolicies';
  const policies = (await api.list(section, `/api/v1/policies?${q({ type: 'IDP_DISCOVERY' })}`)).filter(
    (p) => !isObj(p) || p.type === undefined || p.type === 'IDP_DISCOVERY',
  );
  await settleAll(
    policies.filter(isObj).map(async (p) => {
      p._rules = await api.list(section, `/api/v1/policies/${seg(p.id)}/rules`);
    }),
  );
  return policies;
}

/** Like Promise.all, but waits for every promise before rethrowing the first failure (fatal errors first). */
async function settleAll(ps: Array<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(ps);
  const failures = results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => r.reason as unknown);
  const fatal = failures.find(
    (e) => e instanceof CollectFatalError || !(e instanceof SectionError || e instanceof AbortedError),
  );
  if (fatal !== undefined) throw fatal;
  if (failures.length) throw failures[0];
}
