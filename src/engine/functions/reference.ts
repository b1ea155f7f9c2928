import { defineCheck } from '../check.js';
import { fmt } from '../format.js';
import { select } from '../paths.js';

/**
 * The value (or, for a list, one of its items) refers to another resource: equals the `value`
 * expression, typically a subject's id ({subject: group, field: id}). `itemField` names the field
 * of a list item that holds the reference.
 */
export const reference = defineCheck({
  name: 'reference',
  summary:
    'The value (or, for a list, one of its items) refers to another resource: ' +
    "it equals the `value` expression, typically a subject's id (`{subject: group, field: id}`).",
  options: {
    type: 'object',
    required: ['value'],
    additionalProperties: false,
    properties: {
      value: { description: 'the id referred to: a value expression' },
      itemField: { type: 'string', description: 'the field of a list item that holds the reference' },
      noun: { type: 'string', description: 'how messages name the referenced resource (may use ${…})' },
    },
  },
  messages: {
    empty: '{{field}} is empty: {{noun}} ({{wanted}}) is not among them',
    notIncluded: '{{field}} does not include {{noun}} ({{wanted}}); it has {{ids}}',
  },
  examples: [
    {
      check: {
        field: 'groups',
        function: 'reference',
        options: { value: { subject: 'group', field: 'id' }, noun: 'the Beyond Identity group' },
      },
      says: 'groups does not include the Beyond Identity group ("00g1"); it has "00g2"',
    },
  ],
  run(target, options, ctx) {
    const wanted = ctx.scope.value(options.value, target);
    const items = Array.isArray(target.value) ? target.value : target.value === undefined ? [] : [target.value];
    const field = options.itemField;
    const ids = items.map((it) => (field ? select({ value: it, pointer: '' }, field)[0]?.value : it));
    if (ids.some((id) => id === wanted)) return [];
    const noun = options.noun ? ctx.scope.path(options.noun) : 'the referenced resource';
    const at = { found: ids, expected: wanted };
    if (items.length === 0) return [ctx.report('empty', { noun, wanted: fmt(wanted) }, at)];
    return [ctx.report('notIncluded', { noun, wanted: fmt(wanted), ids: ids.map((i) => fmt(i)).join(', ') }, at)];
  },
});
