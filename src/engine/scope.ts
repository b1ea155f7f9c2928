import type { Expectations } from '../config/expectations.js';
import type { CheckSpec, Problem, Target } from './types.js';

/** A value expression named a subject that does not exist: the rule depends on another. */
export class MissingSubject extends Error {
  constructor(readonly subject: string) {
    super(`subject ${subject} is missing`);
  }
}

/** A value expression named an expectation or a value that is not known: the rule cannot be evaluated. */
export class UnknownValue extends Error {}

/** What a check function may ask of the evaluation it runs in. */
export interface Scope {
  readonly doc: unknown;
  readonly expectations: Expectations;
  /** the instant rules compare dates with: the snapshot's collectedAt, else now */
  readonly now: Date;
  /**
   * resolve a value expression ({expect}, {subject}, {template}, {snapshot}, {first}, {literal} or a
   * literal; see values.ts); one that cannot be resolved is thrown, and the evaluation reads it as
   * not-evaluated or as a dependency on another rule
   */
  value(expr: unknown, item?: Target): unknown;
  /** substitute the path templates ${expect.x} and ${subject.s.field} in a path (values.ts) */
  path(template: string): string;
  /** all values a (templated) path reaches from the document root */
  select(from: string): Target[];
  /** what select returns, one at a time (nothing holds every user of a large org at once) */
  each(from: string, visit: (t: Target) => void): void;
  /** run checks against a target; no problems means they hold */
  check(spec: CheckSpec, target: Target): Problem[];
  /** whether checks hold against a target (check's verdict, without rendering messages) */
  passes(spec: CheckSpec, target: Target): boolean;
  /** a Set over an array, built once per array */
  setOf(values: unknown): Set<unknown>;
  /** why the collection at a pointer holds only part of the org's items (a plan alone), if it does */
  partial?(pointer: string): string | undefined;
  /** the values of a documented resource, for messages */
  describe(pointer: string): string;
}
