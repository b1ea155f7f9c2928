/**
 * The collected snapshot as text, in pieces: exactly the bytes of `JSON.stringify(doc, null, 2)`
 * and a newline, produced a megabyte at a time so that a huge org (a million users) is written to
 * its file without ever being one string. The top of the document (the root, okta,
 * beyondIdentity, and the lists in them) is laid out here; each element of a list, and every
 * value deeper than that, is JSON.stringify'd on its own and indented to its place (JSON.stringify
 * never writes a raw newline inside a string, so every newline of its output is layout).
 *
 * Each piece passes through `scrub` (the process's known secrets removed) before it is yielded.
 * Pieces are cut only right after a newline of the layout, between two members or elements: a
 * known secret lies inside one string, and so inside one piece.
 */

/**
 * Objects fewer levels than this below the root are laid out here, and lists one level deeper too
 * (okta.groupMembers.<group id>); anything below is written whole by JSON.stringify (a user).
 */
const LAID_OUT_LEVELS = 3;

/**
 * The pieces of `JSON.stringify(doc, null, 2) + "\n"`, each about `pieceChars` long (longer when
 * one element is), each passed through `scrub`.
 */
export function* snapshotPieces(
  doc: unknown,
  scrub: (text: string) => string = (s) => s,
  pieceChars = 1 << 20,
): Generator<string, void, undefined> {
  const parts: string[] = [];
  let size = 0;
  const push = (s: string): void => {
    parts.push(s);
    size += s.length;
  };
  /** The text so far, once there is enough of it; only called right after a newline. */
  const take = (): string | undefined => {
    if (size < pieceChars) return undefined;
    const piece = scrub(parts.join(''));
    parts.length = 0;
    size = 0;
    return piece;
  };

  /** A value that is written whole: its JSON text indented to `indent`, or undefined (omitted from an object). */
  const whole = (v: unknown, indent: string): string | undefined => {
    const s = JSON.stringify(v, null, 2) as string | undefined;
    if (s === undefined || indent === '' || !s.includes('\n')) return s;
    return s.replace(/\n/g, `\n${indent}`);
  };
  const laidOut = (v: unknown, level: number): v is object =>
    (level < LAID_OUT_LEVELS || (level === LAID_OUT_LEVELS && Array.isArray(v))) &&
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { toJSON?: unknown }).toJSON !== 'function';

  function* value(v: object, indent: string, level: number): Generator<string, void, undefined> {
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) return push('[]');
      push('[');
      for (let i = 0; i < v.length; i++) {
        push(i === 0 ? '\n' : ',\n');
        const piece = take();
        if (piece !== undefined) yield piece;
        push(inner);
        const x: unknown = v[i];
        if (laidOut(x, level + 1)) yield* value(x, inner, level + 1);
        else push(whole(x, inner) ?? 'null');
      }
      push(`\n${indent}]`);
      return;
    }
    let first = true;
    for (const k of Object.keys(v)) {
      const x: unknown = (v as Record<string, unknown>)[k];
      const text = laidOut(x, level + 1) ? undefined : whole(x, inner);
      if (text === undefined && !laidOut(x, level + 1)) continue; // undefined, a function: JSON omits the member
      push(first ? '{\n' : ',\n');
      first = false;
      const piece = take();
      if (piece !== undefined) yield piece;
      push(`${inner}${JSON.stringify(k)}: `);
      if (text !== undefined) push(text);
      else yield* value(x as object, inner, level + 1);
    }
    push(first ? '{}' : `\n${indent}}`);
  }

  if (laidOut(doc, 0)) yield* value(doc, '', 0);
  else {
    const s = whole(doc, '');
    if (s === undefined) throw new TypeError('the snapshot is not a JSON value');
    push(s);
  }
  push('\n');
  if (size > 0) yield scrub(parts.join(''));
}

/** How many elements the lists at the top of the document hold (okta.users, okta.groupMembers.<id>, …). */
export function listItems(doc: unknown, level = 0): number {
  if (doc === null || typeof doc !== 'object') return 0;
  if (Array.isArray(doc)) return doc.length;
  if (level >= LAID_OUT_LEVELS) return 0;
  let n = 0;
  for (const k of Object.keys(doc)) n += listItems((doc as Record<string, unknown>)[k], level + 1);
  return n;
}

/**
 * From how many list elements a collected snapshot is written in pieces (below, it is built as one
 * text and read back like any snapshot). OKTA_BI_LINT_STREAM_ITEMS changes it (the tests set 0 to
 * write small snapshots in pieces).
 */
export function streamFromItems(): number {
  const raw = process.env.OKTA_BI_LINT_STREAM_ITEMS;
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : 50_000;
}
