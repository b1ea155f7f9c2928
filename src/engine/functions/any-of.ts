import { defineCheck } from '../check.js';

/** At least one of the checks holds; otherwise one problem that says what each would have needed. */
export const anyOf = defineCheck({
  name: 'anyOf',
  summary: 'At least one of the checks holds; otherwise one problem that says what each would have needed.',
  handlesMissing: true,
  options: {
    type: 'object',
    required: ['checks'],
    additionalProperties: false,
    properties: { checks: { type: 'array', minItems: 2, description: 'the alternative checks' } },
  },
  nested: ['checks'],
  messages: { noneHolds: '{{alternatives}}' },
  examples: [
    {
      check: {
        function: 'anyOf',
        options: {
          checks: [
            { field: 'type', function: 'equals', options: { value: 'OIDC' } },
            { field: 'type', function: 'equals', options: { value: 'SAML2' } },
          ],
        },
      },
      says: 'type is "X", expected "OIDC", and type is "X", expected "SAML2"',
    },
  ],
  run(target, options, ctx) {
    const all = [];
    for (const c of options.checks) {
      const problems = ctx.scope.check(c, target);
      if (problems.length === 0) return [];
      all.push(...problems);
    }
    return [
      ctx.report(
        'noneHolds',
        { alternatives: all.map((p) => p.detail).join(', and ') },
        { pointer: all[0]?.pointer ?? target.pointer, found: all[0]?.found },
      ),
    ];
  },
});
