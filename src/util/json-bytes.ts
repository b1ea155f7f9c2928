/** The JSON bytes the byte scanners (json-position.ts, snapshot/stream.ts) look for, as UTF-8 code units. */
export const QUOTE = 34;
export const BACKSLASH = 92;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;
export const COLON = 58;
export const COMMA = 44;
export const NEWLINE = 10;
export const SPACE = 32;
