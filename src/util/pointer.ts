/** RFC 6901 JSON Pointers: the one way this code base names a place in a document. */

export function escapeSegment(s: string | number): string {
  if (typeof s === 'number') return String(s);
  // the common case (no ~ or /) allocates nothing
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

function unescapeSegment(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.length === 0 ? '' : `/${segments.map(escapeSegment).join('/')}`;
}

export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map(unescapeSegment);
}

/** okta.apps[3].label: a pointer as messages show it. */
export function displayPath(pointer: string): string {
  return fromPointer(pointer).reduce(
    (acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg),
    '',
  );
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  if (segments.length === 1) return `${base}/${escapeSegment(segments[0])}`;
  return base + segments.map((s) => `/${escapeSegment(s)}`).join('');
}

/** Own-property lookup only: a document's `__proto__` or `constructor` key is data, never a prototype. */
export function getOwn(obj: unknown, key: string | number): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  if (Array.isArray(obj)) {
    if (typeof key === 'number' || /^(0|[1-9]\d*)$/.test(key)) return obj[Number(key)];
    return undefined;
  }
  return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key as string] : undefined;
}

export function hasOwn(obj: unknown, key: string): boolean {
  return obj !== null && typeof obj === 'object' && Object.hasOwn(obj, key);
}

export function resolvePointer(doc: unknown, pointer: string): unknown {
  let cur = doc;
  for (const seg of fromPointer(pointer)) {
    cur = getOwn(cur, seg);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** The value at a dotted path (profile.name), own properties only. */
export function getDotted(v: unknown, dotted: string): unknown {
  let cur = v;
  for (const k of dotted.split('.')) cur = getOwn(cur, k);
  return cur;
}

/** A string or a number as a string; anything else undefined (ids and names as documents hold them). */
export function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}
