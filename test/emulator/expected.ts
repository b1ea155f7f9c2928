/** The okta section a correct collection of an emulated org holds: its data, planted secrets redacted, links on the emulator's host. */
import { plant, expectRedacted } from './canaries.js';
import { DATA_ORIGIN, expectedOkta, type OktaOrg } from './org.js';

type Obj = Record<string, any>;

export function expectedSnapshotOkta(
  baseUrl: string,
  org: OktaOrg,
  includeUsers: boolean,
  names: Parameters<typeof expectedOkta>[1] = { includeUsers },
): Obj {
  const okta = expectedOkta(org, { ...names, includeUsers });
  plant(okta.userSchema, expectRedacted);
  plant(okta.groups, expectRedacted);
  for (const a of okta.apps) {
    plant(a, expectRedacted);
    for (const k of ['_assignedGroups', '_assignedUsers', '_groupPushMappings']) if (a[k]) plant(a[k], expectRedacted);
  }
  plant(okta.idps, expectRedacted);
  for (const p of okta.idpDiscoveryPolicies) {
    plant(p, expectRedacted);
    plant(p._rules, expectRedacted);
  }
  plant(okta.eventHooks, expectRedacted);
  plant(okta.apiTokens, expectRedacted);
  // every query value of a URL is redacted; the URI-template placeholders of Okta's authorize links are not values
  const text = JSON.stringify({ orgUrl: baseUrl, ...okta })
    .split(DATA_ORIGIN)
    .join(baseUrl)
    .replace(/\?idp=[0-9A-Za-z]+&/g, '?idp=[REDACTED]&');
  return JSON.parse(text);
}
