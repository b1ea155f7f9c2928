import type { ConfigFile, Provisioning, BiPlatform } from './load.js';
import { guideDefaults } from './load.js';

/**
 * The values rules compare against: the guide's defaults, overridden by the expectations file,
 * plus values derived from them (the org host, the callback URLs). Rules name them by dotted path
 * ({ expect: okta.group }); nothing here is a literal a rule could not override.
 */
export interface Expectations {
  okta: Record<string, unknown>;
  beyondIdentity: Record<string, unknown>;
  provisioning: Provisioning;
  biPlatform?: BiPlatform;
}

export function resolveExpectations(
  config: ConfigFile,
  snapshotOrgUrl: string,
  biPlatformFlag?: BiPlatform,
): Expectations {
  const d = guideDefaults();
  const okta: Record<string, unknown> = { ...d.okta, ...(config.okta ?? {}) };
  const bi: Record<string, unknown> = { ...d.beyondIdentity, ...(config.beyondIdentity ?? {}) };
  const orgUrl = stripSlash(String(okta.orgUrl ?? snapshotOrgUrl));
  okta.orgUrl = orgUrl;
  okta.orgHost = hostOf(orgUrl);
  const issuerUrls = [orgUrl];
  const callbackUrls = [`https://${okta.orgHost}/oauth2/v1/authorize/callback`];
  if (typeof okta.customDomain === 'string') {
    const host = okta.customDomain.replace(/^https:\/\//, '').replace(/\/$/, '');
    okta.customDomain = host;
    okta.customDomainUrl = `https://${host}`;
    issuerUrls.push(`https://${host}`);
    callbackUrls.push(`https://${host}/oauth2/v1/authorize/callback`);
  }
  okta.issuerUrls = issuerUrls;
  okta.callbackUrls = callbackUrls;
  bi.issuer = stripSlash(String(bi.issuer));
  const biPlatform = biPlatformFlag ?? (bi.platform as BiPlatform | undefined);
  return { okta, beyondIdentity: bi, provisioning: config.provisioning ?? d.provisioning, biPlatform };
}

function stripSlash(s: string): string {
  return s.replace(/\/+$/, '');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  }
}
