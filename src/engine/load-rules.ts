import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { InputError } from '../util/errors.js';
import { readTextFile } from '../util/files.js';
import { parseYaml, type YamlFile } from '../util/yaml.js';
import {
  GENERATED_DIR,
  PACKAGE_ROOT,
  describeError,
  errorPointer,
  newAjv,
  patchSchema,
  sortErrors,
  validator,
} from '../util/ajv.js';
import { displayPath } from '../util/pointer.js';
import { FUNCTIONS } from './functions/index.js';
import type { CheckSpec, Rule, RuleSpec } from './types.js';

export const BUILTIN_RULES_DIR = path.join(PACKAGE_ROOT, 'rules');
/** The built-in rules, parsed and checked by `npm run build` (src/tools/build-assets.ts). */
export const RULES_BUNDLE = path.join(GENERATED_DIR, 'rules.json');

/** Several problems found at once (all rule files are checked before anything runs). */
export class InputErrors extends InputError {
  constructor(readonly errors: InputError[]) {
    super(errors.map((e) => e.format()).join('\n'));
  }
  override format(): string {
    return this.errors.map((e) => e.format()).join('\n');
  }
}

function yamlFiles(dir: string): string[] {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(dir);
  } catch {
    throw new InputError('rules directory not found', {
      file: dir,
      hint: 'pass a directory of rule YAML files to --rules',
    });
  }
  if (!st.isDirectory())
    throw new InputError('--rules expects a directory', {
      file: dir,
      hint: 'pass the directory that holds the rule files',
    });
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

let optionValidators: Map<string, ValidateFunction> | undefined;

/** The validators of the functions' options, compiled when a rule file is first parsed (never for the bundle). */
function optionValidator(fn: string): ValidateFunction {
  if (!optionValidators) {
    const ajv = newAjv({ allErrors: true, strict: false, verbose: true }, false);
    optionValidators = new Map(Object.entries(FUNCTIONS).map(([k, f]) => [k, ajv.compile(f.options)]));
  }
  return optionValidators.get(fn)!;
}

// the check functions' names are the rule schema's `function` enum: derived from the definitions, not kept by hand
patchSchema('rule.schema.json', (schema) => {
  const check = (schema.definitions as Record<string, { properties: Record<string, Record<string, unknown>> }>).check;
  check.properties.function.enum = Object.keys(FUNCTIONS);
});

/**
 * The placeholders a message may use besides {{item.<field>}} and {{expect.<key>}}: those every
 * finding has, {{mode}}, and those the check functions declare (their `placeholders`).
 */
const TEMPLATE_VARS = new Set([
  'resource',
  'details',
  'found',
  'expected',
  'field',
  'mode',
  ...Object.values(FUNCTIONS).flatMap((f) => f.placeholders),
]);

interface RuleSource {
  file: string;
  shown: string;
  builtin: boolean;
}

function builtinSources(): RuleSource[] {
  return yamlFiles(BUILTIN_RULES_DIR).map((f) => ({ file: f, shown: path.relative(PACKAGE_ROOT, f), builtin: true }));
}

/** The built-in rules parsed from rules/*.yaml: what the build writes to RULES_BUNDLE. */
export function parseBuiltinRules(): Rule[] {
  return checkedRules([], builtinSources());
}

/** The built-in rules: the build's bundle, or rules/ itself when there is no build (running from src/). */
function builtinRules(): Rule[] {
  let text: string;
  try {
    text = readFileSync(RULES_BUNDLE, 'utf8');
  } catch {
    return parseBuiltinRules();
  }
  return JSON.parse(text) as Rule[];
}

/** Loads the built-in rules and any user rule directories; every problem is reported before anything runs. */
export function loadRules(extraDirs: readonly string[] = []): Rule[] {
  const sources: RuleSource[] = [];
  for (const dir of extraDirs) {
    const files = yamlFiles(dir);
    if (files.length === 0)
      throw new InputError('no rule files (*.yaml) in the rules directory', {
        file: dir,
        hint: 'add rule files or drop --rules',
      });
    for (const f of files) sources.push({ file: f, shown: path.relative(process.cwd(), f) || f, builtin: false });
  }
  return checkedRules(builtinRules(), sources);
}

/** Parses rule files after rules already loaded, refusing duplicate ids and subjects and references to undefined subjects. */
function checkedRules(loaded: readonly Rule[], sources: readonly RuleSource[]): Rule[] {
  const errors: InputError[] = [];
  const rules: Rule[] = [...loaded];
  const ids = new Map<string, string>();
  const subjects = new Map<string, string>();
  for (const rule of loaded) {
    ids.set(rule.id, rule.file);
    if (rule.defines) subjects.set(rule.defines.name, rule.id);
  }
  for (const src of sources) {
    try {
      const rule = parseRule(readTextFile(src.file, 'rule file'), src.shown, src.builtin);
      if (ids.has(rule.id)) {
        errors.push(
          new InputError(`duplicate rule id "${rule.id}", already defined in ${ids.get(rule.id)}`, {
            file: src.shown,
            line: 1,
            hint: 'give the rule another id',
          }),
        );
        continue;
      }
      ids.set(rule.id, src.shown);
      if (rule.defines) {
        if (subjects.has(rule.defines.name)) {
          errors.push(
            new InputError(`subject "${rule.defines.name}" is already defined by ${subjects.get(rule.defines.name)}`, {
              file: src.shown,
              hint: 'name the subject differently',
            }),
          );
          continue;
        }
        subjects.set(rule.defines.name, rule.id);
      }
      rules.push(rule);
    } catch (e) {
      if (e instanceof InputErrors) errors.push(...e.errors);
      else if (e instanceof InputError) errors.push(e);
      else throw e;
    }
  }
  for (const rule of rules) {
    for (const name of subjectRefs(rule)) {
      if (!subjects.has(name)) {
        errors.push(
          new InputError(`rule ${rule.id} refers to the subject "${name}", which no rule defines`, {
            file: rule.file,
            hint: `defined subjects: ${[...subjects.keys()].join(', ')}`,
          }),
        );
      }
    }
  }
  if (errors.length) throw new InputErrors(errors);
  return rules;
}

export function parseRule(text: string, file: string, builtin = false): Rule {
  const yaml = parseYaml(text, file, 'rule file');
  const data = yaml.value;
  const validate = validator('rule.schema.json');
  if (!validate(data)) {
    const e = sortErrors(validate.errors ?? [])[0];
    const ptr = errorPointer(e);
    const pos = yaml.locate(ptr, e.keyword === 'additionalProperties');
    const d = describeError(e, displayPath(e.instancePath));
    if (e.keyword === 'not' && ptr === '') d.message = 'a rule either defines a subject or inspects one, not both';
    throw new InputError(`invalid rule: ${d.message}`, {
      file,
      ...pos,
      hint: d.hint ?? 'see schemas/rule.schema.json',
    });
  }
  const spec = data as RuleSpec;
  const errors: InputError[] = [];
  checkTemplates(spec.message, '/message', yaml, file, errors);
  forEachCheck(spec, (check, ptr) => {
    if (!Object.hasOwn(FUNCTIONS, check.function)) {
      // a nested check (in another's options) is not reached by the rule schema's enum
      errors.push(
        new InputError(`unknown check function ${JSON.stringify(check.function)}`, {
          file,
          ...yaml.locate(`${ptr}/function`),
          hint: `use one of ${Object.keys(FUNCTIONS).join(', ')}; see docs/functions.md`,
        }),
      );
      return;
    }
    const v = optionValidator(check.function);
    if (!v(check.options ?? {})) {
      const e = sortErrors(v.errors ?? [])[0];
      const optPtr = `${ptr}/options${errorPointer(e)}`;
      const d = describeError(e, displayPath(`${ptr}/options${e.instancePath}`));
      errors.push(
        new InputError(`invalid options for ${check.function}: ${d.message}`, {
          file,
          ...yaml.locate(optPtr, e.keyword === 'additionalProperties'),
          hint: d.hint ?? `see docs/functions.md for ${check.function}`,
        }),
      );
    } else {
      for (const p of FUNCTIONS[check.function].validate?.(check.options ?? {}) ?? []) {
        errors.push(
          new InputError(p.message, {
            file,
            ...yaml.locate(`${ptr}/options/${p.key}`),
            hint: 'patterns use RE2 syntax: no lookaround or backreferences; escape ( [ { with a backslash to match them literally',
          }),
        );
      }
    }
    checkTemplates(check.message, `${ptr}/message`, yaml, file, errors);
    for (const key of FUNCTIONS[check.function].templates) {
      const t = check.options?.[key];
      if (typeof t === 'string') checkTemplates(t, `${ptr}/options/${key}`, yaml, file, errors);
    }
  });
  if (errors.length) throw new InputErrors(errors);
  return { ...spec, mode: spec.mode ?? 'any', file, builtin };
}

function checkTemplates(t: string | undefined, ptr: string, yaml: YamlFile, file: string, errors: InputError[]): void {
  if (!t) return;
  for (const m of t.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)) {
    const name = m[1];
    if (TEMPLATE_VARS.has(name) || /^(item|expect)\.[A-Za-z0-9_.$[\]*-]+$/.test(name)) continue;
    errors.push(
      new InputError(`unknown placeholder {{${name}}} in a message`, {
        file,
        ...yaml.locate(ptr),
        hint: `use one of ${[...TEMPLATE_VARS].map((v) => `{{${v}}}`).join(', ')}, {{item.<field>}} or {{expect.<key>}}`,
      }),
    );
  }
}

/** Visits every check of a rule, nested ones included, with its pointer in the rule document. */
export function forEachCheck(spec: RuleSpec, visit: (c: CheckSpec, pointer: string) => void): void {
  const walk = (checks: CheckSpec[] | undefined, ptr: string) => {
    (checks ?? []).forEach((c, i) => {
      const p = `${ptr}/${i}`;
      visit(c, p);
      const o = c.options ?? {};
      // the option keys holding nested checks are those the function declares (`of[].where`: in each item of `of`)
      for (const key of FUNCTIONS[c.function]?.nested ?? []) {
        const [list, inner] = key.split('[].');
        if (inner === undefined) {
          if (Array.isArray(o[key])) walk(o[key] as CheckSpec[], `${p}/options/${key}`);
        } else if (Array.isArray(o[list])) {
          (o[list] as Record<string, unknown>[]).forEach((b, j) => {
            const nested = b?.[inner];
            if (Array.isArray(nested)) walk(nested as CheckSpec[], `${p}/options/${list}/${j}/${inner}`);
          });
        }
      }
    });
  };
  walk(spec.then, '/then');
  walk(spec.defines?.where, '/defines/where');
  walk(spec.defines?.prefer, '/defines/prefer');
  walk(spec.when?.exists.where, '/when/exists/where');
  for (const [name, o] of Object.entries(spec.platforms ?? {})) {
    const base = `/platforms/${name}`;
    walk(o?.then, `${base}/then`);
    walk(o?.defines?.where, `${base}/defines/where`);
    walk(o?.defines?.prefer, `${base}/defines/prefer`);
    walk(o?.when?.exists.where, `${base}/when/exists/where`);
  }
}

/**
 * The subjects a rule depends on: the one it inspects and those its values or paths name outside a
 * `first` fallback (a fallback may do without them).
 */
function subjectRefs(spec: RuleSpec): Set<string> {
  const out = new Set<string>();
  if (spec.subject) out.add(spec.subject);
  const scan = (v: unknown) => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(/\$\{subject\.([A-Za-z0-9]+)/g)) out.add(m[1]);
    } else if (Array.isArray(v)) v.forEach(scan);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('first' in o) return;
      if (typeof o.subject === 'string' && Object.keys(o).every((k) => k === 'subject' || k === 'field'))
        out.add(o.subject);
      for (const [k, x] of Object.entries(o)) if (k !== 'name') scan(x);
    }
  };
  scan(spec.then);
  scan(spec.defines);
  scan(spec.when);
  scan(spec.platforms);
  return out;
}

/**
 * The sections a rule reads: its own `requires` and those of the rules that define its subjects
 * (a rule inspecting a subject reads what its definer reads, so it need not repeat it).
 */
export function sectionsRead(
  rule: Rule,
  definerOf: (subject: string) => Rule | undefined,
  memo: Map<string, string[]> = new Map(),
): string[] {
  let req = memo.get(rule.id);
  if (req) return req;
  memo.set(rule.id, rule.requires);
  const all = new Set(rule.requires);
  for (const s of subjectRefs(rule)) {
    const d = definerOf(s);
    if (d && d !== rule) for (const x of sectionsRead(d, definerOf, memo)) all.add(x);
  }
  req = [...all];
  memo.set(rule.id, req);
  return req;
}
