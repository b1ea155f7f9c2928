import { InputError } from '../util/errors.js';
import { readTextFile } from '../util/files.js';
import { statSync } from 'node:fs';
import { constants } from 'node:buffer';
import {
  loadSnapshot,
  parseSnapshot,
  snapshotLimitBytes,
  SNAPSHOT_FORMAT,
  type LoadOptions,
  type Snapshot,
} from '../snapshot/load.js';
import { getOwn } from '../util/pointer.js';
import type { RunWarning } from '../util/warnings.js';

/** How drift loads each of its two snapshots: as check does (a large one piece by piece, never as one text). */
export const DRIFT_LOAD: LoadOptions = {};

const SNAPSHOT_OF_ANY_VERSION = /^okta-bi-lint\/snapshot@(\d+)$/;

/**
 * Reads the baseline. A snapshot of another format version is refused unless forced; forced, its
 * format is read as the current one (the rest must still validate), and a warning says so. A file
 * that is not a snapshot at all (a report, an accepted-findings file) is refused, forced or not.
 */
export function loadBaseline(file: string, force: boolean, warnings: RunWarning[]): Snapshot {
  // OKTA_BI_LINT_MAX_SNAPSHOT_MB when set; else as large as a text can be, for the messages below
  const limit = snapshotLimitBytes(constants.MAX_STRING_LENGTH / 1024 / 1024);
  // The usual case, a valid snapshot of this format, takes the path of --current: a large file is
  // parsed in pieces, hashed and indexed on another thread. Anything else is read again below, for
  // the baseline's own messages and --force; a file too large to read as one text keeps the
  // message of the first read.
  const size = regularFileSize(file);
  if (size !== undefined) {
    try {
      return loadSnapshot(file, DRIFT_LOAD);
    } catch (e) {
      if (!(e instanceof InputError) || size > limit) throw e;
    }
  }
  const text = readTextFile(file, 'baseline snapshot', limit);
  try {
    return parseSnapshot(text, file);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const format = formatOf(text);
    if (typeof format !== 'string' || format === SNAPSHOT_FORMAT) throw e;
    const m = SNAPSHOT_OF_ANY_VERSION.exec(format);
    if (!m) {
      const kind = /^okta-bi-lint\/([a-z-]+)@/.exec(format)?.[1];
      throw new InputError(
        `the baseline is ${kind ? `an okta-bi-lint ${kind} file` : 'a document'} of format ${JSON.stringify(format)}, not a snapshot`,
        {
          file: e.file,
          line: e.line,
          column: e.column,
          hint: 'pass as --baseline a snapshot written by okta-bi-lint collect --out FILE',
        },
      );
    }
    if (!force) {
      throw new InputError(
        `the baseline is a snapshot of format ${JSON.stringify(format)}; this okta-bi-lint compares ${SNAPSHOT_FORMAT}`,
        {
          file: e.file,
          line: e.line,
          column: e.column,
          hint: 're-collect the baseline with this version (okta-bi-lint collect --out FILE), or pass --force to compare it anyway',
        },
      );
    }
    // Same line, so positions in the rest of the file stay right.
    const patched = text.replace(/("format"\s*:\s*)"okta-bi-lint\/snapshot@\d+"/, `$1"${SNAPSHOT_FORMAT}"`);
    const snap = parseSnapshot(patched, file);
    warnings.push({
      level: 'warning',
      file,
      message: `the baseline is of format ${JSON.stringify(format)}; compared as ${SNAPSHOT_FORMAT} because of --force`,
    });
    return snap;
  }
}

function regularFileSize(file: string): number | undefined {
  try {
    const st = statSync(file);
    return st.isFile() && st.size > 0 ? st.size : undefined;
  } catch {
    return undefined;
  }
}

function formatOf(text: string): unknown {
  try {
    return getOwn(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), 'format');
  } catch {
    return undefined;
  }
}

/** `30d`, `12h`, `2w`, `90m`, `45s`, or ISO 8601 `P30D` / `PT12H`, in milliseconds. */
export function parseDuration(s: string): number | undefined {
  const simple = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$/i.exec(s);
  if (simple) {
    const n = Number(simple[1]);
    const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 }[
      simple[2].toLowerCase() as 's' | 'm' | 'h' | 'd' | 'w'
    ];
    return n * unit;
  }
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(s.trim());
  if (iso && /\d/.test(s)) {
    const [w, d, h, m, sec] = [1, 2, 3, 4, 5].map((i) => Number(iso[i] ?? 0));
    return ((((w * 7 + d) * 24 + h) * 60 + m) * 60 + sec) * 1e3;
  }
  return undefined;
}

function normalizeOrg(url: string): string {
  return url.trim().replace(/\/+$/, '').toLowerCase();
}

export interface BaselineChecks {
  force: boolean;
  /** --max-baseline-age as given (30d) */
  maxAge?: string;
  now?: Date;
}

/**
 * Refuses a comparison that would report nonsense: snapshots of two orgs (or two Beyond Identity
 * tenants), or a baseline older than --max-baseline-age. Each refusal is one line naming the file
 * and the fix; --force turns each into a warning.
 */
export function checkBaseline(
  baseline: Snapshot,
  current: Snapshot,
  opts: BaselineChecks,
  warnings: RunWarning[],
): void {
  const refuse = (message: string, hint: string) => {
    if (opts.force)
      warnings.push({
        level: 'warning',
        file: baseline.file,
        message: `${message}; compared anyway because of --force`,
      });
    else throw new InputError(message, { file: baseline.file, hint: `${hint}, or pass --force to compare anyway` });
  };
  const bOrg = baseline.doc.okta.orgUrl;
  const cOrg = current.doc.okta.orgUrl;
  if (normalizeOrg(bOrg) !== normalizeOrg(cOrg)) {
    refuse(
      `the baseline is a snapshot of ${bOrg} but the current snapshot is of ${cOrg}`,
      'compare two snapshots of the same org',
    );
  }
  const bTenant = getOwn(baseline.doc.beyondIdentity, 'tenantId');
  const cTenant = getOwn(current.doc.beyondIdentity, 'tenantId');
  if (typeof bTenant === 'string' && typeof cTenant === 'string' && bTenant !== cTenant) {
    refuse(
      `the baseline is of Beyond Identity tenant ${bTenant} but the current snapshot is of tenant ${cTenant}`,
      'compare two snapshots of the same tenant',
    );
  }
  if (opts.maxAge !== undefined) {
    const max = parseDuration(opts.maxAge);
    if (max === undefined) {
      throw new InputError(`--max-baseline-age ${JSON.stringify(opts.maxAge)} is not a duration`, {
        hint: 'write a number and a unit, e.g. 30d, 12h, 2w (or ISO 8601 P30D)',
      });
    }
    const at = baseline.doc.collectedAt ? Date.parse(baseline.doc.collectedAt) : NaN;
    if (Number.isNaN(at)) {
      refuse(
        `the baseline has no collectedAt, so its age cannot be checked against --max-baseline-age ${opts.maxAge}`,
        'approve a fresh baseline collected by okta-bi-lint collect --out FILE',
      );
    } else {
      const now = (opts.now ?? new Date()).getTime();
      const age = now - at;
      if (age > max) {
        refuse(
          `the baseline was collected ${baseline.doc.collectedAt}, ${describeAge(age)} ago, which is more than --max-baseline-age ${opts.maxAge}`,
          'review the drift and approve a fresh baseline (okta-bi-lint collect --out FILE)',
        );
      }
    }
  }
  const bAt = baseline.doc.collectedAt ? Date.parse(baseline.doc.collectedAt) : NaN;
  const cAt = current.doc.collectedAt ? Date.parse(current.doc.collectedAt) : NaN;
  if (!Number.isNaN(bAt) && !Number.isNaN(cAt) && bAt > cAt) {
    warnings.push({
      level: 'warning',
      file: baseline.file,
      message:
        `the baseline (collected ${baseline.doc.collectedAt}) is newer than the current ` +
        `snapshot (collected ${current.doc.collectedAt}); are --baseline and --current swapped?`,
    });
  }
}

function describeAge(ms: number): string {
  const days = ms / 86400e3;
  if (days >= 2) return `${Math.floor(days)} days`;
  const hours = ms / 3600e3;
  if (hours >= 2) return `${Math.floor(hours)} hours`;
  return `${Math.max(1, Math.floor(ms / 60e3))} minutes`;
}
