import { defineCheck } from '../check.js';
import { list } from '../format.js';
import { select } from '../paths.js';
import { jsonEqual } from '../../util/json-equal.js';
import { joinPointer } from '../../util/pointer.js';

/** Every item of a list (or, with `by`, a field of each item) is unique; the repeated values are named. */
export const unique = defineCheck({
  name: 'unique',
  summary:
    'Every item of a list, or with `by` a field of each item, is unique (objects compare by content); ' +
    'the repeated values are named, and the problem points at the first repeat. Items without the field are not compared.',
  input: { type: 'array', noun: 'a list' },
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      by: { type: 'string', description: 'the field of each item that must be unique (a path, e.g. profile.login)' },
    },
  },
  messages: {
    repeated: '{{field}} has {{repeated}} more than once',
    repeatedBy: '{{field}} has more than one item with {{by}} {{repeated}}',
  },
  examples: [
    {
      check: { field: 'settings.oauthClient.redirect_uris', function: 'unique' },
      says: 'settings.oauthClient.redirect_uris has "https://acme.example/cb" more than once',
    },
    {
      check: { field: 'idps', function: 'unique', options: { by: 'name' } },
      says: 'idps has more than one item with name "Beyond Identity"',
    },
  ],
  run(target, options, ctx) {
    const items = target.value as unknown[];
    const by = options.by;
    const primitives = new Set<unknown>();
    const objects: unknown[] = [];
    const repeated: unknown[] = [];
    let first: string | undefined;
    items.forEach((item, i) => {
      const v = by === undefined ? item : select({ value: item, pointer: '' }, by)[0]?.value;
      if (v === undefined) return;
      const isObject = v !== null && typeof v === 'object';
      const seen = isObject ? objects.some((o) => jsonEqual(o, v)) : primitives.has(v);
      if (!seen) {
        if (isObject) objects.push(v);
        else primitives.add(v);
        return;
      }
      first ??= joinPointer(target.pointer, i);
      if (!repeated.some((r) => jsonEqual(r, v))) repeated.push(v);
    });
    if (!repeated.length) return [];
    const data = { repeated: list(repeated), count: repeated.length };
    const at = { pointer: first, found: items };
    if (by === undefined) return [ctx.report('repeated', data, at)];
    return [ctx.report('repeatedBy', { ...data, by }, at)];
  },
});
