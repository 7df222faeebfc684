// half (DT_HALF) and bfloat16 inside the portable engine: tensors of these dtypes are carried as tfjs
// float32 tensors whose values are exactly representable in the 16-bit type (widening is exact). TF
// computes 16-bit arithmetic in float and rounds each result back (Eigen half/bfloat16 operators), so a
// float32 tfjs op followed by `Tfs16>Round` gives TF's bits. The dtype pass (graph/dtype-pass.ts) adds
// the Round nodes; this family runs them.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import type { OpTable } from './index.ts';

export const ROUND_OP = 'Tfs16>Round';
/** Attr of a Round node: the 16-bit TF dtype (DataType number) to round to. */
export const ROUND_DTYPE_ATTR = '_tfs_round';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The nearest IEEE half value (ties to even; ±Infinity past 65504) of a number, via float32 as Eigen does. */
export function roundToHalf(v: number): number {
  const x = Math.fround(v);
  if (x !== x || x === 0 || !Number.isFinite(x)) return x;
  const a = Math.abs(x);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const ulp = 2 ** (Math.max(e, -14) - 10);
  const q = a / ulp;
  let r = Math.floor(q);
  const rest = q - r;
  if (rest > 0.5 || (rest === 0.5 && r % 2 === 1)) r++;
  const out = r * ulp;
  return (x < 0 ? -1 : 1) * (out > 65504 ? Infinity : out);
}

/** The nearest bfloat16 value (ties to even) of a number, via float32 as Eigen does; NaN stays NaN. */
export function roundToBfloat16(v: number): number {
  f32[0] = v;
  if (f32[0] !== f32[0]) return NaN;
  const x = u32[0];
  u32[0] = ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) << 16;
  return f32[0];
}

/** IEEE half bits → value. */
export function halfBitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}

/** A half value (already representable) → its bits. */
export function numberToHalfBits(v: number): number {
  if (v !== v) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(roundToHalf(v));
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | Math.round(a * 2 ** 24);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return sign | ((e + 15) << 10) | (a * 2 ** (10 - e) - 1024);
}

/** bfloat16 bits → value. */
export function bfloat16BitsToNumber(bits: number): number {
  u32[0] = bits << 16;
  return f32[0];
}

/** A bfloat16 value (already representable) → its bits. */
export function numberToBfloat16Bits(v: number): number {
  f32[0] = roundToBfloat16(v);
  return u32[0] >>> 16;
}

/** Rounds every element of a float32 tensor to the 16-bit dtype (19 = DT_HALF, 14 = DT_BFLOAT16). */
export function roundTensor(x: tf.Tensor, dtype: number): tf.Tensor {
  const round = dtype === 14 ? roundToBfloat16 : roundToHalf;
  const v = x.dataSync();
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = round(v[i]);
  return tf.tensor(out, [...x.shape], 'float32');
}

export const FLOAT16_OPS: OpTable = {
  [ROUND_OP]: (node: GraphNode) => roundTensor(node.inputs[0], Number(node.attrs[ROUND_DTYPE_ATTR])),
};
