import { plural } from '../util/text.js';
import { createHash } from 'node:crypto';
import type { Finding, Rule, RuleResult } from '../engine/types.js';
import { levelRank, type Level } from '../util/levels.js';
import { TOOL } from '../version.js';
import { attributionText } from './attribution.js';
import type { DriftComparison } from './compare.js';
import { canonical } from './diff.js';
import { TYPES, driftId } from './table.js';
import type { Artifact, Change, ChangeKind } from './types.js';

/** The report section drift results are grouped under (after the guide's sections). */
const DRIFT_SECTION = 'Drift since the baseline';

/**
 * A drift change in the code base's one finding shape, so that every formatter renders it. Its
 * pointer points into the current snapshot, or into the baseline for a removed resource: `artifact`
 * says which, and the formatters locate it in that file (report/summary.ts, findingLocation).
 */
export interface DriftFinding extends Finding {
  artifact: Artifact;
  change: Change;
}

export function isDriftFinding(f: Finding): f is DriftFinding {
  return (f as DriftFinding).change !== undefined && (f as DriftFinding).artifact !== undefined;
}

export function isDriftId(id: string): boolean {
  return id.startsWith('drift/');
}

const KIND_WORD: Record<ChangeKind, string> = { changed: 'changed', added: 'added', removed: 'removed' };

const rules = new Map<string, Rule>();

/** The pseudo-rule behind a drift id: what SARIF lists in tool.driver.rules and the text report names. */
function driftRule(id: string): Rule {
  let r = rules.get(id);
  if (r) return r;
  const m = /^drift\/(.+)-(changed|added|removed)$/.exec(id);
  const t = m && TYPES.find((x) => x.type === m[1]);
  if (!m || !t) throw new Error(`unknown drift id ${id}`);
  const kind = m[2] as ChangeKind;
  const a = /^[aeiou]/i.test(t.noun) && !/^(user|one)/i.test(t.noun) ? 'an' : 'a';
  const what =
    kind === 'changed'
      ? `A field of ${a} ${t.noun} differs between the approved baseline and the current snapshot`
      : `${cap(a)} ${t.noun} was ${KIND_WORD[kind]} since the approved baseline`;
  r = {
    id,
    title: `${cap(t.noun)} ${KIND_WORD[kind]} since the baseline`,
    level: t.addRemove[0],
    section: DRIFT_SECTION,
    description:
      `${what}. The level says how much it matters (docs/drift.md, levels): changes to what the ` +
      `rules check are errors, other changes to the integration's resources warnings, the rest notes.`,
    rationale:
      'The baseline is the configuration that was audited and approved; any change since then should ' +
      'be reviewed, because the integration can break or weaken without any rule failing yet.',
    fix:
      'If the change was intended, approve it: collect a new baseline (okta-bi-lint collect --out FILE) or suppress it in ' +
      'okta-bi-lint.yaml with a justification. If not, restore the baseline value in the Okta Admin Console or the Beyond Identity console',
    helpUri: TOOL.repository ? `${TOOL.repository}/blob/main/docs/drift.md#drift-ids-and-levels` : undefined,
    mode: 'any',
    requires: [t.section],
    then: [],
    file: 'docs/drift.md',
    builtin: true,
  };
  rules.set(id, r);
  return r;
}

/** Stable across runs for the same change: the id, the resource, the field, and the values on both sides. */
function driftFingerprint(c: Change): string {
  const res = (c.current ?? c.baseline)!;
  const parts: string[] = [c.driftId, res.logical];
  if (c.field) {
    const f = c.field;
    parts.push(f.path);
    if (f.added || f.removed) {
      parts.push(
        canonical((f.added ?? []).map((x) => canonical(x)).sort()),
        canonical((f.removed ?? []).map((x) => canonical(x)).sort()),
      );
    } else {
      parts.push(canonical(f.before), canonical(f.after));
    }
  }
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

export function toFinding(c: Change): DriftFinding {
  const res = (c.current ?? c.baseline)!;
  const artifact: Artifact = c.kind === 'removed' ? 'baseline' : 'current';
  const pointer = c.kind === 'changed' ? c.field!.currentPointer : res.pointer;
  const found = c.field ? c.field.after : undefined;
  const expected = c.field ? c.field.before : undefined;
  return {
    ruleId: c.driftId,
    level: c.level,
    message: c.message,
    resource: { kind: c.noun, id: res.id, name: res.name, logical: res.logical, pointer: res.pointer },
    pointer,
    found,
    expected,
    problems: [{ detail: c.detail, pointer, field: c.field?.path, found, expected, level: c.level }],
    fingerprint: driftFingerprint(c),
    artifact,
    change: c,
    // who made the change, when attribution ran before the report was built
    ...(c.attribution
      ? {
          changedBy: {
            text: attributionText(c.attribution),
            details: c.attribution as unknown as Record<string, unknown>,
          },
        }
      : {}),
  };
}

/**
 * One result per drift id that has changes (status fail), and one per section that could not be
 * compared (not-evaluated, or skipped for an optional section collected on one side only), under
 * the id of the section's main type. Ids with nothing to say are left out: a report of 66 passing
 * pseudo-rules would bury the changes.
 */
export function driftResults(cmp: DriftComparison): RuleResult[] {
  const byId = new Map<string, DriftFinding[]>();
  for (const c of cmp.changes) {
    const l = byId.get(c.driftId) ?? [];
    l.push(toFinding(c));
    byId.set(c.driftId, l);
  }
  const out: RuleResult[] = [];
  // Per type: removals, then additions, then changes, so a recreated resource reads in order.
  for (const id of TYPES.flatMap((t) => (['removed', 'added', 'changed'] as const).map((k) => driftId(t.type, k)))) {
    const findings = byId.get(id);
    const nc = cmp.notCompared.find((n) => driftId(n.types[0], 'changed') === id);
    if (nc) {
      out.push({ rule: driftRule(id), level: driftRule(id).level, status: nc.status, reason: nc.reason, findings: [] });
      continue;
    }
    if (!findings) continue;
    let level: Level = 'note';
    for (const f of findings) if (levelRank(f.level) > levelRank(level)) level = f.level;
    const n = findings.length;
    out.push({
      rule: driftRule(id),
      level,
      status: 'fail',
      reason: `${plural(n, 'change')} since the baseline`,
      findings,
    });
  }
  return out;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
