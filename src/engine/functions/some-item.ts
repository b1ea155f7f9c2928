import { defineCheck } from '../check.js';
import type { Problem } from '../types.js';
import { joinPointer } from '../../util/pointer.js';

/**
 * Some item of a list that passes `where` also passes `then`. When no item passes `where`, the
 * `missing` message is the problem; otherwise the problems of the first candidate are.
 */
export const someItem = defineCheck({
  name: 'someItem',
  summary:
    'Some item of a list that passes `where` also passes `then`. When no item passes `where`, ' +
    'the `missing` message is the problem; otherwise the problems of the first candidate are.',
  options: {
    type: 'object',
    required: ['missing'],
    additionalProperties: false,
    properties: {
      where: { type: 'array', description: 'checks that select the candidate items' },
      then: { type: 'array', description: 'checks some candidate must pass' },
      missing: { type: 'string', description: 'the message when no item is a candidate (may use ${…})' },
    },
  },
  nested: ['where', 'then'],
  templates: ['missing'],
  messages: { noCandidate: { option: 'missing' } },
  examples: [
    {
      check: {
        field: 'rules',
        function: 'someItem',
        options: {
          where: [{ field: 'status', function: 'equals', options: { value: 'ACTIVE' } }],
          then: [{ field: 'priority', function: 'equals', options: { value: 1 } }],
          missing: 'the policy has no active rule',
        },
      },
      says: 'the policy has no active rule',
    },
  ],
  run(target, options, ctx) {
    const where = options.where ?? [];
    const then = options.then ?? [];
    const items = Array.isArray(target.value) ? target.value : [];
    let firstProblems: Problem[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const t = { value: items[i], pointer: joinPointer(target.pointer, i) };
      if (!where.every((w) => ctx.scope.passes(w, t))) continue;
      const problems = then.flatMap((c) => ctx.scope.check(c, t));
      if (problems.length === 0) return [];
      firstProblems ??= problems;
    }
    if (firstProblems) return firstProblems;
    return [ctx.report('noCandidate')];
  },
});
