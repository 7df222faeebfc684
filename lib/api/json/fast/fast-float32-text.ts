// FAST PATH for float32 output text: runs of elements written straight into the response buffer with integer
// digit arithmetic. The text is float-format.ts writeFloat32's (TF Serving's "%g" if it round-trips, else "%.9g",
// ".0" on whole numbers); magnitudes outside [1e-12, 1e6), and roundings too close to call, go to writeFloat32.
import type { AsciiBuffer } from '../ascii-buffer.ts';
import { writeFloat32 } from '../float-format.ts';
import { POW10 } from '../pow10.ts';

// The longest text this path writes plus its comma: "-0.000123456789," or "-1.23456789e-12,".
const MAX_BYTES = 16;

/**
 * Appends data[offset … offset+count-1] as comma-separated JSON numbers, each exactly as writeFloat32 writes it.
 * @example writeFloat32Run(out, new Float32Array([0.5, 2, 1e-5]), 0, 3)  // appends "0.5,2.0,1e-05"
 */
export function writeFloat32Run(out: AsciiBuffer, data: Float32Array, offset: number, count: number): void {
  out.reserve(count * MAX_BYTES);
  let bytes = out.bytes;
  let pos = out.length;
  for (let i = 0; i < count; i++) {
    if (i > 0) bytes[pos++] = 44;
    const v = data[offset + i];
    const at = writeFast(bytes, pos, v);
    if (at >= 0) {
      pos = at;
      continue;
    }
    out.length = pos;
    writeFloat32(out, v);
    out.reserve((count - i) * MAX_BYTES);
    bytes = out.bytes;
    pos = out.length;
  }
  out.length = pos;
}

/**
 * One float32 value at `pos`; the end, or -1 to leave it to writeFloat32. value = q × 10^(exp-P+1), q with P digits.
 * For a float32 (24-bit significand) and 0 ≤ n ≤ 12, a × 10^n is exact (5^12 < 2^29), so ties round to even
 * exactly as printf does; beyond that the product is within 2^-53 relative and a fraction within 1e-6 of a
 * rounding boundary is left to writeFloat32 (float-format.ts roundFast makes the same call).
 */
function writeFast(bytes: Buffer, pos: number, v: number): number {
  if (v === 0) {
    if (1 / v < 0) bytes[pos++] = 45;
    bytes[pos] = 48;
    bytes[pos + 1] = 46;
    bytes[pos + 2] = 48;
    return pos + 3;
  }
  let a = v;
  if (v < 0) {
    a = -v;
    bytes[pos++] = 45;
  }
  if (!(a >= 1e-12 && a < 1e6)) return -1; // NaN and ±Infinity included
  let exp = decimalExponent(a);
  let n = 8 - exp;
  let t = a * POW10[n];
  // The estimate can be off by one next to a power of ten; t must have exactly 9 integer digits.
  if (t >= 1e9 || t < 1e8) {
    exp += t >= 1e9 ? 1 : -1;
    n = 8 - exp;
    if (n > 22 || n < 3) return -1;
    t = a * POW10[n];
    if (t >= 1e9 || t < 1e8) return -1;
  }
  // "%g": 6 digits, kept when they parse back to the same float32.
  const n6 = n - 3;
  let q = roundHalfEven(a * POW10[n6], n6 <= 12);
  if (q < 0) return -1;
  let precision = 6;
  if (Math.fround(q / POW10[n6]) !== a) {
    precision = 9;
    q = roundHalfEven(t, n <= 12);
    if (q < 0) return -1;
  }
  if (q === (precision === 6 ? 1000000 : 1000000000)) {
    q = precision === 6 ? 100000 : 100000000;
    exp++;
  }
  // Trailing zeros go; `digits` significant digits remain.
  let digits = precision;
  for (let next = (q / 10) | 0; next * 10 === q; next = (q / 10) | 0) {
    q = next;
    digits--;
  }
  if (exp < -4 || exp >= precision) {
    // d.ddde-XX (exp < -4 here; exp ≥ precision cannot happen below 1e6).
    bytes[pos] = 48 + Math.floor(q / POW10[digits - 1]);
    if (digits > 1) {
      bytes[pos + 1] = 46;
      putDigits(bytes, pos + digits + 1, q, digits - 1);
      pos += digits + 1;
    } else pos += 1;
    const e = exp < 0 ? -exp : exp;
    bytes[pos++] = 101;
    bytes[pos++] = exp < 0 ? 45 : 43;
    if (e < 10) {
      bytes[pos] = 48;
      bytes[pos + 1] = 48 + e;
    } else putDigits(bytes, pos + 2, e, 2);
    return pos + 2;
  }
  if (exp < 0) {
    // 0.000ddd
    bytes[pos++] = 48;
    bytes[pos++] = 46;
    for (let z = -exp - 1; z > 0; z--) bytes[pos++] = 48;
    putDigits(bytes, pos + digits, q, digits);
    return pos + digits;
  }
  if (digits <= exp + 1) {
    // A whole number: its digits, zeros up to the point, ".0".
    putDigits(bytes, pos + digits, q, digits);
    pos += digits;
    for (let z = exp + 1 - digits; z > 0; z--) bytes[pos++] = 48;
    bytes[pos] = 46;
    bytes[pos + 1] = 48;
    return pos + 2;
  }
  // ddd.ddd: the fraction's digits, then the integer part's, right to left around the point.
  const fraction = digits - exp - 1;
  const head = Math.floor(q / POW10[fraction]);
  putDigits(bytes, pos + digits + 1, q - head * POW10[fraction], fraction);
  bytes[pos + exp + 1] = 46;
  putDigits(bytes, pos + exp + 1, head, exp + 1);
  return pos + digits + 1;
}

/** floor(log10(a)) for a in [1e-12, 1e6), or one off next to a power of ten (comparisons are cheaper than log10). */
function decimalExponent(a: number): number {
  if (a >= 1) return a >= 1e3 ? (a >= 1e5 ? 5 : a >= 1e4 ? 4 : 3) : a >= 100 ? 2 : a >= 10 ? 1 : 0;
  if (a >= 1e-4) return a >= 1e-2 ? (a >= 0.1 ? -1 : -2) : a >= 1e-3 ? -3 : -4;
  return Math.floor(Math.log10(a));
}

/** t (< 2^31) rounded to an integer, ties to even; -1 when t is inexact and within 1e-6 of a boundary. */
function roundHalfEven(t: number, exact: boolean): number {
  let q = Math.floor(t);
  const rest = t - q;
  if (!exact && (rest < 1e-6 || rest > 1 - 1e-6 || Math.abs(rest - 0.5) < 1e-6)) return -1;
  q |= 0;
  if (rest > 0.5 || (rest === 0.5 && (q & 1) === 1)) q++;
  return q;
}

/** The last `count` decimal digits of q (< 2^31), zero-padded, ending just before `end`. */
function putDigits(bytes: Buffer, end: number, q: number, count: number): void {
  for (let i = end - 1; i >= end - count; i--) {
    const next = (q / 10) | 0;
    bytes[i] = 48 + q - next * 10;
    q = next;
  }
}
