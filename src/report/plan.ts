import type { Finding } from '../engine/types.js';
import type { ReportContext } from './types.js';

/**
 * What check --plan adds to every format: where a finding is in Terraform terms, what the plan
 * does to it, and the one summary line. Formats escape these strings like any other text.
 */

/** `okta_idp_oidc.bi (main.tf:7)`, or just the address; undefined when the finding's resource is not in the plan. */
function terraformLocation(f: Finding): string | undefined {
  const p = f.plan;
  if (!p?.address) return undefined;
  return p.tf ? `${p.address} (${p.tf.file}:${p.tf.line})` : p.address;
}

/** `introduced by the plan: okta_idp_oidc.bi (main.tf:7)`; undefined outside a plan run. */
export function planNote(f: Finding): string | undefined {
  const p = f.plan;
  if (!p) return undefined;
  const where = terraformLocation(f) ?? 'a resource the plan does not manage';
  return `${p.change === 'introduced' ? 'introduced by the plan' : 'unchanged by the plan'}: ${where}`;
}

/** `fixed by the plan: okta_idp_oidc.bi (main.tf:7)`, for a finding the plan removes. */
export function fixedNote(f: { address?: string; tf?: { file: string; line: number } }): string {
  const where = f.address
    ? f.tf
      ? `${f.address} (${f.tf.file}:${f.tf.line})`
      : f.address
    : 'a resource the plan does not manage';
  return `fixed by the plan: ${where}`;
}

/** `this plan introduces 1 error and fixes 2`, with the plan alone noted; undefined outside a plan run. */
export function planSummary(ctx: ReportContext): string | undefined {
  const p = ctx.plan;
  if (!p) return undefined;
  return `${p.text} (${p.alone ? "against the values the plan's changes replace" : 'against the org without it'})`;
}

/** One line per finding the plan fixes. */
export function fixedLines(ctx: ReportContext): string[] {
  return (ctx.plan?.fixed ?? []).map((f) => `${f.level} ${f.ruleId}${f.address ? ` ${f.address}` : ''}: ${f.message}`);
}
