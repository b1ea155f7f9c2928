import type { CheckFunction } from '../scope.js';

/** The value is present and not null. */
export const defined: CheckFunction = {
  name: 'defined',
  handlesMissing: true,
  options: { type: 'object', additionalProperties: false, properties: {} },
  run(target, _options, ctx) {
    if (target.value !== undefined && target.value !== null) return [];
    return [
      ctx.problem({
        detail: `${ctx.field} is ${target.value === null ? 'null' : 'missing'}`,
        pointer: target.pointer,
        found: target.value,
      }),
    ];
  },
};
