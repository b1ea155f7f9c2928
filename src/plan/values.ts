import { isSecretName, REDACTED, scrubber } from '../secrets/redact.js';
import { Unknown } from '../engine/unknown.js';
import type { ConfigExpression, ConfigModule, ConfigResource, PlanDoc } from './read.js';

/** The placeholder id of an object the plan creates: it stands for the id Okta will give it. */
export function placeholderId(address: string): string {
  return `tf:${address}`;
}

type Path = (string | number)[];

let made = 0;
/** How many Unknowns the plan's reading has made so far: a change tells a caller that a value it built holds one. */
export function unknownsMade(): number {
  return made;
}

/** An Unknown, counted (unknownsMade). */
export function unknown(reason: string): Unknown {
  made++;
  return new Unknown(reason);
}

/** `idp_providers[0].id`, as the "known after apply" reasons name an attribute. */
function attrPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * The resources' configuration blocks by instance address prefix (module path + type.name),
 * and how each module's references are written: `okta_idp_oidc.bi.id` inside module.m stands for
 * module.m.okta_idp_oidc.bi, and `var.x` for what the parent passes as x.
 */
export class Configuration {
  private readonly resources = new Map<
    string,
    { res: ConfigResource; module: string; parent?: { module: string; call: Record<string, unknown> } }
  >();

  constructor(plan: PlanDoc) {
    const walk = (
      m: ConfigModule | undefined,
      prefix: string,
      parent?: { module: string; call: Record<string, unknown> },
    ) => {
      if (!m) return;
      for (const r of m.resources ?? [])
        if (r && typeof r.address === 'string')
          this.resources.set(prefix + r.address, { res: r, module: prefix, parent });
      for (const [name, call] of Object.entries(m.module_calls ?? {}))
        walk(call?.module, `${prefix}module.${name}.`, {
          module: prefix,
          call: (call?.expressions ?? {}) as Record<string, unknown>,
        });
    };
    walk(plan.configuration?.root_module, '');
  }

  /**
   * The instance address whose `.id` the expression at `path` of a resource is, when that is all
   * it is (a single reference, followed through a module's variable); else undefined.
   */
  idReference(instanceAddress: string, path: Path): string | undefined {
    const base = instanceAddress.endsWith(']') ? instanceAddress.replace(/\[[^\]]*\]$/, '') : instanceAddress;
    const entry = this.resources.get(base);
    if (!entry) return undefined;
    let expr: unknown = entry.res.expressions;
    for (const seg of path) {
      if (expr === null || typeof expr !== 'object') return undefined;
      // a nested block is a list of block-expression objects; an attribute is one expression
      expr = Array.isArray(expr) ? expr[seg as number] : (expr as Record<string, unknown>)[seg as string];
    }
    return this.resolveId(expr as ConfigExpression | undefined, entry.module, entry.parent);
  }

  private resolveId(
    expr: ConfigExpression | undefined,
    module: string,
    parent: { module: string; call: Record<string, unknown> } | undefined,
  ): string | undefined {
    const refs = expr?.references;
    if (!Array.isArray(refs) || refs.length === 0 || expr?.constant_value !== undefined) return undefined;
    const first = refs[0];
    // every other reference must be a prefix of the first (Terraform unwraps okta_idp_oidc.bi.id to okta_idp_oidc.bi)
    if (typeof first !== 'string' || !refs.every((r) => typeof r === 'string' && first.startsWith(r))) return undefined;
    const v = /^var\.([A-Za-z0-9_-]+)$/.exec(first);
    if (v && parent) {
      const resolvedParent = this.parentOf(parent.module);
      return this.resolveId(parent.call[v[1]] as ConfigExpression | undefined, parent.module, resolvedParent);
    }
    const m = /^((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\[[^\]]+\])?)\.id$/.exec(first);
    return m ? module + m[1] : undefined;
  }

  /** each module's parent, as its first resource names it (listed once, at the first variable followed) */
  private parents: Map<string, { module: string; call: Record<string, unknown> } | undefined> | undefined;

  private parentOf(module: string): { module: string; call: Record<string, unknown> } | undefined {
    if (!this.parents) {
      this.parents = new Map();
      for (const e of this.resources.values()) if (!this.parents.has(e.module)) this.parents.set(e.module, e.parent);
    }
    return this.parents.get(module);
  }
}

export interface ValueContext {
  address: string;
  /** placeholder ids of the objects this plan creates, and known ids of the others, by instance address */
  ids: ReadonlyMap<string, string>;
  config: Configuration;
  /** every string the values hold, gathered as they are read (what the secret scanner reads) */
  strings?: Set<string>;
}

/**
 * A resource's planned values with every unknown leaf (after_unknown) turned into an Unknown that
 * names ADDRESS.ATTRIBUTE, except where the configuration shows it is only another resource's id
 * (then that id, or its placeholder). Values flagged sensitive, or under a secret's name, are
 * replaced by "[REDACTED]" (and registered with the scrubber, so no output can print them).
 */
export function plannedValues(
  after: unknown,
  afterUnknown: unknown,
  sensitive: unknown,
  ctx: ValueContext,
  path: Path = [],
): unknown {
  // `path` is one stack, pushed and popped as the walk goes: copied only where an Unknown names it
  if (afterUnknown === true) {
    const ref = ctx.config.idReference(ctx.address, path);
    const id = ref ? ctx.ids.get(ref) : undefined;
    if (id !== undefined) {
      ctx.strings?.add(id);
      return id;
    }
    return unknown(`known after apply: ${ctx.address}.${attrPath(path)}`);
  }
  if (sensitive === true) {
    registerSecret(after);
    return after === null || after === undefined ? after : REDACTED;
  }
  // a list or an object comes back as it is when nothing in it changes; it is copied from the first change on
  if (Array.isArray(after) || Array.isArray(afterUnknown)) {
    const a = Array.isArray(after) ? after : [];
    const u = Array.isArray(afterUnknown) ? afterUnknown : [];
    const sa = Array.isArray(sensitive) ? sensitive : undefined;
    const n = Math.max(a.length, u.length);
    let out: unknown[] | undefined = a.length === n && a === after ? undefined : a.slice();
    for (let i = 0; i < n; i++) {
      path.push(i);
      const v = plannedValues(a[i], u[i], sa?.[i], ctx, path);
      path.pop();
      if (out) out[i] = v;
      else if (v !== a[i]) {
        out = a.slice();
        out[i] = v;
      }
    }
    return out ?? after;
  }
  if (after !== null && typeof after === 'object')
    return plannedObject(
      after as Record<string, unknown>,
      afterUnknown && typeof afterUnknown === 'object' ? (afterUnknown as Record<string, unknown>) : undefined,
      sensitive && typeof sensitive === 'object' ? (sensitive as Record<string, unknown>) : undefined,
      ctx,
      path,
    );
  if (after === undefined && afterUnknown && typeof afterUnknown === 'object') {
    // an object whose known attributes were all omitted
    return plannedValues({}, afterUnknown, sensitive, ctx, path);
  }
  if (typeof after === 'string') ctx.strings?.add(after);
  return after;
}

/**
 * plannedValues of an object: `o` itself when no member changes, else a copy from the first
 * member that does (a plain function, not closures per object: it runs for every object of the plan).
 */
function plannedObject(
  o: Record<string, unknown>,
  u: Record<string, unknown> | undefined,
  s: Record<string, unknown> | undefined,
  ctx: ValueContext,
  path: Path,
): Record<string, unknown> {
  const keys = Object.keys(o);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = plannedMember(o, k, u, s, ctx, path);
    if (!out) {
      if (v === o[k]) continue;
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = o[keys[j]];
    }
    out[k] = v;
  }
  // the attributes known only after apply that the plan leaves out of the values
  if (u)
    for (const k of Object.keys(u))
      if (!Object.hasOwn(o, k)) {
        const v = plannedMember(o, k, u, s, ctx, path);
        if (!out) {
          out = {};
          for (const j of keys) out[j] = o[j];
        }
        out[k] = v;
      }
  return out ?? o;
}

/** plannedValues of the member `k` of `o`. */
function plannedMember(
  o: Record<string, unknown>,
  k: string,
  u: Record<string, unknown> | undefined,
  s: Record<string, unknown> | undefined,
  ctx: ValueContext,
  path: Path,
): unknown {
  const x = o[k];
  if (typeof x === 'string' && x !== '' && isSecretName(k)) {
    registerSecret(x);
    return REDACTED;
  }
  const uk = u?.[k];
  const sk = s?.[k];
  // a plain leaf (nothing unknown or sensitive about it) is taken as it is
  if ((x === null || typeof x !== 'object') && uk === undefined && sk === undefined) {
    if (typeof x === 'string') ctx.strings?.add(x);
    return x;
  }
  path.push(k);
  const v = plannedValues(x, uk, sk, ctx, path);
  path.pop();
  return v;
}

function registerSecret(v: unknown): void {
  if (typeof v === 'string') scrubber.add(v);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) registerSecret(x);
}
