/** Small wording helpers shared by the engine's messages and every report. */

/** `Scope` from `scope`: the first letter upper-cased, the rest as written. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `1 rule`, `2 rules`: the count and the word, with an `s` unless the count is one. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
