import { defineCheck, type FunctionContext } from '../check.js';
import type { Problem, Target } from '../types.js';
import { fmt, list } from '../format.js';

/** The target's list, or the problem of a target that is not one (missing: the expected list is named). */
function asList(target: Target, ctx: FunctionContext, expected: unknown[]): unknown[] | Problem {
  if (Array.isArray(target.value)) return target.value;
  if (target.value === undefined) return ctx.report('missing', { expected: fmt(expected) }, { expected });
  return ctx.report('notAList', { found: fmt(target.value) }, { expected });
}

function expectedList(options: { value?: unknown }, ctx: FunctionContext, target: Target): unknown[] {
  const v = ctx.scope.value(options.value, target);
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

const isAre = (n: number) => (n === 1 ? 'is' : 'are');

const listOptions = {
  type: 'object',
  required: ['value'],
  additionalProperties: false,
  properties: {
    value: { description: 'the expected items: a list, or a value expression giving one' },
    extraLevel: {
      enum: ['error', 'warning', 'note'],
      description: 'includes only: report items beyond the expected ones at this level',
    },
  },
} as const;

const listMessages = {
  missing: '{{field}} is missing, expected {{expected}}',
  notAList: '{{field}} is {{found}}, expected a list',
} as const;

/** Exact set equality (order and duplicates ignored); extra and missing items are named. */
export const setEquals = defineCheck({
  name: 'setEquals',
  summary:
    'The list holds exactly the expected items (order and duplicates ignored); extra and missing items are named.',
  options: listOptions,
  messages: {
    ...listMessages,
    differs: '{{field}} {{differences}} (expected exactly {{expected}})',
  },
  examples: [
    {
      check: { field: 'grant_types', function: 'setEquals', options: { value: ['authorization_code'] } },
      says: 'grant_types has "implicit", which is not expected (expected exactly ["authorization_code"])',
    },
  ],
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
    if (extra.length) parts.push(`has ${list(extra)}, which ${isAre(extra.length)} not expected`);
    if (missing.length) parts.push(`lacks ${list(missing)}`);
    return [ctx.report('differs', { differences: parts.join(' and '), expected: fmt(expected) }, { found, expected })];
  },
});

/** Set inclusion: the list holds every expected item; extras are reported at `extraLevel` when set. */
export const includes = defineCheck({
  name: 'includes',
  summary: 'The list holds every expected item; items beyond them are reported at `extraLevel` when it is set.',
  options: listOptions,
  messages: {
    ...listMessages,
    lacks: '{{field}} lacks {{missing}}',
    extra: '{{field}} also has {{extra}}, which {{isAre}} not expected',
  },
  examples: [
    {
      check: { field: 'scopes', function: 'includes', options: { value: ['openid'] } },
      says: 'scopes lacks "openid"',
    },
  ],
  run(target, options, ctx) {
    const expected = expectedList(options, ctx, target);
    const found = asList(target, ctx, expected);
    if (!Array.isArray(found)) return [found];
    const have = new Set(found);
    const missing = expected.filter((x) => !have.has(x));
    const out: Problem[] = [];
    if (missing.length) out.push(ctx.report('lacks', { missing: list(missing) }, { found, expected }));
    if (options.extraLevel) {
      const want = new Set(expected);
      const extra = [...have].filter((x) => !want.has(x));
      if (extra.length) {
        const p = ctx.report('extra', { extra: list(extra), isAre: isAre(extra.length) }, { found, expected });
        p.level = options.extraLevel;
        out.push(p);
      }
    }
    return out;
  },
});

/** None of the listed items is in the list. */
export const excludes = defineCheck({
  name: 'excludes',
  summary: 'None of the listed items is in the list (an absent list passes).',
  options: listOptions,
  messages: {
    ...listMessages,
    has: '{{field}} has {{banned}}, which {{isAre}} not allowed',
  },
  examples: [
    {
      check: { field: 'grant_types', function: 'excludes', options: { value: ['implicit', 'password'] } },
      says: 'grant_types has "implicit", which is not allowed',
    },
  ],
  run(target, options, ctx) {
    const banned = expectedList(options, ctx, target);
    if (target.value === undefined) return [];
    const found = asList(target, ctx, []);
    if (!Array.isArray(found)) return [found];
    const have = new Set(found);
    const bad = banned.filter((x) => have.has(x));
    if (!bad.length) return [];
    return [ctx.report('has', { banned: list(bad), isAre: isAre(bad.length) }, { found })];
  },
});
