// One-edit mutants of a rule file, for the mutation test (test/rule-mutations.test.ts): each
// changes one thing a check of the rule states, so the rule's cases must notice it. The kinds:
// a check removed, a literal the check expects altered, a level swapped, a `requires` entry
// dropped, and a check replaced by a presence test (`function: defined`).
import { forEachCheck } from '../../src/engine/load-rules.ts';
import type { CheckSpec, RuleSpec } from '../../src/engine/types.ts';

export type MutantKind = 'check removed' | 'literal altered' | 'level swapped' | 'requires dropped' | 'presence test';

export interface Mutant {
  kind: MutantKind;
  /** the JSON pointer, in the rule document, of what the mutant changes */
  pointer: string;
  /** what it changes, for the list of survivors */
  change: string;
  spec: RuleSpec;
  /**
   * For a check removed where the function needs more checks than would be left (anyOf's two,
   * noneMatch's one `where`), the same mutant as the loader accepts it: the check replaced by one
   * that always holds (`function: defined` of the item itself, which is there).
   */
  neutral?: RuleSpec;
}

/** The options whose scalars are what a check expects; the others are message text or paths. */
const LITERAL_OPTIONS = new Set([
  'value',
  'values',
  'not',
  'patterns',
  'pattern',
  'equals',
  'min',
  'max',
  'https',
  'noWildcard',
  'noQuery',
  'noFragment',
  'noTrailingSlash',
  'path',
  'caseInsensitive',
  'before',
  'after',
  'days',
]);
/** Inside a value expression: the keys that name where a value comes from rather than state it. */
const REFERENCE_KEYS = new Set(['expect', 'subject', 'field', 'snapshot', 'unknown']);

const SWAP: Record<string, string> = { error: 'warning', warning: 'error', note: 'warning' };

const segments = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

function parentOf(doc: unknown, pointer: string): { parent: Record<string, unknown> | unknown[]; key: string } {
  const segs = segments(pointer);
  let cur = doc as Record<string, unknown>;
  for (const s of segs.slice(0, -1)) cur = cur[s] as Record<string, unknown>;
  return { parent: cur, key: segs[segs.length - 1] };
}

function edit(spec: RuleSpec, pointer: string, op: { remove: true } | { set: unknown }): RuleSpec {
  const copy = structuredClone(spec);
  const { parent, key } = parentOf(copy, pointer);
  if ('remove' in op) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else (parent as Record<string, unknown>)[key] = op.set;
  return copy;
}

/** An altered scalar: a string gains a character, a number is one more, a boolean flips. */
function altered(v: unknown): unknown {
  if (typeof v === 'string') return `${v}x`;
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'boolean') return !v;
  return undefined;
}

/** The pointers of the scalars a value expression states (not those that say where a value comes from). */
function literalPointers(v: unknown, pointer: string, out: string[]): void {
  if (v === null || v === undefined) return;
  if (typeof v !== 'object') {
    out.push(pointer);
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      literalPointers(x, `${pointer}/${i}`, out);
    });
    return;
  }
  for (const [k, x] of Object.entries(v)) if (!REFERENCE_KEYS.has(k)) literalPointers(x, `${pointer}/${k}`, out);
}

const show = (v: unknown) => JSON.stringify(v);

/** Every mutant of a rule. */
export function mutantsOf(spec: RuleSpec): Mutant[] {
  const out: Mutant[] = [];
  const add = (kind: MutantKind, pointer: string, change: string, op: { remove: true } | { set: unknown }) =>
    out.push({ kind, pointer, change, spec: edit(spec, pointer, op) });

  add('level swapped', '/level', `level ${spec.level} -> ${SWAP[spec.level]}`, { set: SWAP[spec.level] });
  spec.requires.forEach((s, i) => {
    add('requires dropped', `/requires/${i}`, `requires without ${s}`, { remove: true });
  });
  for (const [name, o] of Object.entries(spec.platforms ?? {}))
    o?.requires?.forEach((s, i) => {
      add('requires dropped', `/platforms/${name}/requires/${i}`, `${name} requires without ${s}`, { remove: true });
    });

  forEachCheck(spec, (check: CheckSpec, pointer: string) => {
    const what = `${check.function}${check.field ? ` of ${check.field}` : ''}`;
    add('check removed', pointer, `${what} removed`, { remove: true });
    out[out.length - 1].neutral = edit(spec, pointer, { set: { function: 'defined' } });
    if (check.function !== 'defined') {
      const presence: CheckSpec = { function: 'defined' };
      if (check.field) presence.field = check.field;
      add('presence test', pointer, `${what} replaced by defined`, { set: presence });
    }
    if (check.level)
      add('level swapped', `${pointer}/level`, `${what}: level ${check.level} -> ${SWAP[check.level]}`, {
        set: SWAP[check.level],
      });
    const literals: string[] = [];
    for (const [k, v] of Object.entries(check.options ?? {}))
      if (LITERAL_OPTIONS.has(k)) literalPointers(v, `${pointer}/options/${k}`, literals);
    for (const p of literals) {
      const { parent, key } = parentOf(spec, p);
      const before = (parent as Record<string, unknown>)[key];
      const after = altered(before);
      if (after === undefined) continue;
      add('literal altered', p, `${what}: ${p.slice(pointer.length + 1)} ${show(before)} -> ${show(after)}`, {
        set: after,
      });
    }
  });
  return out;
}
