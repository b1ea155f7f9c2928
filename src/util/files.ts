import { readFileSync, statSync } from 'node:fs';
import { InputError } from './errors.js';
import { recordInput } from './outputs.js';

import { constants as bufferConstants } from 'node:buffer';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
/** V8's longest string, in UTF-16 units; a file with more bytes may not decode into one string */
const MAX_STRING_BYTES = bufferConstants.MAX_STRING_LENGTH;

/**
 * Reads a whole input file as strict UTF-8. Errors name the file and say what to do, because the
 * users of this tool mostly meet them in CI logs.
 */
export function readTextFile(file: string, what: string, maxBytes = Number.POSITIVE_INFINITY): string {
  return readTextFileBytes(file, what, maxBytes).text;
}

/** readTextFile, with the bytes the text was decoded from (to hash them without encoding the text again). */
export function readTextFileBytes(
  file: string,
  what: string,
  maxBytes = Number.POSITIVE_INFINITY,
): { text: string; bytes: Uint8Array } {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory())
      throw new InputError(`${what} is a directory, not a file`, { file, hint: 'pass the path of a file' });
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${what} not found`, { file, hint: 'check the path' });
    throw new InputError(`cannot read ${what}: ${code ?? (e as Error).message}`, { file });
  }
  if (size > maxBytes) {
    throw new InputError(`${what} is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} this tool reads`, {
      file,
      hint: 'collect without --include users, or raise the limit with OKTA_BI_LINT_MAX_SNAPSHOT_MB',
    });
  }
  if (size === 0)
    throw new InputError(`${what} is empty`, { file, hint: 'write a document into it or pass another file' });
  if (size > MAX_STRING_BYTES) {
    throw new InputError(
      `${what} is ${formatBytes(size)}, more than a text file can be in Node.js (${formatBytes(MAX_STRING_BYTES)})`,
      { file, hint: 'split or shorten the file' },
    );
  }
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file });
  }
  let text: string;
  try {
    text = decoder.decode(buf);
  } catch (e) {
    if (!(e instanceof TypeError)) throw new InputError(`cannot decode ${what}: ${(e as Error).message}`, { file });
    const at = Math.max(0, firstInvalidUtf8(buf));
    const { line, column } = lineColOfByte(buf, at);
    throw new InputError(`${what} is not valid UTF-8 (byte 0x${buf[at]?.toString(16).padStart(2, '0')})`, {
      file,
      line,
      column,
      hint: 'save the file as UTF-8',
    });
  }
  if (text.trim() === '')
    throw new InputError(`${what} is empty`, { file, hint: 'write a document into it or pass another file' });
  recordInput(file, what);
  return { text, bytes: buf };
}

/** The offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) len = 3;
    else if (b >= 0xf0 && b <= 0xf4) len = 4;
    else return i;
    // the second byte's range excludes overlong forms and surrogates
    const min = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    if (b === 0xed) max = 0x9f;
    else if (b === 0xf4) max = 0x8f;
    if (i + 1 >= n || buf[i + 1] < min || buf[i + 1] > max) return i;
    for (let k = 2; k < len; k++) {
      if (i + k >= n || buf[i + k] < 0x80 || buf[i + k] > 0xbf) return i;
    }
    i += len;
  }
  return -1;
}

function lineColOfByte(buf: Buffer, at: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < at; i++)
    if (buf[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  return { line, column: at - start + 1 };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n >= 100 * 1024 * 1024 ? 0 : 1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
