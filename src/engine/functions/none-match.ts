import { UnknownValue, type CheckFunction } from '../scope.js';
import type { CheckSpec, Target } from '../types.js';
import { select } from '../paths.js';
import { getOwn } from '../../util/pointer.js';

/**
 * No item of a collection passes all of `where` (e.g. no registered user outside the group).
 * Reported once, with the count and the first few items by `show` (or by a `lookup` of another
 * collection, e.g. a user id's login), so a 200,000-user org gets one readable finding.
 */
export const noneMatch: CheckFunction = {
  name: 'noneMatch',
  handlesMissing: true,
  options: {
    type: 'object',
    required: ['from', 'where', 'message'],
    additionalProperties: false,
    properties: {
      from: { type: 'string' },
      where: { type: 'array', minItems: 1 },
      show: { type: 'string' },
      lookup: {
        type: 'object',
        required: ['from', 'key', 'show'],
        additionalProperties: false,
        properties: { from: { type: 'string' }, key: { type: 'string' }, show: { type: 'string' } },
      },
      limit: { type: 'integer', minimum: 1 },
      message: { type: 'string' },
    },
  },
  run(_target, options, ctx) {
    const where = options.where as CheckSpec[];
    const offending: Target[] = [];
    const from = ctx.scope.path(options.from as string);
    const collection = from.replace(/\[\*\]$/, '');
    const items = ctx.scope.select(from);
    if (items.length === 1 && items[0].value === undefined)
      throw new UnknownValue(`${collection} is not in the snapshot`);
    for (const t of items) {
      if (t.value === undefined) continue;
      if (where.every((w) => ctx.scope.check(w, t).length === 0)) offending.push(t);
    }
    if (offending.length === 0) return [];
    const limit = (options.limit as number | undefined) ?? 5;
    let label = (t: Target): unknown => (options.show ? select(t, options.show as string)[0]?.value : t.value);
    const lookup = options.lookup as { from: string; key: string; show: string } | undefined;
    if (lookup) {
      const index = new Map<unknown, unknown>();
      for (const it of ctx.scope.select(lookup.from))
        index.set(select(it, lookup.key)[0]?.value, select(it, lookup.show)[0]?.value);
      label = (t) => index.get(t.value) ?? t.value;
    }
    const shown = offending.slice(0, limit).map((t) => String(label(t) ?? getOwn(t.value, 'id')));
    const examples = shown.join(', ') + (offending.length > limit ? `, and ${offending.length - limit} more` : '');
    return [
      ctx.problem(
        {
          detail: String(options.message),
          pointer: offending[0].pointer,
          found: offending.length,
          resource: ctx.scope.select(collection)[0]?.pointer,
        },
        { count: offending.length, examples },
      ),
    ];
  },
};
