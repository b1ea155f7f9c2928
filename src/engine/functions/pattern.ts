import { RE2JS } from 're2js';
import { defineCheck, type FunctionContext } from '../check.js';
import { fmt } from '../format.js';

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0 };

/** `${expect.…}` and `${subject.…}` in a pattern: their values are matched literally, never as syntax. */
const PLACEHOLDER = /\$\{(?:expect|subject)\.[^}]+\}/g;

/**
 * Patterns are matched by RE2 (re2js), whose matching time is linear in the length of the value
 * whatever the pattern: a rule author's `^(a|a)*$` cannot stall a run. RE2 has no lookaround and
 * no backreferences; JavaScript-only escapes (\u0041, \cJ, [^]) are translated first.
 */
function compile(source: string, flags: string): RE2JS {
  let bits = 0;
  for (const f of flags) bits |= FLAG_BITS[f] ?? 0;
  return RE2JS.compile(RE2JS.translateRegExp(source), bits);
}

/** Compiled patterns by flags and source: a rule's pattern is compiled once per run, not per value. */
const compiled = new Map<string, RE2JS>();
const MAX_CACHED = 1000;

function cached(source: string, flags: string): RE2JS {
  const key = `${flags}/${source}`;
  let re = compiled.get(key);
  if (!re) {
    re = compile(source, flags);
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(key, re);
  }
  return re;
}

function substitute(template: string, ctx: FunctionContext): string {
  return template.replace(PLACEHOLDER, (m) => RE2JS.quote(ctx.scope.path(m)));
}

/** Why a pattern does not compile (its placeholders standing for any literal text), or undefined. */
export function patternError(template: string, flags = ''): string | undefined {
  try {
    compile(template.replace(PLACEHOLDER, 'x'), flags);
    return undefined;
  } catch (e) {
    const msg = (e as Error).message.replace(/^error parsing regexp: /, '');
    return msg;
  }
}

/** A string matches `match` and does not match `notMatch` (regular expressions in RE2 syntax). */
export const pattern = defineCheck({
  name: 'pattern',
  summary:
    'A string matches `match` and does not match `notMatch`: regular expressions in RE2 syntax (no lookaround, no backreferences), ' +
    'matched in time linear in the value; `${expect.…}` and `${subject.…}` in them stand for their values, matched literally.',
  input: { type: 'string', noun: 'a string' },
  options: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      match: { type: 'string', description: 'a regular expression the value must match' },
      notMatch: { type: 'string', description: 'a regular expression the value must not match' },
      flags: {
        type: 'string',
        pattern: '^[imsu]*$',
        description: 'i (ignore case), m (multi-line), s (dot matches newline), u',
      },
    },
  },
  messages: {
    noMatch: '{{field}} is {{found}}, which does not match {{pattern}}',
    forbiddenMatch: '{{field}} is {{found}}, which must not match {{pattern}}',
  },
  examples: [
    {
      check: { field: 'name', function: 'pattern', options: { match: 'SSO$' } },
      says: 'name is "Beyond Identity", which does not match /SSO$/',
    },
  ],
  validate(options) {
    const flags = options.flags ?? '';
    const out: { key: string; message: string }[] = [];
    for (const key of ['match', 'notMatch'] as const) {
      const source = options[key];
      if (typeof source !== 'string') continue;
      const error = patternError(source, flags);
      if (error) out.push({ key, message: `invalid regular expression in ${key}: ${error}` });
    }
    return out;
  },
  run(target, options, ctx) {
    const flags = options.flags ?? '';
    const value = target.value as string;
    const found = fmt(value);
    const out = [];
    if (typeof options.match === 'string' && !cached(substitute(options.match, ctx), flags).test(value)) {
      const expected = `/${options.match}/`;
      out.push(ctx.report('noMatch', { found, pattern: expected }, { expected }));
    }
    if (typeof options.notMatch === 'string' && cached(substitute(options.notMatch, ctx), flags).test(value))
      out.push(ctx.report('forbiddenMatch', { found, pattern: `/${options.notMatch}/` }));
    return out;
  },
});
