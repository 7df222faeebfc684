// TF Serving's float text (WriteDecimal in tensorflow_serving/util/json_tensor.cc): absl::StrCat's "%g"
// (6 significant digits) when that parses back to the same value, else "%.9g" (float) / "%.17g" (double);
// ".0" appended when the text has neither '.' nor 'e'; NaN, Infinity, -Infinity as bare tokens.
// Examples (float32): 0.5 -> "0.5", 2 -> "2.0", 1e6 -> "1e+06", 0.1 -> "0.1", 0.016686706 -> "0.0166867059".
// absl's %g rounds exact ties to even (str_format/float_conversion.cc), which V8's toExponential does not.
import { AsciiBuffer } from './ascii-buffer.ts';
import { POW10 } from './pow10.ts';

const ZEROS = Array.from({ length: 24 }, (_, i) => '0'.repeat(i));
// "0.", "0.0", … "0.000": the text before the digits of 10^-1 … 10^-4 in fixed notation.
const LEADING = Array.from({ length: 4 }, (_, i) => `0.${'0'.repeat(i)}`);

// The last rounding, as module state so the hot path allocates nothing: value ≈ d1.d2…dP × 10^roundedExp,
// with the digits in roundedQ (an integer, when P ≤ 15) or roundedDigits (text, for %.17g).
let roundedQ = 0;
let roundedExp = 0;
let roundedDigits = '';

const scratch = new AsciiBuffer();

/**
 * Text for a float32 value exactly as TF Serving writes it.
 * @example formatFloat32(Math.fround(0.1))  // "0.1"
 */
export function formatFloat32(v: number): string {
  writeFloat32(scratch, v);
  return scratch.take();
}

/** Text for a float64 value exactly as TF Serving writes it ("%g", else "%.17g"). */
export function formatFloat64(v: number): string {
  writeFloat64(scratch, v);
  return scratch.take();
}

/** Appends formatFloat32(v) to a buffer (no intermediate strings). */
export function writeFloat32(out: AsciiBuffer, v: number): void {
  writeDecimal(out, v, 9, true);
}

/** Appends formatFloat64(v) to a buffer. */
export function writeFloat64(out: AsciiBuffer, v: number): void {
  writeDecimal(out, v, 17, false);
}

function writeDecimal(out: AsciiBuffer, v: number, fullDigits: number, isFloat32: boolean): void {
  if (v !== v) return out.ascii('NaN');
  if (v === Infinity) return out.ascii('Infinity');
  if (v === -Infinity) return out.ascii('-Infinity');
  if (v === 0) return out.ascii(Object.is(v, -0) ? '-0.0' : '0.0');
  const a = v < 0 ? -v : v;
  if (v < 0) out.byte(45);
  // "%g" is kept only when it parses back to v. A 6-digit decimal q×10^-n parses to the double q/10^n
  // without double rounding (it is > 2^-53 relative away from any float32 midpoint), so no string is needed.
  if (!roundFast(a, 6, isFloat32)) roundExact(a, 6);
  let back = scaledValue(roundedQ, 5 - roundedExp);
  if (isFloat32) back = Math.fround(back);
  let precision = 6;
  if (back !== a) {
    precision = fullDigits;
    if (fullDigits > 15 || !roundFast(a, fullDigits, isFloat32)) roundExact(a, fullDigits);
  }
  if (precision <= 15) writeRounded(out, precision);
  else writeDigitText(out, roundedDigits, roundedExp, precision);
}

/** q × 10^-n as the nearest double (one correctly rounded operation on exact operands). */
function scaledValue(q: number, n: number): number {
  if (n > 22 || n < -22) return Number(`${q}e${-n}`);
  return n >= 0 ? q / POW10[n] : q * POW10[-n];
}

/**
 * printf("%.{P}g") of roundedQ/roundedExp, trailing zeros trimmed: fixed notation when -4 ≤ exp < P, else
 * d.ddde±XX. A whole number in fixed notation gets ".0" (json_tensor.cc: keeps floats recognisable as floats).
 */
function writeRounded(out: AsciiBuffer, precision: number): void {
  let q = roundedQ;
  const exp = roundedExp;
  let count = precision; // significant digits left after dropping trailing zeros
  while (count > 1 && q % 10 === 0) {
    q /= 10;
    count--;
  }
  if (exp < precision && exp >= -4) {
    if (exp < 0) {
      out.ascii(LEADING[-exp - 1]);
      out.digits(q);
    } else if (exp + 1 >= count) {
      out.digits(q);
      out.ascii(ZEROS[exp + 1 - count]);
      out.ascii('.0');
    } else {
      const scale = POW10[count - exp - 1];
      const head = Math.floor(q / scale);
      out.digits(head);
      out.byte(46);
      out.ascii(ZEROS[count - exp - 1 - digitCount(q - head * scale)]);
      out.digits(q - head * scale);
    }
    return;
  }
  const scale = POW10[count - 1];
  const head = Math.floor(q / scale);
  out.digits(head);
  if (count > 1) {
    out.byte(46);
    out.ascii(ZEROS[count - 1 - digitCount(q - head * scale)]);
    out.digits(q - head * scale);
  }
  const e = exp < 0 ? -exp : exp;
  out.ascii(exp < 0 ? (e < 10 ? 'e-0' : 'e-') : e < 10 ? 'e+0' : 'e+');
  out.digits(e);
}

function digitCount(q: number): number {
  let n = 1;
  while (q >= POW10[n] && n < 22) n++;
  return n;
}

/** writeRounded for digit strings too long for a double (%.17g). */
function writeDigitText(out: AsciiBuffer, digits: string, exp: number, precision: number): void {
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  const ds = digits.slice(0, end);
  if (exp < precision && exp >= -4) {
    if (exp < 0) out.ascii(`${LEADING[-exp - 1]}${ds}`);
    else if (exp + 1 >= end) out.ascii(`${ds}${ZEROS[exp + 1 - end]}.0`);
    else out.ascii(`${ds.slice(0, exp + 1)}.${ds.slice(exp + 1)}`);
    return;
  }
  const e = exp < 0 ? -exp : exp;
  out.ascii(`${end > 1 ? `${ds[0]}.${ds.slice(1)}` : ds}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`);
}

/**
 * Rounds a to P ≤ 15 significant digits with plain doubles: t = a × 10^n. For a float32 (24-bit significand)
 * and 0 ≤ n ≤ 12 the product is exact (5^12 < 2^29), ties included. Otherwise t carries a relative error
 * ≤ 2^-53, and a fraction within 1e-6 of a rounding boundary is left to roundExact (returns false).
 */
function roundFast(a: number, precision: number, isFloat32: boolean): boolean {
  let exp = Math.floor(Math.log10(a));
  let n = precision - 1 - exp;
  if (n > 22 || n < -22) return false;
  let t = scaledValue(a, -n);
  // log10 may be off by one near powers of ten; t must have exactly `precision` integer digits.
  if (t >= POW10[precision] || t < POW10[precision - 1]) {
    const step = t >= POW10[precision] ? 1 : -1;
    exp += step;
    n -= step;
    if (n > 22 || n < -22) return false;
    t = scaledValue(a, -n);
  }
  let q = Math.floor(t);
  const rest = t - q;
  const exact = isFloat32 && n >= 0 && n <= 12;
  if (!exact && (rest < 1e-6 || rest > 1 - 1e-6 || Math.abs(rest - 0.5) < 1e-6)) return false;
  if (rest > 0.5 || (rest === 0.5 && q % 2 === 1)) q++;
  if (q === POW10[precision]) {
    q = POW10[precision - 1];
    exp++;
  }
  if (q < POW10[precision - 1] || q >= POW10[precision]) return false;
  roundedQ = q;
  roundedExp = exp;
  return true;
}

/** Correct rounding via toExponential, with exact ties resolved to even (V8 rounds them away from zero). */
function roundExact(a: number, precision: number): void {
  const text = a.toExponential(precision - 1);
  let e = text.indexOf('e');
  roundedDigits = text.slice(0, e).replace('.', '');
  roundedExp = Number(text.slice(e + 1));
  // A tie needs the exact expansion to stop at digit P+1 with a 5.
  const longer = a.toExponential(precision);
  e = longer.indexOf('e');
  const longDigits = longer.slice(0, e).replace('.', '');
  const longExp = Number(longer.slice(e + 1));
  if (longDigits.endsWith('5') && isExactDecimal(a, longDigits, longExp)) {
    const truncated = longDigits.slice(0, precision);
    if ((truncated.charCodeAt(precision - 1) - 48) % 2 === 0) {
      roundedDigits = truncated;
      roundedExp = longExp;
    }
  }
  roundedQ = precision <= 15 ? Number(roundedDigits) : -1;
}

/** True when d1.d2…dk × 10^exp is exactly `a` (bigint arithmetic; only on suspected ties). */
function isExactDecimal(a: number, digits: string, exp: number): boolean {
  if (Number(`${digits[0]}.${digits.slice(1)}e${exp}`) !== a) return false;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const bits = view.getBigUint64(0);
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biasedExp === 0 ? fraction : fraction | (1n << 52n);
  const e2 = (biasedExp === 0 ? 1 : biasedExp) - 1075; // a = mantissa × 2^e2
  const e10 = exp - (digits.length - 1); // decimal = digits × 10^e10
  let lhs = mantissa;
  let rhs = BigInt(digits);
  if (e2 >= 0) lhs <<= BigInt(e2);
  else rhs <<= BigInt(-e2);
  if (e10 >= 0) rhs *= 10n ** BigInt(e10);
  else lhs *= 10n ** BigInt(-e10);
  return lhs === rhs;
}
