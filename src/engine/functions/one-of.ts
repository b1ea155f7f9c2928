import { defineCheck } from '../check.js';
import { fmt, list } from '../format.js';

/** The value is one of a list of values (or, with `not`, none of them). */
export const oneOf = defineCheck({
  name: 'oneOf',
  summary: 'The value is one of a list of values (or, with `not`, none of them).',
  options: {
    type: 'object',
    required: ['values'],
    additionalProperties: false,
    properties: {
      values: { description: 'the allowed values: a list, or a value expression giving one' },
      not: { type: 'boolean', description: 'the value must be none of them' },
    },
  },
  messages: {
    missing: '{{field}} is missing, expected one of {{values}}',
    notOneOf: '{{field}} is {{found}}, expected {{values}}',
    forbidden: '{{field}} is {{found}}, which it must not be',
  },
  examples: [
    {
      check: { field: 'status', function: 'oneOf', options: { values: ['ACTIVE', 'STAGED'] } },
      says: 'status is "INACTIVE", expected one of "ACTIVE", "STAGED"',
    },
  ],
  run(target, options, ctx) {
    const values = ctx.scope.value(options.values, target);
    const set = ctx.scope.setOf(values);
    const inSet = set.has(target.value);
    if (ctx.quiet) return inSet === (options.not === true) ? [ctx.report('notOneOf')] : [];
    if (options.not === true) return inSet ? [ctx.report('forbidden', { found: fmt(target.value) })] : [];
    if (inSet) return [];
    const all = [...set];
    const expected = all.length === 1 ? all[0] : all;
    if (target.value === undefined) return [ctx.report('missing', { values: list(all) }, { expected })];
    const shown = all.length === 1 ? fmt(all[0]) : `one of ${list(all)}`;
    return [ctx.report('notOneOf', { found: fmt(target.value), values: shown }, { expected })];
  },
});
