import { defineCheck } from '../check.js';
import { fmt } from '../format.js';
import { jsonEqual } from '../../util/json-equal.js';

function same(a: unknown, b: unknown, caseInsensitive: boolean): boolean {
  if (caseInsensitive && typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  // objects and lists compare by content, whatever the order of their keys
  return jsonEqual(a, b);
}

/** The value equals the expected value exactly: case-sensitive and type-sensitive unless told otherwise. */
export const equals = defineCheck({
  name: 'equals',
  summary:
    'The value equals the expected value exactly: case-sensitive and type-sensitive unless told otherwise; ' +
    'a near miss (case, whitespace, a trailing slash, a number written as a string) is named.',
  options: {
    type: 'object',
    required: ['value'],
    additionalProperties: false,
    properties: {
      value: { description: 'the expected value: a value expression or a literal' },
      caseInsensitive: { type: 'boolean', description: 'compare strings regardless of case' },
    },
  },
  placeholders: ['hint'],
  messages: {
    missing: '{{field}} is missing, expected {{expected}}',
    mismatch: '{{field}} is {{found}}, expected {{expected}}{{hint}}',
  },
  examples: [
    {
      check: { field: 'protocol.type', function: 'equals', options: { value: 'OIDC' } },
      says: 'protocol.type is "oidc", expected "OIDC" (the comparison is case-sensitive)',
    },
  ],
  run(target, options, ctx) {
    const expected = ctx.scope.value(options.value, target);
    if (same(target.value, expected, options.caseInsensitive === true)) return [];
    if (ctx.quiet) return [ctx.report('mismatch')];
    if (target.value === undefined) return [ctx.report('missing', { expected: fmt(expected), hint: '' }, { expected })];
    // a rule's own message may say {{hint}}: how the value misses (case, whitespace, a slash), or nothing
    const hint = options.caseInsensitive ? '' : hintCase(target.value, expected);
    return [ctx.report('mismatch', { found: fmt(target.value), expected: fmt(expected), hint }, { expected })];
  },
});

function hintCase(found: unknown, expected: unknown): string {
  if (typeof found !== 'string' || typeof expected !== 'string') {
    if (typeof found !== typeof expected && String(found) === String(expected))
      return ` (a ${typeof found}, not a ${typeof expected})`;
    return '';
  }
  if (found.toLowerCase() === expected.toLowerCase()) return ' (the comparison is case-sensitive)';
  if (found.trim() === expected) {
    const lead = found.slice(0, found.length - found.trimStart().length);
    const trail = found.slice(found.trimEnd().length);
    const what = (ws: string) => (/^ +$/.test(ws) ? (ws.length === 1 ? 'space' : 'spaces') : 'whitespace');
    return ` (remove the ${[lead && `leading ${what(lead)}`, trail && `trailing ${what(trail)}`].filter(Boolean).join(' and ')})`;
  }
  if (found.replace(/\/+$/, '') === expected) return ' (remove the trailing slash)';
  return '';
}
