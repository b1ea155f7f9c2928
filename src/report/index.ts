import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';
import { formatHtml } from './html.js';
import { formatJunit } from './junit.js';
import type { Formatter } from './types.js';

export type { Formatter } from './types.js';

/** The CLI's --format choices. */
export type FormatName = 'text' | 'json' | 'sarif' | 'markdown' | 'html' | 'junit';

/** Every report format by name (Spectral-style): a new format is one file and one entry here. */
export const FORMATTERS: Record<FormatName, Formatter> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  markdown: formatMarkdown,
  html: formatHtml,
  junit: formatJunit,
};
