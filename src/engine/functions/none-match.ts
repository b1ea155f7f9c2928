import { UnknownValue } from '../scope.js';
import { defineCheck } from '../check.js';
import type { Target } from '../types.js';
import { select } from '../paths.js';
import { getOwn } from '../../util/pointer.js';

/**
 * No item of a collection passes all of `where` (e.g. no registered user outside the group).
 * Reported once, with the count and the first few items by `show` (or by a `lookup` of another
 * collection, e.g. a user id's login), so a 200,000-user org gets one readable finding.
 */
export const noneMatch = defineCheck({
  name: 'noneMatch',
  summary:
    'No item of a collection passes all of `where` (e.g. no registered user outside the group); ' +
    'reported once, with the count and the first few items, so a large org gets one readable finding.',
  handlesMissing: true,
  options: {
    type: 'object',
    required: ['from', 'where', 'message'],
    additionalProperties: false,
    properties: {
      from: { type: 'string', description: 'the collection, a path ending in [*]' },
      where: { type: 'array', minItems: 1, description: 'checks an offending item passes' },
      show: { type: 'string', description: 'the field of an item named in the message' },
      lookup: {
        type: 'object',
        required: ['from', 'key', 'show'],
        additionalProperties: false,
        description: "name an item by another collection's field: the item whose `key` equals the value, its `show`",
        properties: { from: { type: 'string' }, key: { type: 'string' }, show: { type: 'string' } },
      },
      limit: { type: 'integer', minimum: 1, description: 'how many items the message names (default 5)' },
      message: { type: 'string', description: 'the message; may use {{count}} and {{examples}}' },
    },
  },
  nested: ['where'],
  templates: ['message'],
  placeholders: ['count', 'examples'],
  messages: { matches: { option: 'message' } },
  examples: [
    {
      check: {
        function: 'noneMatch',
        options: {
          from: 'okta.users[*]',
          where: [{ field: 'status', function: 'equals', options: { value: 'LOCKED_OUT' } }],
          show: 'profile.login',
          message: '{{count}} users are locked out: {{examples}}',
        },
      },
      says: '2 users are locked out: "ann@acme.example", "bob@acme.example"',
    },
  ],
  run(_target, options, ctx) {
    const where = options.where;
    const offending: Target[] = [];
    const from = ctx.scope.path(options.from);
    const collection = from.replace(/\[\*\]$/, '');
    let count = 0;
    let missing = false;
    ctx.scope.each(from, (t) => {
      count++;
      missing = t.value === undefined;
      if (!missing && where.every((w) => ctx.scope.passes(w, t))) offending.push(t);
    });
    if (count === 1 && missing) throw new UnknownValue(`${collection} is not in the snapshot`);
    if (offending.length === 0) return [];
    const limit = options.limit ?? 5;
    const show = options.show;
    let label = (t: Target): unknown => (show ? select(t, show)[0]?.value : t.value);
    const lookup = options.lookup;
    const named = offending.slice(0, limit);
    if (lookup) {
      // only the items the message names are looked up (the last of equal keys wins), not all 200,000
      const wanted = new Set(named.map((t) => t.value));
      const index = new Map<unknown, unknown>();
      ctx.scope.each(lookup.from, (it) => {
        const key = select(it, lookup.key)[0]?.value;
        if (wanted.has(key)) index.set(key, select(it, lookup.show)[0]?.value);
      });
      label = (t) => index.get(t.value) ?? t.value;
    }
    const shown = named.map((t) => String(label(t) ?? getOwn(t.value, 'id')));
    const examples = shown.join(', ') + (offending.length > limit ? `, and ${offending.length - limit} more` : '');
    return [
      ctx.report(
        'matches',
        { count: offending.length, examples },
        { pointer: offending[0].pointer, found: offending.length, resource: ctx.scope.select(collection)[0]?.pointer },
      ),
    ];
  },
});
