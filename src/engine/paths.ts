import { escapeSegment, getOwn } from '../util/pointer.js';
import type { Target } from './types.js';
import { Unknown, throwUnknown } from './unknown.js';

/**
 * Dotted paths with array fan-out, the only path language rules use: `protocol.scopes`,
 * `okta.idpDiscoveryPolicies[*]._rules[*]`, `conditions.userIdentifier.patterns[0].value`,
 * `profile.${expect.okta.registrationAttribute}`. Placeholders are substituted by the caller.
 */
interface Step {
  key?: string;
  /** for a key: `/` + the key as a pointer segment, appended to the parent's pointer */
  suffix?: string;
  index?: number | '*';
}

const cache = new Map<string, Step[]>();

function parsePath(path: string): Step[] {
  let steps = cache.get(path);
  if (steps) return steps;
  steps = [];
  const re = /([^.[\]]+)|\[(\*|\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) steps.push({ key: m[1], suffix: `/${escapeSegment(m[1])}` });
    else steps.push({ index: m[2] === '*' ? '*' : Number(m[2]) });
  }
  if (steps.every((s) => s.key !== undefined)) keysOnly.add(steps);
  cache.set(path, steps);
  return steps;
}

/** The parsed paths of keys alone (`profile.login`): they reach one value, without a list per step. */
const keysOnly = new WeakSet<Step[]>();

export function hasWildcard(path: string): boolean {
  return path.includes('[*]');
}

/**
 * Every value the path reaches from `base`. A missing step yields one target whose value is
 * undefined at the pointer where the value should be, so checks can say "is missing" and point
 * at the object that lacks it. A wildcard over an empty array yields nothing. Reading beneath an
 * Unknown (a value known only after a Terraform apply) throws UnknownValue.
 */
export function select(base: Target, path: string | undefined): Target[] {
  if (!path) return [base];
  const steps = parsePath(path);
  if (keysOnly.has(steps)) {
    // what selectSteps does for keys, without its lists: a check on every user takes this path
    let { value, pointer } = base;
    for (const step of steps) {
      if (value instanceof Unknown) throwUnknown(value);
      value = getOwn(value, step.key!);
      pointer += step.suffix;
    }
    return [{ value, pointer }];
  }
  return selectSteps([base], steps);
}

/**
 * What select returns, each given to `visit` in order, without holding them all: the last step's
 * fan-out (a target per user of a 200,000-user org) is never made one array that outlives it.
 */
export function selectEach(base: Target, path: string | undefined, visit: (t: Target) => void): void {
  const steps = path ? parsePath(path) : [];
  const last = steps[steps.length - 1];
  if (last?.index !== '*') {
    for (const t of select(base, path)) visit(t);
    return;
  }
  for (const t of selectSteps([base], steps.slice(0, -1))) {
    if (t.value instanceof Unknown) throwUnknown(t.value);
    const v = t.value;
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) visit({ value: v[i], pointer: `${t.pointer}/${i}` });
    else visit({ value: undefined, pointer: t.pointer });
  }
}

function selectSteps(from: Target[], steps: readonly Step[]): Target[] {
  let cur = from;
  // a check runs for every user of a large org: pointers are built by appending, each once
  for (const step of steps) {
    const next: Target[] = [];
    for (let j = 0; j < cur.length; j++) {
      const t = cur[j];
      // nothing beneath a value that is not known yet can be read (it is not "missing")
      if (t.value instanceof Unknown) throwUnknown(t.value);
      if (step.key !== undefined) {
        next.push({ value: getOwn(t.value, step.key), pointer: t.pointer + step.suffix });
      } else if (step.index === '*') {
        const v = t.value;
        if (Array.isArray(v))
          for (let i = 0; i < v.length; i++) next.push({ value: v[i], pointer: `${t.pointer}/${i}` });
        else next.push({ value: undefined, pointer: t.pointer });
      } else {
        next.push({
          value: Array.isArray(t.value) ? t.value[step.index as number] : undefined,
          pointer: `${t.pointer}/${step.index}`,
        });
      }
    }
    cur = next;
  }
  return cur;
}
