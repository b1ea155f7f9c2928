import { defineCheck } from '../check.js';
import { fmt } from '../format.js';

/**
 * The shape of a URL: https, no wildcard, no query, no fragment, no trailing slash, and
 * optionally an exact path. Every violated property is named, so the fix is obvious.
 */
export const url = defineCheck({
  name: 'url',
  summary:
    'The shape of a URL: https, no wildcard, no query, no fragment, no trailing slash, and optionally an exact path; every violated property is named.',
  input: { type: 'string', noun: 'a URL' },
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      https: { type: 'boolean', description: 'the scheme is https' },
      noWildcard: { type: 'boolean', description: 'no * anywhere' },
      noQuery: { type: 'boolean', description: 'no query string' },
      noFragment: { type: 'boolean', description: 'no #fragment' },
      noTrailingSlash: { type: 'boolean', description: 'the path does not end with a slash' },
      path: { description: 'the exact path (a value expression); a trailing slash is ignored' },
    },
  },
  messages: { badUrl: '{{field}} {{found}} {{problems}}' },
  examples: [
    {
      check: { field: 'redirect_uri', function: 'url', options: { https: true, noQuery: true } },
      says: 'redirect_uri "http://acme.example/cb?x=1" uses http, not https, has a query string',
    },
  ],
  run(target, options, ctx) {
    const v = target.value as string;
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
    return [ctx.report('badUrl', { found: fmt(v), problems: wrong.join(', ') })];
  },
});
