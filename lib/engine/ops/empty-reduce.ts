// Sum / Prod / Max / Min / Mean / All / Any over an empty tensor. tfjs-backend-wasm 4.22 returns
// uninitialised memory there (a Sum over [0] reads e.g. 25440), where TF returns the reduction's identity
// (checked against TF 2.21: Sum 0, Prod 1, Max the dtype's lowest (-inf for floats), Min its highest,
// Mean NaN for floats and 0 for ints, All true, Any false). Non-empty inputs run tfjs's own kernels.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import { boolAttr, typeAttr } from './raw-attrs.ts';
import type { OpTable } from './index.ts';

type Reducer = (x: tf.Tensor, axes: number[], keep: boolean) => tf.Tensor;

const LOWEST: Record<string, number> = { DT_INT32: -(2 ** 31), DT_UINT8: 0, DT_INT8: -128, DT_UINT16: 0, DT_INT16: -32768 };
const HIGHEST: Record<string, number> = { DT_INT32: 2 ** 31 - 1, DT_UINT8: 255, DT_INT8: 127, DT_UINT16: 65535, DT_INT16: 32767 };

/** The value TF gives a reduction over no elements, by op and TF dtype name. */
function identity(op: string, dtype: string): number | boolean {
  const isFloat = LOWEST[dtype] === undefined;
  switch (op) {
    case 'Sum': return 0;
    case 'Prod': return 1;
    case 'Max': return isFloat ? -Infinity : LOWEST[dtype];
    case 'Min': return isFloat ? Infinity : HIGHEST[dtype];
    case 'Mean': return isFloat ? NaN : 0;
    case 'All': return true;
    default: return false; // Any
  }
}

/** TF's reduction axes: negatives from the end, each in [-rank, rank), no axis twice (TF 2.21 fails, op sweep). */
function reductionAxes(axisT: tf.Tensor, rank: number): number[] {
  const axes = new Set<number>();
  for (const a of axisT.dataSync()) {
    if (a < -Math.max(rank, 1) || a >= Math.max(rank, 1)) throw new ServingError('INVALID_ARGUMENT', `Invalid reduction dimension (${a} for input with ${rank} dimension(s)`);
    const axis = a < 0 ? a + rank : a;
    if (axes.has(axis)) throw new ServingError('INVALID_ARGUMENT', `Invalid reduction arguments: Axes contains duplicate dimension: ${axis}`);
    axes.add(axis);
  }
  return [...axes];
}

const reduction = (op: string, run: Reducer) => (node: GraphNode): tf.Tensor => {
  const [x, axisT] = node.inputs;
  const keep = boolAttr(node, 'keep_dims', false);
  const axes = reductionAxes(axisT, x.rank);
  if (x.size > 0) return run(x, axes, keep);
  const shape = x.shape.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
  return tf.fill(shape, identity(op, typeAttr(node, 'T') ?? 'DT_FLOAT') as number, x.dtype);
};

export const EMPTY_REDUCE_OPS: OpTable = {
  Sum: reduction('Sum', (x, a, k) => tf.sum(x, a, k)),
  Prod: reduction('Prod', (x, a, k) => tf.prod(x, a, k)),
  Max: reduction('Max', (x, a, k) => tf.max(x, a, k)),
  Min: reduction('Min', (x, a, k) => tf.min(x, a, k)),
  Mean: reduction('Mean', (x, a, k) => tf.mean(x, a, k)),
  All: reduction('All', (x, a, k) => tf.all(x, a, k)),
  Any: reduction('Any', (x, a, k) => tf.any(x, a, k)),
};
