/**
 * Value expressions and path templates: how a rule names a value it does not hold itself.
 *
 * A **value expression** stands wherever a check's options take a value (`equals.value`,
 * `oneOf.values`, `reference.value`, `url.path`, …):
 *
 * - a plain value (`"OIDC"`, `true`, `["a", "b"]`) is itself;
 * - `{ expect: okta.group }`: a key of the expectations file (the config's expected values, or the
 *   guide's defaults); not set: the rule is not evaluated;
 * - `{ subject: idp }` or `{ subject: idp, field: id }`: the resource another rule defines (its
 *   `defines.name`), or a field of it; when that rule found none, the rule depends on it and is not
 *   evaluated (or reports the dependency);
 * - `{ snapshot: okta.orgUrl }`: the value at a path from the snapshot's root; a path with `[*]`
 *   gives the list of the values it reaches; absent: the rule is not evaluated;
 * - `{ first: [expr, expr, …], unknown: "why" }`: the first alternative whose value is known (not
 *   absent, null or redacted); none: not evaluated, with the `unknown` text as the reason;
 * - `{ template: "https://${expect.okta.domain}/x" }`: a string with path templates substituted;
 * - `{ literal: { … } }`: the value as written, even when it looks like one of the above.
 *
 * A **path template** is a path or string with `${expect.<key>}` (an expectation) and
 * `${subject.<name>}` or `${subject.<name>.<field>}` (a subject or a field of it) substituted:
 * paths (`field`, `from`), `noun` and `missing` texts and `pattern`s (where the values are matched
 * literally). Message templates use the other syntax, `{{…}}` (see messages.ts).
 *
 * Resolving returns a `Resolved` result: a value, or why there is none (a subject that is missing,
 * a value that is unknown). Only at the boundary with check functions, which take plain values
 * (Scope.value), is an unresolved value thrown; the evaluation turns it back into a result where
 * it runs a check (Evaluation.attempt).
 */
import type { Expectations } from '../config/expectations.js';
import { getOwn, hasOwn } from '../util/pointer.js';
import { hasWildcard, select, selectEach } from './paths.js';
import { MissingSubject, UnknownValue } from './scope.js';
import type { Target } from './types.js';
import { isUnknown, unknownInList } from './unknown.js';

/** Why a value expression has no value: a subject the rule depends on is missing, or the value is not known. */
export type Unresolved = { kind: 'missing-subject'; subject: string } | { kind: 'unknown'; reason: string };

/** A value expression's value, or why it has none. */
export type Resolved<T = unknown> = { kind: 'value'; value: T } | Unresolved;

/** What a subject name resolves to (see Evaluation.subject). */
export type SubjectState =
  | { kind: 'found'; matches: Target[]; partial?: string }
  | { kind: 'none'; collection: string }
  | { kind: 'blocked'; by: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'unavailable' };

const value = <T>(v: T): Resolved<T> => ({ kind: 'value', value: v });
const unknown = (reason: string): Unresolved => ({ kind: 'unknown', reason });

/** The unresolved value as the exception check functions see (thrown only across their boundary). */
function unresolvedError(u: Unresolved): Error {
  return u.kind === 'missing-subject' ? new MissingSubject(u.subject) : new UnknownValue(u.reason);
}

/** The exception a check function let through (a nested value it could not resolve) as a result; other errors: undefined. */
export function asUnresolved(e: unknown): Unresolved | undefined {
  if (e instanceof MissingSubject) return { kind: 'missing-subject', subject: e.subject };
  if (e instanceof UnknownValue) return unknown(e.message);
  return undefined;
}

/** The value, for a check function; an unresolved value is thrown (see the module comment). */
export function unwrap<T>(r: Resolved<T>): T {
  if (r.kind === 'value') return r.value;
  throw unresolvedError(r);
}

/** What resolving needs from the evaluation. */
export interface ValueSource {
  readonly expectations: Expectations;
  readonly root: Target;
  subject(name: string): SubjectState;
  /** why a rule that depends on the subject cannot be evaluated (for a `first` none of whose alternatives is known) */
  dependsReason(subject: string): string;
}

/** Resolves value expressions and path templates against one snapshot, caching what does not change during a run. */
export class Values {
  private readonly paths = new Map<string, string>();
  private readonly snapshotValues = new Map<string, Resolved>();

  constructor(private readonly src: ValueSource) {}

  /** A value expression's value (see the module comment). */
  resolve(expr: unknown): Resolved {
    if (expr === null || typeof expr !== 'object') return value(expr);
    if (Array.isArray(expr)) {
      // a list of plain values is returned as is, so setOf() can cache its Set across calls
      if (expr.every((e) => e === null || typeof e !== 'object')) return value(expr);
      const out: unknown[] = [];
      for (const e of expr) {
        const r = this.resolve(e);
        if (r.kind !== 'value') return r;
        out.push(r.value);
      }
      return value(out);
    }
    const o = expr as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && hasOwn(o, 'literal')) return value(o.literal);
    if (keys.length === 1 && typeof o.expect === 'string') return this.expectation(o.expect);
    if (typeof o.subject === 'string' && keys.every((k) => k === 'subject' || k === 'field'))
      return this.subjectValue(o.subject, typeof o.field === 'string' ? o.field : undefined);
    if (keys.length === 1 && typeof o.template === 'string') return this.path(o.template);
    if (keys.length === 1 && typeof o.snapshot === 'string') return this.snapshotValue(o.snapshot);
    if (Array.isArray(o.first) && keys.every((k) => k === 'first' || k === 'unknown'))
      return this.first(o.first, typeof o.unknown === 'string' ? o.unknown : undefined);
    return value(expr);
  }

  /** `{expect: key}`: the expectation at a dotted key. */
  expectation(key: string): Resolved {
    let cur: unknown = this.src.expectations;
    for (const seg of key.split('.')) cur = getOwn(cur, seg);
    if (cur === undefined) return unknown(`the expectation ${key} is not set in the config`);
    return value(cur);
  }

  /** `{subject: name, field}`: the subject (its first match), or a field of it. */
  private subjectValue(name: string, field: string | undefined): Resolved {
    const st = this.src.subject(name);
    if (st.kind === 'blocked') return { kind: 'missing-subject', subject: st.by };
    if (st.kind === 'unknown') return unknown(st.reason);
    if (st.kind !== 'found') return { kind: 'missing-subject', subject: name };
    let v: unknown = st.matches[0].value;
    if (field !== undefined) {
      const p = this.path(field);
      if (p.kind !== 'value') return p;
      try {
        v = select(st.matches[0], p.value)[0]?.value;
      } catch (e) {
        // select refuses to read beneath a value known only after apply
        const u = asUnresolved(e);
        if (u) return u;
        throw e;
      }
    }
    return isUnknown(v) ? unknown(v.reason) : value(v);
  }

  /** `{snapshot: path}`: the value at a path from the root, or the list of values a wildcard path reaches. */
  private snapshotValue(template: string): Resolved {
    const r = this.path(template);
    if (r.kind !== 'value') return r;
    const p = r.value;
    // resolved once per path (the snapshot does not change during a run): a list of every user's
    // value is read and scanned for unknown values once, not once per user that compares with it
    let resolved = this.snapshotValues.get(p);
    if (!resolved) {
      resolved = this.readSnapshot(p);
      this.snapshotValues.set(p, resolved);
    }
    return resolved;
  }

  private readSnapshot(p: string): Resolved {
    let v: unknown;
    try {
      if (hasWildcard(p)) {
        const values: unknown[] = [];
        selectEach(this.src.root, p, (t) => {
          if (t.value !== undefined) values.push(t.value);
        });
        v = values;
      } else v = select(this.src.root, p)[0]?.value;
    } catch (e) {
      const u = asUnresolved(e);
      if (u) return u;
      throw e;
    }
    if (v === undefined) return unknown(`${p} is not in the snapshot`);
    if (isUnknown(v)) return unknown(v.reason);
    const inList = Array.isArray(v) ? unknownInList(v) : undefined;
    if (inList) return unknown(inList.reason);
    return value(v);
  }

  /** `{first: [...], unknown}`: the first alternative with a known value. */
  private first(alternatives: unknown[], why: string | undefined): Resolved {
    let missingSubject: string | undefined;
    for (const alt of alternatives) {
      const r = this.resolve(alt);
      if (r.kind === 'value') {
        if (r.value !== undefined && r.value !== null && r.value !== '[REDACTED]') return r;
      } else if (r.kind === 'missing-subject') missingSubject ??= r.subject;
    }
    const reason = why ?? 'none of the alternative values is known';
    return unknown(missingSubject ? `${reason}; ${this.src.dependsReason(missingSubject)}` : reason);
  }

  /** A path template with `${expect.…}` and `${subject.…}` substituted (see the module comment); computed once per template. */
  path(template: string): Resolved<string> {
    if (!template.includes('${')) return value(template);
    const cached = this.paths.get(template);
    if (cached !== undefined) return value(cached);
    let failed: Unresolved | undefined;
    const done = template.replace(/\$\{(expect|subject)\.([^}]+)\}/g, (m, kind: string, rest: string) => {
      if (failed) return m;
      let r: Resolved;
      if (kind === 'expect') r = this.expectation(rest);
      else {
        const dot = rest.indexOf('.');
        r = this.subjectValue(dot < 0 ? rest : rest.slice(0, dot), dot < 0 ? undefined : rest.slice(dot + 1));
        if (r.kind === 'value' && r.value === undefined) r = unknown(`\${subject.${rest}} has no value`);
      }
      if (r.kind !== 'value') {
        failed = r;
        return m;
      }
      return String(r.value);
    });
    if (failed) return failed;
    // expectations and subjects do not change during a run
    this.paths.set(template, done);
    return value(done);
  }

  /** A path template for a message: where a value is unknown, the template is left as written. */
  pathOrTemplate(template: string): string {
    const r = this.path(template);
    return r.kind === 'value' ? r.value : template;
  }
}
