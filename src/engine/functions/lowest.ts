import { UnknownValue } from '../scope.js';
import { defineCheck } from '../check.js';
import { fmt } from '../format.js';
import { getOwn, resolvePointer } from '../../util/pointer.js';
import { select } from '../paths.js';
import { plural } from '../../util/text.js';

/**
 * The target's `field` is lower than that of every sibling (the other items of the array it is in)
 * that passes `where`: e.g. a routing rule's priority against the policy's other active, non-system rules.
 */
export const lowest = defineCheck({
  name: 'lowest',
  summary:
    "The target's `field` is lower than that of every sibling (the other items of the list it is in) " +
    "that passes `where`: e.g. a routing rule's priority against the policy's other active rules.",
  handlesMissing: true,
  options: {
    type: 'object',
    required: ['field'],
    additionalProperties: false,
    properties: {
      field: { type: 'string', description: 'the numeric field compared' },
      where: { type: 'array', description: 'checks a sibling must pass to count' },
      noun: { type: 'string', description: 'how messages name a sibling (default: item)' },
    },
  },
  nested: ['where'],
  messages: {
    notANumber: '{{field}} is {{found}}, expected a number',
    notLowest: '{{field}} is {{found}}, but {{before}} {{names}} {{comes}} first',
  },
  examples: [
    {
      check: { function: 'lowest', options: { field: 'priority', noun: 'rule' } },
      says: 'priority is 2, but the rule "Catch-all" (priority 1) comes first',
    },
  ],
  run(target, options, ctx) {
    const field = options.field;
    const parentPtr = target.pointer.slice(0, target.pointer.lastIndexOf('/'));
    const siblings = resolvePointer(ctx.scope.doc, parentPtr);
    // the other items of a partial list (a plan alone) are not known
    const partial = ctx.scope.partial?.(parentPtr);
    if (partial) throw new UnknownValue(partial);
    const mine = select(target, field)[0] as { value: unknown; pointer: string };
    if (typeof mine.value !== 'number') {
      return [
        ctx.report('notANumber', { field, found: fmt(mine.value) }, { pointer: mine.pointer, found: mine.value }),
      ];
    }
    if (!Array.isArray(siblings)) return [];
    const where = options.where ?? [];
    const before: { name: unknown; value: number }[] = [];
    siblings.forEach((s, i) => {
      const sp = `${parentPtr}/${i}`;
      if (sp === target.pointer) return;
      const t = { value: s, pointer: sp };
      if (!where.every((w) => ctx.scope.passes(w, t))) return;
      const v = select(t, field)[0].value;
      if (typeof v === 'number' && v <= (mine.value as number))
        before.push({ name: getOwn(s, 'name') ?? getOwn(s, 'id'), value: v });
    });
    if (!before.length) return [];
    before.sort((a, b) => a.value - b.value);
    const noun = options.noun ?? 'item';
    const names = before.map((b) => `${fmt(b.name)} (${field} ${b.value})`).join(', ');
    const data = {
      field,
      found: mine.value,
      before: before.length === 1 ? `the ${noun}` : plural(before.length, noun),
      names,
      comes: before.length === 1 ? 'comes' : 'come',
    };
    const expected = Math.max(1, Math.min(...before.map((b) => b.value)));
    return [ctx.report('notLowest', data, { pointer: mine.pointer, found: mine.value, expected })];
  },
});
