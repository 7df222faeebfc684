// printf-style conversions as TensorFlow's AsString applies them (tensorflow/core/kernels/as_string_op.cc:
// absl::StrFormat("%<fill>*.*<conv>", width, precision, value)): %d/%u for integers, %f/%e/%g for floats,
// flags '-', '+', ' ', '0', '#'. Floats are printed exactly (the double's full binary value, rounded
// half-to-even at the last digit, as glibc/absl do), so 2.5 at precision 0 gives "2" and 0.1f at precision
// 20 gives "0.10000000149011611938". Checked against TF-made vectors (test/engine/ops/as-string.vectors.json).

export type Conversion = 'd' | 'f' | 'e' | 'g';

export interface PrintfSpec {
  /** Any of "-+ 0#" (AsString's `fill` attr is one of them, or empty). */
  flags: string;
  /** Minimum field width; <= 0 for none. */
  width: number;
  /** Digits after the point (%f, %e) or significant digits (%g); < 0 for the default 6. */
  precision: number;
  conversion: Conversion;
}

/** Sign, then padding: '-' pads right with spaces, '0' pads between sign and digits (numbers only), else left. */
function pad(sign: string, body: string, spec: PrintfSpec, zeroPadAllowed: boolean): string {
  const len = sign.length + body.length;
  if (spec.width <= len) return sign + body;
  const fill = spec.width - len;
  if (spec.flags.includes('-')) return sign + body + ' '.repeat(fill);
  if (zeroPadAllowed && spec.flags.includes('0')) return sign + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + sign + body;
}

function signOf(negative: boolean, spec: PrintfSpec): string {
  return negative ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
}

/** %d / %u of an integer value. */
export function formatInteger(v: bigint, spec: PrintfSpec): string {
  const negative = v < 0n;
  return pad(signOf(negative, spec), (negative ? -v : v).toString(), spec, true);
}

/** An exact binary decomposition of a finite double: |x| = m * 2^e. */
function decompose(x: number): { m: bigint; e: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  return exp === 0 ? { m: frac, e: -1074 } : { m: frac | (1n << 52n), e: exp - 1075 };
}

/** round-half-even(|x| * 10^k) as an integer, exactly. */
function scaledRound(m: bigint, e: number, k: number): bigint {
  let num = m * (k >= 0 ? 10n ** BigInt(k) : 1n);
  let den = k < 0 ? 10n ** BigInt(-k) : 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  const q = num / den;
  const r2 = 2n * (num - q * den);
  return r2 > den || (r2 === den && (q & 1n) === 1n) ? q + 1n : q;
}

/** Digits of |x| with `p` digits after the point. */
function fixed(x: number, p: number, alt: boolean): string {
  const { m, e } = decompose(x);
  const digits = scaledRound(m, e, p).toString().padStart(p + 1, '0');
  const int = digits.slice(0, digits.length - p);
  return p > 0 ? `${int}.${digits.slice(int.length)}` : alt ? `${int}.` : int;
}

/** |x| as d.ddd (p digits after the point) times 10^exp, rounded half-even. */
function scientificParts(x: number, p: number): { digits: string; exp: number } {
  if (x === 0) return { digits: '0'.repeat(p + 1), exp: 0 };
  const { m, e } = decompose(x);
  let exp = Math.floor(Math.log10(x));
  for (;;) {
    const q = scaledRound(m, e, p - exp);
    const s = q.toString();
    if (s.length > p + 1) exp++;
    else if (s.length < p + 1) exp--;
    else return { digits: s, exp };
  }
}

function scientific(x: number, p: number, alt: boolean): string {
  const { digits, exp } = scientificParts(x, p);
  const mantissa = p > 0 ? `${digits[0]}.${digits.slice(1)}` : alt ? `${digits}.` : digits;
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** %g: %e or %f by the exponent, trailing zeros dropped unless '#' (C11 7.21.6.1). */
function general(x: number, precision: number, alt: boolean): string {
  const p = precision < 0 ? 6 : precision === 0 ? 1 : precision;
  const { exp } = scientificParts(x, p - 1);
  const s = p > exp && exp >= -4 ? fixed(x, p - 1 - exp, alt) : scientific(x, p - 1, alt);
  if (alt) return s;
  const [mantissa, exponent] = s.split('e');
  if (!mantissa.includes('.')) return s;
  const trimmed = mantissa.replace(/0+$/, '').replace(/\.$/, '');
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}

/**
 * %f / %e / %g of a double. `negative` is the sign bit (so -0.0 prints "-0" and a negative NaN "-nan").
 * @example formatFloat(2.5, false, { flags: '', width: -1, precision: 0, conversion: 'f' })  // "2"
 */
export function formatFloat(x: number, negative: boolean, spec: PrintfSpec): string {
  const sign = signOf(negative, spec);
  if (!Number.isFinite(x)) return pad(sign, Number.isNaN(x) ? 'nan' : 'inf', spec, false);
  const a = Math.abs(x);
  const alt = spec.flags.includes('#');
  const p = spec.precision < 0 ? 6 : spec.precision;
  const body = spec.conversion === 'e' ? scientific(a, p, alt) : spec.conversion === 'g' ? general(a, spec.precision, alt) : fixed(a, p, alt);
  return pad(sign, body, spec, true);
}

/** %s with a width: spaces on the left, or on the right with '-'. */
export function padString(s: Uint8Array, spec: PrintfSpec): Uint8Array {
  if (spec.width <= s.length) return s;
  const out = new Uint8Array(spec.width).fill(0x20);
  out.set(s, spec.flags.includes('-') ? 0 : spec.width - s.length);
  return out;
}

/** Smallest normal float32 / float64. */
export const FLOAT32_MIN_NORMAL = 2 ** -126;
export const FLOAT64_MIN_NORMAL = 2 ** -1022;

/**
 * TensorFlow runs kernels with denormals flushed to zero (port::ScopedFlushDenormal), so AsString prints a
 * denormal as a zero of the same sign: as_string(1e-40) is "0.000000", as_string(-1e-45) is "-0.000000".
 */
export function flushDenormal(x: number, minNormal: number): number {
  return x !== 0 && Math.abs(x) < minNormal ? (x < 0 ? -0 : 0) : x;
}
