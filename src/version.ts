import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from './util/ajv.js';

const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  homepage?: string;
  repository?: string | { url?: string };
};

/** The repository's web address from package.json (`git+https://…/x.git` → `https://…/x`), when it names one. */
function repositoryUrl(): string | undefined {
  const raw = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const url = raw?.replace(/^git\+/, '').replace(/\.git$/, '');
  return url && /^https:\/\//.test(url) ? url : undefined;
}

export const TOOL: { name: string; version: string; informationUri: string; repository?: string } = {
  name: 'okta-bi-lint',
  version: pkg.version,
  informationUri: repositoryUrl() ?? pkg.homepage ?? 'https://github.com/okta-bi-lint/okta-bi-lint',
  // Links to a rule's page (<repository>/blob/main/docs/rules/<id>.md) are made only from a
  // repository package.json declares, never from a guessed address; without one they are left out.
  repository: repositoryUrl(),
};
