import type { Expectations } from '../config/expectations.js';
import type { LoadedConfig } from '../config/load.js';
import { fmt, list } from '../engine/format.js';
import { describeResource } from '../engine/resources.js';
import type { Snapshot } from '../snapshot/load.js';
import type { RunWarning } from '../util/warnings.js';
import { diffResource, sameValue } from './diff.js';
import { Ignores } from './ignores.js';
import { LazyList, listOf, resourcesOf, type Resources } from './inventory.js';
import {
  addRemoveLevel,
  driftId,
  fieldLevel,
  isIntegration,
  SECTION_TYPES,
  typeSpec,
  type IntegrationIds,
} from './table.js';
import type { Change, DriftResource, NotCompared } from './types.js';
import { capitalize } from '../util/text.js';

export interface CompareOptions {
  /** the effective expectations: they decide which resources belong to the integration */
  expectations: Expectations;
  /** the expectations file, for drift.ignore and the places of its warnings */
  config?: LoadedConfig;
}

interface SectionSummary {
  section: string;
  types: string[];
  status: 'compared' | 'not-evaluated' | 'skipped';
  reason?: string;
  /** resources of the section's types in each snapshot (when compared) */
  baseline?: number;
  current?: number;
}

export interface DriftComparison {
  changes: Change[];
  sections: SectionSummary[];
  notCompared: NotCompared[];
  warnings: RunWarning[];
}

/** Sections the collector only writes on request; one collected and the other not is not a gap. */
const OPTIONAL = new Set(['okta.users', 'okta.groupMembers', 'beyondIdentity.scimUsers']);

/**
 * Compares two snapshots of one org resource by resource, matching resources by identity (the API
 * id; a Beyond Identity object without an id by its name), never by position. Returns every change
 * with its level, in a deterministic order, plus the sections that could not be compared.
 */
export function compareSnapshots(baseline: Snapshot, current: Snapshot, options: CompareOptions): DriftComparison {
  const ignores = new Ignores(options.config?.data.drift?.ignore ?? []);
  const bRes = resourcesOf(baseline.doc);
  const cRes = resourcesOf(current.doc);
  const bIds = integrationIds(bRes, options.expectations);
  const cIds = integrationIds(cRes, options.expectations);
  const biAbsent = options.expectations.biPlatform === 'none';

  const changes: Change[] = [];
  const sections: SectionSummary[] = [];
  const notCompared: NotCompared[] = [];
  const compared = new Set<string>();
  for (const { section, types } of SECTION_TYPES) {
    if (biAbsent && section.startsWith('beyondIdentity.')) continue;
    const issue = comparability(section, baseline, current);
    if (issue === 'absent') continue;
    if (issue) {
      sections.push({ section, types, status: issue.status, reason: issue.reason });
      notCompared.push({ section, types, ...issue });
      continue;
    }
    let nb = 0;
    let nc = 0;
    for (const type of types) {
      compared.add(type);
      const b = bRes.get(type);
      const c = cRes.get(type);
      nb += count(b);
      nc += count(c);
      if (ignores.typeIgnored(type)) continue;
      const [before, after] =
        b instanceof LazyList || c instanceof LazyList ? withoutUnchanged(b, c) : [b ?? [], c ?? []];
      changes.push(...compareType(type, before, after, ignores.forType(type), options.expectations, bIds, cIds));
    }
    sections.push({ section, types, status: 'compared', baseline: nb, current: nc });
  }
  const warnings = ignores.unused([bRes, cRes], compared, options.config);
  changes.sort(byPlace);
  return { changes, sections, notCompared, warnings };
}

function comparability(
  section: string,
  baseline: Snapshot,
  current: Snapshot,
): 'absent' | { status: 'not-evaluated' | 'skipped'; reason: string } | undefined {
  const b = baseline.section(section);
  const c = current.section(section);
  for (const [which, st] of [
    ['baseline', b],
    ['current', c],
  ] as const) {
    if (st.state === 'gap')
      return {
        status: 'not-evaluated',
        reason: `${section} could not be compared: the ${which} snapshot lists it in gaps (${st.gap.reason})`,
      };
  }
  if (b.state === 'present' && c.state === 'present') return undefined;
  if (b.state === 'absent' && c.state === 'absent') return 'absent';
  const which = b.state === 'present' ? 'baseline' : 'current';
  const other = which === 'baseline' ? 'current' : 'baseline';
  if (OPTIONAL.has(section)) {
    return {
      status: 'skipped',
      reason: `${section} was collected in the ${which} snapshot only, so it was not compared (collect both with --include users)`,
    };
  }
  return {
    status: 'not-evaluated',
    reason: `${section} is absent from the ${other} snapshot, so it could not be compared`,
  };
}

function integrationIds(res: Resources, exp: Expectations): IntegrationIds {
  const ids: IntegrationIds = { idps: new Set(), groups: new Set(), apps: new Set() };
  const none = { idps: new Set<string>(), groups: new Set<string>(), apps: new Set<string>() };
  for (const [type, set] of [
    ['idp', ids.idps],
    ['group', ids.groups],
    ['app', ids.apps],
  ] as const) {
    for (const r of listOf(res, type)) if (r.id && isIntegration(r, exp, none)) set.add(r.id);
  }
  return ids;
}

function count(l: DriftResource[] | LazyList | undefined): number {
  return l === undefined ? 0 : l instanceof LazyList ? l.count() : l.length;
}

/**
 * The resources of two lists of one type, without the pairs that are the same resource (the same
 * id) with the same value: most users of a large org, which then never become resources at all.
 * Both lists are walked together in order, as in match(); what is left (changed, added, removed,
 * moved) goes to match(), which pairs it exactly as it would have with the whole lists, since ids
 * are unique and an unchanged pair yields no change. (Of duplicate ids, an unchanged pair goes first.)
 */
function withoutUnchanged(
  b: DriftResource[] | LazyList | undefined,
  c: DriftResource[] | LazyList | undefined,
): [DriftResource[], DriftResource[]] {
  if (!(b instanceof LazyList) || !(c instanceof LazyList))
    return [b instanceof LazyList ? b.all() : (b ?? []), c instanceof LazyList ? c.all() : (c ?? [])];
  const bv = b.values;
  const cv = c.values;
  const bSame = new Uint8Array(bv.length);
  const cSame = new Uint8Array(cv.length);
  let i = 0;
  let j = 0;
  let paired = 0;
  let misses = 0;
  while (i < bv.length && j < cv.length && misses <= 16 + (paired >> 4)) {
    if (!b.has(i)) {
      i++;
      continue;
    }
    if (!c.has(j)) {
      j++;
      continue;
    }
    const bid = b.idAt(i);
    const cid = c.idAt(j);
    if (bid !== undefined && bid === cid) {
      if (sameValue(bv[i], cv[j])) {
        bSame[i] = 1;
        cSame[j] = 1;
      }
      paired++;
      i++;
      j++;
      continue;
    }
    misses++;
    let stepped = false;
    for (let d = 1; d <= LOOKAHEAD && !stepped; d++) {
      if (bid !== undefined && j + d < cv.length && c.has(j + d) && c.idAt(j + d) === bid) {
        j += d;
        stepped = true;
      } else if (cid !== undefined && i + d < bv.length && b.has(i + d) && b.idAt(i + d) === cid) {
        i += d;
        stepped = true;
      }
    }
    if (!stepped) {
      i++;
      j++;
    }
  }
  const before: DriftResource[] = [];
  const after: DriftResource[] = [];
  for (let k = 0; k < bv.length; k++) if (!bSame[k] && b.has(k)) before.push(b.at(k));
  for (let k = 0; k < cv.length; k++) if (!cSame[k] && c.has(k)) after.push(c.at(k));
  return [before, after];
}

/** How far the in-order walk of match() looks ahead for a resource's partner. */
const LOOKAHEAD = 8;

/** Both have an id, the same, under the same parent (a routing rule's policy, an assignment's app). */
function sameId(b: DriftResource, c: DriftResource): boolean {
  return (
    b.id !== undefined &&
    b.id === c.id &&
    (b.parent === undefined ? c.parent === undefined : c.parent !== undefined && b.parent.key === c.parent.key)
  );
}

/** Matching: by id where both sides have one; what is left, by name where one side has no id. */
function match(
  before: DriftResource[],
  after: DriftResource[],
  onPair: (b: DriftResource, c: DriftResource) => void,
): { removed: DriftResource[]; added: DriftResource[] } {
  const scope = (r: DriftResource) => (r.parent ? `${r.parent.key}\0` : '');
  const bDone = new Uint8Array(before.length);
  const cDone = new Uint8Array(after.length);
  let matched = 0;
  const pair = (i: number, j: number) => {
    onPair(before[i], after[j]);
    bDone[i] = 1;
    cDone[j] = 1;
    matched++;
  };
  // 1. In list order. A snapshot lists resources in the API's order, which a month of changes
  // rarely disturbs, so walking both lists together pairs most resources by comparing each id with
  // one other (a section may hold 200,000 users; a map would hash every id of both lists). A few
  // additions or removals are stepped over by looking a little ahead; the walk gives up on a list
  // in another order after a few misses. Ids are unique (the APIs guarantee it), so pairing equal
  // ids here or through the map below gives the same pairs; of duplicate ids (a damaged or
  // hand-made snapshot), those nearest in the two lists pair first.
  let i = 0;
  let j = 0;
  let misses = 0;
  while (i < before.length && j < after.length && misses <= 16 + (matched >> 4)) {
    if (sameId(before[i], after[j])) {
      pair(i++, j++);
      continue;
    }
    misses++;
    let stepped = false;
    for (let d = 1; d <= LOOKAHEAD && !stepped; d++) {
      if (j + d < after.length && sameId(before[i], after[j + d])) {
        j += d; // after[j .. j+d) are additions, or moved: the map below finds them
        stepped = true;
      } else if (i + d < before.length && sameId(before[i + d], after[j])) {
        i += d; // before[i .. i+d) are removals, or moved
        stepped = true;
      }
    }
    if (!stepped) {
      i++;
      j++;
    }
  }
  // 2. What is left, by id through a map: one entry per id, a list only for a duplicate. A key is
  // built only for a sub-resource.
  const byId = new Map<string, number | number[]>();
  for (let j = 0; j < after.length; j++) {
    const c = after[j];
    if (cDone[j] || c.id === undefined) continue;
    const k = c.parent ? `${c.parent.key}\0${c.id}` : c.id;
    const prev = byId.get(k);
    if (prev === undefined) byId.set(k, j);
    else if (typeof prev === 'number') byId.set(k, [prev, j]);
    else prev.push(j);
  }
  for (let i = 0; i < before.length; i++) {
    const b = before[i];
    if (bDone[i] || b.id === undefined) continue;
    const k = b.parent ? `${b.parent.key}\0${b.id}` : b.id;
    const hit = byId.get(k);
    if (hit === undefined) continue;
    if (typeof hit === 'number') {
      byId.delete(k);
      pair(i, hit);
    } else {
      const j = hit.shift();
      if (j !== undefined) pair(i, j);
    }
  }
  if (matched < before.length && matched < after.length) {
    // A resource without an id (a hand-written fixture, a Beyond Identity object) falls back to its
    // name; two resources that both have ids never match by name: a new id is a new resource.
    const byName = new Map<string, number[]>();
    after.forEach((c, j) => {
      if (cDone[j] || c.name === undefined) return;
      const k = scope(c) + c.name;
      const l = byName.get(k);
      if (l) l.push(j);
      else byName.set(k, [j]);
    });
    before.forEach((b, i) => {
      if (bDone[i] || b.name === undefined) return;
      const j = byName
        .get(scope(b) + b.name)
        ?.find((x) => !cDone[x] && (b.id === undefined || after[x].id === undefined));
      if (j !== undefined) pair(i, j);
    });
    // Position is the last resort for objects with neither id nor name (their key is #index).
    before.forEach((b, i) => {
      if (bDone[i] || b.id !== undefined || b.name !== undefined) return;
      const j = after.findIndex(
        (c, x) => !cDone[x] && c.id === undefined && c.name === undefined && scope(c) === scope(b) && c.key === b.key,
      );
      if (j >= 0) pair(i, j);
    });
  }
  return { removed: before.filter((_, i) => !bDone[i]), added: after.filter((_, j) => !cDone[j]) };
}

function compareType(
  type: string,
  before: DriftResource[],
  after: DriftResource[],
  ignored: (keys: readonly string[]) => boolean,
  exp: Expectations,
  bIds: IntegrationIds,
  cIds: IntegrationIds,
): Change[] {
  const spec = typeSpec(type);
  const out: Change[] = [];
  const { removed, added } = match(before, after, (b, c) => {
    const fields = diffResource(b.value, c.value, b, c, ignored);
    if (fields.length === 0) return;
    const integration = isIntegration(b, exp, bIds) || isIntegration(c, exp, cIds);
    for (const f of fields) {
      const { level, reason } = fieldLevel(type, f.keys, integration, f.before, f.after);
      const { keys: _keys, ...field } = f;
      out.push({
        driftId: driftId(type, 'changed'),
        kind: 'changed',
        type,
        noun: spec.noun,
        level,
        levelReason: reason,
        current: c,
        baseline: b,
        field,
        message: `${capitalize(describe(c, spec.noun))}: ${changeText(f)}`,
        detail: changeText(f),
      });
    }
  });
  // The same name under a new id: the resource was deleted and recreated, which breaks every reference to the old id.
  const recreated = new Map<DriftResource, DriftResource>();
  for (const r of removed) {
    if (r.id === undefined || r.name === undefined) continue;
    const a = added.find(
      (x) =>
        x.id !== undefined && x.name === r.name && (x.parent?.key ?? '') === (r.parent?.key ?? '') && !recreated.has(x),
    );
    if (a) {
      recreated.set(r, a);
      recreated.set(a, r);
    }
  }
  for (const r of removed) {
    const integration = isIntegration(r, exp, bIds);
    const { level, reason } = addRemoveLevel(type, integration);
    const other = recreated.get(r);
    out.push({
      driftId: driftId(type, 'removed'),
      kind: 'removed',
      type,
      noun: spec.noun,
      level,
      levelReason: reason,
      baseline: r,
      recreated: other ? { otherId: other.id! } : undefined,
      message:
        `${capitalize(describe(r, spec.noun))} was removed` +
        (other
          ? `; it was deleted and recreated as ${other.id}, so anything that referred to ${r.id} now refers to nothing`
          : ''),
      detail: other ? `deleted and recreated as ${other.id}` : 'removed',
    });
  }
  for (const a of added) {
    const integration = isIntegration(a, exp, cIds);
    const { level, reason } = addRemoveLevel(type, integration);
    const other = recreated.get(a);
    out.push({
      driftId: driftId(type, 'added'),
      kind: 'added',
      type,
      noun: spec.noun,
      level,
      levelReason: reason,
      current: a,
      recreated: other ? { otherId: other.id! } : undefined,
      message:
        `${capitalize(describe(a, spec.noun))} was added` +
        (other ? `; it replaces ${other.id} of the same name, which was removed (deleted and recreated)` : ''),
      detail: other ? `added; recreated in place of ${other.id}` : 'added',
    });
  }
  return out;
}

/** `identity provider "Beyond Identity" (0oa1x2)`, with the app or policy a sub-resource belongs to. */
function describe(r: DriftResource, noun: string): string {
  const self = describeResource({ kind: noun, id: r.id, name: r.name, logical: r.logical, pointer: r.pointer });
  if (!r.parent) return self;
  const p = r.parent;
  const parentNoun = p.type === 'app' ? 'app' : p.type === 'idp-discovery-policy' ? 'policy' : p.type;
  return `${self} of ${parentNoun} ${p.name !== undefined ? JSON.stringify(p.name) : (p.id ?? p.key)}`;
}

function changeText(f: {
  path: string;
  before?: unknown;
  after?: unknown;
  added?: unknown[];
  removed?: unknown[];
}): string {
  if (f.added || f.removed) {
    const parts: string[] = [];
    if (f.added?.length) parts.push(`added ${list(f.added)}`);
    if (f.removed?.length) parts.push(`removed ${list(f.removed)}`);
    return `${f.path}: ${parts.join('; ')}`;
  }
  if (f.before === undefined) return `${f.path} was added: ${fmt(f.after)}`;
  if (f.after === undefined) return `${f.path} was removed (it was ${fmt(f.before)})`;
  return `${f.path} changed from ${fmt(f.before)} to ${fmt(f.after)}`;
}

const typeOrder = new Map(SECTION_TYPES.flatMap((s) => s.types).map((t, i) => [t, i]));
const kindOrder = { removed: 0, added: 1, changed: 2 };

/** Report order: by type in the guide's order, then resource, then removed/added/changed, then field path. */
function byPlace(a: Change, b: Change): number {
  const la = (a.current ?? a.baseline)!.logical;
  const lb = (b.current ?? b.baseline)!.logical;
  return (
    typeOrder.get(a.type)! - typeOrder.get(b.type)! ||
    cmp(la, lb) ||
    kindOrder[a.kind] - kindOrder[b.kind] ||
    cmp(a.field?.path ?? '', b.field?.path ?? '')
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
