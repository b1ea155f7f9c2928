import type { Expectations } from '../config/expectations.js';
import type { Provisioning } from '../config/load.js';
import type { Snapshot } from '../snapshot/load.js';

type Obj = Record<string, unknown>;

/** The provisioning channel the snapshot shows in use, and what shows it. */
export interface ObservedChannel {
  mode: Provisioning;
  /** e.g. the event hook "Beyond Identity" is ACTIVE and VERIFIED and the app "Beyond Identity User Portal" pushes no users */
  evidence: string;
}

/**
 * The one live provisioning channel, by the definitions of link/provisioning-exclusive: SCIM is live
 * when the app labelled okta.userPortalApp is ACTIVE and pushes new users; the event hook is live
 * when a hook to okta.eventHookUri is ACTIVE and VERIFIED. Undefined when both or neither are live,
 * or either section is missing: then the org does not clearly use one channel.
 */
export function observedChannel(snapshot: Snapshot, expectations: Expectations): ObservedChannel | undefined {
  if (snapshot.section('okta.apps').state !== 'present' || snapshot.section('okta.eventHooks').state !== 'present')
    return undefined;
  const okta = snapshot.doc.okta as Obj;
  const list = (v: unknown): Obj[] =>
    Array.isArray(v) ? v.filter((x): x is Obj => x !== null && typeof x === 'object') : [];
  const scim = list(okta.apps).find(
    (a) =>
      a.label === expectations.okta.userPortalApp &&
      a.status === 'ACTIVE' &&
      Array.isArray(a.features) &&
      a.features.includes('PUSH_NEW_USERS'),
  );
  const hook = list(okta.eventHooks).find(
    (h) =>
      (h.channel as { config?: { uri?: unknown } } | undefined)?.config?.uri === expectations.okta.eventHookUri &&
      h.status === 'ACTIVE' &&
      h.verificationStatus === 'VERIFIED',
  );
  if (Boolean(scim) === Boolean(hook)) return undefined;
  const app = JSON.stringify(String(expectations.okta.userPortalApp));
  if (hook)
    return {
      mode: 'event-hook',
      evidence: `the event hook ${JSON.stringify(hook.name)} is ACTIVE and VERIFIED and the app ${app} pushes no users`,
    };
  return {
    mode: 'scim',
    evidence: `the app ${app} pushes new users and no event hook to ${String(expectations.okta.eventHookUri)} is live`,
  };
}

const CHANNEL: Record<Provisioning, string> = { scim: 'SCIM provisioning', 'event-hook': 'the event hook' };

/**
 * What a finding of a rule for the declared provisioning mode adds when the org clearly uses the
 * other channel: following the rule's fix would turn on a second channel and provision every user
 * twice, so it names the line that declares the channel in use instead. `configFile` is the
 * expectations file when it declares the mode; without one the mode is the guide's default.
 */
export function otherChannelHint(
  observed: ObservedChannel,
  declared: Provisioning,
  configFile: string | undefined,
): string {
  const why = configFile
    ? `${configFile} declares provisioning: ${declared}`
    : `the provisioning mode is ${declared} by default`;
  const fix = `put "provisioning: ${observed.mode}" in ${configFile ?? 'okta-bi-lint.yaml'}`;
  return (
    `this org uses ${CHANNEL[observed.mode]}, not ${CHANNEL[declared]}: ${observed.evidence}; but ${why}. ` +
    `If ${CHANNEL[observed.mode]} is your channel, ${fix}; enabling ${CHANNEL[declared]} as well would provision every user twice`
  );
}
