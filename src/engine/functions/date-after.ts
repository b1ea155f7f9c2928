import type { CheckFunction } from '../scope.js';
import { fmt } from '../format.js';

/** A timestamp lies after the evaluation instant (the snapshot's collectedAt, else now). */
export const dateAfter: CheckFunction = {
  name: 'dateAfter',
  options: { type: 'object', additionalProperties: false, properties: { nullMeansNever: { type: 'boolean' } } },
  run(target, options, ctx) {
    const v = target.value;
    if ((v === null || v === undefined) && options.nullMeansNever) return [];
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    if (Number.isNaN(t)) {
      return [ctx.problem({ detail: `${ctx.field} is ${fmt(v)}, expected a date`, pointer: target.pointer, found: v })];
    }
    if (t > ctx.scope.now.getTime()) return [];
    return [
      ctx.problem({
        detail: `${ctx.field} is ${fmt(v)}, which is not after ${ctx.scope.now.toISOString()} (expired)`,
        pointer: target.pointer,
        found: v,
        expected: `after ${ctx.scope.now.toISOString()}`,
      }),
    ];
  },
};
