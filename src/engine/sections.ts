/** The guide's sections, in the guide's order: reports group rules under these headings. */
export const GUIDE_SECTIONS: readonly { key: string; title: string }[] = [
  { key: 'okta-profile', title: 'Okta: user profile and group' },
  { key: 'okta-apps', title: 'Okta: catalog apps' },
  { key: 'okta-idp', title: 'Okta: identity provider' },
  { key: 'okta-routing', title: 'Okta: routing rule' },
  { key: 'okta-hook', title: 'Okta: event hook and API token' },
  { key: 'provisioning', title: 'Provisioning channel' },
  { key: 'bi', title: 'Beyond Identity' },
  { key: 'link', title: 'Across the two systems' },
  { key: 'users', title: 'Users' },
];

export function sectionTitle(key: string): string {
  return GUIDE_SECTIONS.find((s) => s.key === key)?.title ?? key;
}

export function sectionOrder(key: string): number {
  const i = GUIDE_SECTIONS.findIndex((s) => s.key === key);
  return i < 0 ? GUIDE_SECTIONS.length : i;
}
