// Select (v1): when the condition is a vector and x/y have higher rank, the condition picks whole rows
// along dimension 0 (tensorflow/core/kernels/cwise_op_select.cc); TensorFlow.js's `where` would instead
// broadcast it against the last dimension. SelectV2 broadcasts like numpy and stays with TensorFlow.js.
// tfjs's Select kernel is right elementwise (its row `offset` path is not: tfjs-backend-cpu 4.22 copies element
// i of the row's condition index, v1_control/branches shows it); `tf.where` in front of it only adds three
// broadcasting copies when the shapes already agree, so numeric operands of one shape go straight to the kernel.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Elementwise operands tfjs's Select kernel takes as they are (not bool/string: wasm reads those out of bounds). */
function kernelCase(condition: tf.Tensor, x: tf.Tensor, y: tf.Tensor): boolean {
  return condition.dtype === 'bool' && x.dtype !== 'bool' && x.dtype !== 'string' && x.dtype === y.dtype && sameShape(x.shape, y.shape) && sameShape(condition.shape, x.shape);
}

const selectKernel = (condition: tf.Tensor, x: tf.Tensor, y: tf.Tensor) => tf.engine().runKernel('Select', { condition, t: x, e: y }) as tf.Tensor;

function select(node: GraphNode): tf.Tensor {
  const [condition, x, y] = node.inputs;
  if (condition.rank === 1 && x.rank > 1) {
    if (condition.shape[0] !== x.shape[0]) {
      throw new ServingError('INVALID_ARGUMENT', `Select: condition has ${condition.shape[0]} elements but then has ${x.shape[0]} rows`);
    }
    return tf.tidy(() => {
      const rows = tf.reshape(condition, [condition.shape[0], ...new Array<number>(x.rank - 1).fill(1)]);
      const picks = tf.tile(rows, [1, ...x.shape.slice(1)]);
      return kernelCase(picks, x, y) ? selectKernel(picks, x, y) : tf.where(picks, x, y);
    });
  }
  return kernelCase(condition, x, y) ? selectKernel(condition, x, y) : tf.where(condition, x, y);
}

export const SELECT_OPS: OpTable = { Select: select };
