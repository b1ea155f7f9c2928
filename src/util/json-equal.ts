import { hasOwn } from './pointer.js';

/**
 * Structural equality of JSON values, key order ignored, nothing else ignored. It allocates
 * nothing (for-in over a parsed document's plain objects lists exactly their own keys, in a loop
 * V8 optimises, where Object.keys would copy an array per object).
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let n = 0;
  for (const k in ra) {
    if (!hasOwn(ra, k)) continue;
    if (!hasOwn(rb, k) || !jsonEqual(ra[k], rb[k])) return false;
    n++;
  }
  for (const k in rb) if (hasOwn(rb, k)) n--;
  return n === 0;
}
