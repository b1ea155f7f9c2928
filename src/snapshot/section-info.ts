/**
 * What the snapshot's sections are: which ones are optional (collected only on request) and how a
 * resource in each is named in reports (its logical location, e.g. okta/idps/0oa1x2).
 */
export interface SectionInfo {
  /** dotted path in the snapshot, e.g. okta.idps */
  path: string;
  optional: boolean;
  /** how to include an optional section */
  include?: string;
  /** a human name for a resource of this section */
  noun: string;
  /** the logical-location prefix of its resources */
  logical: string;
  /** fields that identify and name one resource */
  idField?: string;
  nameField?: string;
  /**
   * one item per user of the org (a million in a large one): the loader keeps only the members of
   * an item that rules may read (LoadOptions.members)
   */
  perUser?: true;
}

export const SECTIONS: readonly SectionInfo[] = [
  { path: 'okta.userSchema', optional: false, noun: 'user schema', logical: 'okta/meta/schemas/user/default' },
  {
    path: 'okta.groups',
    optional: false,
    noun: 'group',
    logical: 'okta/groups',
    idField: 'id',
    nameField: 'profile.name',
  },
  { path: 'okta.apps', optional: false, noun: 'app', logical: 'okta/apps', idField: 'id', nameField: 'label' },
  {
    path: 'okta.idps',
    optional: false,
    noun: 'identity provider',
    logical: 'okta/idps',
    idField: 'id',
    nameField: 'name',
  },
  {
    path: 'okta.idpDiscoveryPolicies',
    optional: false,
    noun: 'IdP discovery policy',
    logical: 'okta/policies',
    idField: 'id',
    nameField: 'name',
  },
  {
    path: 'okta.eventHooks',
    optional: false,
    noun: 'event hook',
    logical: 'okta/eventHooks',
    idField: 'id',
    nameField: 'name',
  },
  {
    path: 'okta.apiTokens',
    optional: false,
    noun: 'API token',
    logical: 'okta/api-tokens',
    idField: 'id',
    nameField: 'name',
  },
  {
    path: 'okta.users',
    optional: true,
    include: 'collect with --include users',
    noun: 'user',
    logical: 'okta/users',
    idField: 'id',
    nameField: 'profile.login',
    perUser: true,
  },
  {
    path: 'okta.groupMembers',
    optional: true,
    include: 'collect with --include users',
    noun: 'group membership',
    logical: 'okta/groups',
  },
  {
    path: 'beyondIdentity.oidcClients',
    optional: false,
    noun: 'OIDC client',
    logical: 'beyondIdentity/oidc-clients',
    idField: 'id',
    nameField: 'name',
  },
  {
    path: 'beyondIdentity.consoleSso',
    optional: false,
    noun: 'console SSO configuration',
    logical: 'beyondIdentity/console-sso',
    idField: 'console_type',
    nameField: 'console_type',
  },
  {
    path: 'beyondIdentity.oktaRegistrationAttribute',
    optional: false,
    noun: 'Okta Registration Attribute extension',
    logical: 'beyondIdentity/extensions/okta-registration-attribute',
  },
  {
    path: 'beyondIdentity.oktaEventHook',
    optional: false,
    noun: 'Okta event-hook extension',
    logical: 'beyondIdentity/extensions/okta-event-hook',
  },
  {
    path: 'beyondIdentity.ssoConfig',
    optional: false,
    noun: 'Okta application (sso-config)',
    logical: 'beyondIdentity/sso-configs',
    idField: 'id',
    nameField: 'display_name',
  },
  {
    path: 'beyondIdentity.application',
    optional: false,
    noun: 'application',
    logical: 'beyondIdentity/applications',
    idField: 'id',
    nameField: 'display_name',
  },
  {
    path: 'beyondIdentity.groupAssociations',
    optional: false,
    noun: 'group association',
    logical: 'beyondIdentity/group-associations',
    idField: 'group_id',
    nameField: 'group_id',
  },
  {
    path: 'beyondIdentity.scimUsers',
    optional: true,
    include: 'collect with --include users and Beyond Identity credentials',
    noun: 'SCIM user',
    logical: 'beyondIdentity/scim/Users',
    idField: 'id',
    nameField: 'userName',
    perUser: true,
  },
];

const byPath = new Map(SECTIONS.map((s) => [s.path, s]));

/** The sections with an item per user (okta.users, beyondIdentity.scimUsers). */
export const PER_USER_SECTIONS: ReadonlySet<string> = new Set(SECTIONS.filter((s) => s.perUser).map((s) => s.path));

/** The members of a per-user item that reports read whatever the rules: those that identify and name it. */
export const PER_USER_NAMING_MEMBERS: readonly string[] = SECTIONS.filter((s) => s.perUser).flatMap((s) =>
  [s.idField, s.nameField].filter((f): f is string => f !== undefined).map((f) => f.split('.')[0]),
);

export function sectionInfo(path: string): SectionInfo | undefined {
  return byPath.get(path);
}
