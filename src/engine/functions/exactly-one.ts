import type { CheckFunction } from '../scope.js';
import type { CheckSpec, Target } from '../types.js';

interface Branch {
  label: string;
  from: string;
  where?: CheckSpec[];
}

/**
 * Exactly one of several alternatives exists in the snapshot (e.g. one live provisioning channel).
 * The `none` and `many` messages may use {{live}} (the alternatives found) and {{expect.…}}.
 */
export const exactlyOne: CheckFunction = {
  name: 'exactlyOne',
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
      },
      none: { type: 'string' },
      many: { type: 'string' },
    },
  },
  run(_target, options, ctx) {
    const live: { label: string; item: Target }[] = [];
    for (const b of options.of as Branch[]) {
      const hit = ctx.scope
        .select(b.from)
        .find((t) => t.value !== undefined && !(b.where ?? []).some((w) => ctx.scope.check(w, t).length > 0));
      if (hit) live.push({ label: `${b.label} (${ctx.scope.describe(hit.pointer)})`, item: hit });
    }
    if (live.length === 1) return [];
    const vars = { live: live.map((l) => l.label).join(' and ') };
    if (live.length === 0) {
      const first = (options.of as Branch[])[0];
      const ptr = ctx.scope.select(first.from.replace(/\[\*\].*$/, ''))[0]?.pointer ?? '';
      return [ctx.problem({ detail: String(options.none), pointer: ptr, found: [] }, vars)];
    }
    return [
      ctx.problem(
        { detail: String(options.many), pointer: live[1].item.pointer, found: live.map((l) => l.label) },
        vars,
      ),
    ];
  },
};
