// uint8 / int8 / uint16 / int16 inside the portable engine: tfjs has no 8/16-bit integer dtypes, so these
// tensors are carried as int32 (portable/host-tensors.ts). TF computes their arithmetic in the narrow type
// and wraps (two's complement, e.g. uint8 200 + 100 = 44); the dtype pass (graph/dtype-pass.ts) puts a
// `TfsNarrow>Wrap` after every such op and runs Cast to these dtypes through it too.
//
// TF's Cast float → narrow int on CPU (checked against TF 2.21, scripts/generate_narrow_int_vectors.py):
// truncate toward zero to int32, where NaN, ±Infinity and values outside int32 become -2^31 (x86's
// cvttss2si), then keep the low 8 or 16 bits. So -1.5 → uint8 255, 300 → 44, 1e10 / NaN → 0.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import type { OpTable } from './index.ts';

export const WRAP_OP = 'TfsNarrow>Wrap';
/** Attr of a Wrap node: the narrow TF dtype (DataType number) to wrap to. */
export const WRAP_DTYPE_ATTR = '_tfs_wrap';
/** Attr of a Wrap node: 1 when its input holds floats (a Cast from float / half / bfloat16). */
export const WRAP_FROM_FLOAT_ATTR = '_tfs_wrap_float';

/** DataType number → [bits, signed] for the dtypes carried as int32 that wrap. */
export const NARROW_INTS: ReadonlyMap<number, [bits: 8 | 16, signed: boolean]> = new Map([
  [4, [8, false]], [6, [8, true]], [17, [16, false]], [5, [16, true]],
]);

const INT32_MIN = -(2 ** 31);

/** A float truncated to int32 as TF's CPU Cast does: NaN, ±Infinity and out-of-range values give -2^31. */
export function floatToInt32(v: number): number {
  const t = Math.trunc(v);
  return Number.isFinite(t) && t >= INT32_MIN && t < 2 ** 31 ? t : INT32_MIN;
}

/** An int32 value wrapped to the narrow dtype (its low bits, read signed or unsigned). */
export function wrapInt(v: number, dtype: number): number {
  const [bits, signed] = NARROW_INTS.get(dtype)!;
  const shift = 32 - bits;
  return signed ? (v << shift) >> shift : (v << shift) >>> shift;
}

export function wrapTensor(x: tf.Tensor, dtype: number, fromFloat: boolean): tf.Tensor {
  const v = x.dataSync();
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = wrapInt(fromFloat ? floatToInt32(v[i]) : v[i], dtype);
  return tf.tensor(out, [...x.shape], 'int32');
}

export const NARROW_INT_OPS: OpTable = {
  [WRAP_OP]: (node: GraphNode) => wrapTensor(node.inputs[0], Number(node.attrs[WRAP_DTYPE_ATTR]), Number(node.attrs[WRAP_FROM_FLOAT_ATTR]) === 1),
};
