// The lexical layer of lib/api/json-parse.ts: whitespace, strings, numbers and RapidJSON's error texts.
// Readers take a position and return the next one, leaving their product in module state (no allocation).
import { ServingError } from '../../errors/index.ts';
import { FloatLiteral } from './json-value.ts';
import { POW10 } from './pow10.ts';

// Shared FloatLiteral instances for small whole numbers like 0.0 and 1.0 (common in images): no allocation.
const SMALL_FLOATS = Array.from({ length: 513 }, (_, i) => new FloatLiteral(i - 256));
const NEG_ZERO_FLOAT = new FloatLiteral(-0);
// mantissa * 10 + 9 stays below 2^53 while mantissa < this.
const MANTISSA_LIMIT = 900719925474099;

/** readString's / readKey's text. */
export let lastString = '';
let lastExponent = 0;
/** readNumber's double, unboxed. */
export const NUMBER = new Float64Array(1);
/** readNumber's value when it is not a plain double: a bigint or a FloatLiteral; else null. */
export let special: bigint | FloatLiteral | null = null;

/**
 * Reads a number at p into NUMBER[0] / special. Integer lexemes: number, or bigint beyond ±(2^53-1) ("-0" is the
 * integer 0, as in RapidJSON). Fraction/exponent lexemes: number, FloatLiteral when whole.
 */
export function readNumber(text: string, p: number): number {
  const start = p;
  let c = text.charCodeAt(p);
  const negative = c === 45;
  if (negative) c = text.charCodeAt(++p);
  special = null;
  if (c === 78 || c === 73) {
    p = readNanOrInf(text, p);
    NUMBER[0] = lastString === 'NaN' ? NaN : negative ? -Infinity : Infinity;
    return p;
  }
  // value = mantissa * 10^scale while the mantissa stays below 2^53 (exact in a double).
  let mantissa = 0;
  let scale = 0;
  let exact = true;
  let isFloat = false;
  if (c === 48) c = text.charCodeAt(++p);
  else if (c >= 49 && c <= 57) {
    do {
      if (mantissa < MANTISSA_LIMIT) mantissa = mantissa * 10 + (c - 48);
      else exact = false;
      c = text.charCodeAt(++p);
    } while (c >= 48 && c <= 57);
  } else fail(text, 'Invalid value.', p);
  if (c === 46) {
    isFloat = true;
    c = text.charCodeAt(++p);
    if (!(c >= 48 && c <= 57)) fail(text, 'Miss fraction part in number.', p);
    do {
      if (mantissa < MANTISSA_LIMIT) {
        mantissa = mantissa * 10 + (c - 48);
        scale--;
      } else if (c !== 48) exact = false;
      c = text.charCodeAt(++p);
    } while (c >= 48 && c <= 57);
  }
  if (c === 101 || c === 69) {
    isFloat = true;
    p = readExponent(text, p + 1);
    scale += lastExponent;
  }
  let v: number;
  if (exact && scale === 0) v = mantissa;
  else if (exact && scale < 0 && scale >= -22) v = mantissa / POW10[-scale];
  else if (exact && scale > 0 && scale <= 22) v = mantissa * POW10[scale];
  else v = Math.abs(Number(text.slice(negative ? start + 1 : start, p)));
  // RapidJSON: "Number too big to be stored in double." reported at the number's first byte.
  if (v === Infinity) fail(text, 'Number too big to be stored in double.', start);
  if (negative) v = -v;
  if (!isFloat) {
    if (v === 0) v = 0;
    else if (v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER) special = BigInt(text.slice(start, p));
  } else if (Number.isInteger(v)) {
    special = v >= -256 && v <= 256 ? (Object.is(v, -0) ? NEG_ZERO_FLOAT : SMALL_FLOATS[v + 256]) : new FloatLiteral(v);
  }
  NUMBER[0] = v;
  return p;
}

export function fail(text: string, message: string, at: number): never {
  // RapidJSON reports a byte offset into the UTF-8 body; our cursor counts UTF-16 code units.
  const offset = Buffer.byteLength(text.slice(0, at), 'utf8');
  throw new ServingError('INVALID_ARGUMENT', `JSON Parse error: ${message} at offset: ${offset}`);
}

export function skipWhitespace(text: string, p: number): number {
  // RapidJSON's SkipWhitespace: space, \n, \r, \t only.
  for (;;) {
    const c = text.charCodeAt(p);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return p;
    p++;
  }
}

/** Reads `"name"` then the colon; returns the position after the colon. */
export function readKey(text: string, p: number): number {
  if (text.charCodeAt(p) !== 34) fail(text, 'Missing a name for object member.', p);
  p = skipWhitespace(text, readString(text, p));
  if (text.charCodeAt(p) !== 58) fail(text, 'Missing a colon after a name of object member.', p);
  return p + 1;
}

export function readString(text: string, p: number): number {
  const start = ++p;
  const len = text.length;
  while (p < len) {
    const c = text.charCodeAt(p);
    if (c === 34) {
      lastString = text.slice(start, p);
      return p + 1;
    }
    if (c === 92 || c < 32) return readEscapedString(text, start, p);
    p++;
  }
  return fail(text, 'Missing a closing quotation mark in string.', p);
}

const ESCAPES: Record<number, string> = { 34: '"', 92: '\\', 47: '/', 98: '\b', 102: '\f', 110: '\n', 114: '\r', 116: '\t' };

function readEscapedString(text: string, start: number, p: number): number {
  let out = text.slice(start, p);
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (c === 34) {
      lastString = out;
      return p + 1;
    }
    if (c < 32) fail(text, 'Invalid encoding in string.', p);
    if (c !== 92) {
      out += text[p++];
      continue;
    }
    const escapeAt = p; // RapidJSON reports escape errors at the backslash
    const e = text.charCodeAt(++p);
    if (e === 117) {
      let cp = readHex4(text, p + 1, escapeAt);
      p += 5;
      if (cp >= 0xd800 && cp <= 0xdbff) {
        if (text.charCodeAt(p) !== 92 || text.charCodeAt(p + 1) !== 117) fail(text, 'The surrogate pair in string is invalid.', escapeAt);
        const low = readHex4(text, p + 2, escapeAt);
        if (low < 0xdc00 || low > 0xdfff) fail(text, 'The surrogate pair in string is invalid.', escapeAt);
        p += 6;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
      } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        fail(text, 'The surrogate pair in string is invalid.', escapeAt);
      }
      out += String.fromCodePoint(cp);
    } else {
      const s = ESCAPES[e];
      if (s === undefined) fail(text, 'Invalid escape character in string.', escapeAt);
      out += s;
      p++;
    }
  }
  return fail(text, 'Missing a closing quotation mark in string.', p);
}

function readHex4(text: string, p: number, escapeAt: number): number {
  let v = 0;
  for (let i = 0; i < 4; i++) {
    const c = text.charCodeAt(p + i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) fail(text, 'Incorrect hex digit after \\u escape in string.', escapeAt);
    v = v * 16 + d;
  }
  return v;
}

/** RapidJSON with kParseNanAndInfFlag: NaN, Inf, Infinity (after an optional '-'). Sets lastString. */
function readNanOrInf(text: string, p: number): number {
  if (text.startsWith('NaN', p)) {
    lastString = 'NaN';
    return p + 3;
  }
  if (!text.startsWith('Inf', p)) fail(text, 'Invalid value.', p + 1);
  p += 3;
  if (text.charCodeAt(p) === 105) {
    if (!text.startsWith('inity', p)) fail(text, 'Invalid value.', p);
    p += 5;
  }
  lastString = 'Inf';
  return p;
}

/** Reads the exponent after 'e'/'E' into lastExponent (clamped: beyond ±100000 the value is 0 or too big). */
function readExponent(text: string, p: number): number {
  let c = text.charCodeAt(p);
  let sign = 1;
  if (c === 43 || c === 45) {
    sign = c === 45 ? -1 : 1;
    c = text.charCodeAt(++p);
  }
  if (!(c >= 48 && c <= 57)) fail(text, 'Miss exponent in number.', p);
  let exp = 0;
  do {
    if (exp < 100000) exp = exp * 10 + (c - 48);
    c = text.charCodeAt(++p);
  } while (c >= 48 && c <= 57);
  lastExponent = sign * exp;
  return p;
}

/** Reads the literal `word` (true/false/null) at p; RapidJSON reports the first differing byte. */
export function readLiteral(text: string, p: number, word: string): number {
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(p + i) !== word.charCodeAt(i)) fail(text, 'Invalid value.', p + i);
  return p + word.length;
}
