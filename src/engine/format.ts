/**
 * How values appear in messages: strings quoted (so " true" and "True" are visible), lists bracketed.
 * Whole by default: the text report shortens long values for display (in the middle, keeping the
 * closing quote) and shows them whole with --verbose; the machine formats keep them whole.
 */
export function fmt(v: unknown, max = Infinity): string {
  if (v === undefined) return 'missing';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    // cycles cannot occur in parsed JSON, but nesting deep enough to exhaust the stack can
    return Array.isArray(v) ? '[…]' : '{…}';
  }
  if (Array.isArray(v)) s = s.replace(/,/g, ', ');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function list(values: readonly unknown[]): string {
  return values.map((v) => fmt(v)).join(', ');
}
