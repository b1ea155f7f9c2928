import { PER_USER_SECTIONS } from '../snapshot/section-info.js';
import type { Rule } from './types.js';

/**
 * The member names rules may read of one user (an item of okta.users or beyondIdentity.scimUsers),
 * for the snapshot loader: it keeps only these of each user, so that the members no rule reads (a
 * full Okta user's `_links`, dates and credentials) of a million users are never parsed.
 *
 * An over-approximation, sound for any rule, built-in or a user's own. Only a rule that may reach a
 * user counts: one whose strings name a per-user section as a path step (`okta.users[*]`,
 * `beyondIdentity.scimUsers`: the path language has no other way to reach one, a wildcard only fans
 * out over an array), that requires one, that names a section by a template (`okta.${…}`), or that
 * inspects a subject defined by such a rule (the subject may be a user). Every word any string of such a rule holds (paths, value
 * expressions, messages) is a name kept: a user member is read by a path that names it (`from:
 * okta.users[*]` then `field: status`; `okta.users[*].profile.login`). Only a path that names the
 * member by a template (`field: "${expect.x}"`, `okta.users[*].${…}`) can read a member no word
 * names: then every member is kept (undefined). Messages and `{template}` values are text, not
 * paths: a template there names no member.
 */
export function userMembersRead(rules: readonly Rule[]): ReadonlySet<string> | undefined {
  const facts = rules.map(ruleFacts);
  if (facts.some((f) => f.memberByTemplate)) return undefined;
  // the rules that may reach a user, then those that inspect a subject one of them defines
  const reaches = facts.map((f, i) => f.namesUsers || rules[i].requires.some((s) => PER_USER_SECTIONS.has(s)));
  for (let grew = true; grew; ) {
    grew = false;
    const userSubjects = new Set<string>();
    rules.forEach((r, i) => {
      if (reaches[i] && r.defines?.name) userSubjects.add(r.defines.name);
    });
    facts.forEach((f, i) => {
      if (!reaches[i] && [...f.subjects].some((s) => userSubjects.has(s))) reaches[i] = grew = true;
    });
  }
  const words = new Set<string>();
  facts.forEach((f, i) => {
    if (reaches[i]) for (const w of f.words) words.add(w);
  });
  return words;
}

interface RuleFacts {
  words: Set<string>;
  /** a path names a member by a template */
  memberByTemplate: boolean;
  /** a string names a per-user section, or a path names a section by a template */
  namesUsers: boolean;
  /** every subject the rule names anywhere */
  subjects: Set<string>;
}

function ruleFacts(rule: Rule): RuleFacts {
  const f: RuleFacts = { words: new Set(), memberByTemplate: false, namesUsers: false, subjects: new Set() };
  const visit = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      const path = !NOT_PATHS.has(key);
      if (path && MEMBER_BY_TEMPLATE.test(v)) f.memberByTemplate = true;
      if ((path && SECTION_BY_TEMPLATE.test(v)) || PER_USER_PATH.test(v)) f.namesUsers = true;
      if (key === 'subject') f.subjects.add(v);
      for (const m of v.matchAll(SUBJECT_IN_TEMPLATE)) f.subjects.add(m[1]);
      for (const w of v.split(NOT_A_NAME)) if (w) f.words.add(w);
    } else if (Array.isArray(v)) for (const x of v) visit(x, key);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  visit(rule, '');
  return f;
}

/** The keys whose strings are text, never a path: messages, and a `{template}` value (a string such as a URL). */
const NOT_PATHS = new Set(['template', 'message', 'missing', 'noun', 'title', 'description', 'rationale', 'fix']);
/** A template where a path's first member, or an item's member, is named. */
const MEMBER_BY_TEMPLATE = /(?:^|\[\*\]\.)\$\{/;
/** A template where a section of a system is named (`okta.${…}`), which may be a per-user one. */
const SECTION_BY_TEMPLATE = /(?:^|[^\p{L}\p{N}_$-])(?:okta|beyondIdentity)\.\$\{/u;
/** `${subject.name…}` */
const SUBJECT_IN_TEMPLATE = /\$\{subject\.([A-Za-z0-9_]+)/g;
/**
 * A per-user section's key as a step of a path (`okta.users[*]`, `beyondIdentity.scimUsers`,
 * `users`), in any string: prose ("new users are never enrolled") has no dot before it.
 */
const PER_USER_PATH = new RegExp(
  `(?:^|\\.)(?:${[...new Set([...PER_USER_SECTIONS].map((p) => p.split('.').pop()!))].join('|')})(?:[.[]|$)`,
);
/** What separates the names in a path or a message: anything but letters, digits, `_`, `$` and `-`. */
const NOT_A_NAME = /[^\p{L}\p{N}_$-]+/u;
