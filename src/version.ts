import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from './util/ajv.js';

const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string; homepage?: string };

export const TOOL = {
  name: 'okta-bi-lint',
  version: pkg.version,
  informationUri: pkg.homepage ?? 'https://github.com/okta-bi-lint/okta-bi-lint',
};
