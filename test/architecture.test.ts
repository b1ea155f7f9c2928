import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// The layers of docs/architecture.md, checked on every import in src/ (type imports and dynamic
// import() included): a folder imports only the folders its row allows, and no module imports
// itself through others.

const SRC = path.resolve(import.meta.dirname, '..', 'src');

/** What each folder of src (and each file at its top) may import, besides itself: docs/architecture.md. */
const ALLOWED: Record<string, readonly string[]> = {
  util: [],
  'version.ts': ['util'],
  config: ['util'],
  secrets: ['util'],
  snapshot: ['secrets', 'util'],
  collect: ['config', 'secrets', 'snapshot', 'util', 'version.ts'],
  engine: ['config', 'snapshot', 'util'],
  suppress: ['config', 'engine', 'util', 'version.ts'],
  drift: ['collect', 'config', 'engine', 'snapshot', 'util', 'version.ts'],
  plan: ['collect', 'config', 'engine', 'secrets', 'snapshot', 'util'],
  report: ['config', 'drift', 'engine', 'plan', 'suppress', 'util'],
  api: ['config', 'drift', 'engine', 'plan', 'report', 'snapshot', 'suppress', 'util', 'version.ts'],
  docs: ['config', 'engine', 'snapshot', 'util'],
  init: ['config', 'engine', 'snapshot', 'util', 'version.ts'],
  cli: [
    'api',
    'collect',
    'config',
    'docs',
    'drift',
    'engine',
    'init',
    'plan',
    'report',
    'snapshot',
    'suppress',
    'util',
    'version.ts',
  ],
  tools: ['cli', 'docs', 'engine', 'util'],
  'index.ts': ['api', 'config', 'drift', 'engine', 'report', 'snapshot', 'suppress', 'util'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative module a source text imports or re-exports, types and dynamic import() included. */
function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) if (m[1].startsWith('.')) out.push(m[1]);
  return out;
}

/** src-relative path of the module an import names (`./x.js` is the source file `x.ts`). */
function resolve(from: string, spec: string): string {
  const abs = path.resolve(path.dirname(from), spec).replace(/\.js$/, '.ts');
  return path.relative(SRC, abs).split(path.sep).join('/');
}

/** The folder (or top-level file) a src-relative path belongs to. */
function layerOf(rel: string): string {
  return rel.split('/')[0];
}

/** The imports that break the table: `from -> to` for each. */
function violations(graph: ReadonlyMap<string, readonly string[]>, allowed = ALLOWED): string[] {
  const out: string[] = [];
  for (const [from, tos] of graph) {
    const layer = layerOf(from);
    const may = allowed[layer];
    for (const to of tos) {
      const target = layerOf(to);
      if (target === layer) continue;
      if (!may) out.push(`${from} -> ${to} (${layer} has no row in the table)`);
      else if (!may.includes(target) && !may.includes(to))
        out.push(`${from} -> ${to} (${layer} may not import ${target})`);
    }
  }
  return out;
}

/** Every cycle of modules, each as the path that closes it (a -> b -> a). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m].join(' -> '));
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return found;
}

function srcGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    graph.set(
      rel,
      importsOf(readFileSync(file, 'utf8')).map((spec) => resolve(file, spec)),
    );
  }
  return graph;
}

test('every folder of src has a row in the table, and every row a folder', () => {
  const layers = new Set([...srcGraph().keys()].map(layerOf));
  assert.equal([...layers].sort(), Object.keys(ALLOWED).sort());
});

test('every import, type imports included, is one the table allows', () => {
  const graph = srcGraph();
  const imports = [...graph.values()].reduce((n, l) => n + l.length, 0);
  assert.ok(imports > 300, `the imports are read (${imports} found)`);
  for (const [from, tos] of graph)
    for (const to of tos) assert.ok(graph.has(to), `${from} imports ${to}, which is a module of src`);
  assert.equal(violations(graph), []);
});

test('no module of src imports itself through others', () => {
  assert.equal(cycles(srcGraph()), []);
});

test('the import reader and the checks catch what they are there to catch', () => {
  const text = [
    "import type { A } from '../report/types.js';",
    'import {',
    '  b,',
    '  type C,',
    "} from './b.js';",
    "export { d } from '../util/d.js';",
    "// import { e } from '../cli/e.js';",
    "const f = await import('../api/f.js');",
    "import 'node:fs';",
  ].join('\n');
  assert.equal(importsOf(text), ['../report/types.js', './b.js', '../util/d.js', '../api/f.js']);
  const graph = new Map([
    ['suppress/a.ts', ['report/types.ts', 'util/x.ts']],
    ['report/types.ts', ['suppress/a.ts']],
  ]);
  assert.equal(violations(graph), ['suppress/a.ts -> report/types.ts (suppress may not import report)']);
  assert.equal(cycles(graph), ['report/types.ts -> suppress/a.ts -> report/types.ts']);
});

test.run();
