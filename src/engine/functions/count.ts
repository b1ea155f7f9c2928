import { defineCheck } from '../check.js';
import { plural } from '../../util/text.js';

/** The number of items of a list is within bounds (an absent list counts as empty when the check is optional). */
export const count = defineCheck({
  name: 'count',
  summary:
    'The number of items of a list is within bounds (an absent list counts as empty when the check is optional).',
  options: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      min: { type: 'integer', minimum: 0, description: 'at least this many items' },
      max: { type: 'integer', minimum: 0, description: 'at most this many items (0: the list is empty)' },
      equals: { type: 'integer', minimum: 0, description: 'exactly this many items' },
    },
  },
  messages: {
    notAList: '{{field}} is not a list',
    missing: '{{field}} is missing',
    notExactly: '{{field}} has {{items}}, expected exactly {{equals}}',
    tooFew: '{{field}} has {{items}}, expected at least {{min}}',
    tooMany: '{{field}} has {{items}}, expected at most {{max}}',
    notEmpty: '{{field}} is not empty ({{items}})',
  },
  examples: [
    {
      check: { field: 'conditions.people.groups.include', function: 'count', options: { equals: 1 } },
      says: 'conditions.people.groups.include has 2 items, expected exactly 1',
    },
  ],
  run(target, options, ctx) {
    const v = target.value;
    if (v !== undefined && v !== null && !Array.isArray(v)) return [ctx.report('notAList')];
    if ((v === undefined || v === null) && !ctx.spec.optional) return [ctx.report('missing')];
    const n = Array.isArray(v) ? v.length : 0;
    const { min, max, equals } = options;
    const items = plural(n, 'item');
    const expected = equals ?? (max === 0 ? [] : undefined);
    if (equals !== undefined && n !== equals) return [ctx.report('notExactly', { items, equals }, { expected })];
    if (min !== undefined && n < min) return [ctx.report('tooFew', { items, min }, { expected })];
    if (max !== undefined && n > max)
      return [ctx.report(max === 0 ? 'notEmpty' : 'tooMany', max === 0 ? { items } : { items, max }, { expected })];
    return [];
  },
});
