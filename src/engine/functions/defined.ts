import { defineCheck } from '../check.js';

/** The value is present and not null. */
export const defined = defineCheck({
  name: 'defined',
  summary: 'The value is present and not null.',
  handlesMissing: true,
  options: { type: 'object', additionalProperties: false, properties: {} },
  messages: { missing: '{{field}} is missing', null: '{{field}} is null' },
  examples: [{ check: { field: 'policy.id', function: 'defined' }, says: 'policy.id is missing' }],
  run(target, _options, ctx) {
    if (target.value !== undefined && target.value !== null) return [];
    return [ctx.report(target.value === null ? 'null' : 'missing')];
  },
});
