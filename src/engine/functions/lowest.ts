import { UnknownValue, type CheckFunction } from '../scope.js';
import { fmt } from '../format.js';
import { getOwn, resolvePointer } from '../../util/pointer.js';
import { select } from '../paths.js';

/**
 * The target's `field` is lower than that of every sibling (the other items of the array it is in)
 * that passes `where`: e.g. a routing rule's priority against the policy's other active, non-system rules.
 */
export const lowest: CheckFunction = {
  name: 'lowest',
  handlesMissing: true,
  options: {
    type: 'object',
    required: ['field'],
    additionalProperties: false,
    properties: { field: { type: 'string' }, where: { type: 'array' }, noun: { type: 'string' } },
  },
  run(target, options, ctx) {
    const field = options.field as string;
    const parentPtr = target.pointer.slice(0, target.pointer.lastIndexOf('/'));
    const siblings = resolvePointer(ctx.scope.doc, parentPtr);
    // the other items of a partial list (a plan alone) are not known
    const partial = ctx.scope.partial?.(parentPtr);
    if (partial) throw new UnknownValue(partial);
    const mine = select(target, field)[0] as { value: unknown; pointer: string };
    if (typeof mine.value !== 'number') {
      return [
        ctx.problem({
          detail: `${field} is ${fmt(mine.value)}, expected a number`,
          pointer: mine.pointer,
          found: mine.value,
        }),
      ];
    }
    if (!Array.isArray(siblings)) return [];
    const where = (options.where ?? []) as Parameters<typeof ctx.scope.check>[0][];
    const before: { name: unknown; value: number }[] = [];
    siblings.forEach((s, i) => {
      const sp = `${parentPtr}/${i}`;
      if (sp === target.pointer) return;
      const t = { value: s, pointer: sp };
      if (where.some((w) => ctx.scope.check(w, t).length > 0)) return;
      const v = select(t, field)[0].value;
      if (typeof v === 'number' && v <= (mine.value as number))
        before.push({ name: getOwn(s, 'name') ?? getOwn(s, 'id'), value: v });
    });
    if (!before.length) return [];
    before.sort((a, b) => a.value - b.value);
    const noun = (options.noun as string | undefined) ?? 'item';
    const names = before.map((b) => `${fmt(b.name)} (${field} ${b.value})`).join(', ');
    return [
      ctx.problem({
        detail: `${field} is ${mine.value}, but ${before.length === 1 ? `the ${noun}` : `${before.length} ${noun}s`} ${names} ${before.length === 1 ? 'comes' : 'come'} first`,
        pointer: mine.pointer,
        found: mine.value,
        expected: Math.max(1, Math.min(...before.map((b) => b.value))),
      }),
    ];
  },
};
