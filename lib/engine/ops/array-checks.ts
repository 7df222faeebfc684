// Array ops with TensorFlow's argument rules in front of (or instead of) TensorFlow.js's kernels, where the
// op sweep (group `movement`, TF 2.21) found tfjs answering differently:
// - Squeeze: a repeated squeeze dim counts once (squeeze_op.cc keeps a set); tfjs drops it twice.
// - Reverse / ReverseV2: `dims` must have one entry per dimension, an axis may appear once (reverse_op.cc);
//   tfjs answers both.
// - BatchToSpaceND: crops larger than the block-multiplied size fail in TF (batchtospace_op.cc); tfjs answers.
// - UniqueV2 with an empty axis takes a vector only (unique_op.cc).
// - EnsureShape: tfjs cannot read the `shape` attr of a SavedModel node (TypeError); checked here.
// - Gather (v1): indices checked against params' first dimension; an empty result is made here (wasm gave an
//   empty gather the shape [1,1,0,2]).
// - ShapeN with out_type int64 came back as float32; ListDiff (async in tfjs) did not run; both computed here.
// - Where: computed on the host (wasm counted 0.5 as false); TF counts every non-zero (NaN too, not -0).
// - Relu6 on wasm: XNNPACK's clamp turns NaN into 0; TF (cwiseMax(0).cwiseMin(6)) keeps NaN.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { STRING_TENSOR_OPS } from './string-tensors.ts';

const invalid = (message: string) => new ServingError('INVALID_ARGUMENT', message);
const ints = (t: tf.Tensor) => Array.from(t.dataSync() as ArrayLike<number>);

interface RawShape { dim?: Array<{ size?: string | number }>; unknownRank?: boolean; unknown_rank?: boolean }
/** A shape attr as the GraphModel holds it (FORMATS.md pitfall 8); undefined for an unknown rank. */
function shapeAttr(node: GraphNode, name: string): number[] | undefined {
  const s = (node as unknown as { node?: { rawAttrs?: Record<string, { shape?: RawShape }> } }).node?.rawAttrs?.[name]?.shape;
  if (!s || s.unknownRank || s.unknown_rank) return undefined;
  return (s.dim ?? []).map((d) => Number(d.size ?? 0));
}

function listAttr(node: GraphNode, name: string): number[] {
  const l = (node as unknown as { node?: { rawAttrs?: Record<string, { list?: { i?: Array<string | number> } }> } }).node?.rawAttrs?.[name]?.list;
  return (l?.i ?? []).map(Number);
}

function squeeze(node: GraphNode): tf.Tensor {
  const x = node.inputs[0];
  const dims = new Set<number>();
  for (const d of listAttr(node, 'squeeze_dims')) {
    if (d < -x.rank || d >= x.rank) throw invalid(`Tried to squeeze dim index ${d} for tensor with ${x.rank} dimensions.`);
    const w = d < 0 ? d + x.rank : d;
    if (x.shape[w] !== 1) throw invalid(`Can not squeeze dim[${w}], expected a dimension of 1, got ${x.shape[w]}`);
    dims.add(w);
  }
  return tf.reshape(x, x.shape.filter((n, i) => (dims.size ? !dims.has(i) : n !== 1)));
}

/** Axes to reverse, each in [0, rank) and once (reverse_op.cc's messages). */
function reverseAxes(rank: number, axes: number[]): number[] {
  const seen = new Set<number>();
  for (const a of axes) {
    const w = a < 0 ? a + rank : a;
    if (!(w >= 0 && w < rank)) throw invalid(`'axis'[${axes.indexOf(a)}] = ${a} is out of valid range [0, ${rank - 1}`);
    if (seen.has(w)) throw invalid(`axis ${w} specified more than once.`);
    seen.add(w);
  }
  return [...seen];
}

function reverseV1(node: GraphNode): tf.Tensor {
  const [x, dimsT] = node.inputs;
  const dims = Array.from(dimsT.dataSync() as ArrayLike<number>);
  if (dims.length !== x.rank) throw invalid(`'dims' must have the same number of values as 'input' has dimensions. 'input' has ${x.rank}'dims' has ${dims.length} values`);
  const axes = dims.flatMap((b, i) => (b ? [i] : []));
  return axes.length ? tf.reverse(x, axes) : tf.clone(x);
}

function reverseV2(node: GraphNode): tf.Tensor {
  const [x, axisT] = node.inputs;
  const axes = reverseAxes(x.rank, ints(axisT));
  return axes.length ? tf.reverse(x, axes) : tf.clone(x);
}

function batchToSpace(node: GraphNode): tf.Tensor {
  const [x, blockT, cropsT] = node.inputs;
  const block = ints(blockT);
  const crops = ints(cropsT);
  const batch = block.reduce((p, b) => p * b, 1);
  for (let i = 0; i < block.length; i++) {
    const [start, end] = [crops[2 * i], crops[2 * i + 1]];
    if (start < 0 || end < 0) throw invalid(`Crops must be non-negative`);
    const size = x.shape[i + 1] * block[i];
    if (start + end > size) throw invalid(`Cropped size must be non-negative: start: ${start} end: ${end} size ${size}`);
  }
  if (x.shape[0] % batch !== 0) throw invalid(`Input batch dimension (${x.shape[0]}) is not divisible by product of block sizes (${batch})`);
  return tf.batchToSpaceND(x, block, Array.from({ length: block.length }, (_, i) => [crops[2 * i], crops[2 * i + 1]]));
}

function uniqueV2(node: GraphNode): tf.Tensor[] {
  const [x, axisT] = node.inputs;
  const axes = ints(axisT);
  if (axes.length === 0 && x.rank !== 1) throw invalid(`unique expects a 1D vector.`);
  if (axes.length > 1) throw invalid(`Axis expects a 1D vector with 1 element`);
  const { values, indices } = tf.unique(x, axes[0] ?? 0);
  return [values, indices];
}

function ensureShape(node: GraphNode): tf.Tensor {
  const x = node.inputs[0];
  const want = shapeAttr(node, 'shape');
  if (want && (want.length !== x.rank || want.some((d, i) => d !== -1 && d !== x.shape[i]))) {
    throw invalid(`Shape of tensor input [${x.shape}] is not compatible with expected shape [${want.map((d) => (d === -1 ? '?' : d))}].`);
  }
  return tf.clone(x);
}

/** where_op.cc: the coordinates of the non-zero elements, row-major, as [n, rank] (int64 carried as int32). */
function where(node: GraphNode): tf.Tensor {
  const x = node.inputs[0];
  if (x.rank === 0) throw invalid('WhereOp : Unhandled input dimensions: 0');
  if (x.dtype === 'string') throw new ServingError('UNIMPLEMENTED', 'Where over 64-bit values is not supported by the portable engine');
  const v = x.dataSync() as ArrayLike<number>;
  const hits: number[] = [];
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) hits.push(i);
  const out = new Int32Array(hits.length * x.rank);
  const strides = x.shape.map((_, d) => x.shape.slice(d + 1).reduce((p, n) => p * n, 1));
  hits.forEach((flat, r) => {
    for (let d = 0; d < x.rank; d++) out[r * x.rank + d] = Math.floor(flat / strides[d]) % x.shape[d];
  });
  return tf.tensor2d(out, [hits.length, x.rank], 'int32');
}

/** Gather (v1): params[indices] along axis 0 (gather_op.cc's range check). */
function gatherV1(node: GraphNode): tf.Tensor {
  const [params, indices] = node.inputs;
  const n = params.shape[0] ?? 0;
  const idx = ints(indices);
  const bad = idx.findIndex((i) => !(i >= 0 && i < n));
  if (params.rank === 0) throw invalid('params must be at least 1 dimensional');
  if (bad >= 0) throw invalid(`indices[${bad}] = ${idx[bad]} is not in [0, ${n})`);
  const shape = [...indices.shape, ...params.shape.slice(1)];
  if (shape.includes(0)) return tf.tensor([], shape, params.dtype);
  if (params.dtype !== 'string') return tf.gather(params, indices, 0);
  const axis = tf.scalar(0, 'int32');
  try {
    return STRING_TENSOR_OPS.GatherV2({ ...node, inputs: [params, indices, axis] } as GraphNode) as tf.Tensor;
  } finally {
    axis.dispose();
  }
}

/** ShapeN: each input's shape (an int64 out_type is carried as int32, like Shape's). */
const shapeN = (node: GraphNode): tf.Tensor[] => node.inputs.map((t) => tf.tensor1d(t.shape, 'int32'));

/**
 * ListDiff (setdiff1d): the values of x not in y, in x's order, and their positions (listdiff_op.cc uses a hash
 * set: NaN never matches, -0 matches 0). tfjs's setdiff1d is async, which the synchronous executor cannot run.
 */
function listDiff(node: GraphNode): tf.Tensor[] {
  const [x, y] = node.inputs;
  if (x.rank !== 1 || y.rank !== 1) throw invalid(`x should be a 1D vector.`);
  const drop = new Set(Array.from(y.dataSync() as ArrayLike<number>).filter((v) => !Number.isNaN(v)));
  const xv = x.dataSync() as ArrayLike<number>;
  const keep: number[] = [];
  for (let i = 0; i < xv.length; i++) if (!drop.has(xv[i])) keep.push(i);
  return [tf.tensor1d(keep.map((i) => xv[i]), x.dtype as 'float32' | 'int32'), tf.tensor1d(keep, 'int32')];
}

function relu6(node: GraphNode): tf.Tensor {
  const x = node.inputs[0];
  if (tf.getBackend() !== 'wasm' || x.dtype !== 'float32') return tf.relu6(x);
  return tf.tidy(() => tf.where(tf.isNaN(x), x, tf.relu6(x)));
}

export const ARRAY_CHECK_OPS: OpTable = {
  Squeeze: squeeze,
  Reverse: reverseV1,
  ReverseV2: reverseV2,
  BatchToSpaceND: batchToSpace,
  UniqueV2: uniqueV2,
  EnsureShape: ensureShape,
  Where: where,
  Gather: gatherV1,
  ShapeN: shapeN,
  ListDiff: listDiff,
  Relu6: relu6,
};
