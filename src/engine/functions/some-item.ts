import type { CheckFunction } from '../scope.js';
import type { CheckSpec, Problem } from '../types.js';
import { joinPointer } from '../../util/pointer.js';

/**
 * Some item of a list that passes `where` also passes `then`. When no item passes `where`, the
 * `missing` message is the problem; otherwise the problems of the first candidate are.
 */
export const someItem: CheckFunction = {
  name: 'someItem',
  options: {
    type: 'object',
    required: ['missing'],
    additionalProperties: false,
    properties: { where: { type: 'array' }, then: { type: 'array' }, missing: { type: 'string' } },
  },
  run(target, options, ctx) {
    const where = (options.where ?? []) as CheckSpec[];
    const then = (options.then ?? []) as CheckSpec[];
    const items = Array.isArray(target.value) ? target.value : [];
    let firstProblems: Problem[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const t = { value: items[i], pointer: joinPointer(target.pointer, i) };
      if (where.some((w) => ctx.scope.check(w, t).length > 0)) continue;
      const problems = then.flatMap((c) => ctx.scope.check(c, t));
      if (problems.length === 0) return [];
      firstProblems ??= problems;
    }
    if (firstProblems) return firstProblems;
    return [
      ctx.problem({ detail: ctx.scope.path(options.missing as string), pointer: target.pointer, found: target.value }),
    ];
  },
};
