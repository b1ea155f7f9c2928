import type { CheckFunction } from '../scope.js';
import { plural } from '../../util/text.js';

/** The number of items of a list is within bounds (an absent list counts as empty when the check is optional). */
export const count: CheckFunction = {
  name: 'count',
  options: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      min: { type: 'integer', minimum: 0 },
      max: { type: 'integer', minimum: 0 },
      equals: { type: 'integer', minimum: 0 },
    },
  },
  run(target, options, ctx) {
    const v = target.value;
    if (v !== undefined && v !== null && !Array.isArray(v)) {
      return [ctx.problem({ detail: `${ctx.field} is not a list`, pointer: target.pointer, found: v })];
    }
    if ((v === undefined || v === null) && !ctx.spec.optional) {
      return [ctx.problem({ detail: `${ctx.field} is missing`, pointer: target.pointer, found: v })];
    }
    const n = Array.isArray(v) ? v.length : 0;
    const { min, max, equals } = options as { min?: number; max?: number; equals?: number };
    let detail: string | undefined;
    if (equals !== undefined && n !== equals)
      detail = `${ctx.field} has ${plural(n, 'item')}, expected exactly ${equals}`;
    else if (min !== undefined && n < min) detail = `${ctx.field} has ${plural(n, 'item')}, expected at least ${min}`;
    else if (max !== undefined && n > max)
      detail =
        max === 0
          ? `${ctx.field} is not empty (${plural(n, 'item')})`
          : `${ctx.field} has ${plural(n, 'item')}, expected at most ${max}`;
    return detail
      ? [ctx.problem({ detail, pointer: target.pointer, found: v, expected: equals ?? (max === 0 ? [] : undefined) })]
      : [];
  },
};
