/**
 * Rule evaluation: every rule ends in exactly one status (pass, fail, not-evaluated, skipped, off)
 * with its reason. This module decides the statuses, resolves subjects (the resources rules define)
 * and runs checks; value expressions and path templates are values.ts, message templates
 * messages.ts, findings and fingerprints findings.ts, platform overrides platform.ts.
 */
import type { Expectations } from '../config/expectations.js';
import type { Snapshot } from '../snapshot/load.js';
import { hasOwn, resolvePointer } from '../util/pointer.js';
import { plural } from '../util/text.js';
import type { CheckFunction, FunctionContext, ProblemAt } from './check.js';
import { findingsOf } from './findings.js';
import { fmt } from './format.js';
import { FUNCTIONS } from './functions/index.js';
import { sectionsRead } from './load-rules.js';
import { CHECK_MESSAGES, interpolate, type MessageSource } from './messages.js';
import { hasWildcard, select, selectEach } from './paths.js';
import { auditedPlatform, forPlatform, sortRules } from './platform.js';
import { observedChannel, otherChannelHint } from './provisioning.js';
import { describeResource, resourceAt } from './resources.js';
import { UnknownValue, type Scope } from './scope.js';
import type { Level, LevelSetting } from '../util/levels.js';
import type { CheckSpec, Finding, Problem, Rule, RuleResult, Target } from './types.js';
import { isUnknown, partialAt, throwUnknown, unknownWithin, type PartialFacts } from './unknown.js';
import { asUnresolved, unwrap, Values, type Resolved, type SubjectState, type ValueSource } from './values.js';

export { sortRules } from './platform.js';

const NO_VARS: Record<string, unknown> = Object.freeze({});
/** The problem a quiet check (Evaluation.passes) reports: counted, never read. */
const UNREAD: Problem = Object.freeze({ messageId: 'unread', data: {}, detail: '', pointer: '', found: undefined });

export interface EvaluateOptions {
  expectations: Expectations;
  /** per-rule level overrides from the config */
  ruleLevels?: Record<string, LevelSetting>;
  /** the expectations file and the keys it sets (okta.group, beyondIdentity.issuer, provisioning); the rest are the guide's defaults */
  declared?: { file: string; keys: ReadonlySet<string> };
  /** a document built from a Terraform plan: its unknown values and partial collections */
  partial?: PartialFacts;
}

/** Evaluates every rule against a snapshot; each ends in exactly one status, with its reason. */
export function evaluate(rules: readonly Rule[], snapshot: Snapshot, options: EvaluateOptions): RuleResult[] {
  const platform = auditedPlatform(snapshot, options.expectations);
  const effective = rules.map((r) => forPlatform(r, platform));
  const ev = new Evaluation(effective, snapshot, options);
  return sortRules(effective).map((r) => ev.result(r));
}

class Evaluation implements Scope, ValueSource, MessageSource {
  readonly doc: unknown;
  readonly expectations: Expectations;
  readonly now: Date;
  readonly root: Target;
  private readonly values: Values;
  private readonly definers = new Map<string, Rule>();
  private readonly subjects = new Map<string, SubjectState | 'pending'>();
  private readonly results = new Map<string, RuleResult>();
  private readonly sets = new WeakMap<object, Set<unknown>>();
  private readonly resolvedValues = new WeakMap<object, { value: unknown }>();
  private readonly requiresMemo = new Map<string, string[]>();
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
    this.values = new Values(this);
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

  /** the declared provisioning mode, for {{mode}} in messages */
  get mode(): string {
    return this.expectations.provisioning;
  }

  // ---- statuses ----

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
        const detail = this.values.pathOrTemplate(rule.defines.missing);
        const p: Problem = {
          messageId: 'resourceMissing',
          data: { missing: detail },
          detail,
          pointer: st.collection,
          resource: st.collection,
        };
        return out('fail', 'the resource it requires does not exist', this.findings(rule, level, [p], undefined, true));
      }
      targets = [st.matches[0]];
      if (rule.defines.cardinality === 'one' && st.partial)
        unknownOne = `that it is the only one needs the org: ${st.partial}`;
      if (rule.defines.cardinality === 'one' && st.matches.length > 1) {
        const names = st.matches.map((m) => describeResource(resourceAt(this.doc, m.pointer)));
        problems.push({
          messageId: 'notOnlyOne',
          data: { count: st.matches.length, names: names.join(', ') },
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

    if (rule.when) {
      const { exists, otherwise } = rule.when;
      const hit = this.attempt(() =>
        this.select(exists.from).some(
          (t) => t.value !== undefined && (exists.where ?? []).every((w) => this.passes(w, t)),
        ),
      );
      if (hit.kind === 'missing-subject') return out('not-evaluated', this.dependsReason(hit.subject));
      if (hit.kind === 'unknown') return out('not-evaluated', hit.reason);
      if (!hit.value) return out('pass', otherwise);
    }

    let blocked: string | undefined;
    let unknown: string | undefined;
    for (const t of targets) {
      for (const c of rule.then) {
        const r = this.attempt(() => this.check(c, t));
        if (r.kind === 'missing-subject') blocked ??= r.subject;
        else if (r.kind === 'unknown') unknown ??= r.reason;
        else
          for (const p of r.value) {
            p.resource ??= t === this.root ? undefined : t.pointer;
            problems.push(p);
          }
      }
    }
    if (problems.length) {
      const findings = this.findings(rule, level, problems, targets[0] === this.root ? undefined : targets[0]);
      const n = plural(findings.length, 'finding');
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

  /**
   * Runs `work` (checks, selections), turning a value it could not resolve (thrown across a check
   * function) into a result: the one place the evaluation reads those exceptions.
   */
  private attempt<T>(work: () => T): Resolved<T> {
    try {
      return { kind: 'value', value: work() };
    } catch (e) {
      const u = asUnresolved(e);
      if (u) return u;
      throw e;
    }
  }

  dependsReason(subject: string): string {
    const definer = this.definers.get(subject);
    if (!definer) return `depends on the subject ${subject}, which is not defined`;
    const r = this.result(definer);
    if (r.status === 'fail') return `depends on ${definer.id}, which failed`;
    return `depends on ${definer.id}, which is ${r.status}${r.status === 'pass' ? '' : `: ${r.reason}`}`;
  }
  /** The sections a rule reads: its own and those of the rules that define its subjects. */
  private requires(rule: Rule): string[] {
    return sectionsRead(rule, (s) => this.definers.get(s), this.requiresMemo);
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
    const declared = !!this.declaredSource && this.requires(rule).some((r) => r.startsWith('beyondIdentity.'));
    const hint = rule.mode && rule.mode !== 'any' ? this.otherChannel() : undefined;
    const notes = [
      hint,
      this.standInNotes.get(rule.id),
      declared ? `Beyond Identity values declared in ${this.declaredSource}, not read from its API` : undefined,
    ].filter((n): n is string => !!n);
    return findingsOf(this.doc, { rule, level, problems, subject, missing, notes, declared }, this);
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

  subject(name: string): SubjectState {
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
    const r = this.attempt(() => this.findSubject(def));
    if (r.kind === 'missing-subject') return { kind: 'blocked', by: r.subject };
    if (r.kind === 'unknown') return { kind: 'unknown', reason: r.reason };
    return r.value;
  }

  /** The resources that match a subject's definition, best first; none, or none in what is known. */
  private findSubject(def: NonNullable<Rule['defines']>): SubjectState {
    const from = this.path(def.from);
    const candidates = select(this.root, from).filter((t) => t.value !== undefined && t.value !== null);
    const matches = candidates.filter((t) => (def.where ?? []).every((w) => this.passes(w, t)));
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
          reason: `${def.missing.includes('${') ? this.values.pathOrTemplate(def.missing) : def.missing} in what is known: ${why}`,
        };
      return { kind: 'none', collection: col };
    }
    if (def.prefer?.length) {
      const prefer = def.prefer;
      const keys = new Map(matches.map((m) => [m, prefer.map((p) => (this.passes(p, m) ? 0 : 1))]));
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
  }

  // ---- Scope: what check functions may ask ----

  value(expr: unknown, _item?: Target): unknown {
    // a plain value is itself: no result to allocate on the path every check takes
    if (expr === null || typeof expr !== 'object') return expr;
    // An expression names the same value for every item (nothing in the snapshot changes during a
    // run): resolved once, not once per user. Only values are kept; why there is none is asked again.
    const known = this.resolvedValues.get(expr);
    if (known) return known.value;
    const r = this.values.resolve(expr);
    if (r.kind === 'value') this.resolvedValues.set(expr, r);
    return unwrap(r);
  }

  expectation(key: string): Resolved {
    return this.values.expectation(key);
  }

  path(template: string): string {
    return unwrap(this.values.path(template));
  }

  select(from: string): Target[] {
    return select(this.root, this.readable(from));
  }

  each(from: string, visit: (t: Target) => void): void {
    selectEach(this.root, this.readable(from), visit);
  }

  /** The path, once it is known that what it reads is all of the org's (UnknownValue otherwise). */
  private readable(from: string): string {
    const path = this.path(from);
    if (this.options.partial && hasWildcard(path)) {
      // a read across a partial collection (a plan alone) cannot tell what the rest of the org holds
      const collection = path.slice(0, path.lastIndexOf('[*]'));
      const why = this.partialOf(select(this.root, collection).map((t) => t.pointer));
      if (why) throw new UnknownValue(why);
    }
    return path;
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

  /** Runs a check against a target: its problems; a value it cannot resolve is thrown (see attempt). */
  check(spec: CheckSpec, target: Target): Problem[] {
    return this.run(spec, target, false);
  }

  /**
   * Whether a check holds for a target, as `check(spec, target).length === 0` says, without
   * rendering the messages of problems nobody reads (a `where` over 200,000 users).
   */
  passes(spec: CheckSpec, target: Target): boolean {
    return this.run(spec, target, true).length === 0;
  }

  /** check(), or with `quiet` problems that are only counted: each is one shared, unrendered placeholder. */
  private run(spec: CheckSpec, target: Target, quiet: boolean): Problem[] {
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
      target,
      quiet,
      report: quiet
        ? () => UNREAD
        : (messageId, data, at) => this.problem(fn, spec, label, options, target, ctx.target, messageId, data, at),
    };
    if (fieldPath && hasWildcard(fieldPath) && targets.length === 0) {
      if (spec.optional) return [];
      return [ctx.report('empty', undefined, { pointer: target.pointer, found: undefined })];
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
      ctx.target = t;
      const found = fn.run(t, options, ctx);
      // a partial list (a plan alone) lacking an item may hold it in the org
      const why = found.length && facts ? facts.partial.get(t.pointer) : undefined;
      if (why) throw new UnknownValue(why);
      problems.push(...found);
    }
    return problems;
  }

  /**
   * A check's problem: its message `messageId` (declared by the function, or one every check has)
   * rendered with `data`, or the check's own `message:` when it has one.
   */
  private problem(
    fn: CheckFunction,
    spec: CheckSpec,
    label: string,
    options: Record<string, unknown>,
    item: Target,
    target: Target,
    messageId: string,
    data: Record<string, unknown> = {},
    at: ProblemAt = {},
  ): Problem {
    const found = hasOwn(at, 'found') ? at.found : target.value;
    // the values as messages show them, formatted only when a template uses them
    const shown = (name: string): string | undefined =>
      name === 'field' ? label : name === 'found' ? fmt(found) : name === 'expected' ? fmt(at.expected) : undefined;
    let detail: string;
    if (spec.message) {
      // a rule's own wording: field, found and expected are always the check's, the function's data adds to them
      const own = (name: string) => shown(name) ?? (hasOwn(data, name) ? String(data[name]) : undefined);
      detail = interpolate(spec.message, NO_VARS, item, this, own);
    } else {
      const m = fn.messages[messageId] ?? CHECK_MESSAGES[messageId];
      if (m === undefined) throw new Error(`check function ${fn.name} has no message ${messageId}`);
      const template = typeof m === 'string' ? m : this.path(String(options[m.option]));
      detail = interpolate(template, data, item, this, shown);
    }
    const p: Problem = {
      messageId,
      data: { field: label, ...data },
      detail,
      pointer: at.pointer ?? target.pointer,
      found,
    };
    if (hasOwn(at, 'expected')) p.expected = at.expected;
    if (at.resource !== undefined) p.resource = at.resource;
    p.field = label;
    const level = spec.level ?? at.level;
    if (level) p.level = level;
    return p;
  }
}
