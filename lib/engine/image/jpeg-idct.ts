// Inverse DCTs of libjpeg-turbo, integer-exact, one 8x8 block of dequantizing coefficients in, 8x8 samples out.
// TensorFlow decodes with JDCT_IFAST unless dct_method is "INTEGER_ACCURATE" (decode_image_op.cc: "The
// TensorFlow-chosen default for JPEG decoding is IFAST"), so ifast is the default path:
// - ifast (jidctfst.c): AA&N with 8-bit constants, plain right shifts (no rounding), quant table pre-scaled by
//   the AA&N factors (jddctmgr.c, 14-bit aanscales, DESCALE by 12 with rounding);
// - islow (jidctint.c): the LL&M 13-bit version with rounding;
// - reduced sizes 4x4 / 2x2 / 1x1 (jidctred.c) for ratio 2 / 4 / 8.
// Outputs go through libjpeg's range-limit table: index (x & 1023) around the centre, i.e. x sign-extended
// from 10 bits, plus 128, clamped to 0..255.

/** libjpeg's range_limit[(x) & RANGE_MASK] after the IDCT (prepare_range_limit_table). */
export function rangeLimit(x: number): number {
  const v = (((x & 1023) ^ 512) - 512) + 128;
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

// jddctmgr.c aanscales: round(2^14 * scalefactor[row] * scalefactor[col]), natural order.
const AAN_SCALES = new Int32Array([
  16384, 22725, 21407, 19266, 16384, 12873, 8867, 4520,
  22725, 31521, 29692, 26722, 22725, 17855, 12299, 6270,
  21407, 29692, 27969, 25172, 21407, 16819, 11585, 5906,
  19266, 26722, 25172, 22654, 19266, 15137, 10426, 5315,
  16384, 22725, 21407, 19266, 16384, 12873, 8867, 4520,
  12873, 17855, 16819, 15137, 12873, 10114, 6967, 3552,
  8867, 12299, 11585, 10426, 8867, 6967, 4799, 2446,
  4520, 6270, 5906, 5315, 4520, 3552, 2446, 1247,
]);

export type IdctKind = 'ifast' | 'islow';

/** The multiplier table an IDCT uses for a quant table (natural order). */
export function idctMultipliers(quant: Int32Array, kind: IdctKind, size: number): Int32Array {
  if (kind === 'islow' || size !== 8) return Int32Array.from(quant);
  return quant.map((q, i) => (q * AAN_SCALES[i] + 2048) >> 12);
}

// jidctfst.c constants, CONST_BITS = 8.
const F1_082 = 277, F1_414 = 362, F1_847 = 473, F2_613 = 669;
const mulF = (v: number, c: number) => (v * c) >> 8;

/** jpeg_idct_ifast: coef (64, natural order), q (ifast multipliers), out[outOff + r*stride + c]. */
export function idctIfast(coef: Int16Array | Int32Array, cOff: number, q: Int32Array, ws: Int32Array, out: Uint8Array, outOff: number, stride: number): void {
  for (let c = 0; c < 8; c++) {
    const i = cOff + c;
    if (coef[i + 8] === 0 && coef[i + 16] === 0 && coef[i + 24] === 0 && coef[i + 32] === 0 && coef[i + 40] === 0 && coef[i + 48] === 0 && coef[i + 56] === 0) {
      const dc = coef[i] * q[c];
      for (let r = 0; r < 64; r += 8) ws[r + c] = dc;
      continue;
    }
    let tmp0 = coef[i] * q[c], tmp1 = coef[i + 16] * q[c + 16], tmp2 = coef[i + 32] * q[c + 32], tmp3 = coef[i + 48] * q[c + 48];
    let tmp10 = tmp0 + tmp2, tmp11 = tmp0 - tmp2;
    let tmp13 = tmp1 + tmp3, tmp12 = mulF(tmp1 - tmp3, F1_414) - tmp13;
    tmp0 = tmp10 + tmp13; tmp3 = tmp10 - tmp13; tmp1 = tmp11 + tmp12; tmp2 = tmp11 - tmp12;
    let tmp4 = coef[i + 8] * q[c + 8], tmp5 = coef[i + 24] * q[c + 24], tmp6 = coef[i + 40] * q[c + 40], tmp7 = coef[i + 56] * q[c + 56];
    const z13 = tmp6 + tmp5, z10 = tmp6 - tmp5, z11 = tmp4 + tmp7, z12 = tmp4 - tmp7;
    tmp7 = z11 + z13;
    tmp11 = mulF(z11 - z13, F1_414);
    const z5 = mulF(z10 + z12, F1_847);
    tmp10 = mulF(z12, F1_082) - z5;
    tmp12 = mulF(z10, -F2_613) + z5;
    tmp6 = tmp12 - tmp7; tmp5 = tmp11 - tmp6; tmp4 = tmp10 + tmp5;
    ws[c] = tmp0 + tmp7; ws[56 + c] = tmp0 - tmp7; ws[8 + c] = tmp1 + tmp6; ws[48 + c] = tmp1 - tmp6;
    ws[16 + c] = tmp2 + tmp5; ws[40 + c] = tmp2 - tmp5; ws[32 + c] = tmp3 + tmp4; ws[24 + c] = tmp3 - tmp4;
  }
  for (let r = 0; r < 64; r += 8) {
    const o = outOff + (r >> 3) * stride;
    if (ws[r + 1] === 0 && ws[r + 2] === 0 && ws[r + 3] === 0 && ws[r + 4] === 0 && ws[r + 5] === 0 && ws[r + 6] === 0 && ws[r + 7] === 0) {
      const v = rangeLimit(ws[r] >> 5);
      for (let c = 0; c < 8; c++) out[o + c] = v;
      continue;
    }
    let tmp10 = ws[r] + ws[r + 4], tmp11 = ws[r] - ws[r + 4];
    let tmp13 = ws[r + 2] + ws[r + 6], tmp12 = mulF(ws[r + 2] - ws[r + 6], F1_414) - tmp13;
    const tmp0 = tmp10 + tmp13, tmp3 = tmp10 - tmp13, tmp1 = tmp11 + tmp12, tmp2 = tmp11 - tmp12;
    const z13 = ws[r + 5] + ws[r + 3], z10 = ws[r + 5] - ws[r + 3], z11 = ws[r + 1] + ws[r + 7], z12 = ws[r + 1] - ws[r + 7];
    const tmp7 = z11 + z13;
    tmp11 = mulF(z11 - z13, F1_414);
    const z5 = mulF(z10 + z12, F1_847);
    tmp10 = mulF(z12, F1_082) - z5;
    tmp12 = mulF(z10, -F2_613) + z5;
    const tmp6 = tmp12 - tmp7, tmp5 = tmp11 - tmp6, tmp4 = tmp10 + tmp5;
    out[o] = rangeLimit((tmp0 + tmp7) >> 5); out[o + 7] = rangeLimit((tmp0 - tmp7) >> 5);
    out[o + 1] = rangeLimit((tmp1 + tmp6) >> 5); out[o + 6] = rangeLimit((tmp1 - tmp6) >> 5);
    out[o + 2] = rangeLimit((tmp2 + tmp5) >> 5); out[o + 5] = rangeLimit((tmp2 - tmp5) >> 5);
    out[o + 4] = rangeLimit((tmp3 + tmp4) >> 5); out[o + 3] = rangeLimit((tmp3 - tmp4) >> 5);
  }
}

// jidctint.c / jidctred.c constants, CONST_BITS = 13.
const FIX_0_211 = 1730, FIX_0_298 = 2446, FIX_0_390 = 3196, FIX_0_509 = 4176, FIX_0_541 = 4433, FIX_0_601 = 4926,
  FIX_0_720 = 5906, FIX_0_765 = 6270, FIX_0_850 = 6967, FIX_0_899 = 7373, FIX_1_061 = 8697, FIX_1_175 = 9633,
  FIX_1_272 = 10426, FIX_1_451 = 11893, FIX_1_501 = 12299, FIX_1_847 = 15137, FIX_1_961 = 16069, FIX_2_053 = 16819,
  FIX_2_172 = 17799, FIX_2_562 = 20995, FIX_3_072 = 25172, FIX_3_624 = 29692;
const descale = (x: number, n: number) => Math.floor((x + 2 ** (n - 1)) / 2 ** n);

/** jpeg_idct_islow. */
export function idctIslow(coef: Int16Array | Int32Array, cOff: number, q: Int32Array, ws: Int32Array, out: Uint8Array, outOff: number, stride: number): void {
  for (let c = 0; c < 8; c++) {
    const i = cOff + c;
    if (coef[i + 8] === 0 && coef[i + 16] === 0 && coef[i + 24] === 0 && coef[i + 32] === 0 && coef[i + 40] === 0 && coef[i + 48] === 0 && coef[i + 56] === 0) {
      const dc = coef[i] * q[c] * 4;
      for (let r = 0; r < 64; r += 8) ws[r + c] = dc;
      continue;
    }
    const e = islowCore(coef[i] * q[c], coef[i + 8] * q[c + 8], coef[i + 16] * q[c + 16], coef[i + 24] * q[c + 24],
      coef[i + 32] * q[c + 32], coef[i + 40] * q[c + 40], coef[i + 48] * q[c + 48], coef[i + 56] * q[c + 56]);
    for (let k = 0; k < 8; k++) ws[k * 8 + c] = descale(e[k], 11);
  }
  for (let r = 0; r < 64; r += 8) {
    const o = outOff + (r >> 3) * stride;
    if (ws[r + 1] === 0 && ws[r + 2] === 0 && ws[r + 3] === 0 && ws[r + 4] === 0 && ws[r + 5] === 0 && ws[r + 6] === 0 && ws[r + 7] === 0) {
      const v = rangeLimit(descale(ws[r], 5));
      for (let c = 0; c < 8; c++) out[o + c] = v;
      continue;
    }
    const e = islowCore(ws[r], ws[r + 1], ws[r + 2], ws[r + 3], ws[r + 4], ws[r + 5], ws[r + 6], ws[r + 7]);
    for (let k = 0; k < 8; k++) out[o + k] = rangeLimit(descale(e[k], 18));
  }
}

const core = new Float64Array(8);
/** The 1-D LL&M transform of jidctint.c, outputs scaled by 2^13 (undescaled). */
function islowCore(d0: number, d1: number, d2: number, d3: number, d4: number, d5: number, d6: number, d7: number): Float64Array {
  let z1 = (d2 + d6) * FIX_0_541;
  const t2 = z1 - d6 * FIX_1_847, t3 = z1 + d2 * FIX_0_765;
  const t0 = (d0 + d4) * 8192, t1 = (d0 - d4) * 8192;
  const tmp10 = t0 + t3, tmp13 = t0 - t3, tmp11 = t1 + t2, tmp12 = t1 - t2;
  let o0 = d7, o1 = d5, o2 = d3, o3 = d1;
  z1 = o0 + o3;
  let z2 = o1 + o2, z3 = o0 + o2, z4 = o1 + o3;
  const z5 = (z3 + z4) * FIX_1_175;
  o0 *= FIX_0_298; o1 *= FIX_2_053; o2 *= FIX_3_072; o3 *= FIX_1_501;
  z1 *= -FIX_0_899; z2 *= -FIX_2_562; z3 *= -FIX_1_961; z4 *= -FIX_0_390;
  z3 += z5; z4 += z5;
  o0 += z1 + z3; o1 += z2 + z4; o2 += z2 + z3; o3 += z1 + z4;
  core[0] = tmp10 + o3; core[7] = tmp10 - o3; core[1] = tmp11 + o2; core[6] = tmp11 - o2;
  core[2] = tmp12 + o1; core[5] = tmp12 - o1; core[3] = tmp13 + o0; core[4] = tmp13 - o0;
  return core;
}

/** jpeg_idct_4x4 (jidctred.c): rows/column 4 unused; out is 4x4. */
export function idct4x4(coef: Int16Array | Int32Array, cOff: number, q: Int32Array, ws: Int32Array, out: Uint8Array, outOff: number, stride: number): void {
  for (let c = 0; c < 8; c++) {
    if (c === 4) continue;
    const i = cOff + c;
    const d = (k: number) => coef[i + k * 8] * q[c + k * 8];
    if (coef[i + 8] === 0 && coef[i + 16] === 0 && coef[i + 24] === 0 && coef[i + 40] === 0 && coef[i + 48] === 0 && coef[i + 56] === 0) {
      const dc = d(0) * 4;
      for (let r = 0; r < 4; r++) ws[r * 8 + c] = dc;
      continue;
    }
    const v = red4(d(0), d(1), d(2), d(3), d(5), d(6), d(7), 12);
    for (let r = 0; r < 4; r++) ws[r * 8 + c] = v[r];
  }
  for (let r = 0; r < 4; r++) {
    const w = r * 8, o = outOff + r * stride;
    if (ws[w + 1] === 0 && ws[w + 2] === 0 && ws[w + 3] === 0 && ws[w + 5] === 0 && ws[w + 6] === 0 && ws[w + 7] === 0) {
      const v = rangeLimit(descale(ws[w], 5));
      for (let c = 0; c < 4; c++) out[o + c] = v;
      continue;
    }
    const v = red4(ws[w], ws[w + 1], ws[w + 2], ws[w + 3], ws[w + 5], ws[w + 6], ws[w + 7], 19);
    for (let c = 0; c < 4; c++) out[o + c] = rangeLimit(v[c]);
  }
}

const red = new Float64Array(4);
function red4(d0: number, d1: number, d2: number, d3: number, d5: number, d6: number, d7: number, shift: number): Float64Array {
  const tmp0 = d0 * 16384;
  const tmp2 = d2 * FIX_1_847 + d6 * -FIX_0_765;
  const tmp10 = tmp0 + tmp2, tmp12 = tmp0 - tmp2;
  const t0 = d7 * -FIX_0_211 + d5 * FIX_1_451 + d3 * -FIX_2_172 + d1 * FIX_1_061;
  const t2 = d7 * -FIX_0_509 + d5 * -FIX_0_601 + d3 * FIX_0_899 + d1 * FIX_2_562;
  red[0] = descale(tmp10 + t2, shift); red[3] = descale(tmp10 - t2, shift);
  red[1] = descale(tmp12 + t0, shift); red[2] = descale(tmp12 - t0, shift);
  return red;
}

/** jpeg_idct_2x2 (jidctred.c): uses coefficients 0, 1, 3, 5, 7 per axis; out is 2x2. */
export function idct2x2(coef: Int16Array | Int32Array, cOff: number, q: Int32Array, ws: Int32Array, out: Uint8Array, outOff: number, stride: number): void {
  for (let c = 0; c < 8; c++) {
    if (c === 2 || c === 4 || c === 6) continue;
    const i = cOff + c;
    const d = (k: number) => coef[i + k * 8] * q[c + k * 8];
    if (coef[i + 8] === 0 && coef[i + 24] === 0 && coef[i + 40] === 0 && coef[i + 56] === 0) {
      const dc = d(0) * 4;
      ws[c] = dc; ws[8 + c] = dc;
      continue;
    }
    const tmp10 = d(0) * 32768;
    const tmp0 = d(7) * -FIX_0_720 + d(5) * FIX_0_850 + d(3) * -FIX_1_272 + d(1) * FIX_3_624;
    ws[c] = descale(tmp10 + tmp0, 13); ws[8 + c] = descale(tmp10 - tmp0, 13);
  }
  for (let r = 0; r < 2; r++) {
    const w = r * 8, o = outOff + r * stride;
    if (ws[w + 1] === 0 && ws[w + 3] === 0 && ws[w + 5] === 0 && ws[w + 7] === 0) {
      const v = rangeLimit(descale(ws[w], 5));
      out[o] = v; out[o + 1] = v;
      continue;
    }
    const tmp10 = ws[w] * 32768;
    const tmp0 = ws[w + 7] * -FIX_0_720 + ws[w + 5] * FIX_0_850 + ws[w + 3] * -FIX_1_272 + ws[w + 1] * FIX_3_624;
    out[o] = rangeLimit(descale(tmp10 + tmp0, 20)); out[o + 1] = rangeLimit(descale(tmp10 - tmp0, 20));
  }
}

/** jpeg_idct_1x1: the DC alone. */
export function idct1x1(coef: Int16Array | Int32Array, cOff: number, q: Int32Array, _ws: Int32Array, out: Uint8Array, outOff: number): void {
  out[outOff] = rangeLimit(descale(coef[cOff] * q[0], 3));
}

export type Idct = typeof idctIfast;

/** The IDCT libjpeg-turbo's jddctmgr.c picks for a scaled block size and method. */
export function pickIdct(size: number, kind: IdctKind): Idct {
  if (size === 8) return kind === 'ifast' ? idctIfast : idctIslow;
  return size === 4 ? idct4x4 : size === 2 ? idct2x2 : (idct1x1 as Idct);
}
