/**
 * Findings: a rule's problems grouped by the resource they belong to, one finding per resource,
 * with its level, its message and a fingerprint that stays the same across runs.
 */
import { createHash } from 'node:crypto';
import { capitalize } from '../util/text.js';
import { fmt } from './format.js';
import { interpolate, type MessageSource } from './messages.js';
import { describeResource, resourceAt } from './resources.js';
import { levelRank, type Level } from '../util/levels.js';
import type { Finding, Problem, Rule, Target } from './types.js';

/** Stable across runs for the same rule and resource (never derived from line numbers). */
function fingerprint(ruleId: string, logical: string): string {
  return createHash('sha256').update(`${ruleId}\0${logical}`).digest('hex').slice(0, 32);
}

export interface FindingsInput {
  rule: Rule;
  /** the rule's level in force */
  level: Level;
  problems: Problem[];
  /** the resource the rule inspects, when it is not the snapshot's root */
  subject: Target | undefined;
  /** the problem is that the resource the rule defines does not exist: the message is the problem's alone */
  missing?: boolean;
  /** notes added to every finding's message (the other provisioning channel, values declared by hand) */
  notes: string[];
  /** the findings rest on Beyond Identity values declared by hand */
  declared: boolean;
}

/**
 * One finding per resource. Its level is the rule's, or lower when every problem in it is declared
 * at a lower level; its message is the rule's own `message:` (with {{resource}}, {{details}},
 * {{found}}, {{expected}}, {{field}}) or the resource followed by the problems' details.
 */
export function findingsOf(doc: unknown, input: FindingsInput, messages: MessageSource): Finding[] {
  const { rule, level, problems, subject } = input;
  const groups = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = p.resource ?? subject?.pointer ?? p.pointer;
    const res = resourceAt(doc, key);
    const list = groups.get(res.logical) ?? [];
    list.push(p);
    groups.set(res.logical, list);
  }
  const out: Finding[] = [];
  for (const [logical, ps] of groups) {
    const resource = resourceAt(doc, ps[0].resource ?? subject?.pointer ?? ps[0].pointer);
    let findingLevel: Level = 'note';
    for (const p of ps) {
      const l = p.level && levelRank(p.level) < levelRank(level) ? p.level : level;
      if (levelRank(l) > levelRank(findingLevel)) findingLevel = l;
    }
    const details = ps.map((p) => p.detail).join('; ');
    const message = rule.message
      ? capitalize(
          interpolate(
            rule.message,
            {
              resource: describeResource(resource),
              details,
              found: fmt(ps[0].found),
              expected: fmt(ps[0].expected),
              field: ps[0].field ?? '',
            },
            subject,
            messages,
          ),
        )
      : input.missing
        ? capitalize(details)
        : `${capitalize(describeResource(resource))}: ${details}`;
    out.push({
      ruleId: rule.id,
      level: findingLevel,
      message: input.notes.length ? `${message} (${input.notes.join('; ')})` : message,
      ...(input.declared ? { basis: 'declared' as const } : {}),
      resource: { ...resource, logical },
      pointer: ps[0].pointer,
      found: ps[0].found,
      expected: ps[0].expected,
      messageId: ps[0].messageId,
      data: ps[0].data,
      problems: ps,
      fingerprint: fingerprint(rule.id, logical),
    });
  }
  return out;
}
