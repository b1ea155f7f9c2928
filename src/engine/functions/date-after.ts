import { defineCheck } from '../check.js';
import { fmt } from '../format.js';

/** A timestamp lies after the evaluation instant (the snapshot's collectedAt, else now). */
export const dateAfter = defineCheck({
  name: 'dateAfter',
  summary: "A timestamp lies after the evaluation instant (the snapshot's collectedAt, else now).",
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      nullMeansNever: { type: 'boolean', description: 'an absent or null value never expires: it passes' },
    },
  },
  messages: {
    notADate: '{{field}} is {{found}}, expected a date',
    expired: '{{field}} is {{found}}, which is not after {{now}} (expired)',
  },
  examples: [
    {
      check: { field: 'expiresAt', function: 'dateAfter', options: { nullMeansNever: true } },
      says: 'expiresAt is "2026-01-01T00:00:00Z", which is not after 2026-11-29T10:00:00.000Z (expired)',
    },
  ],
  run(target, options, ctx) {
    const v = target.value;
    if ((v === null || v === undefined) && options.nullMeansNever) return [];
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    if (Number.isNaN(t)) return [ctx.report('notADate', { found: fmt(v) })];
    if (t > ctx.scope.now.getTime()) return [];
    const now = ctx.scope.now.toISOString();
    return [ctx.report('expired', { found: fmt(v), now }, { expected: `after ${now}` })];
  },
});
