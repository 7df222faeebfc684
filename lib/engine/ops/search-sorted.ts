// LowerBound / UpperBound (searchsorted_op.cc): per row b of the rank-2 `sorted_inputs`, std::lower_bound /
// std::upper_bound of each value of row b of `values`. The binary search is std's, step for step, so that a
// row that is not sorted (NaN included) gives TensorFlow's answer too; tfjs's SearchSorted halves differently
// (the op sweep found UpperBound of 1 in [0, 1, 1, 1, 2, NaN]: TF 6, tfjs-cpu 4). Positions are int32 (an
// int64 out_type travels as int32, int64-rules.ts INT32_PRODUCERS).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { readWide, readWideFloat64, readWideUnsigned } from './int64-tensors.ts';
import { typeAttr } from './raw-attrs.ts';

const invalid = (m: string) => new ServingError('INVALID_ARGUMENT', m);

function elements(t: tf.Tensor, dtype: string | undefined): ArrayLike<number | bigint> {
  if (dtype === 'DT_INT64') return readWide(t);
  if (dtype === 'DT_UINT64') return readWideUnsigned(t);
  if (dtype === 'DT_DOUBLE') return readWideFloat64(t);
  return t.dataSync() as ArrayLike<number>;
}

/** std::lower_bound (`upper` false: first element not below v) / std::upper_bound (first element above v). */
function bound(a: ArrayLike<number | bigint>, from: number, count: number, v: number | bigint, upper: boolean): number {
  let first = from;
  let len = count;
  while (len > 0) {
    const half = len >> 1;
    const mid = first + half;
    const goRight = upper ? !(v < a[mid]) : a[mid] < v;
    if (goRight) {
      first = mid + 1;
      len -= half + 1;
    } else len = half;
  }
  return first - from;
}

const searchSorted = (upper: boolean) => (node: GraphNode): tf.Tensor => {
  const [sorted, values] = node.inputs;
  if (sorted.rank !== 2) throw invalid(`Shape must be rank 2 but is rank ${sorted.rank} for \`sorted_inputs\` argument`);
  if (values.rank !== 2) throw invalid(`Shape must be rank 2 but is rank ${values.rank} for \`values\` argument`);
  if (sorted.shape[0] !== values.shape[0]) throw invalid('Leading dim_size of both tensors must match.');
  const dtype = typeAttr(node, 'T');
  const a = elements(sorted, dtype);
  const v = elements(values, dtype);
  const [rows, n] = sorted.shape;
  const m = values.shape[1]!;
  const out = new Int32Array(rows * m);
  for (let b = 0; b < rows; b++) for (let i = 0; i < m; i++) out[b * m + i] = bound(a, b * n, n, v[b * m + i], upper);
  return tf.tensor(out, values.shape, 'int32');
};

export const SEARCH_SORTED_OPS: OpTable = { LowerBound: searchSorted(false), UpperBound: searchSorted(true) };
