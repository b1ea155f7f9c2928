// Property-based tests (fast-check): whatever a snapshot holds, the engine ends in a report or in a
// clean InputError (exit 2 at the CLI), never in any other exception; no input pollutes a
// prototype; and the line/column locator agrees with a full JSON parser on every value.
//
// Runs are bounded (a fixed seed-free budget of a few hundred documents) so the file takes seconds.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseTree, type Node } from 'jsonc-parser';
import { checkLoaded } from '../src/api/check.ts';
import { parseConfig, type LoadedConfig } from '../src/config/load.ts';
import { loadRules } from '../src/engine/load-rules.ts';
import { FORMATTERS } from '../src/report/index.ts';
import { loadSnapshot, parseSnapshot } from '../src/snapshot/load.ts';
import { InputError } from '../src/util/errors.ts';
import {
  fromIndex,
  indexShallow,
  locatePointers,
  parseJsonWithPosition,
  positionOfOffset,
} from '../src/util/json-position.ts';
import { toPointer } from '../src/util/pointer.ts';
import { FIXTURES, pool, runCliAsync, tempDir } from './helpers/cli.ts';
import { createHash } from 'node:crypto';
import { copyFileSync } from 'node:fs';

const FILE = 'prop.json';
const rules = loadRules();
const configs: LoadedConfig[] = [
  { data: {} },
  parseConfig('provisioning: event-hook\n', 'event-hook.yaml'),
  parseConfig('beyondIdentity:\n  platform: none\n', 'bi-none.yaml'),
];
const fixtureTexts = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => readFileSync(path.join(FIXTURES, f), 'utf8'));
const fixtureDocs = fixtureTexts.map((t) => JSON.parse(t) as unknown);
const fixtureNames = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort();

const protoNamesBefore = {
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
  function: Object.getOwnPropertyNames(Function.prototype).sort(),
};

/**
 * fc.assert with a short failure message: the counterexample of a snapshot is a 100 KB string, so
 * the report shows the error, the seed to replay it, and the first characters of the value.
 */
function property<Ts extends [unknown, ...unknown[]]>(
  prop: fc.IPropertyWithHooks<Ts>,
  params: fc.Parameters<Ts>,
): void {
  const details = fc.check(prop, params);
  if (!details.failed) return;
  const shown = JSON.stringify(details.counterexample, (_k, v) =>
    typeof v === 'string' && v.length > 300 ? `${v.slice(0, 300)}… (${v.length} chars)` : v,
  );
  const error =
    details.errorInstance instanceof Error
      ? firstLines(details.errorInstance.stack ?? details.errorInstance.message)
      : String(details.errorInstance);
  throw new Error(
    `property failed after ${details.numRuns} runs (seed ${details.seed}, path ${details.counterexamplePath}):\n${error}\ncounterexample: ${shown?.slice(0, 2000)}`,
  );
}

function firstLines(s: string, n = 12): string {
  return s
    .split('\n')
    .slice(0, n)
    .map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l))
    .join('\n');
}

type Outcome = { kind: 'report'; exitCode: number } | { kind: 'refused'; message: string };

/**
 * Audits a snapshot text as `okta-bi-lint check` would, minus the file system: parse and validate,
 * evaluate every rule, render every report format. An InputError is a clean refusal; anything else
 * propagates and fails the property.
 */
function audit(text: string, config: LoadedConfig = configs[0]): Outcome {
  let ctx: ReturnType<typeof checkLoaded>;
  try {
    const snapshot = parseSnapshot(text, FILE);
    ctx = checkLoaded({ config, rules, snapshot, failOn: 'note' });
  } catch (e) {
    if (e instanceof InputError) {
      const message = e.format();
      if (message.includes('\n')) throw new Error(`an InputError printed more than one line: ${message}`);
      return { kind: 'refused', message };
    }
    throw e;
  }
  assert.ok([0, 1, 3].includes(ctx.exitCode), `exit code ${ctx.exitCode}`);
  for (const [name, format] of Object.entries(FORMATTERS)) {
    const out = format({ ...ctx });
    assert.type(out, 'string', `${name} returned a string`);
    if (name === 'json' || name === 'sarif') JSON.parse(out);
  }
  return { kind: 'report', exitCode: ctx.exitCode };
}

// ---------------------------------------------------------------------------------------------
// Mutations of real snapshots.

type Seg = string | number;

/** Every path into a document (objects and arrays), the root included. */
function paths(doc: unknown): Seg[][] {
  const out: Seg[][] = [];
  const walk = (v: unknown, p: Seg[]) => {
    out.push(p);
    if (Array.isArray(v))
      v.forEach((x, i) => {
        walk(x, [...p, i]);
      });
    else if (v && typeof v === 'object')
      for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...p, k]);
  };
  walk(doc, []);
  return out;
}

const own = (o: object, key: string, value: unknown) =>
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });

type Mutation =
  | { op: 'delete' }
  | { op: 'replace'; value: unknown }
  | { op: 'retype'; to: 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' }
  | { op: 'proto'; key: '__proto__' | 'constructor' | 'prototype' | 'hasOwnProperty' | 'toString'; value: unknown }
  | { op: 'huge'; size: number }
  | { op: 'deep'; depth: number }
  | { op: 'empty' }
  | { op: 'duplicate' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ op: 'delete' as const }) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ op: 'replace' as const, value })) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('string', 'number', 'boolean', 'null', 'array', 'object')
      .map((to) => ({ op: 'retype' as const, to })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('proto' as const),
      key: fc.constantFrom(
        '__proto__' as const,
        'constructor' as const,
        'prototype' as const,
        'hasOwnProperty' as const,
        'toString' as const,
      ),
      value: fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.constant({ polluted: 'yes', orgUrl: 'https://evil.example.com', value: 'true', name: 'Beyond Identity' }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom(70_000, 1_000_000).map((size) => ({ op: 'huge' as const, size })) },
  { weight: 1, arbitrary: fc.constantFrom(200, 5_000, 50_000).map((depth) => ({ op: 'deep' as const, depth })) },
  { weight: 1, arbitrary: fc.constant({ op: 'empty' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'duplicate' as const }) },
);

function retype(v: unknown, to: string): unknown {
  switch (to) {
    case 'string':
      return typeof v === 'string' ? `${v}x` : (JSON.stringify(v) ?? 'x');
    case 'number':
      return typeof v === 'number' ? v + 1 : 1;
    case 'boolean':
      return !v;
    case 'null':
      return null;
    case 'array':
      return Array.isArray(v) ? {} : [v];
    default:
      return v && typeof v === 'object' && !Array.isArray(v) ? [] : { value: v };
  }
}

/** Applies a mutation at a path; returns the (possibly replaced) root. */
function apply(doc: unknown, at: Seg[], m: Mutation): unknown {
  const change = (v: unknown): unknown | typeof REMOVE => {
    switch (m.op) {
      case 'delete':
        return REMOVE;
      case 'replace':
        return m.value;
      case 'retype':
        return retype(v, m.to);
      case 'huge':
        return 'A'.repeat(m.size);
      case 'deep':
        return `\u0000deep${m.depth}\u0000`;
      case 'empty':
        return Array.isArray(v) ? [] : v && typeof v === 'object' ? {} : '';
      case 'duplicate':
        return Array.isArray(v) ? [...v, ...v] : v;
      case 'proto':
        if (v && typeof v === 'object') own(v, m.key, m.value);
        return v;
    }
  };
  if (at.length === 0) {
    const v = change(doc);
    return v === REMOVE ? {} : v;
  }
  let parent = doc as Record<Seg, unknown>;
  for (const seg of at.slice(0, -1)) parent = parent[seg] as Record<Seg, unknown>;
  const key = at[at.length - 1];
  const v = change(parent[key]);
  if (v === REMOVE) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (typeof key === 'string' && !Object.hasOwn(parent, key)) {
    own(parent, key, v);
  } else {
    parent[key] = v;
  }
  return doc;
}
const REMOVE = Symbol('remove');

function render(doc: unknown, indent: number): string {
  let text = JSON.stringify(doc, null, indent) ?? 'null';
  text = text.replace(/"\\u0000deep(\d+)\\u0000"/g, (_m, d: string) => '['.repeat(Number(d)) + ']'.repeat(Number(d)));
  return text;
}

const mutatedSnapshot = fc
  .record({
    base: fc.nat({ max: fixtureDocs.length - 1 }),
    edits: fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 5 }),
    indent: fc.constantFrom(0, 2),
  })
  .map(({ base, edits, indent }) => {
    let doc: unknown = structuredClone(fixtureDocs[base]);
    const log: string[] = [];
    for (const [r, m] of edits) {
      const all = paths(doc);
      // Uniform over the values, so most land deep inside okta or beyondIdentity, rarely at the root.
      const at = all[r % all.length];
      log.push(`${m.op}${'to' in m ? `:${m.to}` : ''}${'key' in m ? `:${m.key}` : ''} at ${toPointer(at)}`);
      doc = apply(doc, at, m);
    }
    return { text: render(doc, indent), log, base: fixtureNames[base] };
  });

const engine = suite('engine never crashes');

engine('should report or refuse cleanly on mutated fixtures (delete, replace, retype, __proto__, huge, deep)', () => {
  const outcomes = { report: 0, refused: 0 };
  property(
    fc.property(mutatedSnapshot, fc.nat({ max: configs.length - 1 }), ({ text, log, base }, c) => {
      try {
        outcomes[audit(text, configs[c]).kind]++;
      } catch (e) {
        throw new Error(
          `${firstLines((e as Error)?.stack ?? String(e))}\nmutations of fixture ${base}: ${log.join('; ')}`,
        );
      }
    }),
    { numRuns: 250 },
  );
  // A generator that only ever produces refused documents would prove nothing about the engine.
  assert.ok(outcomes.report > 50, `most mutations still audit (${JSON.stringify(outcomes)})`);
});

engine('should report or refuse cleanly on random JSON values', () => {
  property(
    fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
      audit(JSON.stringify(v));
    }),
    { numRuns: 150 },
  );
});

engine('should report or refuse cleanly on random snapshot-shaped documents', () => {
  const section = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.array(
      fc.dictionary(
        fc.constantFrom('id', 'name', 'label', 'status', 'profile', 'conditions', '_rules', '__proto__', 'constructor'),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      { maxLength: 4 },
    ),
  );
  const okta = fc.record(
    {
      orgUrl: fc.oneof(fc.constant('https://acme.okta.com'), fc.webUrl(), fc.string()),
      userSchema: fc.jsonValue({ maxDepth: 4 }),
      groups: section,
      apps: section,
      idps: section,
      idpDiscoveryPolicies: section,
      eventHooks: section,
      apiTokens: section,
      users: section,
      groupMembers: fc.oneof(fc.dictionary(fc.string(), fc.array(fc.string())), fc.jsonValue({ maxDepth: 2 })),
    },
    { requiredKeys: ['orgUrl'] },
  );
  const bi = fc.record(
    {
      platform: fc.constantFrom('secure-workforce', 'secure-access', 'none', 'other'),
      oidcClients: section,
      consoleSso: section,
      oktaRegistrationAttribute: fc.jsonValue({ maxDepth: 2 }),
      oktaEventHook: fc.jsonValue({ maxDepth: 2 }),
      scimUsers: section,
    },
    { requiredKeys: [] },
  );
  const gaps = fc.array(
    fc.record({
      section: fc.constantFrom(
        'okta',
        'okta.idps',
        'okta.eventHooks',
        'beyondIdentity',
        'beyondIdentity.oidcClients',
        'okta.users',
        'nonsense',
      ),
      reason: fc.string(),
    }),
    { maxLength: 3 },
  );
  property(
    fc.property(
      fc.record(
        { format: fc.constant('okta-bi-lint/snapshot@1'), okta, beyondIdentity: bi, gaps },
        { requiredKeys: ['format', 'okta'] },
      ),
      fc.nat({ max: configs.length - 1 }),
      (doc, c) => {
        audit(JSON.stringify(doc), configs[c]);
      },
    ),
    { numRuns: 150 },
  );
});

engine('should refuse damaged JSON text with a position inside the file', () => {
  const base = fixtureTexts[0];
  property(
    fc.property(
      fc.nat({ max: base.length - 1 }),
      fc.oneof(
        fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', '\\', 'x', '\u0000', '\ud800', '/*'),
        fc.string({ maxLength: 3 }),
      ),
      fc.boolean(),
      (at, insert, cut) => {
        const text = cut ? base.slice(0, at) : base.slice(0, at) + insert + base.slice(at);
        const parsed = parseJsonWithPosition(text);
        if ('error' in parsed) {
          const lines = text.split('\n');
          assert.ok(
            parsed.position.line >= 1 && parsed.position.line <= lines.length + 1,
            `line ${parsed.position.line} inside the file`,
          );
          assert.ok(parsed.position.column >= 1);
        }
        audit(text);
      },
    ),
    { numRuns: 150 },
  );
});

engine('should leave Object.prototype, Array.prototype and Function.prototype unpolluted', () => {
  assert.equal(Object.getOwnPropertyNames(Object.prototype).sort(), protoNamesBefore.object);
  assert.equal(Object.getOwnPropertyNames(Array.prototype).sort(), protoNamesBefore.array);
  assert.equal(Object.getOwnPropertyNames(Function.prototype).sort(), protoNamesBefore.function);
  const probe = {} as Record<string, unknown>;
  for (const k of ['polluted', 'orgUrl', 'value', 'name']) assert.is(probe[k], undefined, `({}).${k}`);
  assert.is(Object.getPrototypeOf({}), Object.prototype);
});

engine.run();

// ---------------------------------------------------------------------------------------------
// The locator agrees with a full parser.

/** Every value's pointer and the position of its first character, from jsonc-parser's tree. */
function expectedPositions(text: string): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>();
  const tree = parseTree(text);
  if (!tree) return out;
  const walk = (n: Node, p: Seg[]) => {
    const ptr = toPointer(p);
    // With duplicate keys the locator keeps the first, as the tree walk does when it records first.
    if (!out.has(ptr)) out.set(ptr, positionOfOffset(text, n.offset));
    if (n.type === 'object')
      for (const prop of n.children ?? []) walk(prop.children![1], [...p, prop.children![0].value as string]);
    else if (n.type === 'array')
      (n.children ?? []).forEach((c, i) => {
        walk(c, [...p, i]);
      });
  };
  walk(tree, []);
  return out;
}

const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('a/b', '~0', '~1x', 'é', '"q"', 'back\\slash', '0', '12', '__proto__', '\u2028', '😀'),
);
const jsonDoc = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.string(),
      fc.constantFrom('a"b', 'c\\', '\\"', '\\\\', '{[', '😀\n'),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    ),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
})).value;

const locator = suite('locatePointers');

locator('should agree with a full JSON parser on every value of random documents, alone and together', () => {
  property(
    fc.property(jsonDoc, fc.constantFrom(0, 1, 2, '\t'), fc.boolean(), (doc, indent, bom) => {
      const text = (bom ? '\ufeff' : '') + JSON.stringify(doc, null, indent);
      const body = bom ? text.slice(1) : text;
      const expected = expectedPositions(body);
      const all = locatePointers(text, expected.keys());
      for (const [ptr, pos] of expected) {
        assert.equal(all.get(ptr), pos, `all at once: ${JSON.stringify(ptr)} in ${JSON.stringify(text).slice(0, 300)}`);
      }
      for (const ptr of [...expected.keys()].slice(0, 8)) {
        assert.equal(locatePointers(text, [ptr]).get(ptr), expected.get(ptr), `alone: ${JSON.stringify(ptr)}`);
      }
    }),
    { numRuns: 300 },
  );
});

locator('should resolve a missing pointer to its deepest existing ancestor', () => {
  property(
    fc.property(jsonDoc, fc.array(key, { minLength: 1, maxLength: 3 }), (doc, extra) => {
      const text = JSON.stringify(doc, null, 2);
      const expected = expectedPositions(text);
      const existing = [...expected.keys()];
      const base = existing[existing.length - 1];
      const ptr = base + toPointer(extra);
      const got = locatePointers(text, [ptr]).get(ptr);
      let q = ptr;
      while (!expected.has(q)) q = q.slice(0, q.lastIndexOf('/'));
      assert.equal(got, expected.get(q));
    }),
    { numRuns: 200 },
  );
});

locator('should locate findings in every fixture as a full parser does', () => {
  for (const text of fixtureTexts) {
    const expected = expectedPositions(text);
    const got = locatePointers(text, expected.keys());
    for (const [ptr, pos] of expected) assert.equal(got.get(ptr), pos, ptr);
  }
});

locator('should find through a shallow index exactly what a full scan finds', () => {
  property(
    fc.property(
      jsonDoc,
      fc.constantFrom(0, 2),
      fc.integer({ min: 1, max: 4 }),
      fc.boolean(),
      (doc, indent, depth, bom) => {
        const text = (bom ? '\ufeff' : '') + JSON.stringify(doc, null, indent);
        const bytes = Buffer.from(text, 'utf8');
        const expected = expectedPositions(bom ? text.slice(1) : text);
        const index = indexShallow(bytes, depth);
        const lookup = new Map<string, Map<string, number>>();
        for (const [ptr, pos] of expected) {
          const at = fromIndex(index, ptr, lookup);
          const got = locatePointers(bytes.subarray(at.place.offset), [at.rest], at.place).get(at.rest);
          assert.equal(
            got,
            pos,
            `${JSON.stringify(ptr)} via ${JSON.stringify(at.base)} in ${JSON.stringify(text).slice(0, 200)}`,
          );
        }
      },
    ),
    { numRuns: 200 },
  );
});

locator('should locate from the file in small chunks as it does from the text (large-snapshot path)', () => {
  for (const name of fixtureNames.slice(0, 12)) {
    const file = path.join(FIXTURES, name);
    const kept = loadSnapshot(file);
    const reread = loadSnapshot(file, { keepTextBytes: 0 });
    const expected = expectedPositions(readFileSync(file, 'utf8'));
    const ptrs = [...expected.keys()]
      .filter((_, i) => i % 7 === 0)
      .concat(['/okta/no-such-key/0', '/beyondIdentity/oidcClients/9']);
    assert.equal(reread.locate(ptrs), kept.locate(ptrs), name);
    assert.is(reread.sha256, kept.sha256, name);
    assert.is(reread.sha256, createHash('sha256').update(readFileSync(file)).digest('hex'));
    assert.is(reread.bytes, kept.bytes);
  }
});

locator(
  'should report the same locations and SHA-256 through the CLI with the background index (large-snapshot path)',
  async () => {
    const failing = [
      'routing-rule-value-True.json',
      'users-registered-outside-group.json',
      'users-member-not-in-bi.json',
      'idp-extra-scope.json',
      'bi-redirect-uri-wrong-domain.json',
      'event-hook-extra-event.json',
    ].filter((f) => fixtureNames.includes(f));
    assert.ok(failing.length >= 4, 'the failing fixtures exist');
    const t = tempDir();
    try {
      for (const f of failing) copyFileSync(path.join(FIXTURES, f), t.file(f));
      const run = (f: string, large: boolean) => () =>
        runCliAsync(['check', '--snapshot', f, '--format', 'sarif', '--output', `${f}.${large}.sarif`], {
          cwd: t.dir,
          env: { OKTA_BI_LINT_KEEP_TEXT_MB: large ? '0' : undefined },
        });
      const results = await pool(
        failing.flatMap((f) => [run(f, false), run(f, true)]),
        2,
      );
      failing.forEach((f, i) => {
        const [small, large] = [results[2 * i], results[2 * i + 1]];
        assert.is(large.code, small.code, `${f}: ${large.stderr}`);
        // the same, but for the report file named in the closing line
        assert.is(large.stderr, small.stderr.replace(`${f}.false.sarif`, `${f}.true.sarif`), f);
        const read = (large: boolean) => {
          const run = JSON.parse(readFileSync(t.file(`${f}.${large}.sarif`), 'utf8')).runs[0];
          return {
            artifacts: run.artifacts,
            results: run.results.map((r: { ruleId: string; locations: unknown }) => [r.ruleId, r.locations]),
          };
        };
        const a = read(false);
        assert.ok(a.results.length > 0, `${f} has findings`);
        assert.equal(read(true), a, f);
        assert.is(
          a.artifacts[0].hashes['sha-256'],
          createHash('sha256')
            .update(readFileSync(path.join(FIXTURES, f)))
            .digest('hex'),
        );
      });
    } finally {
      t.cleanup();
    }
  },
);

locator('should never throw or hang on malformed text', () => {
  property(
    fc.property(
      fc.string({ maxLength: 200 }),
      fc.array(
        fc.string({ maxLength: 4 }).map((s) => `/${s}`),
        { maxLength: 4 },
      ),
      (text, ptrs) => {
        const got = locatePointers(text, ptrs);
        for (const p of ptrs) assert.ok(got.get(p)!.line >= 1);
      },
    ),
    { numRuns: 300 },
  );
});

locator.run();
