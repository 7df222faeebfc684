// Cumsum / Cumprod on float32 and int32-carried tensors, on the host: tfjs-backend-wasm 4.22's Cumsum returns
// an empty tensor for a negative axis and writes out of bounds for an axis other than the last (the op sweep
// killed the process with "memory access out of bounds"). TF's ScanOp accumulates sequentially along the
// axis in the element type (scan_ops.h); float32 sums are rounded at each step here too, int32 wraps.
// int64 scans are ops/int64-scan.ts (the dtype pass routes them there first).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { boolAttr } from './raw-attrs.ts';

type Step = (acc: number, v: number) => number;

function scan(node: GraphNode, identity: number, stepInt: Step, stepFloat: Step): tf.Tensor {
  const [x, axisT] = node.inputs;
  const rank = x.rank;
  const a = axisT.dataSync()[0];
  if (!(a >= -rank && a < rank)) {
    throw new ServingError('INVALID_ARGUMENT', `ScanOp: Expected scan axis in the range [${-rank}, ${rank}), but got ${a}`);
  }
  const exclusive = boolAttr(node, 'exclusive', false);
  const reverse = boolAttr(node, 'reverse', false);
  const isInt = x.dtype === 'int32';
  const step = isInt ? stepInt : stepFloat;
  const src = x.dataSync() as ArrayLike<number>;
  const out = isInt ? new Int32Array(src.length) : new Float32Array(src.length);
  const axis = a < 0 ? a + rank : a;
  const n = x.shape[axis];
  const inner = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const outer = src.length / Math.max(n * inner, 1);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = identity;
      for (let k = 0; k < n; k++) {
        const pos = o * n * inner + (reverse ? n - 1 - k : k) * inner + i;
        if (exclusive) {
          out[pos] = acc;
          acc = step(acc, src[pos]);
        } else {
          acc = step(acc, src[pos]);
          out[pos] = acc;
        }
      }
    }
  }
  return tf.tensor(out, [...x.shape], x.dtype);
}

export const EXACT_SCAN_OPS: OpTable = {
  'TfsExact>Cumsum': (node: GraphNode) => scan(node, 0, (a, v) => (a + v) | 0, (a, v) => Math.fround(a + v)),
  'TfsExact>Cumprod': (node: GraphNode) => scan(node, 1, Math.imul, (a, v) => Math.fround(a * v)),
};
