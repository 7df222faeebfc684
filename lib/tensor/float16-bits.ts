// IEEE half (DT_HALF) and bfloat16 (DT_BFLOAT16) bit patterns <-> JS numbers, round-to-nearest-even as
// Eigen's half/bfloat16 conversions do. HostTensor stores both as raw 16-bit patterns (tensor.ts); the one
// copy of these conversions, used by lib/api (JSON) and the portable engine.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The value of a bfloat16 bit pattern (the high half of a float32). */
export function bfloat16ToNumber(bits: number): number {
  u32[0] = bits << 16;
  return f32[0];
}

/** bfloat16 bits of a number: float32 first, then round-to-nearest-even on the low 16 bits; NaN stays NaN. */
export function numberToBfloat16(v: number): number {
  f32[0] = v;
  const x = u32[0];
  if (v !== v) return (x >>> 16) | 0x40;
  return (x + 0x7fff + ((x >>> 16) & 1)) >>> 16;
}

/** The value of an IEEE 754 binary16 bit pattern. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}

/** binary16 bits of a number, rounded to nearest even; overflow gives ±Infinity, underflow ±0. */
export function numberToHalf(v: number): number {
  if (v !== v) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  let a = Math.abs(Math.fround(v));
  if (a >= 65520) return sign | 0x7c00; // 65520 rounds up past the largest half (65504)
  if (a < 2 ** -14) {
    // Subnormal: units of 2^-24, ties to even.
    a *= 2 ** 24;
    let q = Math.floor(a);
    const rest = a - q;
    if (rest > 0.5 || (rest === 0.5 && q % 2 === 1)) q++;
    return sign | q;
  }
  let exp = Math.floor(Math.log2(a));
  if (2 ** exp > a) exp--;
  else if (2 ** (exp + 1) <= a) exp++;
  const scaled = a * 2 ** (10 - exp); // in [1024, 2048)
  let q = Math.floor(scaled);
  const rest = scaled - q;
  if (rest > 0.5 || (rest === 0.5 && q % 2 === 1)) q++;
  if (q === 2048) {
    q = 1024;
    exp++;
  }
  if (exp > 15) return sign | 0x7c00;
  return sign | ((exp + 15) << 10) | (q - 1024);
}
