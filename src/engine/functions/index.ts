import type { CheckFunction } from '../check.js';
import { equals } from './equals.js';
import { oneOf } from './one-of.js';
import { setEquals, includes, excludes } from './sets.js';
import { pattern } from './pattern.js';
import { url } from './url.js';
import { reference } from './reference.js';
import { count } from './count.js';
import { lowest } from './lowest.js';
import { dateAfter } from './date-after.js';
import { defined } from './defined.js';
import { someItem } from './some-item.js';
import { anyOf } from './any-of.js';
import { exactlyOne } from './exactly-one.js';
import { noneMatch } from './none-match.js';

/** The check functions rules may name; the keys are the values of `function:` in rule YAML. */
export const FUNCTIONS: Readonly<Record<string, CheckFunction>> = Object.freeze({
  equals,
  oneOf,
  setEquals,
  includes,
  excludes,
  pattern,
  url,
  reference,
  count,
  lowest,
  dateAfter,
  defined,
  someItem,
  anyOf,
  exactlyOne,
  noneMatch,
});
