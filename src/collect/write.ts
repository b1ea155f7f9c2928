/**
 * The collected snapshot as text, in pieces: exactly the bytes of `JSON.stringify(doc, null, 2)`
 * and a newline, produced 64 KB at a time so that a huge org (a million users) is written to its
 * file without ever being one string (nor many strings of a megabyte, which V8 keeps in its large
 * object space until a full collection: the heap grew by the snapshot's size). The top of the document (the root, okta,
 * beyondIdentity, and the lists in them) is laid out here; each element of a list, and every
 * value deeper than that, is JSON.stringify'd on its own and indented to its place (JSON.stringify
 * never writes a raw newline inside a string, so every newline of its output is layout).
 *
 * A list kept in a temporary file (an ItemList, spill.ts: a large okta.users) is written from its
 * file, each element's JSON text indented to its place, as if it were an array of those elements.
 *
 * Each piece passes through `scrub` (the process's known secrets removed) before it is yielded.
 * Pieces are cut only right after a newline of the layout, between two members or elements: a
 * known secret lies inside one string, and so inside one piece.
 */
import { ItemList } from './spill.js';

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
  pieceChars = 1 << 16,
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
    return s === undefined ? s : indented(s, indent);
  };
  const laidOut = (v: unknown, level: number): v is object =>
    v instanceof ItemList ||
    ((level < LAID_OUT_LEVELS || (level === LAID_OUT_LEVELS && Array.isArray(v))) &&
      v !== null &&
      typeof v === 'object' &&
      typeof (v as { toJSON?: unknown }).toJSON !== 'function');

  function* value(v: object, indent: string, level: number): Generator<string, void, undefined> {
    const inner = `${indent}  `;
    if (Array.isArray(v) || v instanceof ItemList) {
      if (v.length === 0) return push('[]');
      push('[');
      let i = 0;
      // an ItemList's elements come as their JSON texts
      for (const x of v instanceof ItemList ? v.texts() : v) {
        push(i++ === 0 ? '\n' : ',\n');
        const piece = take();
        if (piece !== undefined) yield piece;
        push(inner);
        if (v instanceof ItemList) push(indented(x as string, inner));
        else if (laidOut(x, level + 1)) yield* value(x, inner, level + 1);
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

/** JSON text whose lines go `indent` further (every newline of JSON.stringify's output is layout). */
function indented(text: string, indent: string): string {
  return indent === '' || !text.includes('\n') ? text : text.replace(/\n/g, `\n${indent}`);
}

/** How many elements the lists at the top of the document hold (okta.users, okta.groupMembers.<id>, …). */
export function listItems(doc: unknown, level = 0): number {
  if (doc === null || typeof doc !== 'object') return 0;
  if (Array.isArray(doc) || doc instanceof ItemList) return doc.length;
  if (level >= LAID_OUT_LEVELS) return 0;
  let n = 0;
  for (const k of Object.keys(doc)) n += listItems((doc as Record<string, unknown>)[k], level + 1);
  return n;
}

/**
 * Takes the lists kept on disk (ItemLists, already redacted item by item) out of the top of `doc`,
 * each replaced by an empty array, so that the rest is redacted, scanned and validated without
 * them; returns what puts them back, at the same keys, into that document or a copy of it.
 */
export function setAsideSpilled(doc: object): (into: object) => void {
  const found: Array<{ keys: string[]; list: ItemList }> = [];
  const visit = (v: Record<string, unknown>, keys: string[]): void => {
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (x instanceof ItemList) {
        found.push({ keys: [...keys, k], list: x });
        v[k] = [];
      } else if (x !== null && typeof x === 'object' && !Array.isArray(x) && keys.length + 1 < LAID_OUT_LEVELS)
        visit(x as Record<string, unknown>, [...keys, k]);
    }
  };
  visit(doc as Record<string, unknown>, []);
  return (into) => {
    for (const { keys, list } of found) {
      let holder = into as Record<string, unknown>;
      for (const k of keys.slice(0, -1)) holder = holder[k] as Record<string, unknown>;
      holder[keys[keys.length - 1]] = list;
    }
  };
}

/**
 * From how many elements a list is kept on disk as it is collected (spill.ts), and from how many
 * list elements in all a collected snapshot is written in pieces (below, it is built as one text
 * and read back like any snapshot). OKTA_BI_LINT_STREAM_ITEMS changes it (the tests set 0 to keep
 * small lists on disk and write small snapshots in pieces).
 */
export function streamFromItems(): number {
  const raw = process.env.OKTA_BI_LINT_STREAM_ITEMS;
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : 10_000;
}
