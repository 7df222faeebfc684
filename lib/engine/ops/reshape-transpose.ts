// Reshape and Transpose with TensorFlow's shape rules in front of TensorFlow.js's kernels (op sweep, TF 2.21):
// - Reshape (reshape_op.h ValidateSizes): when the requested shape holds a 0 and a -1, TF infers the -1 from
//   the input's non-zero dims ([0,3] → [0,-1] is [0,3]; [0,6] → [0,4,-1] is [0,4,1]); tfjs throws "Cannot
//   infer the missing size". Its argument errors are TF's words.
// - Transpose (transpose_op.cc): a negative perm entry counts from the end once (-1 of rank 3 is 2); tfjs
//   refuses it. A perm that is not a permutation fails with TF's message.
// Both keep their TensorFlow op names (graph passes and the optimizer see them as Reshape / Transpose).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';

const invalid = (message: string) => new ServingError('INVALID_ARGUMENT', message);

/** The output shape TF gives `input` reshaped to `sizes` (reshape_op.h), or TF's error. */
export function reshapeTarget(input: readonly number[], sizes: readonly number[]): number[] {
  const out: number[] = [];
  let product = 1;
  let unknown = -1;
  let sizesHaveZero = false;
  sizes.forEach((v, d) => {
    if (v === -1) {
      if (unknown !== -1) throw invalid(`Only one input size may be -1, not both ${unknown} and ${d}`);
      unknown = d;
      out.push(1);
    } else if (v < 0) {
      throw invalid(`Size ${d} must be non-negative, not ${v}`);
    } else {
      out.push(v);
      if (v === 0) sizesHaveZero = true;
      else product *= v;
    }
  });
  const count = input.reduce((p, d) => p * d, 1);
  if (unknown !== -1) {
    // A 0 in the input counts only when the requested shape has none (then everything is empty anyway).
    let known = 1;
    let inputHasZero = false;
    for (const d of input) {
      if (d > 0 || !sizesHaveZero) known *= d;
      else inputHasZero = true;
    }
    const missing = Math.floor(known / product);
    if (!inputHasZero && missing * product !== known) {
      throw invalid(`Input to reshape is a tensor with ${count} values, but the requested shape requires a multiple of ${product}`);
    }
    out[unknown] = missing;
  }
  const requested = out.reduce((p, d) => p * d, 1);
  if (requested !== count) throw invalid(`Input to reshape is a tensor with ${count} values, but the requested shape has ${requested}`);
  return out;
}

/** `perm` with negative entries counted from the end, checked to be a permutation of 0..rank-1 (transpose_op.cc). */
export function transposePerm(rank: number, perm: readonly number[]): number[] {
  if (perm.length !== rank) throw invalid(`transpose expects a vector of size ${rank}. But input(1) is a vector of size ${perm.length}`);
  const p = perm.map((d) => (d < 0 ? d + rank : d));
  for (const d of p) if (!(d >= 0 && d < rank)) throw invalid(`${d} is out of range [0 .. ${rank})`);
  for (let i = 0; i < rank; i++) if (!p.includes(i)) throw invalid(`${i} is missing from {${p.join(',')}}.`);
  return p;
}

export const RESHAPE_TRANSPOSE_OPS: OpTable = {
  Reshape: (node: GraphNode) => {
    const [x, sizes] = node.inputs;
    return tf.reshape(x, reshapeTarget(x.shape, Array.from(sizes.dataSync() as ArrayLike<number>)));
  },
  Transpose: (node: GraphNode) => {
    const [x, perm] = node.inputs;
    return tf.transpose(x, transposePerm(x.rank, Array.from(perm.dataSync() as ArrayLike<number>)));
  },
};
