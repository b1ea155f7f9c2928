import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../util/errors.js';
import type { ConfigModule, PlanDoc } from './read.js';

export interface TfLocation {
  /** path relative to the working directory, with forward slashes */
  file: string;
  line: number;
}

/**
 * Where each resource block is written: `resource "TYPE" "NAME" {` in the .tf files of the root
 * module (DIR), and of each module call whose source is a local path (./ or ../) that resolves.
 * Keyed by address without instance keys: module.m.okta_idp_oidc.bi.
 */
export function tfLocations(dir: string, plan: PlanDoc, cwd = process.cwd()): Map<string, TfLocation> {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(dir);
  } catch {
    throw new InputError('--tf-dir not found', {
      file: dir,
      hint: 'pass the directory of the root module (where terraform plan ran)',
    });
  }
  if (!st.isDirectory())
    throw new InputError('--tf-dir is not a directory', {
      file: dir,
      hint: 'pass the directory of the root module (where terraform plan ran)',
    });
  const out = new Map<string, TfLocation>();
  const scan = (moduleDir: string, prefix: string, m: ConfigModule | undefined, depth: number) => {
    for (const file of tfFiles(moduleDir)) {
      const lines = readFileSync(file, 'utf8').split(/\r?\n/);
      lines.forEach((l, i) => {
        const hit = /^\s*resource\s+"([^"]+)"\s+"([^"]+)"/.exec(l);
        if (hit)
          out.set(`${prefix}${hit[1]}.${hit[2]}`, {
            file: path.relative(cwd, file).split(path.sep).join('/'),
            line: i + 1,
          });
      });
    }
    if (depth > 16) return;
    for (const [name, call] of Object.entries(m?.module_calls ?? {})) {
      const source = call?.source;
      if (typeof source !== 'string' || !/^\.\.?\//.test(source)) continue;
      const sub = path.resolve(moduleDir, source);
      if (existsDir(sub)) scan(sub, `${prefix}module.${name}.`, call.module, depth + 1);
    }
  };
  scan(path.resolve(dir), '', plan.configuration?.root_module, 0);
  return out;
}

function tfFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.tf'))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

function existsDir(d: string): boolean {
  try {
    return statSync(d).isDirectory();
  } catch {
    return false;
  }
}

/** module.m["a"].okta_idp_oidc.bi[0] → module.m.okta_idp_oidc.bi */
export function configAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}
