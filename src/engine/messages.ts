/**
 * Messages: how a problem's words are made from its message id and data.
 *
 * A **message template** is text with `{{name}}` placeholders (spaces inside the braces are
 * allowed). A placeholder is filled, in this order, from:
 *
 * - the data of the problem: `{{field}}` (the check's label, else its field, else "value"),
 *   `{{found}}` and `{{expected}}` (the values, formatted as messages show them), and what the
 *   check function declares (`{{hint}}` of equals, `{{count}}` and `{{examples}}` of noneMatch,
 *   `{{live}}` of exactlyOne; see docs/functions.md);
 * - `{{mode}}`: the declared provisioning mode;
 * - `{{item.<field>}}`: a field of the resource the check looks at, formatted;
 * - `{{expect.<key>}}`: an expectation, or "(not set)".
 *
 * Anything else is left as written (the loader refuses unknown placeholders in rule files). A rule's
 * finding message (`message:` at the rule's top level) may also use `{{resource}}` and `{{details}}`
 * (findings.ts). Path templates, `${…}`, are the other syntax (values.ts).
 */
import type { MessageTemplate } from './check.js';
import { fmt } from './format.js';
import { select } from './paths.js';
import type { Target } from './types.js';
import type { Resolved } from './values.js';

/** Messages every check may produce, besides those its function declares. */
export const CHECK_MESSAGES: Readonly<Record<string, MessageTemplate>> = {
  /** a field path with a wildcard reaches no value */
  empty: '{{field}} is empty',
};

/** What placeholders beyond the data are filled from. */
export interface MessageSource {
  /** the declared provisioning mode, for {{mode}} */
  readonly mode: string;
  /** an expectation, for {{expect.…}} */
  expectation(key: string): Resolved;
}

type Part = string | { name: string };
/** Templates split into text and placeholders, once per template text. */
const compiled = new Map<string, Part[]>();
const MAX_COMPILED = 1000;

function compile(template: string): Part[] {
  let parts = compiled.get(template);
  if (!parts) {
    parts = [];
    let last = 0;
    for (const m of template.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)) {
      parts.push(template.slice(last, m.index), { name: m[1] });
      last = m.index + m[0].length;
    }
    parts.push(template.slice(last));
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(template, parts);
  }
  return parts;
}

/**
 * A template with its placeholders filled (see the module comment): from `vars`, then `more` (values
 * computed only when a template asks for them), then the rest; `item` is the resource the check looks at.
 */
export function interpolate(
  template: string,
  vars: Record<string, unknown>,
  item: Target | undefined,
  src: MessageSource,
  more?: (name: string) => string | undefined,
): string {
  if (!template.includes('{{')) return template;
  let out = '';
  for (const part of compile(template)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const name = part.name;
    let v: string | undefined;
    if (Object.hasOwn(vars, name)) out += String(vars[name]);
    else if ((v = more?.(name)) !== undefined) out += v;
    else if (name === 'mode') out += src.mode;
    else if (name.startsWith('item.') && item) out += fmt(select(item, name.slice(5))[0]?.value, Infinity);
    else if (name.startsWith('expect.')) {
      const r = src.expectation(name.slice(7));
      out += r.kind === 'value' ? String(r.value) : '(not set)';
    } else out += `{{${name}}}`;
  }
  return out;
}
