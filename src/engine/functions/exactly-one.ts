import { defineCheck } from '../check.js';
import type { CheckSpec, Target } from '../types.js';

/**
 * Exactly one of several alternatives exists in the snapshot (e.g. one live provisioning channel).
 * The `none` and `many` messages may use {{live}} (the alternatives found) and {{expect.…}}.
 */
export const exactlyOne = defineCheck({
  name: 'exactlyOne',
  summary:
    'Exactly one of several alternatives exists in the snapshot (e.g. one live provisioning channel); ' +
    'the `none` and `many` messages may use {{live}} (the alternatives found) and {{expect.…}}.',
  handlesMissing: true,
  options: {
    type: 'object',
    required: ['of', 'none', 'many'],
    additionalProperties: false,
    properties: {
      of: {
        type: 'array',
        minItems: 2,
        items: {
          type: 'object',
          required: ['label', 'from'],
          additionalProperties: false,
          properties: { label: { type: 'string' }, from: { type: 'string' }, where: { type: 'array' } },
        },
        description: 'the alternatives: each a label, the path of its items and checks one of them must pass',
      },
      none: { type: 'string', description: 'the message when no alternative exists' },
      many: { type: 'string', description: 'the message when more than one exists' },
    },
  },
  nested: ['of[].where'],
  templates: ['none', 'many'],
  placeholders: ['live'],
  messages: { none: { option: 'none' }, many: { option: 'many' } },
  examples: [
    {
      check: {
        function: 'exactlyOne',
        options: {
          of: [
            {
              label: 'SCIM',
              from: 'okta.apps[*]',
              where: [{ field: 'status', function: 'equals', options: { value: 'ACTIVE' } }],
            },
            { label: 'the event hook', from: 'okta.eventHooks[*]' },
          ],
          none: 'no provisioning channel is live',
          many: 'more than one provisioning channel is live: {{live}}',
        },
      },
      says: 'more than one provisioning channel is live: SCIM (app "BI SCIM") and the event hook (event hook "BI")',
    },
  ],
  run(_target, options, ctx) {
    const live: { label: string; item: Target }[] = [];
    for (const b of options.of) {
      const where = (b.where ?? []) as CheckSpec[];
      const hit = ctx.scope
        .select(b.from)
        .find((t) => t.value !== undefined && where.every((w) => ctx.scope.passes(w, t)));
      if (hit) live.push({ label: `${b.label} (${ctx.scope.describe(hit.pointer)})`, item: hit });
    }
    if (live.length === 1) return [];
    const vars = { live: live.map((l) => l.label).join(' and ') };
    if (live.length === 0) {
      const first = options.of[0];
      const ptr = ctx.scope.select(first.from.replace(/\[\*\].*$/, ''))[0]?.pointer ?? '';
      return [ctx.report('none', vars, { pointer: ptr, found: [] })];
    }
    return [ctx.report('many', vars, { pointer: live[1].item.pointer, found: live.map((l) => l.label) })];
  },
});
