// Select (v1): when the condition is a vector and x/y have higher rank, the condition picks whole rows
// along dimension 0 (tensorflow/core/kernels/cwise_op_select.cc); TensorFlow.js's `where` would instead
// broadcast it against the last dimension. SelectV2 broadcasts like numpy and stays with TensorFlow.js.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';

function select(node: GraphNode): tf.Tensor {
  const [condition, x, y] = node.inputs;
  if (condition.rank === 1 && x.rank > 1) {
    if (condition.shape[0] !== x.shape[0]) {
      throw new ServingError('INVALID_ARGUMENT', `Select: condition has ${condition.shape[0]} elements but then has ${x.shape[0]} rows`);
    }
    return tf.tidy(() => {
      const rows = tf.reshape(condition, [condition.shape[0], ...new Array<number>(x.rank - 1).fill(1)]);
      return tf.where(tf.tile(rows, [1, ...x.shape.slice(1)]), x, y);
    });
  }
  return tf.where(condition, x, y);
}

export const SELECT_OPS: OpTable = { Select: select };
