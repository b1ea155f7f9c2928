// A snapshot with many users, written as a stream (never held in memory): the fixture
// fixtures/snapshots/users-clean.json with okta.users grown to `users` full Okta user objects (about
// 1.6 KB each, as GET /api/v1/users returns them, in the collector's two-space layout). The users
// at the indices in `planted` have the registration attribute true but are not in the Beyond
// Identity group (what users/registered-outside-group reports); every other added user has it false.
// Used by bench/run.mjs (a million users) and test/large-snapshot.test.ts (past 512 MB).
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The fixture the snapshot grows from. */
export function usersBase() {
  return JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'snapshots', 'users-clean.json'), 'utf8'));
}

export function userId(i) {
  return `00u${i.toString(36).padStart(13, '0')}a1d7`;
}

/** One full user as Okta returns it. */
function fullUser(orgUrl, i, registered) {
  const id = userId(i);
  const login = `${id}@acme.com`;
  return {
    id,
    status: 'ACTIVE',
    created: '2025-06-26T15:51:35.000Z',
    activated: '2025-06-26T15:52:00.000Z',
    statusChanged: '2025-06-26T15:52:00.000Z',
    lastLogin: '2026-11-20T08:00:00.000Z',
    lastUpdated: '2026-11-20T08:00:00.000Z',
    passwordChanged: null,
    type: { id: 'otynkw1sdzpoFCZMq1d7' },
    profile: {
      firstName: 'Sam',
      lastName: `Example${i}`,
      mobilePhone: null,
      secondEmail: null,
      login,
      email: login,
      department: 'Engineering',
      title: 'Engineer',
      byndidRegistered: registered,
    },
    credentials: { provider: { type: 'FEDERATION', name: 'FEDERATION' } },
    _links: {
      suspend: { href: `${orgUrl}/api/v1/users/${id}/lifecycle/suspend`, method: 'POST' },
      schema: { href: `${orgUrl}/api/v1/meta/schemas/user/oscnkw1sdzpoFCZMq1d7` },
      resetPassword: { href: `${orgUrl}/api/v1/users/${id}/lifecycle/reset_password`, method: 'POST' },
      expirePassword: { href: `${orgUrl}/api/v1/users/${id}/lifecycle/expire_password`, method: 'POST' },
      changeRecoveryQuestion: {
        href: `${orgUrl}/api/v1/users/${id}/credentials/change_recovery_question`,
        method: 'POST',
      },
      self: { href: `${orgUrl}/api/v1/users/${id}` },
      type: { href: `${orgUrl}/api/v1/meta/types/user/otynkw1sdzpoFCZMq1d7` },
      deactivate: { href: `${orgUrl}/api/v1/users/${id}/lifecycle/deactivate`, method: 'POST' },
    },
  };
}

/**
 * Writes the snapshot; returns its size and, for each planted index, the line and column where
 * that user's object starts.
 */
export function writeUsersSnapshot(file, { users, planted = [] }) {
  const base = usersBase();
  const orgUrl = base.okta.orgUrl;
  const marker = '"@@USERS@@"';
  base.okta.users = ['@@USERS@@'];
  const [head, tail] = JSON.stringify(base, null, 2).split(marker);
  // head ends with the indentation of the first element, tail starts after the last
  const indent = head.slice(head.lastIndexOf('\n') + 1);
  const fixtureUsers = usersBase().okta.users.map((u) => JSON.stringify(u, null, 2).replace(/\n/g, `\n${indent}`));
  const plantedSet = new Set(planted);
  const places = new Map();
  const fd = openSync(file, 'w');
  let size = 0;
  let line = head.split('\n').length;
  let pending = [head];
  let pendingLength = head.length;
  const flush = () => {
    size += writeSync(fd, pending.join(''));
    pending = [];
    pendingLength = 0;
  };
  const push = (s) => {
    pending.push(s);
    pendingLength += s.length;
    if (pendingLength >= 4 << 20) flush();
  };
  // one template per kind of user; an added user differs from it only in its index
  const template = (registered) =>
    JSON.stringify(fullUser(orgUrl, 0x7fffffff, registered), null, 2).replace(/\n/g, `\n${indent}`);
  const templates = {
    false: template(false).split(userId(0x7fffffff)),
    true: template(true).split(userId(0x7fffffff)),
  };
  const linesPerUser = templates.false.join('').split('\n').length;
  const total = fixtureUsers.length + users;
  for (let k = 0; k < total; k++) {
    if (k > 0) {
      push(`,\n${indent}`);
      line++;
    }
    if (k < fixtureUsers.length) {
      push(fixtureUsers[k]);
      line += fixtureUsers[k].split('\n').length - 1;
      continue;
    }
    const i = k - fixtureUsers.length;
    const isPlanted = plantedSet.has(i);
    if (isPlanted) places.set(i, { line, column: indent.length + 1 });
    push(templates[isPlanted].join(userId(i)));
    line += linesPerUser - 1;
  }
  push(`${tail}\n`);
  flush();
  closeSync(fd);
  return { size, places, users: total };
}
