import { createHash } from 'node:crypto';
import { InputError } from '../util/errors.js';
import { readTextFileBytes } from '../util/files.js';
import { parseJsonWithPosition } from '../util/json-position.js';
import { snapshotLimitBytes } from '../snapshot/load.js';

/** A resource instance as `terraform show -json` lists it in planned_values and prior_state. */
export interface PlanResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: number | string;
  values?: Record<string, unknown>;
  sensitive_values?: unknown;
}

export interface PlanModule {
  address?: string;
  resources?: PlanResource[];
  child_modules?: PlanModule[];
}

export interface ResourceChange {
  address: string;
  module_address?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: number | string;
  deposed?: string;
  change: {
    actions: string[];
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    after_unknown?: unknown;
    before_sensitive?: unknown;
    after_sensitive?: unknown;
  };
}

export interface ConfigExpression {
  constant_value?: unknown;
  references?: string[];
}

export interface ConfigResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  expressions?: Record<string, unknown>;
}

export interface ConfigModule {
  resources?: ConfigResource[];
  module_calls?: Record<string, { source?: string; expressions?: Record<string, unknown>; module?: ConfigModule }>;
}

/** The parts of a plan this tool reads; every other key (variables, provider settings, outputs) is never read. */
export interface PlanDoc {
  format_version: string;
  planned_values: { root_module?: PlanModule };
  resource_changes?: ResourceChange[];
  prior_state?: { values?: { root_module?: PlanModule } };
  configuration?: { root_module?: ConfigModule };
  /** false when applying this plan will not converge: a later plan has more to do (deferred actions, Terraform 1.8+) */
  complete?: boolean;
  /** the resources whose change Terraform deferred to a later plan, each with why */
  deferred_changes?: DeferredChange[];
}

interface DeferredChange {
  reason: string;
  resource_change: ResourceChange;
}

const KNOWN_ACTIONS = new Set(['no-op', 'create', 'read', 'update', 'delete', 'forget']);
const HINT = 'write it with terraform show -json PLANFILE > plan.json';

/**
 * Reads the output of `terraform show -json PLANFILE` and refuses anything else, with one line
 * naming the file. No error quotes the file's content: a plan carries secrets in clear text.
 */
export function readPlan(file: string): PlanDoc {
  return readPlanText(file).plan;
}

/** The plan and the sha256 of its text (what a report names it by). */
export function readPlanText(file: string): { plan: PlanDoc; sha256: string } {
  const { text, bytes } = readTextFileBytes(file, 'plan', snapshotLimitBytes(512));
  const plan = parsePlan(text, file);
  // the hash of the text, taken from the bytes it was decoded from (without a BOM, as the text has
  // none): hashing the text would first encode it all back into UTF-8
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const sha256 = createHash('sha256')
    .update(bom ? bytes.subarray(3) : bytes)
    .digest('hex');
  return { plan, sha256 };
}

function parsePlan(text: string, file: string): PlanDoc {
  const parsed = parseJsonWithPosition(text);
  if ('error' in parsed) {
    // jsonc-parser's wording, never V8's (which quotes the text around the error)
    const error = parsed.error.startsWith('malformed JSON') ? 'malformed JSON' : parsed.error;
    throw new InputError(`not a JSON document (${error}); truncated or not the output of terraform show -json`, {
      file,
      ...parsed.position,
      hint: HINT,
    });
  }
  return checkPlan(parsed.value, file);
}

function refuse(file: string, message: string, hint = HINT): never {
  throw new InputError(message, { file, hint });
}

function checkPlan(doc: unknown, file: string): PlanDoc {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    refuse(file, 'not a Terraform plan: the document is not a JSON object');
  const d = doc as Record<string, unknown>;
  if (typeof d.format === 'string' && d.format.startsWith('okta-bi-lint/')) {
    refuse(
      file,
      'this is a snapshot of okta-bi-lint, not a Terraform plan',
      'pass it with --snapshot FILE, and the plan with --plan',
    );
  }
  if ('plan_format_version' in d || 'provider_schemas' in d) {
    refuse(
      file,
      "this is HCP Terraform's redacted plan JSON, which lacks planned_values and configuration",
      'run terraform show -json PLANFILE on the saved plan instead',
    );
  }
  if (typeof d.format_version !== 'string') refuse(file, 'not a Terraform plan: no format_version');
  const major = /^(\d+)\./.exec(d.format_version)?.[1];
  if (major !== '1')
    refuse(
      file,
      `unsupported plan format_version ${JSON.stringify(d.format_version.slice(0, 20))}: only 1.x is read`,
      'use a Terraform version whose terraform show -json writes format 1.x',
    );
  if (d.errored === true)
    refuse(
      file,
      'the plan errored (errored: true): Terraform could not finish planning',
      'fix the errors terraform plan reports and plan again',
    );
  if (!('planned_values' in d) && !('resource_changes' in d)) {
    if ('values' in d)
      refuse(
        file,
        'this is a Terraform state (terraform show -json without a plan file), not a plan',
        'save a plan with terraform plan -out PLANFILE and pass terraform show -json PLANFILE',
      );
    refuse(file, 'not a Terraform plan: no planned_values', HINT);
  }
  if (!isObject(d.planned_values)) refuse(file, 'not a Terraform plan: planned_values is not an object');
  if (d.resource_changes !== undefined && !Array.isArray(d.resource_changes))
    refuse(file, 'not a Terraform plan: resource_changes is not a list');
  const changes = (d.resource_changes as unknown[] | undefined) ?? [];
  // one plain loop: a plan lists thousands of changes
  for (let i = 0; i < changes.length; i++) {
    const c = isObject(changes[i]) ? (changes[i] as Record<string, unknown>) : undefined;
    const actions = isObject(c?.change) ? (c!.change as Record<string, unknown>).actions : undefined;
    if (!c || typeof c.address !== 'string' || typeof c.type !== 'string' || !Array.isArray(actions))
      refuse(file, `not a Terraform plan: resource_changes[${i}] lacks address, type or change.actions`);
    let bad: unknown;
    for (const a of actions as unknown[])
      if (typeof a !== 'string' || !KNOWN_ACTIONS.has(a)) {
        bad = a;
        break;
      }
    if (bad !== undefined)
      refuse(
        file,
        `resource_changes[${i}] has an action this tool does not know (${typeof bad === 'string' ? JSON.stringify(bad.slice(0, 20)) : typeof bad})`,
        'report it; the known actions are no-op, create, read, update, delete and forget',
      );
  }
  if (d.complete !== undefined && typeof d.complete !== 'boolean')
    refuse(file, 'not a Terraform plan: complete is not true or false');
  if (d.deferred_changes !== undefined && !Array.isArray(d.deferred_changes))
    refuse(file, 'not a Terraform plan: deferred_changes is not a list');
  for (const [i, dc] of ((d.deferred_changes as unknown[]) ?? []).entries()) {
    const c = isObject(dc) ? (dc as Record<string, unknown>) : undefined;
    const rc = isObject(c?.resource_change) ? (c!.resource_change as Record<string, unknown>) : undefined;
    if (!c || typeof c.reason !== 'string' || !rc || typeof rc.address !== 'string' || typeof rc.type !== 'string')
      refuse(
        file,
        `not a Terraform plan: deferred_changes[${i}] lacks reason, or resource_change with address and type`,
      );
  }
  return d as unknown as PlanDoc;
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
