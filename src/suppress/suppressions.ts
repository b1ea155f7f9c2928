import { plural } from '../util/text.js';
import type { LoadedConfig, SuppressionSpec } from '../config/load.js';
import type { Finding, RuleResult } from '../engine/types.js';
import { InputError } from '../util/errors.js';
import { nearest } from '../util/suggest.js';
import type { RunWarning } from '../util/warnings.js';

/**
 * Suppressions from the expectations file (`suppressions:`): each names a rule or drift id, optionally
 * one resource by its logical location, and says why. A suppressed finding stays in the report with
 * its justification but does not count for the exit code. An expired suppression stops applying and
 * says so; one that matches nothing is reported, so the list cannot silently rot.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The instant a suppression stops applying. A date (2027-01-31) is interpreted in UTC: the
 * suppression applies before 2027-01-31T00:00:00Z and is expired from that instant on, i.e. on the
 * date itself. A full date-time with a zone is taken as written. Undefined for an invalid date.
 */
export function expiryInstant(expires: string): Date | undefined {
  const d = DATE.exec(expires);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    const t = new Date(Date.UTC(y, m - 1, day));
    // Date.UTC rolls 2027-02-30 over to March; a real date round-trips.
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== day) return undefined;
    return t;
  }
  const dt = DATE_TIME.exec(expires);
  if (dt) {
    const [y, m, day, hh, mm, ss] = [1, 2, 3, 4, 5, 6].map((i) => Number(dt[i] ?? 0));
    const check = new Date(Date.UTC(y, m - 1, day));
    if (
      check.getUTCFullYear() !== y ||
      check.getUTCMonth() !== m - 1 ||
      check.getUTCDate() !== day ||
      hh > 23 ||
      mm > 59 ||
      ss > 59
    )
      return undefined;
    const t = new Date(expires);
    return Number.isNaN(t.getTime()) ? undefined : t;
  }
  return undefined;
}

/**
 * Refuses suppressions that cannot mean anything, before anything runs: an id that is neither a
 * rule nor a drift id, or an expires that is not a real date. The schema has already required the
 * justification.
 */
export function validateSuppressions(
  config: LoadedConfig,
  ruleIds: readonly string[],
  driftIds: readonly string[],
): void {
  const list = config.data.suppressions ?? [];
  const known = new Set([...ruleIds, ...driftIds]);
  list.forEach((s, i) => {
    if (!known.has(s.id)) {
      const pos = config.yaml?.locate(`/suppressions/${i}/id`);
      const near = nearest(s.id, [...known]);
      throw new InputError(`suppressions[${i}] names the unknown id "${s.id}"`, {
        file: config.file,
        ...pos,
        hint: near
          ? `did you mean "${near}"?`
          : 'name a rule id (okta-bi-lint rules) or a drift id such as drift/idp-changed (docs/drift.md)',
      });
    }
    if (s.expires !== undefined && !expiryInstant(s.expires)) {
      const pos = config.yaml?.locate(`/suppressions/${i}/expires`);
      throw new InputError(`suppressions[${i}].expires is ${JSON.stringify(s.expires)}, which is not a valid date`, {
        file: config.file,
        ...pos,
        hint: 'write a calendar date such as 2027-01-31; it is interpreted in UTC',
      });
    }
  });
}

export interface ApplyOptions {
  /** the instant expiry is judged at (default: now) */
  now?: Date;
  /** warn about suppressions that matched nothing (default true; --report-unused-suppressions) */
  reportUnused?: boolean;
  /** which ids this run produces findings for: rule ids, drift ids, or both; others are not judged unused */
  scope?: { rules: boolean; drift: boolean };
}

interface State {
  spec: SuppressionSpec;
  index: number;
  expiresAt?: Date;
  expired: boolean;
  used: number;
  /** findings an expired suppression would have covered */
  wouldMatch: number;
}

/** `okta/idp-issuer on okta/idps/0oa1x2` */
function describeSuppression(s: SuppressionSpec): string {
  return s.resource ? `${s.id} on ${s.resource}` : s.id;
}

function matches(s: SuppressionSpec, f: Finding): boolean {
  return s.id === f.ruleId && (s.resource === undefined || s.resource === f.resource.logical);
}

/**
 * Marks the findings covered by an active suppression (`finding.suppressed`), turns a failing rule
 * all of whose findings are suppressed into `suppressed`, and returns the warnings: one per expired
 * suppression and, unless turned off, one per suppression that matched nothing.
 */
export function applySuppressions(
  results: RuleResult[],
  config: LoadedConfig,
  options: ApplyOptions = {},
): RunWarning[] {
  const list = config.data.suppressions ?? [];
  if (list.length === 0) return [];
  const now = options.now ?? new Date();
  const scope = options.scope ?? { rules: true, drift: false };
  const states: State[] = list.map((spec, index) => {
    const expiresAt = spec.expires !== undefined ? expiryInstant(spec.expires) : undefined;
    return {
      spec,
      index,
      expiresAt,
      expired: expiresAt !== undefined && now.getTime() >= expiresAt.getTime(),
      used: 0,
      wouldMatch: 0,
    };
  });
  const byId = new Map<string, State[]>();
  for (const st of states) {
    const l = byId.get(st.spec.id) ?? [];
    l.push(st);
    byId.set(st.spec.id, l);
  }
  const statusOf = new Map<string, RuleResult>();
  for (const r of results) {
    statusOf.set(r.rule.id, r);
    const candidates = byId.get(r.rule.id);
    if (!candidates) continue;
    for (const f of r.findings) {
      if (f.suppressed) continue;
      let applied = false;
      for (const st of candidates) {
        if (!matches(st.spec, f)) continue;
        if (st.expired) {
          st.wouldMatch++;
          continue;
        }
        if (!applied) {
          f.suppressed = suppressedInfo(st.spec);
          st.used++;
          applied = true;
        }
      }
    }
    settleStatus(r);
  }

  const warnings: RunWarning[] = [];
  for (const st of states) {
    const pos = config.yaml?.locate(`/suppressions/${st.index}`);
    const where = { file: config.file, ...pos };
    const name = `suppression ${describeSuppression(st.spec)}`;
    if (st.expired) {
      const would = st.wouldMatch
        ? `; it would cover ${plural(st.wouldMatch, 'finding')}, which now count${st.wouldMatch === 1 ? 's' : ''} again`
        : '';
      warnings.push({
        level: 'warning',
        message: `${name} expired on ${st.spec.expires} (UTC) and no longer applies${would} (renew its expires date with a new justification, or remove it)`,
        ...where,
      });
      continue;
    }
    const inScope = st.spec.id.startsWith('drift/') ? scope.drift : scope.rules;
    if (options.reportUnused !== false && inScope && st.used === 0) {
      const r = statusOf.get(st.spec.id);
      const why = r && r.status !== 'fail' && r.status !== 'suppressed' ? ` (${st.spec.id} is ${r.status})` : '';
      warnings.push({
        level: 'warning',
        message: `${name} matched no finding${why}; remove it if the problem is fixed, or correct its id or resource`,
        ...where,
      });
    }
  }
  return warnings;
}

function suppressedInfo(s: SuppressionSpec): NonNullable<Finding['suppressed']> {
  const info: NonNullable<Finding['suppressed']> = { justification: s.justification };
  if (s.owner !== undefined) info.owner = s.owner;
  if (s.expires !== undefined) info.expires = s.expires;
  return info;
}

/** A failing rule whose every finding is suppressed is `suppressed` (docs/contracts.md, "Rule status"). */
function settleStatus(r: RuleResult): void {
  if (r.status !== 'fail' || r.findings.length === 0) return;
  const suppressed = r.findings.filter((f) => f.suppressed);
  if (suppressed.length === r.findings.length) {
    const reasons = [...new Set(suppressed.map((f) => f.suppressed!.justification))];
    r.status = 'suppressed';
    r.reason =
      reasons.length === 1
        ? `every finding is suppressed: ${reasons[0]}`
        : `every finding is suppressed (${reasons.length} suppressions)`;
  } else if (suppressed.length) {
    r.reason = `${r.reason} (${suppressed.length} of ${r.findings.length} findings suppressed)`;
  }
}
