// OneHot with TF's semantics (one_hot_op.cc), done here because tfjs 4.22's wasm kernel writes int32 bit
// patterns into float outputs (tf.oneHot(…, 'float32') gives 1.4e-45 for 1 on wasm), and tfjs ignores the
// `axis` attr. An index outside [0, depth) gives an all-off row. int64 indices arrive narrowed to int32 by
// the dtype pass (graph/dtype-pass.ts), values outside int32 as -1.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';

function oneHot(node: GraphNode): tf.Tensor {
  const [indices, depthT, onT, offT] = node.inputs;
  const depth = depthT.dataSync()[0];
  if (depth < 0) throw new ServingError('INVALID_ARGUMENT', `depth must be non-negative, got: ${depth}`);
  const rank = indices.shape.length;
  const rawAxis = Number(node.attrs['axis'] ?? -1);
  const axis = rawAxis === -1 ? rank : rawAxis;
  if (axis < 0 || axis > rank) throw new ServingError('INVALID_ARGUMENT', `Expected axis to be -1 or between [0, ${rank}).  But received: ${rawAxis}`);
  const outer = indices.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = indices.shape.slice(axis).reduce((p, d) => p * d, 1);
  const idx = indices.dataSync();
  const dtype = onT.dtype;
  const size = outer * depth * inner;
  const scalar = (t: tf.Tensor) => (dtype === 'string' ? (tf.engine().readSync(t.dataId) as unknown as Uint8Array[])[0] : t.dataSync()[0]);
  const out = dtype === 'string' ? new Array<Uint8Array>(size) : dtype === 'float32' ? new Float32Array(size) : dtype === 'bool' ? new Uint8Array(size) : new Int32Array(size);
  const on = scalar(onT);
  (out as { fill(v: unknown): void }).fill(scalar(offT));
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const k = idx[o * inner + i];
      if (k >= 0 && k < depth) (out as unknown[])[(o * depth + k) * inner + i] = on;
    }
  }
  const shape = [...indices.shape.slice(0, axis), depth, ...indices.shape.slice(axis)];
  return tf.tensor(out as never, shape, dtype);
}

export const ONE_HOT_OPS: OpTable = { OneHot: oneHot };
