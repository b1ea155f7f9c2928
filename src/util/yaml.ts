import { createRequire } from 'node:module';
import type { Node, Document } from 'yaml';
import { InputError } from './errors.js';
import { fromPointer } from './pointer.js';
import type { Position } from './json-position.js';

export interface YamlFile {
  value: unknown;
  /** line and column of the value at a pointer; for the last segment `key: true` points at the key */
  locate(pointer: string, key?: boolean): Position | undefined;
}

// The yaml library (CommonJS under Node) is required on the first YAML file: a check without a
// config file or --rules reads none, and loading it would cost more than that whole check.
const require = createRequire(import.meta.url);
let lib: typeof import('yaml') | undefined;
const yamlLib = () => (lib ??= require('yaml') as typeof import('yaml'));

/** A document with more alias expansions than this is refused as a resource-exhaustion attempt. */
const MAX_ALIASES = 100;

/**
 * Parses one YAML document, keeping node positions so that schema errors can name a line.
 * Duplicate keys and excessive aliases (the "billion laughs" document) are refused.
 */
export function parseYaml(text: string, file: string, what: string): YamlFile {
  const { LineCounter, parseDocument, isScalar, visit } = yamlLib();
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    // logLevel error: the library's own warnings would add lines to the one-line error
    doc = parseDocument(text, {
      lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
      merge: false,
      strict: true,
      logLevel: 'error',
    });
  } catch (e) {
    throw new InputError(`${what} is not valid YAML: ${(e as Error).message}`, { file });
  }
  const err = doc.errors[0];
  if (err) {
    const pos = lineCounter.linePos(err.pos[0]);
    throw new InputError(`${what} is not valid YAML: ${firstLine(err.message)}`, {
      file,
      line: pos.line,
      column: pos.col,
      hint: 'fix the YAML syntax',
    });
  }
  // A key that is a list or a map (`? [a]: b`) has no JSON equivalent: refused with its place.
  let complexKey: Node | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (pair.key !== null && !isScalar(pair.key)) {
        complexKey = pair.key as Node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (complexKey) {
    const pos = complexKey.range ? lineCounter.linePos(complexKey.range[0]) : { line: 1, col: 1 };
    throw new InputError(`${what} has a key that is a list or a map; keys must be plain names`, {
      file,
      line: pos.line,
      column: pos.col,
      hint: 'write the key as a plain string',
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    const msg = (e as Error).message;
    if (/alias/i.test(msg)) {
      throw new InputError(
        `${what} expands aliases too many times (more than ${MAX_ALIASES}); refused as a resource-exhaustion attempt`,
        { file, hint: 'write the values out instead of using YAML aliases' },
      );
    }
    throw new InputError(`${what} is not valid YAML: ${firstLine(msg)}`, { file });
  }
  return {
    value,
    locate(pointer: string, key = false) {
      const node = nodeAt(doc.contents as Node | null, fromPointer(pointer), key);
      if (!node?.range) return undefined;
      const p = lineCounter.linePos(node.range[0]);
      return { line: p.line, column: p.col };
    },
  };
}

function nodeAt(root: Node | null, segments: string[], key: boolean): Node | undefined {
  const { isMap, isSeq, isScalar } = yamlLib();
  let cur: Node | null | undefined = root;
  let last: Node | undefined = root ?? undefined;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (isMap(cur)) {
      const pair = cur.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === seg);
      if (!pair) return last;
      if (key && i === segments.length - 1) return (pair.key as Node) ?? last;
      cur = pair.value as Node | null;
    } else if (isSeq(cur)) {
      cur = cur.items[Number(seg)] as Node | undefined;
    } else {
      return last;
    }
    if (cur) last = cur;
  }
  return last;
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
