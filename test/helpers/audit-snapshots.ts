import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// Snapshots for the report tests, each the bundled clean org with the changes named below, written
// where a test wants them (the report shows the snapshot's path, so tests keep it short and stable).

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLEAN = path.join(REPO_ROOT, 'fixtures', 'snapshots', 'clean-scim.json');

type Doc = {
  okta: Record<string, any>;
  beyondIdentity?: Record<string, any> | null;
  gaps?: { section: string; reason: string }[];
} & Record<string, any>;

export function cleanDoc(): Doc {
  return JSON.parse(readFileSync(CLEAN, 'utf8')) as Doc;
}

export const app = (doc: Doc, label: string) => doc.okta.apps.find((a: { label: string }) => a.label === label);
export const biIdp = (doc: Doc) => doc.okta.idps.find((i: { name: string }) => i.name === 'Beyond Identity');

/**
 * A pre-go-live org with the mistakes people make: the issuer typed with a trailing slash, a wildcard
 * redirect URI next to the right one, deactivation not provisioned, an expired API token (a
 * warning), and the console SSO settings unreadable (not evaluated).
 */
export function failingDoc(): Doc {
  const doc = cleanDoc();
  biIdp(doc).protocol.issuer.url = 'https://auth.byndid.com/v2/';
  const up = app(doc, 'Beyond Identity User Portal');
  up.features = up.features.filter((f: string) => f !== 'PUSH_USER_DEACTIVATION');
  doc.okta.apiTokens[0].expiresAt = '2026-11-20T09:00:00.000Z';
  doc.beyondIdentity!.oidcClients[0].redirect_uris = ['https://*.okta.com/oauth2/v1/authorize/callback'];
  delete doc.beyondIdentity!.consoleSso;
  doc.gaps = [
    { section: 'beyondIdentity.consoleSso', reason: '403 Forbidden: the API token lacks the console-sso:read scope' },
  ];
  return doc;
}

/** The clean org whose Admin Portal app label carries markup; a config names that label so the app is found and its name is reported. */
export const HOSTILE_LABEL =
  'BI Admin <script>document.title="pwned";window.__pwned=1</script><img src=x onerror="window.__pwned=2"> & "Co"';

export function hostileDoc(): Doc {
  const doc = failingDoc();
  const admin = app(doc, 'Beyond Identity Admin Portal');
  admin.label = HOSTILE_LABEL;
  admin.status = 'INACTIVE';
  return doc;
}

export function hostileConfig(): string {
  return `okta:\n  adminPortalApp: ${JSON.stringify(HOSTILE_LABEL)}\n`;
}

export function writeDoc(file: string, doc: unknown): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}
