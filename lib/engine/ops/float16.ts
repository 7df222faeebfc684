// half (DT_HALF) and bfloat16 inside the portable engine: tensors of these dtypes are carried as tfjs
// float32 tensors whose values are exactly representable in the 16-bit type (widening is exact). TF
// computes 16-bit arithmetic in float and rounds each result back (Eigen half/bfloat16 operators), so a
// float32 tfjs op followed by `Tfs16>Round` gives TF's bits. The dtype pass (graph/dtype-pass.ts) adds
// the Round nodes; this family runs them.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { bfloat16ToNumber, halfToNumber, numberToBfloat16, numberToHalf } from '../../tensor/index.ts';
import type { OpTable } from './index.ts';

export const ROUND_OP = 'Tfs16>Round';
/** Attr of a Round node: the 16-bit TF dtype (DataType number) to round to. */
export const ROUND_DTYPE_ATTR = '_tfs_round';

/** The nearest IEEE half value (ties to even; ±Infinity past 65504) of a number, via float32 as Eigen does. */
export const roundToHalf = (v: number): number => halfToNumber(numberToHalf(v));

/** The nearest bfloat16 value (ties to even) of a number, via float32 as Eigen does; NaN stays NaN. */
export const roundToBfloat16 = (v: number): number => bfloat16ToNumber(numberToBfloat16(v));

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
