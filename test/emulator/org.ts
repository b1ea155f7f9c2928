/**
 * The emulated org's data, in the shapes of the recorded Okta responses: built from the fixture
 * generator's clean org (fixtures/generate.mjs assembles it from test/data/okta-recordings)
 * plus users in the recorded User shape, and split back into what each endpoint serves.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

type Obj = Record<string, any>;

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RECORDINGS = process.env.OKTA_RECORDINGS ?? path.resolve(REPO_ROOT, 'test', 'data', 'okta-recordings');
/** The host the fixture data is written for; the emulator serves it under its own base URL. */
export const DATA_ORIGIN = 'https://acme.okta.com';

interface EmulatedApp {
  app: Obj;
  groups: Obj[];
  users: Obj[];
  pushMappings: Obj[];
}

export interface OktaOrg {
  userSchema: Obj;
  groups: Obj[];
  apps: EmulatedApp[];
  idps: Obj[];
  policies: Array<{ policy: Obj; rules: Obj[] }>;
  eventHooks: Obj[];
  apiTokens: Obj[];
  /** full User objects */
  users: Obj[];
  /** group id → member user ids */
  members: Record<string, string[]>;
}

function recording(name: string): any {
  const rec = JSON.parse(readFileSync(path.join(RECORDINGS, name), 'utf8'));
  return JSON.parse(
    JSON.stringify(rec.response.body).replace(
      /https:\/\/(classic|oie)-00(-admin)?\.(dne-okta|oktapreview)\.com/g,
      (_m, _o, admin) => (admin ? 'https://acme-admin.okta.com' : DATA_ORIGIN),
    ),
  );
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** An Okta-shaped id: prefix + word, padded to 20 characters. */
export function oktaId(prefix: string, word: string): string {
  return `${(prefix + word + '0'.repeat(20)).slice(0, 16)}a1d7`;
}

export async function cleanSnapshot(): Promise<Obj> {
  const gen = (await import(path.join(REPO_ROOT, 'fixtures', 'generate.mjs'))) as { cleanScim: () => Obj };
  return gen.cleanScim();
}

export interface UserSpec {
  word: string;
  status: string;
  registered?: boolean;
  member?: boolean;
}

/** What makes the i-th user of `specs` in the recorded list shape (GET /api/v1/users), one at a time. */
export function userMaker(attribute = 'byndidRegistered'): (s: UserSpec, i: number) => Obj {
  const [shape] = recording('GET_api_v1_users__oie__search-sw.json');
  return (s, i) => {
    const u = clone(shape);
    u.id = oktaId('00u', s.word);
    u.status = s.status;
    const login = `${s.word}@acme.com`;
    u.profile = { ...u.profile, firstName: s.word, lastName: `Tester${i}`, login, email: login };
    if (s.registered !== undefined) u.profile[attribute] = s.registered;
    u._links = { self: { href: `${DATA_ORIGIN}/api/v1/users/${u.id}` } };
    return u;
  };
}

/** Users in the recorded list shape (GET /api/v1/users). */
function makeUsers(specs: UserSpec[], attribute = 'byndidRegistered'): Obj[] {
  return specs.map(userMaker(attribute));
}

/** The default people of the emulated org: members of the group, registered users, and others. */
const DEFAULT_PEOPLE: UserSpec[] = [
  { word: 'jordan', status: 'ACTIVE', registered: true, member: true },
  { word: 'alice', status: 'ACTIVE', registered: true, member: true },
  { word: 'bob', status: 'PROVISIONED', member: true },
  { word: 'carol', status: 'ACTIVE' },
  { word: 'dave', status: 'SUSPENDED', registered: true },
  { word: 'erin', status: 'ACTIVE', registered: false, member: true },
  { word: 'frank', status: 'ACTIVE', registered: false },
];

/**
 * The default people and `registered` more registered users outside the group, two of whom (past
 * the first 10,000) and one more member have a credential in their login (a JWT, Slack tokens):
 * an org whose users a collection keeps on disk in more than one batch, and redacts there.
 */
export function orgWithRegisteredUsers(snapshot: Obj, registered: number): OktaOrg {
  const people: UserSpec[] = [...DEFAULT_PEOPLE];
  for (let i = 0; i < registered; i++) {
    const word =
      i === registered - 40
        ? 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'
        : i === registered - 20
          ? 'xoxb-123456789012-1234567890123-abcdefghijABCDEFGHIJ1234'
          : `reg${String(i).padStart(6, '0')}`;
    people.push({ word, status: i % 10 === 7 ? 'SUSPENDED' : 'ACTIVE', registered: true });
  }
  people.push({ word: 'xoxb-223456789012-1234567890123-abcdefghijABCDEFGHIJ1234', status: 'ACTIVE', member: true });
  return orgFromSnapshot(snapshot, people);
}

/** Splits a snapshot's okta section into the org the emulator serves. */
export function orgFromSnapshot(snapshot: Obj, people: UserSpec[] = DEFAULT_PEOPLE, extraUsers = 0): OktaOrg {
  const okta = clone(snapshot.okta);
  const apps: EmulatedApp[] = okta.apps.map((a: Obj) => {
    const { _assignedGroups, _assignedUsers, _groupPushMappings, ...app } = a;
    return { app, groups: _assignedGroups ?? [], users: _assignedUsers ?? [], pushMappings: _groupPushMappings ?? [] };
  });
  const policies = okta.idpDiscoveryPolicies.map((p: Obj) => {
    const { _rules, ...policy } = p;
    return { policy, rules: _rules ?? [] };
  });
  const specs = [...people];
  for (let i = 0; i < extraUsers; i++)
    specs.push({
      word: `bulk${String(i).padStart(4, '0')}`,
      status: 'ACTIVE',
      registered: i % 3 !== 2,
      member: i % 3 !== 2,
    });
  const users = makeUsers(specs);
  const group = okta.groups.find((g: Obj) => g.profile?.name === 'Beyond Identity');
  const members: Record<string, string[]> = {};
  if (group) members[group.id] = specs.filter((s) => s.member).map((s) => oktaId('00u', s.word));
  // A SAML IdP besides the OIDC ones: the collector asks for type=OIDC and must keep only those.
  const saml = clone(okta.idps[0]);
  saml.id = oktaId('0oa', 'samlidp');
  saml.type = 'SAML2';
  saml.name = 'Legacy SAML';
  saml.protocol = { type: 'SAML2', endpoints: {}, credentials: {} };
  return {
    userSchema: okta.userSchema,
    groups: okta.groups,
    apps,
    idps: [...okta.idps, saml],
    policies,
    eventHooks: okta.eventHooks,
    apiTokens: okta.apiTokens,
    users,
    members,
  };
}

/**
 * What a correct collection of `org` holds in `okta` (before the emulator's base URL replaces
 * DATA_ORIGIN): the group searched by name, every app (the two Beyond Identity apps with their
 * sub-resources), the OIDC IdPs, the policies with their rules, hooks, tokens and, with users, the
 * registered users and the group's members reduced to id, status, login and the attribute.
 */
export function expectedOkta(
  org: OktaOrg,
  options: { includeUsers: boolean; group?: string; attribute?: string; adminPortal?: string; userPortal?: string },
): Obj {
  const group = options.group ?? 'Beyond Identity';
  const attr = options.attribute ?? 'byndidRegistered';
  const admin = options.adminPortal ?? 'Beyond Identity Admin Portal';
  const userPortal = options.userPortal ?? 'Beyond Identity User Portal';
  const groups = org.groups.filter((g) => String(g.profile?.name).toLowerCase() === group.toLowerCase());
  const out: Obj = {
    userSchema: clone(org.userSchema),
    groups: clone(groups),
    apps: org.apps.map((a) => {
      const app = clone(a.app);
      if (app.label === admin || app.label === userPortal) {
        app._assignedGroups = clone(a.groups);
        if (app.label === admin && a.groups.length === 0) app._assignedUsers = clone(a.users);
      }
      if (app.label === userPortal) app._groupPushMappings = clone(a.pushMappings);
      return app;
    }),
    idps: clone(org.idps.filter((i) => i.type === 'OIDC')),
    idpDiscoveryPolicies: org.policies
      .filter((p) => p.policy.type === 'IDP_DISCOVERY')
      .map((p) => ({ ...clone(p.policy), _rules: clone(p.rules) })),
    eventHooks: clone(org.eventHooks),
    apiTokens: clone(org.apiTokens),
  };
  if (options.includeUsers) {
    const reduce = (u: Obj) => ({
      id: u.id,
      status: u.status,
      profile: { login: u.profile.login, ...(attr in u.profile ? { [attr]: u.profile[attr] } : {}) },
    });
    const byId = new Map(org.users.map((u) => [u.id, u]));
    const users = new Map<string, Obj>();
    for (const u of org.users) if (u.profile[attr] === true) users.set(u.id, reduce(u));
    const groupMembers: Record<string, string[]> = {};
    for (const g of groups.filter((x) => x.profile?.name === group)) {
      groupMembers[g.id] = [...(org.members[g.id] ?? [])];
      for (const id of org.members[g.id] ?? []) if (!users.has(id)) users.set(id, reduce(byId.get(id)!));
    }
    out.users = [...users.values()];
    out.groupMembers = groupMembers;
  }
  return out;
}
