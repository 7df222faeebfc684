// FAST PATH for request tensors: one JSON value that is a number or a rectangular nested list of numbers, read
// from the body's ASCII bytes straight into a typed array (no JsonValue tree, no FloatLiteral, no nested arrays).
// It takes only what it is sure of and gives up (undefined) on anything else: another token, an empty or ragged
// list, a lexeme the dtype rejects, a syntax error. Callers then re-parse with the dialect parser
// (json-parse.ts), so every accepted value equals the general path's and every message stays TF Serving's.
import { numberToBfloat16, numberToHalf, type TensorData } from '../../../tensor/index.ts';
import { POW10 } from '../pow10.ts';

/** A scanned tensor: its nesting shape (GetDenseTensorShape), elements in row-major order, the end position. */
export interface ScannedTensor {
  shape: number[];
  data: TensorData;
  end: number;
}

// How lexemes become elements. The general path stores D, the double nearest the lexeme (Number(lexeme)), then
// converts it like a typed-array store (json_tensor.cc: RapidJSON's double, then a C++ cast).
const FLOAT32 = 0; // fround(D): D may be approximated where no float32 rounding boundary is within reach
const EXACT = 1; // D itself (float64; half/bfloat16 convert it afterwards)
const INT32 = 2; // integer lexemes (no '.'/exponent) in [-2^31, 2^31-1], then wrapped (int8…uint16 too)
const UINT32 = 3; // integer lexemes in [0, 2^32-1]

/** The mode for a dtype, or -1. */
function modeOf(dtype: string): number {
  switch (dtype) {
    case 'DT_FLOAT': return FLOAT32;
    case 'DT_DOUBLE': case 'DT_HALF': case 'DT_BFLOAT16': return EXACT;
    case 'DT_INT8': case 'DT_INT16': case 'DT_INT32': case 'DT_UINT8': case 'DT_UINT16': return INT32;
    case 'DT_UINT32': return UINT32;
    default: return -1;
  }
}

/** True for the dtypes scanTensor reads (numeric, not 64-bit integers, not bool). */
export function isScannableDType(dtype: string): boolean {
  return modeOf(dtype) >= 0;
}

const TWO_53 = 9007199254740992;
// Relative half-width of the interval that must hold D when m ≥ 2^53: m's error is ≤ 2^-53 per rounding, two per
// digit past the 16th (m < 1e300: at most 300 digits), plus the scaling and D itself: < 2^-43, with room to spare.
const APPROX = 2 ** -40;
const MAX_RANK = 64;
// Reused storage: element doubles and body bytes, kept across calls up to 4 MiB each (larger bodies get their own).
const KEEP_BYTES = 4 << 20;
let scratch = new Float64Array(1 << 14);
const sizes = new Int32Array(MAX_RANK);
const counts = new Int32Array(MAX_RANK);

let ascii = new Uint8Array(1 << 16);
const encoder = new TextEncoder();

/**
 * The text's bytes followed by a 0 byte (which no scan accepts), when every char is ASCII (then byte offsets
 * are char offsets); else undefined. `raw` is the UTF-8 the text was decoded from, copied instead of encoding. Typed-array reads are cheaper than charCodeAt. The buffer is reused:
 * valid until the next call.
 */
export function asciiBytes(text: string, raw?: Uint8Array): Uint8Array | undefined {
  let bytes = ascii;
  if (text.length + 1 > bytes.length) {
    bytes = new Uint8Array(Math.max(text.length + 1, bytes.length * 2));
    if (bytes.length <= KEEP_BYTES) ascii = bytes;
  }
  if (raw && raw.length === text.length && !text.includes('\uFFFD')) {
    // Each UTF-16 unit of the decoded text came from at least one byte (an invalid one from U+FFFD), so equal
    // lengths without U+FFFD mean one ASCII byte per char: the bytes the body came in are the text's bytes.
    bytes.set(raw);
    bytes[text.length] = 0;
    return bytes;
  }
  // UTF-8 of an ASCII text is the text: one byte per char, every char read.
  const { read, written } = encoder.encodeInto(text, bytes);
  if (read !== text.length || written !== text.length) return undefined;
  bytes[text.length] = 0;
  return bytes;
}

/**
 * Scans the value at `p` (whitespace skipped) for an input of `dtype` (isScannableDType). `bytes` is
 * asciiBytes(text).
 * @example scanTensor(s, asciiBytes(s)!, 0, 'DT_FLOAT')  // s = '[[1, 2.5], [NaN, -0]]': {shape: [2, 2], data: Float32Array [1, 2.5, NaN, 0], end: 21}
 */
export function scanTensor(text: string, bytes: Uint8Array, p: number, dtype: string): ScannedTensor | undefined {
  const mode = modeOf(dtype);
  if (mode < 0) return undefined;
  let rank = 0;
  while (bytes[p] === 91) {
    if (rank === MAX_RANK) return undefined;
    sizes[rank] = -1;
    counts[rank++] = 0;
    p = skipWhitespace(bytes, p + 1);
  }
  const end = scanNumbers(text, bytes, p, mode, rank);
  if (end < 0) return undefined;
  return finish(scannedValues, scannedCount, rank, dtype, end);
}

// scanNumbers' product: the elements (scratch, or a larger array of this call's own) and their count.
let scannedValues: Float64Array = scratch;
let scannedCount = 0;

/**
 * The elements from p, where the first number of the innermost of `rank` just opened lists starts; the end,
 * or -1. IMPORTANT: the loop lives apart from scanTensor's one-off prologue so that V8's first optimization
 * (on-stack, during the first large body) has type feedback for all of it and later calls do not deoptimize.
 */
function scanNumbers(text: string, bytes: Uint8Array, p: number, mode: number, rank: number): number {
  let values = scratch;
  let n = 0;
  let c = bytes[p];
  let depth = rank;
  for (;;) {
    // A number at p (c is its first char code), as RapidJSON's grammar with kParseNanAndInfFlag.
    const start = p;
    const negative = c === 45;
    if (negative) c = bytes[++p];
    let v: number;
    if (c >= 48 && c <= 57) {
      let m = c - 48;
      let scale = 0;
      let isFloat = false;
      c = bytes[++p];
      if (m !== 0) {
        while (c >= 48 && c <= 57) {
          m = m * 10 + (c - 48);
          c = bytes[++p];
        }
      }
      if (c === 46) {
        isFloat = true;
        c = bytes[++p];
        if (!(c >= 48 && c <= 57)) return -1;
        do {
          m = m * 10 + (c - 48);
          scale--;
          c = bytes[++p];
        } while (c >= 48 && c <= 57);
      }
      if (c === 101 || c === 69) {
        isFloat = true;
        c = bytes[++p];
        const expNegative = c === 45;
        if (c === 43 || c === 45) c = bytes[++p];
        if (!(c >= 48 && c <= 57)) return -1;
        let e = 0;
        do {
          if (e < 100000) e = e * 10 + (c - 48);
          c = bytes[++p];
        } while (c >= 48 && c <= 57);
        scale += expNegative ? -e : e;
      }
      if (mode >= INT32) {
        // json_tensor.cc: integer dtypes take RapidJSON ints only; m is exact below 2^53.
        if (isFloat || m > (mode === INT32 ? (negative ? 2147483648 : 2147483647) : negative ? 0 : 4294967295)) return -1;
        v = negative ? -m : m;
      } else {
        // m × 10^scale; exact operands make one correctly rounded operation (m < 2^53 means every step was exact).
        if (m < TWO_53 && scale >= -22 && scale <= 22) v = scale < 0 ? m / POW10[-scale] : m * POW10[scale];
        else if (mode === FLOAT32 && scale >= -22 && scale <= 22 && m < 1e300) {
          // Rounding is monotonic: if both ends of the interval round to one float32, so does D.
          v = scale < 0 ? m / POW10[-scale] : m * POW10[scale];
          const d = v * APPROX;
          if (!(v < 1e300) || Math.fround(v - d) !== Math.fround(v + d)) v = Number(text.slice(negative ? start + 1 : start, p));
        } else v = Number(text.slice(negative ? start + 1 : start, p));
        if (v === Infinity) return -1; // RapidJSON: "Number too big to be stored in double."
        // RapidJSON reads "-0" as the integer 0; "-0.0" is a negative-zero double.
        if (negative) v = isFloat ? -v : 0 - v;
      }
    } else if ((c === 78 || c === 73) && mode < INT32) {
      if (text.startsWith('NaN', p)) {
        v = NaN;
        p += 3;
      } else if (text.startsWith('Infinity', p) || (text.startsWith('Inf', p) && bytes[p + 3] !== 105)) {
        v = negative ? -Infinity : Infinity;
        p += bytes[p + 3] === 105 ? 8 : 3;
      } else return -1;
      c = bytes[p];
    } else return -1;
    if (n === values.length) {
      const grown = new Float64Array(n * 2);
      grown.set(values);
      values = grown;
      if (grown.byteLength <= KEEP_BYTES) scratch = grown;
    }
    values[n++] = v;
    if (rank === 0) return done(values, n, p);
    counts[rank - 1]++;
    // Separators: ',' continues the innermost list (re-opening lists down to the innermost level); ']' closes
    // a list, whose length must match the first list closed at its level.
    for (;;) {
      if (c === 32 || c === 10 || c === 13 || c === 9) c = bytes[(p = skipWhitespace(bytes, p))];
      if (c === 44) {
        c = bytes[++p];
        if (c === 32 || c === 10 || c === 13 || c === 9) c = bytes[(p = skipWhitespace(bytes, p))];
        while (depth < rank) {
          if (c !== 91) return -1;
          counts[depth++] = 0;
          c = bytes[(p = skipWhitespace(bytes, p + 1))];
        }
        break;
      }
      if (c !== 93) return -1;
      const level = --depth;
      const count = counts[level];
      if (sizes[level] < 0) sizes[level] = count;
      else if (sizes[level] !== count) return -1;
      c = bytes[++p];
      if (depth === 0) return done(values, n, p);
      counts[depth - 1]++;
    }
  }
}

function done(values: Float64Array, n: number, end: number): number {
  scannedValues = values;
  scannedCount = n;
  return end;
}

function skipWhitespace(bytes: Uint8Array, p: number): number {
  // RapidJSON's SkipWhitespace: space, \n, \r, \t only.
  for (;;) {
    const c = bytes[p];
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return p;
    p++;
  }
}

/** The scanned doubles stored as `dtype` would store them element by element (wrapping ints, fround). */
function finish(values: Float64Array, n: number, rank: number, dtype: string, end: number): ScannedTensor {
  const shape = Array.from(sizes.subarray(0, rank));
  const doubles = values.subarray(0, n);
  let data: TensorData;
  switch (dtype) {
    case 'DT_FLOAT': data = new Float32Array(n); data.set(doubles); break;
    case 'DT_DOUBLE': data = values.slice(0, n); break;
    case 'DT_HALF': data = Uint16Array.from(doubles, numberToHalf); break;
    case 'DT_BFLOAT16': data = Uint16Array.from(doubles, numberToBfloat16); break;
    case 'DT_INT8': data = new Int8Array(n); data.set(doubles); break;
    case 'DT_INT16': data = new Int16Array(n); data.set(doubles); break;
    case 'DT_INT32': data = new Int32Array(n); data.set(doubles); break;
    case 'DT_UINT8': data = new Uint8Array(n); data.set(doubles); break;
    case 'DT_UINT16': data = new Uint16Array(n); data.set(doubles); break;
    default: data = new Uint32Array(n); data.set(doubles); break;
  }
  scannedValues = scratch;
  return { shape, data, end };
}
