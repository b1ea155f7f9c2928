import { createHash } from 'node:crypto';
import type { Expectations } from '../config/expectations.js';
import type { Snapshot } from '../snapshot/load.js';
import { getOwn, hasOwn, resolvePointer } from '../util/pointer.js';
import { FUNCTIONS } from './functions/index.js';
import { hasWildcard, select } from './paths.js';
import { describeResource, resourceAt } from './resources.js';
import { MissingSubject, UnknownValue, type FunctionContext, type Scope } from './scope.js';
import { sectionOrder } from './sections.js';
import { subjectRefs } from './load-rules.js';
import { fmt } from './format.js';
import { isUnknown, partialAt, throwUnknown, unknownInList, unknownWithin, type PartialFacts } from './unknown.js';
import { observedChannel, otherChannelHint } from './provisioning.js';
import {
  levelRank,
  type BiPlatformName,
  type CheckSpec,
  type Finding,
  type Level,
  type LevelSetting,
  type Problem,
  type Rule,
  type RuleResult,
  type Target,
} from './types.js';
import { capitalize } from '../util/text.js';

export interface EvaluateOptions {
  expectations: Expectations;
  /** per-rule level overrides from the config */
  ruleLevels?: Record<string, LevelSetting>;
  /** the expectations file and the keys it sets (okta.group, beyondIdentity.issuer, provisioning); the rest are the guide's defaults */
  declared?: { file: string; keys: ReadonlySet<string> };
  /** a document built from a Terraform plan: its unknown values and partial collections */
  partial?: PartialFacts;
}

type SubjectState =
  | { kind: 'found'; matches: Target[]; partial?: string }
  | { kind: 'none'; collection: string }
  | { kind: 'blocked'; by: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'unavailable' };

/** Rules in report order: the guide's section order, then id. */
export function sortRules<T extends { section: string; id: string }>(rules: readonly T[]): T[] {
  return [...rules].sort(
    (a, b) => sectionOrder(a.section) - sectionOrder(b.section) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export function fingerprint(ruleId: string, logical: string): string {
  return createHash('sha256').update(`${ruleId}\0${logical}`).digest('hex').slice(0, 32);
}

/** Evaluates every rule against a snapshot; each ends in exactly one status, with its reason. */
export function evaluate(rules: readonly Rule[], snapshot: Snapshot, options: EvaluateOptions): RuleResult[] {
  const platform = auditedPlatform(snapshot, options.expectations);
  const effective = rules.map((r) => forPlatform(r, platform));
  const ev = new Evaluation(effective, snapshot, options);
  return sortRules(effective).map((r) => ev.result(r));
}

/** The Beyond Identity platform the rules read: the config's (or --bi-platform), else the snapshot's, else the guide's. */
export function auditedPlatform(snapshot: Snapshot, expectations: Expectations): BiPlatformName | 'none' {
  const p = expectations.biPlatform ?? (snapshot.doc.beyondIdentity?.platform as BiPlatformName | 'none' | undefined);
  return p ?? 'secure-workforce';
}

/** A rule as it applies to one platform: its override merged in, or marked off where the platform has no equivalent. */
export function forPlatform(rule: Rule, platform: BiPlatformName | 'none'): Rule {
  const o = platform === 'none' ? undefined : rule.platforms?.[platform];
  if (!o) return rule.platforms ? { ...rule, platforms: undefined } : rule;
  if (o.off) return { ...rule, platforms: undefined, platformOff: o.off };
  const merged: Rule = { ...rule, platforms: undefined };
  if (o.requires) merged.requires = o.requires;
  if (o.declaredFallback) merged.declaredFallback = o.declaredFallback;
  if (o.then) merged.then = o.then;
  if (o.message !== undefined) merged.message = o.message;
  if (o.when) merged.when = o.when;
  if (o.defines) {
    merged.defines = o.defines;
    delete merged.subject;
  }
  if (o.subject) {
    merged.subject = o.subject;
    delete merged.defines;
  }
  return merged;
}

class Evaluation implements Scope {
  readonly doc: unknown;
  readonly expectations: Expectations;
  readonly now: Date;
  private readonly root: Target;
  private readonly definers = new Map<string, Rule>();
  private readonly subjects = new Map<string, SubjectState | 'pending'>();
  private readonly results = new Map<string, RuleResult>();
  private readonly snapshotValues = new Map<string, unknown>();
  private readonly sets = new WeakMap<object, Set<unknown>>();
  private readonly requiresMemo = new Map<string, string[]>();
  private readonly paths = new Map<string, string>();
  private readonly biAbsent?: string;
  /** where the Beyond Identity side was declared by hand, when it was */
  private readonly declaredSource?: string;
  /** added to the findings of rules for the declared provisioning mode when the org uses the other channel; computed on first need */
  private modeHint?: string | null;
  /** by rule id: the declared values that stood in for sections that could not be collected */
  private readonly standInNotes = new Map<string, string>();

  constructor(
    readonly rules: readonly Rule[],
    private readonly snapshot: Snapshot,
    private readonly options: EvaluateOptions,
  ) {
    this.doc = snapshot.doc;
    this.root = { value: snapshot.doc, pointer: '' };
    this.expectations = options.expectations;
    const at = snapshot.doc.collectedAt ? Date.parse(snapshot.doc.collectedAt) : NaN;
    this.now = Number.isNaN(at) ? new Date() : new Date(at);
    for (const r of rules) if (r.defines) this.definers.set(r.defines.name, r);
    const source = snapshot.doc.beyondIdentity?.source as { kind?: string; file?: string } | undefined;
    if (source?.kind === 'declared') this.declaredSource = source.file ?? 'a declared configuration file';
    if (options.expectations.biPlatform === 'none')
      this.biAbsent = 'the Beyond Identity side was declared absent (platform none)';
    else if (snapshot.doc.beyondIdentity?.platform === 'none')
      this.biAbsent =
        'the Beyond Identity side was declared absent (the snapshot was collected with --bi-platform none)';
  }

  // ---- rules ----

  result(rule: Rule): RuleResult {
    let r = this.results.get(rule.id);
    if (!r) {
      r = this.evaluateRule(rule);
      this.results.set(rule.id, r);
    }
    return r;
  }

  private evaluateRule(rule: Rule): RuleResult {
    const level = this.options.ruleLevels?.[rule.id] ?? rule.level;
    const out = (status: RuleResult['status'], reason: string, findings: Finding[] = []): RuleResult => ({
      rule,
      level,
      status,
      reason,
      findings,
    });
    if (level === 'off') return out('off', `turned off in the config (rules: ${rule.id}: off)`);
    if (rule.platformOff) return out('off', rule.platformOff);
    if (rule.mode && rule.mode !== 'any' && rule.mode !== this.expectations.provisioning) {
      return out(
        'off',
        `applies only when provisioning is ${rule.mode}; the declared mode is ${this.expectations.provisioning}`,
      );
    }
    const requires = this.requires(rule);
    if (this.biAbsent && requires.some((s) => s.startsWith('beyondIdentity.'))) return out('off', this.biAbsent);
    const standIns = this.standIns(rule, requires);
    const sectionIssue = this.sectionIssue(requires.filter((s) => !standIns.has(s)));
    if (sectionIssue) return out(sectionIssue.status, sectionIssue.reason);
    const standInNote = standIns.size ? [...standIns.values()].join('; ') : undefined;
    if (standInNote) this.standInNotes.set(rule.id, standInNote);

    let targets: Target[];
    const problems: Problem[] = [];
    let unknownOne: string | undefined;
    if (rule.defines) {
      const st = this.subject(rule.defines.name);
      if (st.kind === 'blocked') return out('not-evaluated', this.dependsReason(st.by));
      if (st.kind === 'unknown') return out('not-evaluated', st.reason);
      if (st.kind === 'unavailable') return out('not-evaluated', 'its data is not available');
      if (st.kind === 'none') {
        const detail = this.safePath(rule.defines.missing);
        const p: Problem = { detail, pointer: st.collection, resource: st.collection };
        return out('fail', 'the resource it requires does not exist', this.findings(rule, level, [p], undefined, true));
      }
      targets = [st.matches[0]];
      if (rule.defines.cardinality === 'one' && st.partial)
        unknownOne = `that it is the only one needs the org: ${st.partial}`;
      if (rule.defines.cardinality === 'one' && st.matches.length > 1) {
        const names = st.matches.map((m) => describeResource(resourceAt(this.doc, m.pointer)));
        problems.push({
          detail: `${st.matches.length} match where exactly one is expected: ${names.join(', ')}`,
          pointer: st.matches[1].pointer,
          resource: st.matches[0].pointer,
        });
      }
    } else if (rule.subject) {
      const st = this.subject(rule.subject);
      if (st.kind === 'found') targets = [st.matches[0]];
      else if (st.kind === 'unknown') return out('not-evaluated', st.reason);
      else return out('not-evaluated', this.dependsReason(st.kind === 'blocked' ? st.by : rule.subject));
    } else {
      targets = [this.root];
    }

    try {
      if (rule.when) {
        const hit = this.select(rule.when.exists.from).some(
          (t) => t.value !== undefined && (rule.when!.exists.where ?? []).every((w) => this.check(w, t).length === 0),
        );
        if (!hit) return out('pass', rule.when.otherwise);
      }
    } catch (e) {
      if (e instanceof MissingSubject) return out('not-evaluated', this.dependsReason(e.subject));
      if (e instanceof UnknownValue) return out('not-evaluated', e.message);
      throw e;
    }

    let blocked: string | undefined;
    let unknown: string | undefined;
    for (const t of targets) {
      for (const c of rule.then) {
        try {
          for (const p of this.check(c, t)) {
            p.resource ??= t === this.root ? undefined : t.pointer;
            problems.push(p);
          }
        } catch (e) {
          if (e instanceof MissingSubject) blocked ??= e.subject;
          else if (e instanceof UnknownValue) unknown ??= e.message;
          else throw e;
        }
      }
    }
    if (problems.length) {
      const findings = this.findings(rule, level, problems, targets[0] === this.root ? undefined : targets[0]);
      const n = `${findings.length} finding${findings.length === 1 ? '' : 's'}`;
      const reason = blocked
        ? `${n}; the checks that depend on ${this.definers.get(blocked)?.id ?? blocked} were not run`
        : n;
      return out('fail', reason, findings);
    }
    if (blocked) return out('not-evaluated', this.dependsReason(blocked));
    if (unknown) return out('not-evaluated', unknown);
    if (unknownOne) return out('not-evaluated', unknownOne);
    const what = targets[0] === this.root ? 'the snapshot' : describeResource(resourceAt(this.doc, targets[0].pointer));
    return out('pass', `${what}: every check holds${standInNote ? ` (${standInNote})` : ''}`);
  }

  private dependsReason(subject: string): string {
    const definer = this.definers.get(subject);
    if (!definer) return `depends on the subject ${subject}, which is not defined`;
    const r = this.result(definer);
    if (r.status === 'fail') return `depends on ${definer.id}, which failed`;
    return `depends on ${definer.id}, which is ${r.status}${r.status === 'pass' ? '' : `: ${r.reason}`}`;
  }

  /** The sections a rule reads: its own and those of the rules that define its subjects. */
  private requires(rule: Rule): string[] {
    let req = this.requiresMemo.get(rule.id);
    if (req) return req;
    this.requiresMemo.set(rule.id, rule.requires);
    const all = new Set(rule.requires);
    for (const s of subjectRefs(rule)) {
      const d = this.definers.get(s);
      if (d && d !== rule) for (const x of this.requires(d)) all.add(x);
    }
    req = [...all];
    this.requiresMemo.set(rule.id, req);
    return req;
  }

  /**
   * The required sections that could not be collected but for which the rule accepts a value the
   * expectations file declares (declaredFallback), with what the findings and the pass reason say.
   */
  private standIns(rule: Rule, requires: string[]): Map<string, string> {
    const out = new Map<string, string>();
    const declared = this.options.declared;
    if (!rule.declaredFallback || !declared) return out;
    for (const s of requires) {
      const key = rule.declaredFallback[s];
      const issue = key && declared.keys.has(key) ? this.sectionIssue([s]) : undefined;
      if (issue) out.set(s, `compared with ${key} as declared in ${declared.file}, since ${issue.reason}`);
    }
    return out;
  }

  private sectionIssue(requires: string[]): { status: 'not-evaluated' | 'skipped'; reason: string } | undefined {
    let skipped: string | undefined;
    for (const s of requires) {
      const st = this.snapshot.section(s);
      if (st.state === 'gap')
        return { status: 'not-evaluated', reason: `${s} could not be collected: ${st.gap.reason}` };
      if (st.state === 'absent') {
        if (!st.optional) return { status: 'not-evaluated', reason: `${s} is absent from the snapshot` };
        skipped ??= `${s} was not collected (${st.include})`;
      }
    }
    return skipped ? { status: 'skipped', reason: skipped } : undefined;
  }

  private findings(
    rule: Rule,
    level: Level,
    problems: Problem[],
    subject: Target | undefined,
    missing = false,
  ): Finding[] {
    const groups = new Map<string, Problem[]>();
    for (const p of problems) {
      const key = p.resource ?? subject?.pointer ?? p.pointer;
      const res = resourceAt(this.doc, key);
      const list = groups.get(res.logical) ?? [];
      list.push(p);
      groups.set(res.logical, list);
    }
    const out: Finding[] = [];
    const declared = this.declaredSource && this.requires(rule).some((r) => r.startsWith('beyondIdentity.'));
    for (const [logical, ps] of groups) {
      const resource = resourceAt(this.doc, ps[0].resource ?? subject?.pointer ?? ps[0].pointer);
      let findingLevel: Level = 'note';
      for (const p of ps) {
        const l = p.level && levelRank(p.level) < levelRank(level) ? p.level : level;
        if (levelRank(l) > levelRank(findingLevel)) findingLevel = l;
      }
      const details = ps.map((p) => p.detail).join('; ');
      const message = rule.message
        ? capitalize(
            this.interpolate(
              rule.message,
              {
                resource: describeResource(resource),
                details,
                found: fmt(ps[0].found),
                expected: fmt(ps[0].expected),
                field: ps[0].field ?? '',
              },
              subject,
            ),
          )
        : missing
          ? capitalize(details)
          : `${capitalize(describeResource(resource))}: ${details}`;
      const hint = rule.mode && rule.mode !== 'any' ? this.otherChannel() : undefined;
      const notes = [
        hint,
        this.standInNotes.get(rule.id),
        declared ? `Beyond Identity values declared in ${this.declaredSource}, not read from its API` : undefined,
      ].filter(Boolean);
      out.push({
        ruleId: rule.id,
        level: findingLevel,
        message: notes.length ? `${message} (${notes.join('; ')})` : message,
        ...(declared ? { basis: 'declared' as const } : {}),
        resource: { ...resource, logical },
        pointer: ps[0].pointer,
        found: ps[0].found,
        expected: ps[0].expected,
        problems: ps,
        fingerprint: fingerprint(rule.id, logical),
      });
    }
    return out;
  }

  /** The hint for findings of provisioning-mode rules when the org clearly uses the other channel, else undefined. */
  private otherChannel(): string | undefined {
    if (this.modeHint === undefined) {
      const observed = observedChannel(this.snapshot, this.expectations);
      const declaredIn = this.options.declared?.keys.has('provisioning') ? this.options.declared.file : undefined;
      this.modeHint =
        observed && observed.mode !== this.expectations.provisioning
          ? otherChannelHint(observed, this.expectations.provisioning, declaredIn)
          : null;
    }
    return this.modeHint ?? undefined;
  }

  // ---- subjects ----

  private subject(name: string): SubjectState {
    const cached = this.subjects.get(name);
    if (cached === 'pending') throw new Error(`rules define the subject ${name} in terms of itself`);
    if (cached) return cached;
    this.subjects.set(name, 'pending');
    const st = this.resolveSubject(name);
    this.subjects.set(name, st);
    return st;
  }

  private resolveSubject(name: string): SubjectState {
    const definer = this.definers.get(name);
    if (!definer?.defines) return { kind: 'unavailable' };
    if (this.sectionIssue(this.requires(definer))) return { kind: 'unavailable' };
    const def = definer.defines;
    try {
      const from = this.path(def.from);
      const candidates = select(this.root, from).filter((t) => t.value !== undefined && t.value !== null);
      const matches = candidates.filter((t) => (def.where ?? []).every((w) => this.check(w, t).length === 0));
      if (matches.length === 0) {
        const collectionPath = hasWildcard(from)
          ? from.replace(/\[(\*|\d+)\][^[]*$/, '')
          : from.split('.').length > 2
            ? from.slice(0, from.lastIndexOf('.'))
            : from;
        const cols = select(this.root, collectionPath);
        const col = cols[0]?.pointer ?? '';
        // absence from a partial collection (a plan alone) proves nothing
        const why = this.partialOf(cols.length ? cols.map((c) => c.pointer) : [col]);
        if (why)
          return {
            kind: 'unknown',
            reason: `${def.missing.includes('${') ? this.safePath(def.missing) : def.missing} in what is known: ${why}`,
          };
        return { kind: 'none', collection: col };
      }
      if (def.prefer?.length) {
        const keys = new Map(matches.map((m) => [m, def.prefer!.map((p) => (this.check(p, m).length === 0 ? 0 : 1))]));
        matches.sort((a, b) => {
          const ka = keys.get(a)!;
          const kb = keys.get(b)!;
          for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
          return 0;
        });
      }
      const partial =
        def.cardinality === 'one'
          ? this.partialOf([matches[0].pointer.slice(0, matches[0].pointer.lastIndexOf('/'))])
          : undefined;
      return { kind: 'found', matches, ...(partial ? { partial } : {}) };
    } catch (e) {
      if (e instanceof MissingSubject) return { kind: 'blocked', by: e.subject };
      if (e instanceof UnknownValue) return { kind: 'unknown', reason: e.message };
      throw e;
    }
  }

  // ---- Scope ----

  value(expr: unknown, item?: Target): unknown {
    if (expr === null || typeof expr !== 'object') return expr;
    // a list of plain values is returned as is, so setOf() can cache its Set across calls
    if (Array.isArray(expr))
      return expr.every((e) => e === null || typeof e !== 'object') ? expr : expr.map((e) => this.value(e, item));
    const o = expr as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && hasOwn(o, 'literal')) return o.literal;
    if (keys.length === 1 && typeof o.expect === 'string') return this.expectation(o.expect);
    if (typeof o.subject === 'string' && keys.every((k) => k === 'subject' || k === 'field')) {
      const st = this.subject(o.subject);
      if (st.kind !== 'found') {
        if (st.kind === 'blocked') throw new MissingSubject(st.by);
        if (st.kind === 'unknown') throw new UnknownValue(st.reason);
        throw new MissingSubject(o.subject);
      }
      const v = typeof o.field === 'string' ? select(st.matches[0], this.path(o.field))[0]?.value : st.matches[0].value;
      if (isUnknown(v)) throwUnknown(v);
      return v;
    }
    if (keys.length === 1 && typeof o.template === 'string') return this.path(o.template);
    if (keys.length === 1 && typeof o.snapshot === 'string') {
      const p = this.path(o.snapshot);
      if (!this.snapshotValues.has(p)) {
        const ts = select(this.root, p);
        this.snapshotValues.set(
          p,
          hasWildcard(p) ? ts.map((t) => t.value).filter((v) => v !== undefined) : ts[0]?.value,
        );
      }
      const v = this.snapshotValues.get(p);
      if (v === undefined) throw new UnknownValue(`${p} is not in the snapshot`);
      if (isUnknown(v)) throwUnknown(v);
      const inList = Array.isArray(v) ? unknownInList(v) : undefined;
      if (inList) throwUnknown(inList);
      return v;
    }
    if (Array.isArray(o.first) && keys.every((k) => k === 'first' || k === 'unknown')) {
      let missingSubject: string | undefined;
      for (const alt of o.first) {
        try {
          const v = this.value(alt, item);
          if (v !== undefined && v !== null && v !== '[REDACTED]') return v;
        } catch (e) {
          if (e instanceof MissingSubject) missingSubject ??= e.subject;
          else if (!(e instanceof UnknownValue)) throw e;
        }
      }
      const why = typeof o.unknown === 'string' ? o.unknown : 'none of the alternative values is known';
      throw new UnknownValue(missingSubject ? `${why}; ${this.dependsReason(missingSubject)}` : why);
    }
    return expr;
  }

  private expectation(key: string): unknown {
    let cur: unknown = this.expectations;
    for (const seg of key.split('.')) cur = getOwn(cur, seg);
    if (cur === undefined) throw new UnknownValue(`the expectation ${key} is not set in the config`);
    return cur;
  }

  path(template: string): string {
    if (!template.includes('${')) return template;
    // expectations and subjects do not change during a run, so a substituted path is computed once
    const cached = this.paths.get(template);
    if (cached !== undefined) return cached;
    const done = this.substitute(template);
    this.paths.set(template, done);
    return done;
  }

  private substitute(template: string): string {
    return template.replace(/\$\{(expect|subject)\.([^}]+)\}/g, (_m, kind: string, rest: string) => {
      if (kind === 'expect') return String(this.expectation(rest));
      const dot = rest.indexOf('.');
      const v = this.value({
        subject: dot < 0 ? rest : rest.slice(0, dot),
        ...(dot < 0 ? {} : { field: rest.slice(dot + 1) }),
      });
      if (v === undefined) throw new UnknownValue(`\${subject.${rest}} has no value`);
      return String(v);
    });
  }

  /** A path for a message: unknown values are left as written rather than failing the rule. */
  private safePath(template: string): string {
    try {
      return this.path(template);
    } catch {
      return template;
    }
  }

  select(from: string): Target[] {
    const path = this.path(from);
    if (this.options.partial && hasWildcard(path)) {
      // a read across a partial collection (a plan alone) cannot tell what the rest of the org holds
      const collection = path.slice(0, path.lastIndexOf('[*]'));
      const why = this.partialOf(select(this.root, collection).map((t) => t.pointer));
      if (why) throw new UnknownValue(why);
    }
    return select(this.root, path);
  }

  partial(pointer: string): string | undefined {
    return partialAt(this.options.partial, pointer);
  }

  private partialOf(pointers: string[]): string | undefined {
    for (const p of pointers) {
      const why = partialAt(this.options.partial, p);
      if (why) return why;
    }
    return undefined;
  }

  setOf(values: unknown): Set<unknown> {
    if (values === undefined || values === null) return new Set();
    if (!Array.isArray(values)) return new Set([values]);
    let s = this.sets.get(values);
    if (!s) {
      s = new Set(values);
      this.sets.set(values, s);
    }
    return s;
  }

  describe(pointer: string): string {
    return describeResource(resourceAt(this.doc, pointer));
  }

  check(spec: CheckSpec, target: Target): Problem[] {
    const fn = FUNCTIONS[spec.function];
    if (!fn) throw new Error(`unknown check function ${spec.function}`);
    const fieldPath = spec.field ? this.path(spec.field) : undefined;
    const label = spec.label ?? spec.field ?? 'value';
    const targets = select(target, fieldPath);
    const options = spec.options ?? {};
    const ctx: FunctionContext = {
      scope: this,
      spec,
      field: label,
      problem: (p, vars) => {
        const withField: Problem = { ...p, field: label };
        if (spec.level) withField.level = spec.level;
        if (spec.message) {
          withField.detail = this.interpolate(
            spec.message,
            { field: label, found: fmt(p.found), expected: fmt(p.expected), ...vars },
            target,
          );
        } else if (vars) {
          withField.detail = this.interpolate(
            p.detail,
            { field: label, found: fmt(p.found), expected: fmt(p.expected), ...vars },
            target,
          );
        }
        return withField;
      },
    };
    if (fieldPath && hasWildcard(fieldPath) && targets.length === 0) {
      if (spec.optional) return [];
      return [ctx.problem({ detail: `${label} is empty`, pointer: target.pointer })];
    }
    const problems: Problem[] = [];
    const facts = this.options.partial;
    for (const t of targets) {
      if (facts) {
        // a value known only after apply, or one that holds such a value, is never read as null, empty or passing
        if (isUnknown(t.value)) throwUnknown(t.value);
        const inner = t.pointer === '' ? undefined : unknownWithin(facts, this.doc, t.pointer, resolvePointer);
        if (inner) throwUnknown(inner);
      }
      if (t.value === undefined && spec.optional && !fn.handlesMissing) continue;
      const found = fn.run(t, options, ctx);
      // a partial list (a plan alone) lacking an item may hold it in the org
      const why = found.length && facts ? facts.partial.get(t.pointer) : undefined;
      if (why) throw new UnknownValue(why);
      problems.push(...found);
    }
    return problems;
  }

  private interpolate(template: string, vars: Record<string, unknown>, item: Target | undefined): string {
    return template.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_m, name: string) => {
      if (hasOwn(vars, name)) return String(vars[name]);
      if (name === 'mode') return this.expectations.provisioning;
      if (name.startsWith('item.') && item) return fmt(select(item, name.slice(5))[0]?.value, Infinity);
      if (name.startsWith('expect.')) {
        try {
          return String(this.expectation(name.slice(7)));
        } catch {
          return '(not set)';
        }
      }
      return `{{${name}}}`;
    });
  }
}
