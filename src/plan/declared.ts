import { loadConfig, type BiPlatform } from '../config/load.js';
import { resolveExpectations } from '../config/expectations.js';
import { declaredSnapshot, loadDeclared, refuseBiFromOnOtherPlatform } from '../collect/declared/index.js';
import { InputError } from '../util/errors.js';

/** The Beyond Identity side of a plan alone, declared by hand (--bi-from), and a gap for each section it leaves out. */
export interface DeclaredBiSide {
  beyondIdentity: Record<string, unknown>;
  gaps: { section: string; reason: string }[];
}

/**
 * `check --plan plan.json --bi-from bi.yaml`: a plan holds only the Okta side, so the Beyond
 * Identity side comes from the declared file, as `collect --bi-from` would put it in a snapshot
 * (the config's provisioning mode says whether the event hook is asked for).
 */
export function declaredBiSide(
  file: string,
  options: { config?: string; biPlatform?: BiPlatform; cwd?: string } = {},
): DeclaredBiSide {
  const config = loadConfig(options.config, options.cwd);
  const expectations = resolveExpectations(config.data, 'https://terraform-plan.invalid', options.biPlatform);
  const platform = expectations.biPlatform;
  refuseBiFromOnOtherPlatform(platform, '--bi-platform, beyondIdentity.platform');
  // the Beyond Identity side is compared with the org's URL (callbacks, console issuer, extension domain), which a plan does not carry
  if (typeof config.data.okta?.orgUrl !== 'string')
    throw new InputError('a plan alone names no Okta org, and --bi-from is compared with its URL', {
      file: config.file ?? file,
      hint: 'set okta.orgUrl (https://acme.okta.com) in the config, or lay the plan over the org with --live or --snapshot',
    });
  return declaredSnapshot(loadDeclared(file, options.cwd), expectations.provisioning);
}
