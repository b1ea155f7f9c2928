import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { guideDefaults, parseConfig, DEFAULT_CONFIG_NAME } from '../config/load.js';
import { loadRules } from '../engine/load-rules.js';
import { sortRules } from '../engine/evaluate.js';
import { loadSnapshot } from '../snapshot/load.js';
import { InputError } from '../util/errors.js';
import { OutputPlan } from '../util/outputs.js';
import { TOOL } from '../version.js';
import { inferFromSnapshot, type Inference } from './infer.js';
import { renderConfig } from './template.js';

export interface InitOptions {
  /** snapshot to infer the org's values from */
  from?: string;
  /** where to write; default ./okta-bi-lint.yaml; `-` returns the text without writing */
  output?: string;
  force?: boolean;
  cwd?: string;
}

export interface InitResult {
  /** the file written, or undefined for `-` */
  file?: string;
  text: string;
  /** dotted keys whose value came from the snapshot and differs from the guide's */
  differs: string[];
  /** dotted keys filled in from the snapshot */
  inferred: string[];
}

/**
 * Builds the commented expectations file (from the guide, or from what a snapshot shows), checks
 * that it is a valid config, and writes it atomically, refusing to replace an existing file
 * without `force`. Never exits the process.
 */
export async function init(options: InitOptions = {}): Promise<InitResult> {
  const cwd = options.cwd ?? process.cwd();
  const output = options.output ?? DEFAULT_CONFIG_NAME;
  const target = output === '-' ? undefined : path.resolve(cwd, output);
  const outputs = new OutputPlan();
  const from = options.from === undefined ? undefined : path.resolve(cwd, options.from);
  // paths as the user wrote them when they are relative to the process's directory
  const shown = (p: string | undefined) => (options.cwd === undefined ? p : p && path.resolve(cwd, p));
  outputs.plan(
    '--output',
    shown(options.output === '-' ? undefined : output),
    [{ flag: '--from', file: shown(options.from) }],
    DEFAULT_CONFIG_NAME,
  );
  if (target && existsSync(target) && !options.force) {
    throw new InputError(`${output} already exists; pass --force to overwrite it`, {});
  }
  return outputs.run(async () => {
    const defaults = guideDefaults();
    let inference: Inference | undefined;
    let fromLabel: string | undefined;
    if (from) {
      const snapshot = loadSnapshot(from);
      inference = inferFromSnapshot(snapshot.doc, defaults);
      const when = snapshot.doc.collectedAt ? `, collected ${snapshot.doc.collectedAt}` : '';
      fromLabel = `${options.from} (${snapshot.doc.okta.orgUrl}${when})`;
    }
    const rules = sortRules(loadRules([])).map((r) => ({ id: r.id, level: r.level, title: r.title }));
    const text = renderConfig({ inference, fromLabel, rules, tool: TOOL });
    // The generated file must load: a template bug is caught here, never shipped to the user's repo.
    parseConfig(text, output === '-' ? DEFAULT_CONFIG_NAME : output);
    if (target) await outputs.stage(shown(output), text);
    const flat = flatDefaults(defaults);
    const inferred = Object.keys(inference?.values ?? {});
    const differs = inferred.filter((k) => flat[k] !== undefined && flat[k] !== inference!.values[k].value);
    return { file: target, text, differs, inferred };
  });
}

function flatDefaults(d: ReturnType<typeof guideDefaults>): Record<string, string> {
  const out: Record<string, string> = { provisioning: d.provisioning };
  for (const [k, v] of Object.entries(d.okta)) out[`okta.${k}`] = v;
  for (const [k, v] of Object.entries(d.beyondIdentity)) out[`beyondIdentity.${k}`] = v;
  return out;
}
