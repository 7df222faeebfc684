// Fill and ZerosLike for every dtype on every backend. TensorFlow.js's kernels take numbers only: the wasm
// Fill dies with "Unknown dtype string" (an Estimator-style raw-feature signature filling string defaults),
// and zerosLike refuses strings. Strings are built here in JavaScript; other dtypes go to the backend.
// int64 never reaches these executors wide: the dtype pass runs Fill on int32 positions and ZerosLike with
// its own 64-bit kernel (graph/dtype-pass.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';

const shapeText = (s: readonly number[]) => `[${s.join(',')}]`;

/** Fill(dims, value), with FillOp's checks (tensorflow/core/kernels/constant_op.cc). */
function fill(node: GraphNode): tf.Tensor {
  const [dimsTensor, value] = node.inputs;
  if (dimsTensor.rank !== 1) throw new ServingError('INVALID_ARGUMENT', `dims must represent a vector, got shape ${shapeText(dimsTensor.shape)}`);
  if (value.rank !== 0) throw new ServingError('INVALID_ARGUMENT', `value must represent a scalar, got shape ${shapeText(value.shape)}`);
  const dims = Array.from(dimsTensor.dataSync());
  if (dims.some((d) => d < 0)) throw new ServingError('INVALID_ARGUMENT', `Dimension ${dims.find((d) => d < 0)} must be >= 0`);
  if (value.dtype !== 'string') return tf.fill(dims, value.dataSync()[0], value.dtype);
  const v = (tf.engine().readSync(value.dataId) as unknown as Uint8Array[])[0];
  return tf.tensor(new Array<Uint8Array>(dims.reduce((a, b) => a * b, 1)).fill(v), dims, 'string');
}

/** ZerosLike: empty strings for a string tensor, as TF's zeros_like. */
function zerosLike(node: GraphNode): tf.Tensor {
  const x = node.inputs[0];
  if (x.dtype !== 'string') return tf.zerosLike(x);
  return tf.tensor(new Array<Uint8Array>(x.size).fill(new Uint8Array()), x.shape, 'string');
}

export const TENSOR_FILL_OPS: OpTable = { Fill: fill, ZerosLike: zerosLike };
