/** How values appear in messages: strings quoted (so " true" and "True" are visible), lists bracketed. */
export function fmt(v: unknown, max = 120): string {
  if (v === undefined) return 'missing';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    // cycles cannot occur in parsed JSON, but nesting deep enough to exhaust the stack can
    return Array.isArray(v) ? '[…]' : '{…}';
  }
  if (Array.isArray(v)) s = s.replace(/,/g, ', ');
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

export function list(values: readonly unknown[]): string {
  return values.map((v) => fmt(v)).join(', ');
}
