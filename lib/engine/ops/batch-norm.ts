// FusedBatchNorm / V2 / V3 in inference (is_training=false; training mode is refused at load, attr-checks.ts),
// as TF's CPU kernel computes it (tensorflow/core/kernels/fused_batch_norm_op.cc, is_training=false):
//   factor = rsqrt(variance + epsilon) * scale;  y = (x - mean) * factor + offset   (float32, per channel)
//   batch_mean = mean, batch_variance = variance.
// reserve_space_1/2 are left uninitialised by TF in inference (whatever the allocator held; the op sweep saw
// garbage): here they are zeros; reserve_space_3 (V3) is a scalar 0 as TF's. tfjs's FusedBatchNorm returns
// only y, so a graph reading another output met `undefined` (op sweep: "Cannot read properties of undefined").
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { bytesAttr, floatAttr } from './raw-attrs.ts';

const f = Math.fround;
const invalid = (m: string) => new ServingError('INVALID_ARGUMENT', m);

const executor = (v3: boolean) => (node: GraphNode): tf.Tensor[] => {
  const [x, scale, offset, mean, variance] = node.inputs;
  const format = new TextDecoder().decode(bytesAttr(node, 'data_format', new TextEncoder().encode('NHWC')));
  if (x.rank !== 4 && !(x.rank === 5 && v3)) throw invalid(`input must be 4-dimensional[${x.shape.join(',')}]`);
  const channelsFirst = format.startsWith('NC');
  const depth = (channelsFirst ? x.shape[1] : x.shape[x.rank - 1]) ?? 0;
  for (const [name, t] of [['scale', scale], ['offset', offset], ['estimated_mean', mean], ['estimated_variance', variance]] as const) {
    if (t.rank !== 1) throw invalid(`${name} must be 1-dimensional[${t.shape.join(',')}]`);
    if (t.size !== depth) throw invalid(`${name} must have the same number of elements as the channels of x, got ${t.size} and ${depth}`);
  }
  const eps = f(floatAttr(node, 'epsilon', 0.0001));
  const [sc, v] = [scale, variance].map((t) => t.dataSync() as Float32Array);
  const factor = Float32Array.from(sc, (k, c) => f(f(1 / f(Math.sqrt(f(v[c] + eps)))) * k));
  // Three float32 elementwise passes in TF's order (each IEEE-rounded, as the per-element f() chain would be),
  // on the backend's own kernels: per channel along the last axis, or axis 1 for NC… formats.
  const along = channelsFirst ? [depth, ...new Array<number>(x.rank - 2).fill(1)] : [depth];
  const y = tf.tidy(() => tf.add(tf.mul(tf.sub(x, tf.reshape(mean, along)), tf.tensor(factor, along)), tf.reshape(offset, along)));
  const outs = [y, tf.clone(mean), tf.clone(variance), tf.zeros([depth]), tf.zeros([depth])];
  return v3 ? [...outs, tf.scalar(0)] : outs;
};

export const BATCH_NORM_OPS: OpTable = { FusedBatchNorm: executor(false), FusedBatchNormV2: executor(false), FusedBatchNormV3: executor(true) };
