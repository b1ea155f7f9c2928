import type { CheckFunction } from '../scope.js';
import { fmt } from '../format.js';
import { select } from '../paths.js';

/**
 * The value (or, for a list, one of its items) refers to another resource: equals the `value`
 * expression, typically a subject's id ({subject: group, field: id}). `itemField` names the field
 * of a list item that holds the reference.
 */
export const reference: CheckFunction = {
  name: 'reference',
  options: {
    type: 'object',
    required: ['value'],
    additionalProperties: false,
    properties: { value: {}, itemField: { type: 'string' }, noun: { type: 'string' } },
  },
  run(target, options, ctx) {
    const wanted = ctx.scope.value(options.value, target);
    const items = Array.isArray(target.value) ? target.value : target.value === undefined ? [] : [target.value];
    const field = options.itemField as string | undefined;
    const ids = items.map((it) => (field ? select({ value: it, pointer: '' }, field)[0]?.value : it));
    if (ids.some((id) => id === wanted)) return [];
    const noun = options.noun ? ctx.scope.path(options.noun as string) : 'the referenced resource';
    const detail =
      items.length === 0
        ? `${ctx.field} is empty: ${noun} (${fmt(wanted)}) is not among them`
        : `${ctx.field} does not include ${noun} (${fmt(wanted)}); it has ${ids.map((i) => fmt(i)).join(', ')}`;
    return [ctx.problem({ detail, pointer: target.pointer, found: ids, expected: wanted })];
  },
};
