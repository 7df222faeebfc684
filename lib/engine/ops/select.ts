// Select (v1): when the condition is a vector and x/y have higher rank, the condition picks whole rows
// along dimension 0 (tensorflow/core/kernels/cwise_op_select.cc); TensorFlow.js's `where` would instead
// broadcast it against the last dimension. Otherwise the condition is a scalar or has x's shape, and x and y
// have one shape. The pick itself is SelectV2's (string-tensors.ts: bools and strings in JavaScript, as the
// wasm backend's Select corrupts its heap on bool operands), except that numeric operands of one shape with an
// elementwise condition go straight to tfjs's Select kernel (right elementwise; its row `offset` path is not:
// tfjs-backend-cpu 4.22 copies element i of the row's condition index, v1_control/branches shows it).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { STRING_TENSOR_OPS } from './string-tensors.ts';

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Elementwise operands tfjs's Select kernel takes as they are (not bool/string: wasm reads those out of bounds). */
function kernelCase(condition: tf.Tensor, x: tf.Tensor, y: tf.Tensor): boolean {
  return condition.dtype === 'bool' && x.dtype !== 'bool' && x.dtype !== 'string' && x.dtype === y.dtype && sameShape(condition.shape, x.shape);
}

function select(node: GraphNode): tf.Tensor {
  const [condition, x, y] = node.inputs;
  if (!sameShape(x.shape, y.shape)) throw new ServingError('INVALID_ARGUMENT', `'then' and 'else' must have the same size.  but received: [${x.shape}] vs. [${y.shape}]`);
  const rows = condition.rank === 1 && x.rank > 1;
  if (rows && condition.shape[0] !== x.shape[0]) {
    throw new ServingError('INVALID_ARGUMENT', `Select: condition has ${condition.shape[0]} elements but then has ${x.shape[0]} rows`);
  }
  if (!rows && condition.rank !== 0 && !sameShape(condition.shape, x.shape)) {
    throw new ServingError('INVALID_ARGUMENT', `'condition' must be a scalar, a vector as long as the first dimension of 'then', or have its shape: [${condition.shape}] vs. [${x.shape}]`);
  }
  if (!rows && kernelCase(condition, x, y)) return tf.engine().runKernel('Select', { condition, t: x, e: y }) as tf.Tensor;
  const c = rows ? tf.reshape(condition, [condition.shape[0], ...new Array<number>(x.rank - 1).fill(1)]) : condition;
  try {
    return STRING_TENSOR_OPS.SelectV2({ ...node, inputs: [c, x, y] } as GraphNode) as tf.Tensor;
  } finally {
    if (c !== condition) c.dispose();
  }
}

export const SELECT_OPS: OpTable = { Select: select };
