/**
 * What a terminal, a CI log or a Markdown renderer would act on, made visible and inert. Every
 * human-readable format (text, Markdown, JUnit, HTML, and the SARIF texts viewers render) passes
 * values from the snapshot, the config and rule files through here, so that an id or a name can
 * never clear a screen, set a window title, reorder text (bidi overrides), end a Markdown table
 * row, or start a line a CI runner reads as a command (`::warning::`, `::stop-commands::`).
 *
 * The escapes are readable rather than reversible: ESC is shown as `\x1b`, a line break as `\n`.
 */

/** Named escapes for the controls people recognise; every other one is `\xHH` or `\uHHHH`. */
const NAMED: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u001b': '\\x1b',
  '\u0007': '\\x07',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  '\0': '\\0',
};

/**
 * C0 controls, DEL, C1 controls; the bidi embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) and marks (U+200E, U+200F, U+061C); the Unicode line and paragraph separators,
 * which some renderers break lines at; lone surrogates, which no encoder can write.
 */
const C1_BIDI_SEPARATORS = String.raw`\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069`;
const LONE_SURROGATE = String.raw`[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]`;
const CONTROLS = new RegExp(String.raw`[\u0000-\u001f${C1_BIDI_SEPARATORS}]|${LONE_SURROGATE}`, 'g');

/** Line breaks and tabs stay as they are in `multiline`; everything else in CONTROLS is escaped. */
const CONTROLS_BUT_LINES = new RegExp(
  String.raw`[\u0000-\u0008\u000b\u000c\u000e-\u001f${C1_BIDI_SEPARATORS}]|\r(?!\n)|${LONE_SURROGATE}`,
  'g',
);

function show(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A value on one line: every control character, line break and bidi control shown as an escape. */
export function inline(value: unknown): string {
  return String(value).replace(CONTROLS, show);
}

/**
 * A rule author's prose (title, section, fix) on one line: YAML block scalars end in a line break
 * and may wrap, so line breaks fold into spaces, as Markdown would fold them; the rest as inline.
 */
export function prose(value: unknown): string {
  return inline(
    String(value)
      .trim()
      .replace(/[ \t]*\r?\n[ \t]*/g, ' '),
  );
}

/** Text whose own line breaks are meant (a rule's fix, a JUnit failure body): those stay, a lone CR does not. */
export function multiline(value: unknown): string {
  return String(value).replace(CONTROLS_BUT_LINES, show);
}

/**
 * A line a GitHub runner (and Azure Pipelines' `##vso[`) would read as a command: after leading
 * blanks and colour codes, which the runner skips, it starts with `::` or `##[`/`##vso[`.
 */
const COMMAND_LINE = /^((?:[ \t]|\u001b\[[0-9;]*m)*)(::|##(?:vso)?\[)/gm;

/**
 * The last guard of every human-readable report, applied to the whole output: a line that would
 * start with a workflow command gets a backslash in front of it. Values are escaped already, so only
 * a value a formatter placed at the start of a line (or a wrapped line) can get here.
 */
export function guardLines(report: string): string {
  return report.replace(COMMAND_LINE, '$1\\$2');
}
