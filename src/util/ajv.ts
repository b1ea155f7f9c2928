import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import type { Ajv, ErrorObject, Options, ValidateFunction } from 'ajv';
import { nearest } from './suggest.js';

/** The package root: schemas/ and rules/ sit beside dist/ (built) and src/ (tsx). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCHEMAS_DIR = path.join(PACKAGE_ROOT, 'schemas');
/** What `npm run build` generates from rules/ and schemas/ (see src/tools/build-assets.ts). */
export const GENERATED_DIR = path.join(PACKAGE_ROOT, 'dist', 'generated');
/** The schemas the tool validates its inputs with; the build turns each into standalone validator code. */
export const INPUT_SCHEMAS = [
  'snapshot.schema.json',
  'config.schema.json',
  'accepted.schema.json',
  'rule.schema.json',
  'bi-declared.schema.json',
] as const;

/** The options every schema validator is compiled with, at build time and at run time alike. */
export const AJV_OPTIONS: Options = { allErrors: true, strict: false, allowUnionTypes: true, verbose: true };

// ajv is CommonJS: required only when a schema has no generated validator (compiling costs far more
// than loading generated code, and most runs need none).
const require = createRequire(import.meta.url);
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

const patches = new Map<string, (schema: Record<string, unknown>) => void>();

/**
 * Registers a change made to a schema whenever it is loaded: the parts derived from code rather than
 * kept by hand in schemas/ (the check function names of rule.schema.json, from src/engine/functions/).
 */
export function patchSchema(name: string, patch: (schema: Record<string, unknown>) => void): void {
  patches.set(name, patch);
}

export function loadSchema(name: string): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(path.join(SCHEMAS_DIR, name), 'utf8')) as Record<string, unknown>;
  patches.get(name)?.(schema);
  return schema;
}

/** A new ajv instance with `options`, and the formats the schemas use when `formats` is true. */
export function newAjv(options: Options = AJV_OPTIONS, formats = true): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  const instance = new AjvClass(options);
  return formats ? (require('ajv-formats') as { default: (a: Ajv) => Ajv }).default(instance) : instance;
}

/** The file `npm run build` writes a schema's standalone validator to. */
export function standalonePath(name: string): string {
  return path.join(GENERATED_DIR, 'validators', name.replace(/\.json$/, '.cjs'));
}

/**
 * Validators for the schemas in schemas/, once per process: the code the build generated from the
 * schema when there is one (schemas/ stays the source; a test proves the code is current), else
 * compiled here.
 */
export function validator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    v = generatedValidator(name) ?? (ajv ??= newAjv()).compile(loadSchema(name));
    compiled.set(name, v);
  }
  return v;
}

function generatedValidator(name: string): ValidateFunction | undefined {
  if (!(INPUT_SCHEMAS as readonly string[]).includes(name)) return undefined;
  try {
    return require(standalonePath(name)) as ValidateFunction;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

/**
 * Orders ajv errors so that the most useful comes first: unknown keys and wrong constants before
 * the `anyOf`/`oneOf` noise they cause.
 */
export function sortErrors(errors: ErrorObject[]): ErrorObject[] {
  const rank = (e: ErrorObject) =>
    e.keyword === 'additionalProperties'
      ? 0
      : e.keyword === 'required'
        ? 1
        : e.keyword === 'const' || e.keyword === 'enum'
          ? 2
          : e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if'
            ? 9
            : 5;
  return [...errors].sort((a, b) => rank(a) - rank(b) || b.instancePath.length - a.instancePath.length);
}

/** Where an error points: the offending key for unknown keys, else the value. */
export function errorPointer(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties')
    return `${e.instancePath}/${escapePointerToken((e.params as { additionalProperty: string }).additionalProperty)}`;
  return e.instancePath;
}

function escapePointerToken(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A one-sentence description of an ajv error, with a hint where one can be derived from the schema. */
export function describeError(e: ErrorObject, displayPath: string): { message: string; hint?: string } {
  const where = displayPath || 'the document';
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(((e.parentSchema as { properties?: object })?.properties ?? {}) as object);
      const near = nearest(key, allowed);
      return {
        message: `unknown key "${key}" in ${where}`,
        hint: near ? `did you mean "${near}"?` : allowed.length ? `valid keys: ${allowed.join(', ')}` : undefined,
      };
    }
    case 'required':
      return {
        message: `${where} is missing the required key "${(e.params as { missingProperty: string }).missingProperty}"`,
      };
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const near = typeof e.data === 'string' ? nearest(e.data, allowed.map(String)) : undefined;
      return {
        message: `${where} is ${JSON.stringify(e.data)}, which is not one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
        hint: near ? `did you mean "${near}"?` : undefined,
      };
    }
    case 'const':
      return {
        message: `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, found ${JSON.stringify(e.data)}`,
      };
    case 'type':
      return { message: `${where} must be ${(e.params as { type: string }).type}, found ${typeName(e.data)}` };
    case 'pattern':
      return {
        message: `${where} is ${JSON.stringify(e.data)}, which does not have the expected form`,
        hint: e.parentSchema && (e.parentSchema as { description?: string }).description,
      };
    case 'format':
      return {
        message: `${where} is ${JSON.stringify(e.data)}, which is not a valid ${(e.params as { format: string }).format}`,
      };
    case 'propertyNames':
      return {
        message: `${where} has an invalid key ${JSON.stringify((e.params as { propertyName?: string }).propertyName ?? '')}`,
      };
    default:
      return { message: `${where} ${e.message ?? 'is invalid'}` };
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}
