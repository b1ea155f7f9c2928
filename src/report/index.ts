// placeholder until the formatters land
import type { Formatter } from './types.js';
export const FORMATTERS: Record<string, Formatter> = {
  json: (ctx) => JSON.stringify({ counts: ctx.counts, rules: ctx.results.map((r) => ({ id: r.rule.id, status: r.status, reason: r.reason, findings: r.findings.map((f) => ({ level: f.level, message: f.message, pointer: f.pointer, loc: ctx.positions.get(f.pointer) })) })) }, null, 2) + '\n',
};
