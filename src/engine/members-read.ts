import type { Rule } from './types.js';

/**
 * The member names rules may read of one user (an item of okta.users or beyondIdentity.scimUsers),
 * for the snapshot loader: it keeps only these of each user, so that the members no rule reads (a
 * full Okta user's `_links`, dates and credentials) of a million users are never parsed.
 *
 * An over-approximation, sound for any rule, built-in or a user's own: every word any string of any
 * rule holds (paths, value expressions, messages) is a name kept. A user member is read by a path
 * that names it (`from: okta.users[*]` then `field: status`; `okta.users[*].profile.login`), so its
 * name is such a word. Only a path that names the member by a template (`field: "${expect.x}"`,
 * `okta.users[*].${…}`) can read a member no word names: then every member is kept (undefined).
 * Messages and `{template}` values are text, not paths: a template there names no member.
 */
export function userMembersRead(rules: readonly Rule[]): ReadonlySet<string> | undefined {
  const words = new Set<string>();
  let any = false;
  const visit = (v: unknown, key: string): void => {
    if (any) return;
    if (typeof v === 'string') {
      if (!NOT_PATHS.has(key) && MEMBER_BY_TEMPLATE.test(v)) any = true;
      for (const w of v.split(NOT_A_NAME)) if (w) words.add(w);
    } else if (Array.isArray(v)) for (const x of v) visit(x, key);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  for (const r of rules) visit(r, '');
  return any ? undefined : words;
}

/** The keys whose strings are text, never a path: messages, and a `{template}` value (a string such as a URL). */
const NOT_PATHS = new Set(['template', 'message', 'missing', 'noun', 'title', 'description', 'rationale', 'fix']);
/** A template where a path's first member, or an item's member, is named. */
const MEMBER_BY_TEMPLATE = /(?:^|\[\*\]\.)\$\{/;
/** What separates the names in a path or a message: anything but letters, digits, `_`, `$` and `-`. */
const NOT_A_NAME = /[^\p{L}\p{N}_$-]+/u;
