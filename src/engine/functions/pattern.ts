import type { CheckFunction } from '../scope.js';
import { fmt } from '../format.js';

/** A string matches `match` and does not match `notMatch` (JavaScript regular expressions). */
export const pattern: CheckFunction = {
  name: 'pattern',
  options: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: { match: { type: 'string' }, notMatch: { type: 'string' }, flags: { type: 'string', pattern: '^[imsu]*$' } },
  },
  run(target, options, ctx) {
    const flags = (options.flags as string | undefined) ?? '';
    if (typeof target.value !== 'string') {
      const detail = target.value === undefined ? `${ctx.field} is missing` : `${ctx.field} is ${fmt(target.value)}, expected a string`;
      return [ctx.problem({ detail, pointer: target.pointer, found: target.value })];
    }
    const out = [];
    if (typeof options.match === 'string' && !new RegExp(ctx.scope.path(options.match), flags).test(target.value)) {
      out.push(ctx.problem({ detail: `${ctx.field} is ${fmt(target.value)}, which does not match /${options.match}/`, pointer: target.pointer, found: target.value, expected: `/${options.match}/` }));
    }
    if (typeof options.notMatch === 'string' && new RegExp(ctx.scope.path(options.notMatch), flags).test(target.value)) {
      out.push(ctx.problem({ detail: `${ctx.field} is ${fmt(target.value)}, which must not match /${options.notMatch}/`, pointer: target.pointer, found: target.value }));
    }
    return out;
  },
};
