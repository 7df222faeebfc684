// ResourceGather on a frozen variable (graph/freeze-variables.ts turns the variable into a Const, so the
// "resource" input is its value): TF's gather along axis batch_dims (resource_variable_ops.cc), which
// TensorFlow.js lacks. String values are gathered by position, as tf.gather takes numbers only.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import type { OpTable } from './index.ts';

function resourceGather(node: GraphNode): tf.Tensor {
  const [params, indices] = node.inputs;
  const batchDims = Number(node.attrs['batch_dims'] ?? 0);
  if (params.dtype !== 'string') return tf.gather(params, indices, batchDims, batchDims);
  const values = tf.engine().readSync(params.dataId) as unknown as Uint8Array[];
  const positions = tf.tidy(() => tf.gather(tf.reshape(tf.range(0, params.size, 1, 'int32'), params.shape), indices, batchDims, batchDims));
  const picked = Array.from(positions.dataSync() as Int32Array, (i) => values[i]);
  const out = tf.tensor(picked, positions.shape, 'string');
  positions.dispose();
  return out;
}

export const RESOURCE_OPS: OpTable = { ResourceGather: resourceGather };
