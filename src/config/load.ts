import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../util/errors.js';
import { readTextFile } from '../util/files.js';
import { parseYaml, type YamlFile } from '../util/yaml.js';
import { describeError, errorPointer, loadSchema, sortErrors, validator } from '../util/ajv.js';
import { nearest } from '../util/suggest.js';
import { displayPath, escapeSegment } from '../util/pointer.js';
import type { LevelSetting } from '../util/levels.js';

export type Provisioning = 'scim' | 'event-hook';
export type BiPlatform = 'secure-workforce' | 'secure-access' | 'none';

/** One accepted finding or change (`suppressions:`); see src/suppress/suppressions.ts. */
export interface SuppressionSpec {
  /** a rule id or a drift id */
  id: string;
  /** a logical location (okta/idps/0oa1x2); absent: every finding of the id */
  resource?: string;
  justification: string;
  /** a date (2027-01-31), interpreted in UTC: expired from 00:00 UTC on that date */
  expires?: string;
  owner?: string;
}

/** A field drift does not compare (`drift.ignore`); see src/drift/ignores.ts. */
export interface DriftIgnoreSpec {
  /** a drift resource type (idp, app, routing-rule, ...) or * for every type */
  type: string;
  /** a dotted field path (* one segment, ** any number); absent: the whole resource type */
  path?: string;
  reason?: string;
}

/** The expectations file as the user wrote it (validated), before defaults. */
export interface ConfigFile {
  okta?: Record<string, string>;
  beyondIdentity?: Record<string, string>;
  provisioning?: Provisioning;
  rules?: Record<string, LevelSetting>;
  suppressions?: SuppressionSpec[];
  drift?: { ignore?: DriftIgnoreSpec[] };
}

export interface LoadedConfig {
  /** undefined when no file was found and the guide's defaults apply */
  file?: string;
  data: ConfigFile;
  yaml?: YamlFile;
}

export const DEFAULT_CONFIG_NAME = 'okta-bi-lint.yaml';

/** --config FILE, else ./okta-bi-lint.yaml when present, else the guide's defaults. */
export function loadConfig(explicit?: string, cwd = process.cwd()): LoadedConfig {
  let file = explicit;
  if (!file) {
    for (const name of [DEFAULT_CONFIG_NAME, 'okta-bi-lint.yml']) {
      if (existsSync(path.join(cwd, name))) {
        file = path.join(cwd, name);
        break;
      }
    }
    if (!file) return { data: {} };
  }
  const shown = explicit ?? path.relative(cwd, file);
  // Every key is optional, so a file with nothing in it asks for the guide's values, as one of comments only does.
  if (isBlankFile(file)) return { file: shown, data: {} };
  const text = readTextFile(file, 'config file');
  return parseConfig(text, shown);
}

/** Largest file looked into for being blank; anything larger has content or is refused by readTextFile. */
const BLANK_PROBE_BYTES = 64 * 1024;

function isBlankFile(file: string): boolean {
  try {
    const st = statSync(file);
    if (!st.isFile()) return false;
    return st.size === 0 || (st.size <= BLANK_PROBE_BYTES && readFileSync(file, 'utf8').trim() === '');
  } catch {
    return false; // readTextFile names the problem
  }
}

/** Top-level keys that hold a section; one with nothing under it (every line commented out) is not given. */
const SECTION_KEYS = ['okta', 'beyondIdentity', 'rules', 'suppressions', 'drift'];

export function parseConfig(text: string, file: string): LoadedConfig {
  const yaml = parseYaml(text, file, 'config file');
  const data = yaml.value ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError('config file must be a YAML mapping (key: value)', {
      file,
      line: 1,
      column: 1,
      hint: 'see schemas/config.schema.json or run okta-bi-lint init',
    });
  }
  for (const k of SECTION_KEYS)
    if ((data as Record<string, unknown>)[k] === null) delete (data as Record<string, unknown>)[k];
  const validate = validator('config.schema.json');
  if (!validate(data)) {
    const e = sortErrors(validate.errors ?? [])[0];
    const ptr = errorPointer(e);
    const pos = yaml.locate(ptr, e.keyword === 'additionalProperties' || e.keyword === 'propertyNames');
    const shownPath = displayPath(e.instancePath);
    let { message, hint } = describeError(e, shownPath);
    if (e.keyword === 'propertyNames' && ptr.startsWith('/rules')) {
      message = `invalid rule id ${JSON.stringify((e.params as { propertyName?: string }).propertyName ?? '')} in rules`;
      hint = 'rule ids look like okta/idp-defined; run okta-bi-lint rules to list them';
    }
    if (
      /^\/suppressions\/\d+(\/justification)?$/.test(ptr) &&
      (ptr.endsWith('/justification') || (e.params as { missingProperty?: string }).missingProperty === 'justification')
    ) {
      hint = 'every suppression needs a justification: say why the finding is accepted';
    }
    throw new InputError(message, { file, ...pos, hint: hint ?? 'see schemas/config.schema.json' });
  }
  return { file, data: data as ConfigFile, yaml };
}

/** Refuses level overrides for rule ids that do not exist (after custom rules are loaded). */
export function checkRuleIds(config: LoadedConfig, ruleIds: readonly string[]): void {
  const known = new Set(ruleIds);
  for (const id of Object.keys(config.data.rules ?? {})) {
    if (!known.has(id)) {
      const pos = config.yaml?.locate(`/rules/${escapeSegment(id)}`, true);
      const near = nearest(id, ruleIds);
      throw new InputError(`unknown rule id "${id}" in rules`, {
        file: config.file,
        ...pos,
        hint: near ? `did you mean "${near}"?` : 'run okta-bi-lint rules to list the rule ids',
      });
    }
  }
}

/** The guide's values, read from the defaults of the config schema so they live in one place. */
export function guideDefaults(): {
  okta: Record<string, string>;
  beyondIdentity: Record<string, string>;
  provisioning: Provisioning;
} {
  const schema = loadSchema('config.schema.json') as {
    properties: Record<string, { properties?: Record<string, { default?: string }>; default?: string }>;
  };
  const pick = (section: string) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(schema.properties[section].properties ?? {}))
      if (v.default !== undefined) out[k] = v.default;
    return out;
  };
  return {
    okta: pick('okta'),
    beyondIdentity: pick('beyondIdentity'),
    provisioning: schema.properties.provisioning.default as Provisioning,
  };
}
