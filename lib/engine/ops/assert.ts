// Assert(condition, data…): TensorFlow fails the step with INVALID_ARGUMENT when the condition is false
// (tensorflow/core/kernels/logging_ops.cc: "assertion failed: [data...]"). TensorFlow.js has no Assert.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';

function summarize(t: tf.Tensor, max: number): string {
  if (t.dtype === 'string') {
    const values = (tf.engine().readSync(t.dataId) as unknown as Uint8Array[]).slice(0, max);
    return values.map((v) => new TextDecoder().decode(v)).join(' ');
  }
  return Array.from(t.dataSync().slice(0, max)).join(' ');
}

function assert(node: GraphNode): tf.Tensor[] {
  const [condition, ...data] = node.inputs;
  // TF's Assert has no outputs, but TensorFlow.js's dynamic executor counts a node as done only once its
  // output 0 exists, so nodes with a control edge on it would never run: answer a token tensor.
  if (condition.dataSync().every((v) => v)) return [tf.scalar(true, 'bool')];
  const max = Number(node.attrs['summarize'] ?? 3);
  throw new ServingError('INVALID_ARGUMENT', `assertion failed: ${data.map((d) => `[${summarize(d, max)}]`).join(' ')}`);
}

export const ASSERT_OPS: OpTable = { Assert: assert };
