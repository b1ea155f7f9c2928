import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { InputError } from '../util/errors.js';
import { readTextFile } from '../util/files.js';
import { locatePointers, parseJsonWithPosition, type Position } from '../util/json-position.js';
import { describeError, errorPointer, sortErrors, validator } from '../util/ajv.js';
import { getOwn, hasOwn } from '../util/pointer.js';
import { sectionInfo } from './sections.js';

export const SNAPSHOT_FORMAT = 'okta-bi-lint/snapshot@1';

export interface Gap {
  section: string;
  reason: string;
  errorCode?: string;
  status?: number;
}

export interface SnapshotDoc {
  format: string;
  collectedAt?: string;
  collector?: { name?: string; version?: string };
  okta: Record<string, unknown> & { orgUrl: string };
  beyondIdentity?: Record<string, unknown> & { platform?: string };
  gaps?: Gap[];
}

export type SectionState = { state: 'present' } | { state: 'absent'; optional: boolean; include?: string } | { state: 'gap'; gap: Gap };

/** A loaded snapshot: the document, where it came from, and a lazy way to find a value's line. */
export class Snapshot {
  readonly doc: SnapshotDoc;
  /** the path as given by the user (reports print paths relative to the working directory) */
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  private readonly text: string;

  constructor(doc: SnapshotDoc, text: string, file: string) {
    this.doc = doc;
    this.text = text;
    this.file = file;
    this.bytes = Buffer.byteLength(text);
    this.sha256 = createHash('sha256').update(text).digest('hex');
  }

  /** The state of a dotted section path (okta.idps). A gap on "beyondIdentity" covers all its sections. */
  section(dotted: string): SectionState {
    const gaps = this.doc.gaps ?? [];
    const gap = gaps.find((g) => g.section === dotted || dotted.startsWith(g.section + '.'));
    if (gap) return { state: 'gap', gap };
    const [top, key] = dotted.split('.');
    const parent = getOwn(this.doc, top);
    if (key === undefined ? parent !== undefined : hasOwn(parent, key)) return { state: 'present' };
    const info = sectionInfo(dotted);
    return { state: 'absent', optional: info?.optional ?? false, include: info?.include };
  }

  /** Line and column of each pointer, computed in one scan only when a report asks for them. */
  locate(pointers: Iterable<string>): Map<string, Position> {
    return locatePointers(this.text, pointers);
  }
}

const MAX_MB = Number(process.env.OKTA_BI_LINT_MAX_SNAPSHOT_MB ?? 1024);

export function loadSnapshot(file: string): Snapshot {
  const text = readTextFile(file, 'snapshot', MAX_MB * 1024 * 1024);
  return parseSnapshot(text, file);
}

export function parseSnapshot(text: string, file: string): Snapshot {
  const parsed = parseJsonWithPosition(text);
  if ('error' in parsed) {
    throw new InputError(parsed.error, { file, ...parsed.position, hint: 'a snapshot is one JSON document; re-collect it or fix the JSON' });
  }
  const doc = parsed.value;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new InputError('not an okta-bi-lint snapshot: the document must be a JSON object', { file, line: 1, column: 1, hint: `write {"format": "${SNAPSHOT_FORMAT}", "okta": {"orgUrl": …}}` });
  }
  const format = getOwn(doc, 'format');
  if (format === undefined) {
    throw new InputError('not an okta-bi-lint snapshot: "format" is missing', { file, line: 1, column: 1, hint: `add "format": "${SNAPSHOT_FORMAT}"` });
  }
  if (format !== SNAPSHOT_FORMAT) {
    const pos = locatePointers(text, ['/format']).get('/format');
    const m = typeof format === 'string' ? /^okta-bi-lint\/snapshot@(\d+)$/.exec(format) : null;
    const hint = m
      ? Number(m[1]) > 1
        ? `this okta-bi-lint reads format ${SNAPSHOT_FORMAT}; upgrade okta-bi-lint to read version ${m[1]}`
        : `re-collect the snapshot with this version of okta-bi-lint`
      : `this tool reads "${SNAPSHOT_FORMAT}"`;
    throw new InputError(`unsupported snapshot format ${JSON.stringify(format)}`, { file, ...pos, hint });
  }
  const okta = getOwn(doc, 'okta');
  if (okta === undefined || (typeof okta === 'object' && okta !== null && !Array.isArray(okta) && getOwn(okta, 'orgUrl') === undefined)) {
    const pos = locatePointers(text, ['/okta']).get('/okta');
    throw new InputError('the snapshot has no "okta.orgUrl"', { file, ...pos, hint: 'add "okta": {"orgUrl": "https://<org>.okta.com"}' });
  }
  const validate = validator('snapshot.schema.json');
  if (!validate(doc)) {
    const errors = sortErrors(validate.errors ?? []);
    const first = errors[0];
    const ptr = errorPointer(first);
    const pos = locatePointers(text, [ptr]).get(ptr);
    const { message, hint } = describeError(first, displayPath(first.instancePath));
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more schema problem${errors.length > 2 ? 's' : ''})` : '';
    throw new InputError(message + more, { file, ...pos, hint: hint ?? 'see schemas/snapshot.schema.json' });
  }
  return new Snapshot(doc as SnapshotDoc, text, file);
}

/** okta.apps[3].label, for messages. */
export function displayPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

export function relativeToCwd(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel.split(path.sep).join('/');
}
