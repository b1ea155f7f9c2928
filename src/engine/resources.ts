import { SECTIONS } from '../snapshot/section-info.js';
import { fromPointer, getOwn, resolvePointer, toPointer } from '../util/pointer.js';
import { select } from './paths.js';
import type { Resource } from './types.js';

/**
 * The resource a pointer lies in, named as reports name it: the API object (an IdP, a routing
 * rule inside its policy, a custom attribute of the user schema) with its id, name and logical
 * location, or the section itself when the pointer is at the section.
 */
export function resourceAt(doc: unknown, pointer: string): Resource {
  const segs = fromPointer(pointer);
  const dotted = segs.slice(0, 2).join('.');
  const info = SECTIONS.find((s) => s.path === dotted);
  if (!info)
    return {
      kind: segs[0] ?? 'snapshot',
      logical: segs.slice(0, 2).join('/') || 'snapshot',
      pointer: toPointer(segs.slice(0, 2)),
    };
  const sectionPtr = toPointer(segs.slice(0, 2));
  if (info.path === 'okta.userSchema') {
    if (segs[2] === 'definitions' && segs[3] === 'custom' && segs[4] === 'properties' && segs[5] !== undefined) {
      return {
        kind: 'custom attribute',
        name: segs[5],
        logical: `${info.logical}#/definitions/custom/properties/${segs[5]}`,
        pointer: toPointer(segs.slice(0, 6)),
      };
    }
    return { kind: info.noun, logical: info.logical, pointer: sectionPtr };
  }
  if (info.path === 'okta.groupMembers') {
    if (segs[2] !== undefined)
      return {
        kind: 'group membership',
        id: segs[2],
        logical: `okta/groups/${segs[2]}/users`,
        pointer: toPointer(segs.slice(0, 3)),
      };
    return { kind: info.noun, logical: 'okta/groups', pointer: sectionPtr };
  }
  const section = resolvePointer(doc, sectionPtr);
  if (section !== null && typeof section === 'object' && !Array.isArray(section) && info.idField) {
    // a section that is one API object (Secure Access's sso-config, its application) is named like a list item
    const id = str(select({ value: section, pointer: '' }, info.idField)[0]?.value);
    const name = info.nameField ? str(select({ value: section, pointer: '' }, info.nameField)[0]?.value) : undefined;
    return { kind: info.noun, id, name, logical: id ? `${info.logical}/${id}` : info.logical, pointer: sectionPtr };
  }
  if (!Array.isArray(section) || segs.length < 3 || !/^\d+$/.test(segs[2])) {
    return { kind: info.noun, logical: info.logical, pointer: sectionPtr };
  }
  const item = section[Number(segs[2])];
  const named = (
    obj: unknown,
    kind: string,
    logicalPrefix: string,
    ptr: string,
    idField = info.idField,
    nameField = info.nameField,
  ): Resource => {
    const id = idField ? str(select({ value: obj, pointer: '' }, idField)[0]?.value) : undefined;
    const name = nameField ? str(select({ value: obj, pointer: '' }, nameField)[0]?.value) : undefined;
    const key = id ?? name ?? ptr.split('/').pop();
    return { kind, id, name, logical: `${logicalPrefix}/${key}`, pointer: ptr };
  };
  const base = named(item, info.noun, info.logical, toPointer(segs.slice(0, 3)));
  // Sub-resources the collector attached (_rules, _groupPushMappings, _assignedGroups) are named within their parent.
  if (segs[3] === '_rules' && segs[4] !== undefined && /^\d+$/.test(segs[4])) {
    const rule = (getOwn(item, '_rules') as unknown[] | undefined)?.[Number(segs[4])];
    return named(rule, 'routing rule', `${base.logical}/rules`, toPointer(segs.slice(0, 5)), 'id', 'name');
  }
  if (segs[3] === '_groupPushMappings' && segs[4] !== undefined && /^\d+$/.test(segs[4])) {
    const m = (getOwn(item, '_groupPushMappings') as unknown[] | undefined)?.[Number(segs[4])];
    return named(
      m,
      'group push mapping',
      `${base.logical}/group-push/mappings`,
      toPointer(segs.slice(0, 5)),
      'id',
      'id',
    );
  }
  return base;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** `identity provider "Beyond Identity" (0oa1x2)` */
export function describeResource(r: Resource): string {
  if (r.name && r.id && r.name !== r.id) return `${r.kind} ${JSON.stringify(r.name)} (${r.id})`;
  if (r.name) return `${r.kind} ${JSON.stringify(r.name)}`;
  if (r.id) return `${r.kind} ${r.id}`;
  return r.kind;
}
