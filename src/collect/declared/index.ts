/**
 * `collect --bi-from FILE`: a Beyond Identity Secure Workforce configuration declared by hand (what
 * the Admin Console shows), for tenants without Events API access. The YAML is validated against
 * schemas/bi-declared.schema.json with file and line in every error; secrets are refused (none is
 * ever needed). Its values enter the snapshot marked as declared (beyondIdentity.source
 * {kind: 'declared', file}), so every finding that rests on them says so.
 */
import * as path from 'node:path';
import { InputError } from '../../util/errors.js';
import { readTextFile } from '../../util/files.js';
import { parseYaml, type YamlFile } from '../../util/yaml.js';
import { describeError, errorPointer, sortErrors, validator } from '../../util/ajv.js';
import { displayPath, escapeSegment } from '../../util/pointer.js';
import { isSecretName } from '../../secrets/redact.js';
import type { BiPlatform } from '../../config/load.js';

type Obj = Record<string, unknown>;

/** The sections a declared file may hold, in the snapshot's order. */
const DECLARED_SECTIONS = ['oidcClients', 'consoleSso', 'oktaRegistrationAttribute', 'oktaEventHook'] as const;
type DeclaredSection = (typeof DECLARED_SECTIONS)[number];

export interface DeclaredBi {
  /** the path as the user gave it (reports name it) */
  file: string;
  /** the sections the file declares, as written */
  sections: Partial<Record<DeclaredSection, unknown>>;
}

const SCHEMA = 'bi-declared.schema.json';
const WHAT = 'declared Beyond Identity configuration';
const MAX_BYTES = 1024 * 1024;

/**
 * --bi-from declares a Secure Workforce configuration: refused when the Beyond Identity platform
 * is another. `sources` names where the platform can be set; `instead` what dropping --bi-from
 * would do, when it does something.
 */
export function refuseBiFromOnOtherPlatform(platform: BiPlatform | undefined, sources: string, instead = ''): void {
  if (!platform || platform === 'secure-workforce') return;
  throw new InputError(
    `--bi-from declares a Secure Workforce configuration, but the Beyond Identity platform is ${platform}`,
    {
      hint:
        platform === 'none'
          ? `drop --bi-from, or the platform none (${sources})`
          : `drop --bi-from${instead}, or set the platform to secure-workforce`,
    },
  );
}

export function loadDeclared(file: string, cwd = process.cwd()): DeclaredBi {
  const text = readTextFile(path.resolve(cwd, file), WHAT, MAX_BYTES);
  return parseDeclared(text, file);
}

export function parseDeclared(text: string, file: string): DeclaredBi {
  const yaml = parseYaml(text, file, WHAT);
  const data = yaml.value;
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError(`${WHAT} must be a YAML mapping (key: value)`, {
      file,
      line: 1,
      column: 1,
      hint: 'see schemas/bi-declared.schema.json and docs/beyond-identity.md',
    });
  }
  refuseSecrets(data, '', yaml, file);
  const validate = validator(SCHEMA);
  if (!validate(data)) {
    // oneOf [null, object] reports the object branch's errors and the null branch's type error: the object's are the useful ones
    const errors = (validate.errors ?? []).filter(
      (e) => !(e.keyword === 'type' && (e.params as { type?: string }).type === 'null'),
    );
    const e = sortErrors(errors.length ? errors : (validate.errors ?? []))[0];
    const ptr = errorPointer(e);
    const pos = yaml.locate(ptr, e.keyword === 'additionalProperties');
    const d = describeError(e, displayPath(e.instancePath));
    throw new InputError(`invalid ${WHAT}: ${d.message}`, {
      file,
      ...pos,
      hint: d.hint ?? 'see schemas/bi-declared.schema.json',
    });
  }
  const doc = data as Obj;
  const sections: DeclaredBi['sections'] = {};
  for (const s of DECLARED_SECTIONS) if (Object.hasOwn(doc, s)) sections[s] = doc[s];
  if (Object.keys(sections).length === 0) {
    throw new InputError(`${WHAT} declares nothing`, {
      file,
      line: 1,
      column: 1,
      hint: `add at least one of ${DECLARED_SECTIONS.join(', ')} (see docs/beyond-identity.md)`,
    });
  }
  return { file, sections };
}

/** A secret in the file is refused where it sits: it would otherwise be copied into snapshots. */
function refuseSecrets(v: unknown, pointer: string, yaml: YamlFile, file: string): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      refuseSecrets(x, `${pointer}/${i}`, yaml, file);
    });
    return;
  }
  if (v === null || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v as Obj)) {
    const ptr = `${pointer}/${escapeSegment(k)}`;
    if (isSecretName(k)) {
      throw new InputError(`${WHAT} holds a secret (${displayPath(ptr)}); remove it`, {
        file,
        ...yaml.locate(ptr, true),
        hint: 'okta-bi-lint never needs the client secret or the Okta API token, and a snapshot must not carry them',
      });
    }
    refuseSecrets(x, ptr, yaml, file);
  }
}

/** The beyondIdentity section of a snapshot from a declared file, and a gap for each section it leaves out. */
export function declaredSnapshot(
  d: DeclaredBi,
  provisioning: string,
): { beyondIdentity: Obj; gaps: Array<{ section: string; reason: string }> } {
  const beyondIdentity: Obj = { platform: 'secure-workforce', source: { kind: 'declared', file: d.file } };
  const gaps: Array<{ section: string; reason: string }> = [];
  for (const s of DECLARED_SECTIONS) {
    if (Object.hasOwn(d.sections, s)) {
      beyondIdentity[s] = JSON.parse(JSON.stringify(d.sections[s]));
    } else if (s === 'oktaEventHook' && provisioning !== 'event-hook') {
      // only the event-hook mode needs it: not asked for
    } else {
      gaps.push({
        section: `beyondIdentity.${s}`,
        reason: `not declared in ${d.file} (add ${s} to it to have the rules that read it evaluated)`,
      });
    }
  }
  return { beyondIdentity, gaps };
}
