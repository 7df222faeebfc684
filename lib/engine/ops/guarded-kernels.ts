// tfjs kernels with TensorFlow's argument checks in front, where tfjs answers what TF refuses (found by the
// op sweep against TF 2.21): ArgMax / ArgMin over an empty axis or of rank 8, Softmax / LogSoftmax of a scalar, TopKV2 with
// NaN (TF's order of NaN comes from its sort; tfjs-wasm's differs, so such a request is refused, not guessed),
// GatherNd / ScatterNd with indices out of range (tfjs answers zeros), Range with the wrong sign of delta,
// Pad of a scalar or beyond rank 6, and EuclideanNorm, which tfjs's norm refuses for no axes or all axes and wasm sums wrongly over empty axes.
// `routeExactArith` (exact-arith.ts) renames the nodes to these.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { boolAttr } from './raw-attrs.ts';

const invalid = (message: string) => new ServingError('INVALID_ARGUMENT', message);

const argExtreme = (f: (x: tf.Tensor, axis: number) => tf.Tensor) => (node: GraphNode): tf.Tensor => {
  const [x, dim] = node.inputs;
  const rank = x.rank;
  const a = dim.dataSync()[0];
  if (!(a >= -rank && a < rank)) throw invalid(`Expected dimension in the range [${-rank}, ${rank}), but got ${a}`);
  const axis = a < 0 ? a + rank : a;
  if (rank > 7) throw invalid(`ArgOp : Unhandled input dimensions: ${rank}`); // argmax_op.cc handles ranks 1..7
  if (x.shape[axis] === 0) throw invalid(`Reduction axis ${axis} is empty in shape [${x.shape.join(',')}]`);
  return f(x, axis);
};

const softmax = (f: (x: tf.Tensor) => tf.Tensor) => (node: GraphNode): tf.Tensor => {
  const x = node.inputs[0];
  if (x.rank < 1) throw invalid('logits must have >= 1 dimension, got []');
  return x.size === 0 ? tf.clone(x) : f(x);
};

function topK(node: GraphNode): tf.Tensor[] {
  const [x, kT] = node.inputs;
  const k = kT.dataSync()[0];
  if (x.rank < 1) throw invalid('input must be >= 1-D, got shape []');
  if (k < 0) throw invalid(`Need k >= 0, got ${k}`);
  if (x.shape[x.rank - 1] < k) throw invalid(`input must have at least k columns. Had ${x.shape[x.rank - 1]}, needed ${k}`);
  if (x.dtype === 'float32' && tf.any(tf.isNaN(x)).dataSync()[0]) {
    throw new ServingError('UNIMPLEMENTED', 'TopKV2 over NaN values is not supported by the portable engine (TF orders NaN by its sort)');
  }
  const { values, indices } = tf.topk(x, k, true);
  return [values, indices];
}

/** sqrt(sum(x²)) over the axes (duplicates refused as TF does); an empty reduction is 0. */
function euclideanNorm(node: GraphNode): tf.Tensor {
  const [x, axisT] = node.inputs;
  const keep = boolAttr(node, 'keep_dims', false);
  const axes: number[] = [];
  for (const a of axisT.dataSync()) {
    if (!(a >= -Math.max(x.rank, 1) && a < Math.max(x.rank, 1))) throw invalid(`Invalid reduction dimension (${a} for input with ${x.rank} dimension(s)`);
    const axis = a < 0 ? a + x.rank : a;
    if (axes.includes(axis)) throw invalid(`Invalid reduction arguments: Axes contains duplicate dimension: ${axis}`);
    axes.push(axis);
  }
  if (axes.length === 0) return tf.abs(x);
  const shape = x.shape.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
  if (x.size === 0) return tf.zeros(shape, x.dtype);
  return tf.tidy(() => tf.reshape(tf.sqrt(tf.sum(tf.square(x), axes)), shape));
}

/** Every index row must address params (TF: "indices[i] = [..] does not index into param shape [..]"). */
function gatherNd(node: GraphNode): tf.Tensor {
  const [params, indices] = node.inputs;
  const depth = indices.shape[indices.rank - 1] ?? 0;
  const idx = indices.dataSync();
  for (let r = 0; r < idx.length / Math.max(depth, 1); r++) {
    for (let d = 0; d < depth; d++) {
      const v = idx[r * depth + d];
      if (v < 0 || v >= params.shape[d]) {
        throw invalid(`indices[${r}] = [${Array.from(idx.slice(r * depth, (r + 1) * depth))}] does not index into param shape [${params.shape}]`);
      }
    }
  }
  return tf.gatherND(params, indices);
}

/** ScatterNd: indices must address `shape` (TF fails where tfjs drops the update). */
function scatterNd(node: GraphNode): tf.Tensor {
  const [indices, updates, shapeT] = node.inputs;
  const shape = Array.from(shapeT.dataSync());
  const depth = indices.shape[indices.rank - 1] ?? 0;
  const idx = indices.dataSync();
  for (let r = 0; r < idx.length / Math.max(depth, 1); r++) {
    for (let d = 0; d < depth; d++) {
      const v = idx[r * depth + d];
      if (v < 0 || v >= shape[d]) throw invalid(`indices[${r}] = [${Array.from(idx.slice(r * depth, (r + 1) * depth))}] does not index into shape [${shape}]`);
    }
  }
  return tf.scatterND(indices, updates, shape);
}

/** Range: TF's sign checks (tfjs returns an empty range instead). */
function range(node: GraphNode): tf.Tensor {
  const [start, limit, delta] = node.inputs.map((t) => t.dataSync()[0]);
  if (delta === 0) throw invalid(`Requires delta != 0: ${delta}`);
  if (delta > 0 && start > limit) throw invalid(`Requires start <= limit when delta > 0: ${start}/${limit}`);
  if (delta < 0 && start < limit) throw invalid(`Requires start >= limit when delta < 0: ${start}/${limit}`);
  return tf.range(start, limit, delta, node.inputs[0].dtype as 'float32' | 'int32');
}

/** Pad / PadV2 / MirrorPad: a scalar is returned as it is; TF 2.21 pads ranks up to 6 only. */
const pad = (run: (node: GraphNode) => tf.Tensor) => (node: GraphNode): tf.Tensor => {
  const x = node.inputs[0];
  if (x.rank > 6) throw invalid(`Only ranks up to 6 supported: [${x.shape}]`);
  return x.rank === 0 ? tf.clone(x) : run(node);
};

const paddingPairs = (t: tf.Tensor): Array<[number, number]> => {
  const v = Array.from(t.dataSync());
  return Array.from({ length: v.length / 2 }, (_, i) => [v[2 * i], v[2 * i + 1]] as [number, number]);
};

export const GUARDED_OPS: OpTable = {
  'TfsExact>GatherNd': gatherNd,
  'TfsExact>ScatterNd': scatterNd,
  'TfsExact>Range': range,
  'TfsExact>Pad': pad((n) => tf.pad(n.inputs[0], paddingPairs(n.inputs[1]))),
  'TfsExact>PadV2': pad((n) => tf.pad(n.inputs[0], paddingPairs(n.inputs[1]), n.inputs[2].dataSync()[0])),
  'TfsExact>ArgMax': argExtreme((x, axis) => tf.argMax(x, axis)),
  'TfsExact>ArgMin': argExtreme((x, axis) => tf.argMin(x, axis)),
  'TfsExact>Softmax': softmax((x) => tf.softmax(x)),
  'TfsExact>LogSoftmax': softmax((x) => tf.logSoftmax(x)),
  'TfsExact>TopKV2': topK,
  'TfsExact>EuclideanNorm': euclideanNorm,
};
