/**
 * How a check function is written: `defineCheck` takes a self-describing definition (what it
 * checks, the JSON Schema of its options, the messages it can produce, an example) and the `run`
 * that applies it. Everything else is derived from the definitions: the `function` enum of
 * schemas/rule.schema.json, the loader's lists of nested-check and template option keys and
 * message placeholders, and docs/functions.md (`npm run docs`).
 *
 * Problems carry a stable `messageId` and the `data` interpolated into the message (as ESLint's
 * `meta.messages`); the English is rendered from the two, so a test or a report can tell problems
 * apart without matching sentences.
 */
import { fmt } from './format.js';
import type { Level } from '../util/levels.js';
import type { CheckSpec, Problem, Target } from './types.js';
import type { Scope } from './scope.js';

/** A JSON Schema, as far as the option schemas of check functions use it. */
export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'boolean' | 'integer' | 'number';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly minProperties?: number;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly minimum?: number;
  readonly pattern?: string;
  readonly enum?: readonly unknown[];
}

/** The TypeScript type of the values a JSON Schema accepts (the subset above). */
type FromSchema<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly type: 'string' }
    ? string
    : S extends { readonly type: 'boolean' }
      ? boolean
      : S extends { readonly type: 'integer' | 'number' }
        ? number
        : S extends { readonly type: 'array'; readonly items: infer I }
          ? FromSchema<I>[]
          : S extends { readonly type: 'array' }
            ? unknown[]
            : S extends { readonly type: 'object'; readonly properties: infer P }
              ? ObjectOf<P, S extends { readonly required: readonly (infer R)[] } ? R : never>
              : unknown;

type Flatten<T> = { [K in keyof T]: T[K] };
type ObjectOf<P, R> = Flatten<
  { -readonly [K in keyof P as K extends R ? K : never]: FromSchema<P[K]> } & {
    -readonly [K in keyof P as K extends R ? never : K]?: FromSchema<P[K]>;
  }
>;

/** The options `run` receives: typed from the schema, with the nested-check keys typed as checks. */
type OptionsOf<S, N extends string> = Flatten<{
  [K in keyof FromSchema<S>]: K extends N ? CheckSpec[] : FromSchema<S>[K];
}>;

/** A message template: `{{name}}` placeholders filled from the problem's data; or the text of one of the rule's options (itself a template). */
export type MessageTemplate = string | { readonly option: string };

/** Where a problem is and what it holds; by default the checked value's pointer and the value itself. */
export interface ProblemAt {
  pointer?: string;
  found?: unknown;
  expected?: unknown;
  /** the pointer of the resource the problem belongs to, when it is not the rule's subject */
  resource?: string;
  level?: Level;
}

/** What a check function may ask of the evaluation it runs in. */
export interface FunctionContext {
  scope: Scope;
  spec: CheckSpec;
  /** the name of the field in messages (the check's label, else its field, else "value") */
  field: string;
  /** the value being checked */
  target: Target;
  /**
   * A problem: the message `messageId` rendered with `data` (plus `field`), or the rule's own
   * `message:` when it has one. `at` places it; by default at the target, with the target's value found.
   */
  report(messageId: string, data?: Record<string, unknown>, at?: ProblemAt): Problem;
  /**
   * Only whether there are problems is read (a `where` over every user): a function may then
   * report without working out what its message would say, since nothing renders it.
   */
  quiet: boolean;
}

/** The kind of value a function checks: anything else is reported (missing, or not of the type) before `run`. */
interface InputSpec {
  readonly type: 'string' | 'array' | 'number';
  /** how messages name the expected kind, e.g. "a URL" */
  readonly noun: string;
}

/** An example for docs/functions.md: a check as a rule writes it, and what it says. */
interface CheckExample {
  readonly check: Record<string, unknown>;
  /** a message it produces on a failing value, as rendered */
  readonly says?: string;
}

export interface CheckDefinition<S extends JsonSchema, N extends string> {
  /** the value of `function:` in rule YAML */
  readonly name: string;
  /** one sentence: what holds when the check passes */
  readonly summary: string;
  /** the kind of value checked; other values are reported with the shared `missing` and `wrongType` messages */
  readonly input?: InputSpec;
  /**
   * true: the function looks at the target itself (or at other parts of the snapshot), so a missing
   * value is its own business and `optional: true` does not skip it.
   */
  readonly handlesMissing?: boolean;
  /** JSON Schema of the options, validated when rules load */
  readonly options: S;
  /** option keys that hold lists of nested checks; `of[].where` is the `where` of each item of `of` */
  readonly nested?: readonly N[];
  /** option keys whose text is a message template (may use `{{…}}` placeholders) */
  readonly templates?: readonly string[];
  /** the keys of a problem's data that a rule's own `message:` may use as `{{…}}` placeholders */
  readonly placeholders?: readonly string[];
  /** the messages by id */
  readonly messages: Readonly<Record<string, MessageTemplate>>;
  readonly examples: readonly CheckExample[];
  /** problems the schema cannot see (a regular expression that does not compile), by option key; checked when rules load */
  validate?(options: OptionsOf<S, N>): { key: string; message: string }[];
  run(target: Target, options: OptionsOf<S, N>, ctx: FunctionContext): Problem[];
}

/** A check function as the engine runs it. */
export interface CheckFunction {
  readonly name: string;
  readonly summary: string;
  readonly input?: InputSpec;
  readonly handlesMissing?: boolean;
  readonly options: JsonSchema;
  readonly nested: readonly string[];
  readonly templates: readonly string[];
  readonly placeholders: readonly string[];
  readonly messages: Readonly<Record<string, MessageTemplate>>;
  readonly examples: readonly CheckExample[];
  validate?(options: Record<string, unknown>): { key: string; message: string }[];
  run(target: Target, options: Record<string, unknown>, ctx: FunctionContext): Problem[];
}

/** The messages every function with an `input` has: the value is absent, or not of the kind checked. */
export const INPUT_MESSAGES = {
  missing: '{{field}} is missing',
  wrongType: '{{field}} is {{found}}, expected {{noun}}',
} as const;

function hasType(v: unknown, type: InputSpec['type']): boolean {
  return type === 'array' ? Array.isArray(v) : typeof v === type;
}

/** Declares a check function; see the module comment. */
export function defineCheck<const S extends JsonSchema, const N extends string = never>(
  def: CheckDefinition<S, N>,
): CheckFunction {
  const input = def.input;
  const run = def.run as CheckFunction['run'];
  return Object.freeze({
    name: def.name,
    summary: def.summary,
    input,
    handlesMissing: def.handlesMissing,
    options: def.options,
    nested: def.nested ?? [],
    templates: def.templates ?? [],
    placeholders: def.placeholders ?? [],
    messages: input ? { ...INPUT_MESSAGES, ...def.messages } : def.messages,
    examples: def.examples,
    validate: def.validate as CheckFunction['validate'],
    run: input
      ? (target: Target, options: Record<string, unknown>, ctx: FunctionContext): Problem[] => {
          const v = target.value;
          if (hasType(v, input.type)) return run(target, options, ctx);
          if (v === undefined) return [ctx.report('missing')];
          return [ctx.report('wrongType', { found: fmt(v), noun: input.noun })];
        }
      : run,
  });
}
