import type { CheckFunction } from '../scope.js';
import { fmt } from '../format.js';

/**
 * The shape of a URL: https, no wildcard, no query, no fragment, no trailing slash, and
 * optionally an exact path. Every violated property is named, so the fix is obvious.
 */
export const url: CheckFunction = {
  name: 'url',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      https: { type: 'boolean' },
      noWildcard: { type: 'boolean' },
      noQuery: { type: 'boolean' },
      noFragment: { type: 'boolean' },
      noTrailingSlash: { type: 'boolean' },
      path: {},
    },
  },
  run(target, options, ctx) {
    const v = target.value;
    if (typeof v !== 'string') {
      const detail = v === undefined ? `${ctx.field} is missing` : `${ctx.field} is ${fmt(v)}, expected a URL`;
      return [ctx.problem({ detail, pointer: target.pointer, found: v })];
    }
    const wrong: string[] = [];
    if (options.noWildcard && v.includes('*')) wrong.push('has a wildcard');
    let u: URL | undefined;
    try {
      u = new URL(v);
    } catch {
      wrong.push('is not an absolute URL');
    }
    if (u) {
      if (options.https && u.protocol !== 'https:') wrong.push(`uses ${u.protocol.replace(':', '')}, not https`);
      if (options.noQuery && v.includes('?')) wrong.push('has a query string');
      if (options.noFragment && v.includes('#')) wrong.push('has a fragment');
      const rawPath = v.replace(/^[a-z]+:\/\/[^/?#]*/i, '').replace(/[?#].*$/, '');
      if (options.noTrailingSlash && rawPath.length > 1 && rawPath.endsWith('/')) wrong.push('ends with a slash');
      if (options.noTrailingSlash && rawPath === '/') wrong.push('ends with a slash');
      if (options.path !== undefined) {
        const want = String(ctx.scope.value(options.path, target));
        if (rawPath.replace(/\/$/, '') !== want && rawPath !== want)
          wrong.push(`has the path ${fmt(rawPath || '/')}, not ${fmt(want)}`);
      }
    }
    if (!wrong.length) return [];
    return [ctx.problem({ detail: `${ctx.field} ${fmt(v)} ${wrong.join(', ')}`, pointer: target.pointer, found: v })];
  },
};
