// docs/functions.md, rendered from the check function definitions (src/engine/functions/): what
// each checks, its options (from its JSON Schema), its messages by id and an example. `npm run docs`
// writes it; test/functions-docs.test.ts fails when the committed page differs.
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../util/ajv.js';
import { FUNCTIONS } from '../engine/functions/index.js';
import { INPUT_MESSAGES, type CheckFunction, type JsonSchema, type MessageTemplate } from '../engine/check.js';
import { CHECK_MESSAGES } from '../engine/messages.js';

export const FUNCTIONS_DOC = path.join(PACKAGE_ROOT, 'docs', 'functions.md');

/** Markdown table cell text: pipes escaped, newlines flattened. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' or ');
  if (!s.type) return 'any value';
  if (s.type === 'array')
    return s.items ? `list of ${s.items.type === 'object' ? 'objects' : typeOf(s.items)}` : 'list';
  const bounds = s.minimum !== undefined ? ` ≥ ${s.minimum}` : '';
  return `${s.type}${bounds}`;
}

function optionsTable(fn: CheckFunction): string[] {
  const props = Object.entries(fn.options.properties ?? {});
  if (props.length === 0) return ['No options.', ''];
  const required = new Set(fn.options.required ?? []);
  const rows = props.map(([key, s]) => {
    const notes: string[] = [];
    if (s.description) notes.push(s.description);
    if (fn.nested.includes(key)) notes.push('nested checks');
    for (const n of fn.nested)
      if (n.startsWith(`${key}[].`)) notes.push(`each item's \`${n.slice(key.length + 3)}\` holds nested checks`);
    if (fn.templates.includes(key)) notes.push('a message template');
    if (s.type === 'object' && s.properties)
      notes.push(
        `keys: ${Object.keys(s.properties)
          .map((k) => `\`${k}\``)
          .join(', ')}`,
      );
    if (s.type === 'array' && s.items?.properties)
      notes.push(
        `each with ${Object.keys(s.items.properties)
          .map((k) => `\`${k}\``)
          .join(', ')}`,
      );
    if (s.pattern) notes.push(`matches \`${s.pattern}\``);
    if (s.minItems !== undefined) notes.push(`at least ${s.minItems} items`);
    return `| \`${key}\` | ${cell(typeOf(s))} | ${required.has(key) ? 'yes' : 'no'} | ${cell(notes.join('; '))} |`;
  });
  const extra = fn.options.minProperties ? [`At least ${fn.options.minProperties} option must be given.`, ''] : [];
  return ['| Option | Type | Required | Description |', '| --- | --- | --- | --- |', ...rows, '', ...extra];
}

function messageText(m: MessageTemplate): string {
  return typeof m === 'string' ? `\`${m}\`` : `the text of the \`${m.option}\` option`;
}

function messagesTable(messages: Readonly<Record<string, MessageTemplate>>): string[] {
  return [
    '| Message id | Message |',
    '| --- | --- |',
    ...Object.entries(messages).map(([id, m]) => `| \`${id}\` | ${cell(messageText(m))} |`),
    '',
  ];
}

function section(fn: CheckFunction): string[] {
  const out = [`## ${fn.name}`, '', fn.summary, ''];
  if (fn.input) out.push(`Checks ${fn.input.noun}: any other value is reported as \`missing\` or \`wrongType\`.`, '');
  if (fn.handlesMissing) out.push('Looks at the value itself: `optional: true` does not skip a missing value.', '');
  out.push('### Options', '', ...optionsTable(fn));
  out.push('### Messages', '', ...messagesTable(fn.messages));
  if (fn.placeholders.length)
    out.push(`A rule's own \`message:\` may also use ${fn.placeholders.map((p) => `\`{{${p}}}\``).join(', ')}.`, '');
  for (const ex of fn.examples) {
    out.push('### Example', '', '```json', JSON.stringify(ex.check, null, 2), '```', '');
    if (ex.says) out.push(`A failing value reads: ${ex.says}`, '');
  }
  return out;
}

/** The text of docs/functions.md. */
export function functionsDoc(functions: Readonly<Record<string, CheckFunction>> = FUNCTIONS): string {
  const fns = Object.values(functions).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = [
    '# Check functions',
    '',
    "The general checks a rule's `then:` (and `where:`, `prefer:`) applies with `function:`. Each is",
    'defined in one file of `src/engine/functions/` with `defineCheck`; this page is generated from',
    'those definitions by `npm run docs`: do not edit it by hand.',
    '',
    'A check is `{ field, function, options, level, message, optional, label }`: `field` is the path',
    "checked (relative to the rule's subject), `message` a wording of the rule's own that replaces",
    "the function's, and `optional: true` lets a missing value pass.",
    '',
    'Every problem a check reports carries a stable `messageId` (the ids below) and `data`, the values',
    'interpolated into the message as shown, by placeholder name (`field` always). The JSON report',
    'carries both for each finding and problem.',
    '',
    'Every check may also report:',
    '',
    ...messagesTable(CHECK_MESSAGES),
    'A function that checks one kind of value (see "Checks" under each) reports any other value with:',
    '',
    ...messagesTable(INPUT_MESSAGES),
    '## Index',
    '',
    ...fns.map((f) => `- [${f.name}](#${f.name.toLowerCase()}): ${f.summary}`),
    '',
    ...fns.flatMap(section),
  ];
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
