import type { CheckFunction, FunctionContext } from '../scope.js';
import type { Problem, Target } from '../types.js';
import { fmt, list } from '../format.js';

function asList(target: Target, ctx: FunctionContext, expected: unknown[]): unknown[] | Problem {
  if (Array.isArray(target.value)) return target.value;
  const detail =
    target.value === undefined
      ? `${ctx.field} is missing, expected ${fmt(expected)}`
      : `${ctx.field} is ${fmt(target.value)}, expected a list`;
  return ctx.problem({ detail, pointer: target.pointer, found: target.value, expected });
}

function expectedList(options: Record<string, unknown>, ctx: FunctionContext, target: Target): unknown[] {
  const v = ctx.scope.value(options.value, target);
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

const listOptions = {
  type: 'object',
  required: ['value'],
  additionalProperties: false,
  properties: { value: {}, extraLevel: { enum: ['error', 'warning', 'note'] } },
};

/** Exact set equality (order and duplicates ignored); extra and missing items are named. */
export const setEquals: CheckFunction = {
  name: 'setEquals',
  options: listOptions,
  run(target, options, ctx) {
    const expected = expectedList(options, ctx, target);
    const found = asList(target, ctx, expected);
    if (!Array.isArray(found)) return [found];
    const want = new Set(expected);
    const have = new Set(found);
    const extra = [...have].filter((x) => !want.has(x));
    const missing = expected.filter((x) => !have.has(x));
    if (extra.length === 0 && missing.length === 0) return [];
    const parts: string[] = [];
    if (extra.length) parts.push(`has ${list(extra)}, which ${extra.length === 1 ? 'is' : 'are'} not expected`);
    if (missing.length) parts.push(`lacks ${list(missing)}`);
    return [
      ctx.problem({
        detail: `${ctx.field} ${parts.join(' and ')} (expected exactly ${fmt(expected)})`,
        pointer: target.pointer,
        found,
        expected,
      }),
    ];
  },
};

/** Set inclusion: the list holds every expected item; extras are reported at `extraLevel` when set. */
export const includes: CheckFunction = {
  name: 'includes',
  options: listOptions,
  run(target, options, ctx) {
    const expected = expectedList(options, ctx, target);
    const found = asList(target, ctx, expected);
    if (!Array.isArray(found)) return [found];
    const have = new Set(found);
    const missing = expected.filter((x) => !have.has(x));
    const out: Problem[] = [];
    if (missing.length) {
      out.push(
        ctx.problem({ detail: `${ctx.field} lacks ${list(missing)}`, pointer: target.pointer, found, expected }),
      );
    }
    if (options.extraLevel) {
      const want = new Set(expected);
      const extra = [...have].filter((x) => !want.has(x));
      if (extra.length) {
        const p = ctx.problem({
          detail: `${ctx.field} also has ${list(extra)}, which ${extra.length === 1 ? 'is' : 'are'} not expected`,
          pointer: target.pointer,
          found,
          expected,
        });
        p.level = options.extraLevel as Problem['level'];
        out.push(p);
      }
    }
    return out;
  },
};

/** None of the listed items is in the list. */
export const excludes: CheckFunction = {
  name: 'excludes',
  options: listOptions,
  run(target, options, ctx) {
    const banned = expectedList(options, ctx, target);
    if (target.value === undefined) return [];
    const found = asList(target, ctx, []);
    if (!Array.isArray(found)) return [found];
    const have = new Set(found);
    const bad = banned.filter((x) => have.has(x));
    if (!bad.length) return [];
    return [
      ctx.problem({
        detail: `${ctx.field} has ${list(bad)}, which ${bad.length === 1 ? 'is' : 'are'} not allowed`,
        pointer: target.pointer,
        found,
      }),
    ];
  },
};
