import type { CheckFunction } from '../scope.js';
import type { CheckSpec } from '../types.js';

/** At least one of the checks holds; otherwise one problem that says what each would have needed. */
export const anyOf: CheckFunction = {
  name: 'anyOf',
  handlesMissing: true,
  options: {
    type: 'object',
    required: ['checks'],
    additionalProperties: false,
    properties: { checks: { type: 'array', minItems: 2 } },
  },
  run(target, options, ctx) {
    const all = [];
    for (const c of options.checks as CheckSpec[]) {
      const problems = ctx.scope.check(c, target);
      if (problems.length === 0) return [];
      all.push(...problems);
    }
    return [
      ctx.problem({
        detail: all.map((p) => p.detail).join(', and '),
        pointer: all[0]?.pointer ?? target.pointer,
        found: all[0]?.found,
      }),
    ];
  },
};
