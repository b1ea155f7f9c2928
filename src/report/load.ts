import type { FormatName } from './index.js';
import type { Formatter } from './types.js';

/** Each format's module, imported only when a run writes that format (the HTML one is large). */
const LOADERS: Record<FormatName, () => Promise<Formatter>> = {
  text: async () => (await import('./text.js')).formatText,
  json: async () => (await import('./json.js')).formatJson,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  markdown: async () => (await import('./markdown.js')).formatMarkdown,
  html: async () => (await import('./html.js')).formatHtml,
  junit: async () => (await import('./junit.js')).formatJunit,
};

/** The --format choices, in the order --help lists them. */
export const FORMAT_NAMES = Object.keys(LOADERS) as FormatName[];

export function loadFormatter(name: FormatName): Promise<Formatter> {
  return LOADERS[name]();
}
