// RaggedGather (ragged_gather_op.cc): rows of a ragged tensor picked by `indices` of any rank. The output's
// leading partitions are uniform and describe indices' shape; each params partition is gathered row range by
// row range; the dense values follow the innermost ranges. tfjs's kernel is not used: its int64 splits are
// refused by the dtype pass (op sweep).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { makeWide } from './int64-tensors.ts';
import { intAttr, typeAttr } from './raw-attrs.ts';
import { indexValues } from './string-transform.ts';

/** Elements `picks` (flat positions) of `t`, as a tensor of t's carrier dtype with `shape`. */
function pick(t: tf.Tensor, picks: number[], shape: number[]): tf.Tensor {
  if (t.dtype === 'string') {
    // string and wide (int64 / float64, 8 bytes per element) tensors alike
    const all = tf.engine().readSync(t.dataId) as unknown as Uint8Array[];
    return tf.tensor(picks.map((i) => all[i]), shape, 'string');
  }
  const all = t.dataSync();
  return tf.tensor(picks.map((i) => all[i]), shape, t.dtype);
}

function raggedGather(node: GraphNode): tf.Tensor[] {
  const rank = intAttr(node, 'PARAMS_RAGGED_RANK', 1);
  const splits = node.inputs.slice(0, rank).map(indexValues);
  const [values, indicesT] = node.inputs.slice(rank, rank + 2);
  const wideSplits = typeAttr(node, 'Tsplits') !== 'DT_INT32';
  const nrows = splits[0].length - 1;
  const indices = indexValues(indicesT);
  indices.forEach((v, i) => {
    if (v < 0 || v >= nrows) throw new ServingError('INVALID_ARGUMENT', `indices[${i}] = ${v} is not in [0, ${nrows})`);
  });
  const out: number[][] = [];
  // Uniform partitions for indices' leading dimensions: [a, b, c] indices give splits over a rows of b, a*b of c.
  for (let d = 0; d + 1 < indicesT.rank; d++) {
    const rows = indicesT.shape.slice(0, d + 1).reduce((a, b) => a * b, 1);
    out.push(Array.from({ length: rows + 1 }, (_, r) => r * indicesT.shape[d + 1]!));
  }
  let ranges = indices.map((i) => [i, i + 1] as [number, number]);
  for (const s of splits) {
    const next: [number, number][] = [];
    const level = [0];
    for (const [a, b] of ranges) {
      for (let r = a; r < b; r++) {
        next.push([s[r], s[r + 1]]);
        level.push(level[level.length - 1] + s[r + 1] - s[r]);
      }
    }
    // A scalar index drops the outermost partition (OUTPUT_RAGGED_RANK = PARAMS_RAGGED_RANK - 1).
    if (indicesT.rank > 0 || s !== splits[0]) out.push(level);
    ranges = next;
  }
  const inner = values.shape.slice(1);
  const innerSize = inner.reduce((a, b) => a * b, 1);
  const positions: number[] = [];
  for (const [a, b] of ranges) for (let k = a * innerSize; k < b * innerSize; k++) positions.push(k);
  const splitTensors = out.map((l) => (wideSplits ? makeWide(BigInt64Array.from(l, BigInt), [l.length]) : tf.tensor(l, [l.length], 'int32')));
  return [...splitTensors, pick(values, positions, [positions.length / Math.max(innerSize, 1), ...inner])];
}

export const RAGGED_GATHER_OPS: OpTable = { RaggedGather: raggedGather };
