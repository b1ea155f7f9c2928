import type { Expectations } from '../config/expectations.js';
import type { Snapshot } from '../snapshot/load.js';
import { sectionOrder } from './sections.js';
import type { BiPlatformName, Rule } from './types.js';

/** Rules in report order: the guide's section order, then id. */
export function sortRules<T extends { section: string; id: string }>(rules: readonly T[]): T[] {
  return [...rules].sort(
    (a, b) => sectionOrder(a.section) - sectionOrder(b.section) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The Beyond Identity platform the rules read: the config's (or --bi-platform), else the snapshot's, else the guide's. */
export function auditedPlatform(snapshot: Snapshot, expectations: Expectations): BiPlatformName | 'none' {
  const p = expectations.biPlatform ?? (snapshot.doc.beyondIdentity?.platform as BiPlatformName | 'none' | undefined);
  return p ?? 'secure-workforce';
}

/** A rule as it applies to one platform: its override merged in, or marked off where the platform has no equivalent. */
export function forPlatform(rule: Rule, platform: BiPlatformName | 'none'): Rule {
  const o = platform === 'none' ? undefined : rule.platforms?.[platform];
  if (!o) return rule.platforms ? { ...rule, platforms: undefined } : rule;
  if (o.off) return { ...rule, platforms: undefined, platformOff: o.off };
  const merged: Rule = { ...rule, platforms: undefined };
  if (o.requires) merged.requires = o.requires;
  if (o.declaredFallback) merged.declaredFallback = o.declaredFallback;
  if (o.then) merged.then = o.then;
  if (o.message !== undefined) merged.message = o.message;
  if (o.when) merged.when = o.when;
  if (o.defines) {
    merged.defines = o.defines;
    delete merged.subject;
  }
  if (o.subject) {
    merged.subject = o.subject;
    delete merged.defines;
  }
  return merged;
}
