// What a rule's cases are made of (test/rules/<rule id>.ts), and the names they share: the
// resources of the fixture org, the findings' helpers and the reasons several rules give.
import type { BiPlatform, ConfigFile } from '../../src/config/load.ts';
import type { Status } from '../../src/engine/types.ts';
import type { Level } from '../../src/util/levels.ts';

/** One problem of a finding, as its check function declares it: the message's id and the values rendered into it. */
export interface ExpectedProblem {
  messageId: string;
  data: Record<string, unknown>;
}

/**
 * A finding as the tests compare it: where it is, its level, and what is wrong as message ids and
 * data, not English. The rendered message is asserted where given: once per rule (tableProblems
 * requires it), so the wording of every rule is still seen, and its other cases do not break when
 * a message is reworded.
 */
export interface ExpectedFinding {
  level: Level;
  logical: string;
  pointer: string;
  problems: ExpectedProblem[];
  message?: string;
  /** 'declared' when the finding rests on Beyond Identity values declared by hand (the message says so) */
  basis?: 'declared';
}

/** One edit of a fixture, applied in memory before the audit (JSON Patch: replace, add or remove). */
export interface Edit {
  op: 'replace' | 'add' | 'remove';
  /** a JSON Pointer into the fixture; `-` appends to an array */
  path: string;
  value?: unknown;
}

export interface Audit {
  fixture: string;
  /** edits of the fixture that make the case, when they are small enough to read here */
  edit?: Edit[];
  /** sections of the fixture that could not be collected: removed and listed in its gaps (HTTP 403) */
  gaps?: string[];
  /** the expectations file (okta-bi-lint.yaml), as parsed */
  config?: ConfigFile;
  /** --bi-platform */
  biPlatform?: BiPlatform;
}

/** A case where the rule raises no finding. */
export interface ValidCase extends Audit {
  /** default pass; not-evaluated when a section it requires is missing (a gap) */
  status?: 'pass' | 'off' | 'skipped' | 'not-evaluated';
  reason?: string;
  /** the org the case was made from (default: the fixture itself for an edit, else as for an invalid case) */
  base?: string;
  /**
   * when given (even {}), every other rule whose result differs from the base's, exactly: a case
   * that proves which resource a rule picks shows it through the rules that inspect that resource
   */
  others?: Record<string, OtherStatus>;
}

export interface OtherStatus {
  status: Status;
  reason: string;
  /** required when status is fail */
  findings?: ExpectedFinding[];
}

export interface InvalidCase extends Audit {
  findings: ExpectedFinding[];
  /** the clean org the fixture was made from (default: by mode and by users) */
  base?: string;
  /** every other rule whose result differs from the base's, exactly */
  others?: Record<string, OtherStatus>;
}

export interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

export const EH: ConfigFile = { provisioning: 'event-hook' };

export const f = (
  level: Level,
  logical: string,
  pointer: string,
  problems: ExpectedProblem[],
  message?: string,
): ExpectedFinding => ({ level, logical, pointer, problems, ...(message === undefined ? {} : { message }) });
/** The finding, resting on declared Beyond Identity values (collect --bi-from). */
export const declared = (x: ExpectedFinding): ExpectedFinding => ({ ...x, basis: 'declared' });
export const p = (messageId: string, data: Record<string, unknown>): ExpectedProblem => ({ messageId, data });

/** What a case's `gaps` record as each removed section's reason (an HTTP 403 from the API). */
export const GAP_REASON = 'GET answered HTTP 403 forbidden';

/**
 * A case where sections the rule reads could not be collected: the rule is not evaluated, naming
 * the first of `gaps` as the section it found missing.
 */
export const uncollected = (fixture: string, gaps: string[]): ValidCase => ({
  fixture,
  gaps,
  status: 'not-evaluated',
  reason: `${gaps[0]} could not be collected: ${GAP_REASON}`,
});
export const dependsOn = (id: string): OtherStatus => ({
  status: 'not-evaluated',
  reason: `depends on ${id}, which failed`,
});

export const IDP = 'okta/idps/0oabyndidp000000a1d7';
export const IDP_NAME = 'Identity provider "Beyond Identity" (0oabyndidp000000a1d7)';
export const RULE = 'okta/policies/00p5qwjvjjpuZBaOR1d7/rules/0prbyndid0000000a1d7';
export const RULE_NAME = 'Routing rule "Beyond Identity Auth" (0prbyndid0000000a1d7)';
export const RULE_PTR = '/okta/idpDiscoveryPolicies/0/_rules/0';
export const USER_PORTAL = 'okta/apps/0oabiuser0000000a1d7';
export const USER_PORTAL_NAME = 'App "Beyond Identity User Portal" (0oabiuser0000000a1d7)';
export const HOOK = 'okta/eventHooks/whobyndid0000000a1d7';
export const HOOK_NAME = 'Event hook "Beyond Identity" (whobyndid0000000a1d7)';
export const CLIENT = 'beyondIdentity/oidc-clients/dd58e65d-bd52-4450-a990-238d6251a12a';
export const CLIENT_NAME = 'OIDC client "Okta SSO" (dd58e65d-bd52-4450-a990-238d6251a12a)';
export const ATTR = 'okta/meta/schemas/user/default#/definitions/custom/properties/byndidRegistered';
export const ATTR_PTR = '/okta/userSchema/definitions/custom/properties/byndidRegistered';
export const MODE_OFF_SCIM = 'applies only when provisioning is event-hook; the declared mode is scim';
export const MODE_OFF_HOOK = 'applies only when provisioning is scim; the declared mode is event-hook';
export const USES_EVENT_HOOK =
  'this org uses the event hook, not SCIM provisioning: the event hook "Beyond Identity" is ACTIVE and VERIFIED and the app "Beyond Identity User Portal" pushes no users; but the provisioning mode is scim by default. If the event hook is your channel, put "provisioning: event-hook" in okta-bi-lint.yaml; enabling SCIM provisioning as well would provision every user twice';
export const NEITHER_LIVE: OtherStatus = {
  status: 'fail',
  reason: '1 finding',
  findings: [f('error', 'okta/apps', '/okta/apps', [p('none', { field: 'value', live: '' })])],
};

// Beyond Identity Secure Access (the rules' `platforms: secure-access`) and declared values (collect --bi-from)
export const SA_BASE = 'clean-secure-access.json';
export const SA_APP = 'beyondIdentity/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a';
export const SA_APP_PTR = '/beyondIdentity/application';
export const SA_CONFIG = 'beyondIdentity/sso-configs/6b1c3f0e-2a4d-4c8b-9e7f-1d2c3b4a5f60';
export const SA_REG_PTR = '/beyondIdentity/ssoConfig/payload/okta_registration';
export const SA_ISSUER =
  'https://auth-us.beyondidentity.com/v1/tenants/0001f1f460b1ace6/realms/8f5bec58229e6f29/applications/4d3b2c7f-69c9-4edf-8c21-4b098af8d40a';
/** fmt() keeps values in messages whole (the text report shortens them for display) */
export const short = (v: string) => JSON.stringify(v);
export const SA_OFF = {
  'bi/oidc-client-auth-method':
    "Secure Access has no auth method to check: its token_endpoint_auth_method is deprecated and ignored, confidential applications always report client_secret_basic and accept client_secret_basic and client_secret_post alike, so Okta's client_secret_post works",
  'bi/console-sso':
    "Secure Access has no User Console SSO integration: its consoles sign in through the realm's identity providers, which the API does not tie to this Okta org",
  'bi/event-hook-extension':
    "Secure Access has no Okta event-hook extension: users are provisioned through SCIM (the Okta application's inbound SCIM), so there is nothing to check on the Beyond Identity side",
};
export const DECLARED = ' (Beyond Identity values declared in bi-console.yaml, not read from its API)';
