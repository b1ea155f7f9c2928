import type { CheckFunction } from '../scope.js';
import { fmt, list } from '../format.js';

/** The value is one of a list of values (or, with `not`, none of them). */
export const oneOf: CheckFunction = {
  name: 'oneOf',
  options: {
    type: 'object',
    required: ['values'],
    additionalProperties: false,
    properties: { values: {}, not: { type: 'boolean' } },
  },
  run(target, options, ctx) {
    const values = ctx.scope.value(options.values, target);
    const set = ctx.scope.setOf(values);
    const inSet = set.has(target.value);
    if (options.not === true) {
      if (!inSet) return [];
      return [
        ctx.problem({
          detail: `${ctx.field} is ${fmt(target.value)}, which it must not be`,
          pointer: target.pointer,
          found: target.value,
        }),
      ];
    }
    if (inSet) return [];
    const expected = [...set];
    const detail =
      target.value === undefined
        ? `${ctx.field} is missing, expected one of ${list(expected)}`
        : `${ctx.field} is ${fmt(target.value)}, expected ${expected.length === 1 ? fmt(expected[0]) : `one of ${list(expected)}`}`;
    return [
      ctx.problem({
        detail,
        pointer: target.pointer,
        found: target.value,
        expected: expected.length === 1 ? expected[0] : expected,
      }),
    ];
  },
};
