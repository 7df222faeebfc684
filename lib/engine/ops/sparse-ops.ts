// SparseReshape (reshape_util.cc), SparseFillEmptyRows (sparse_fill_empty_rows_op.cc) and RaggedRange
// (ragged_range_op.cc) with their int64 outputs: tfjs has kernels for them, but the dtype pass refuses tfjs ops
// that produce int64, so feature-column and ragged graphs were refused (op sweep). Indices are int64 (bigint).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { makeWide, readWide, readWideFloat64 } from './int64-tensors.ts';
import { typeAttr } from './raw-attrs.ts';

const invalid = (m: string) => new ServingError('INVALID_ARGUMENT', m);
const wideInt = (v: bigint[], shape: number[]) => makeWide(BigInt64Array.from(v), shape);

/** The output shape of SparseReshape: one -1 inferred, the dense size kept (reshape_util.cc's messages). */
function reshapeTarget(dense: bigint, target: bigint[]): bigint[] {
  let product = 1n;
  let unknown = -1;
  const out = [...target];
  target.forEach((d, i) => {
    if (d === -1n) {
      if (unknown >= 0) throw invalid(`only one output dimension may be -1, not both ${unknown} and ${i}`);
      unknown = i;
    } else if (d < 0n) throw invalid(`size ${i} must be non-negative, not ${d}`);
    else product *= d;
  });
  if (unknown >= 0) {
    if (product === 0n) throw invalid('reshape cannot infer the missing input size for an empty tensor unless all specified input sizes are non-zero');
    const missing = dense / product;
    if (missing * product !== dense) throw invalid(`Input to reshape is a SparseTensor with ${dense} dense values, but the requested shape requires a multiple of ${product}`);
    out[unknown] = missing;
  }
  const size = out.reduce((a, b) => a * b, 1n);
  if (size !== dense) throw invalid(`Input to reshape is a tensor with ${dense} dense values, but the requested shape has ${size}`);
  return out;
}

function sparseReshape(node: GraphNode): tf.Tensor[] {
  const [indicesT, shapeT, targetT] = node.inputs;
  if (indicesT.rank !== 2) throw invalid(`Input indices should be a matrix but received shape [${indicesT.shape.join(',')}]`);
  if (shapeT.rank !== 1) throw invalid(`Input shape should be a vector but received shape [${shapeT.shape.join(',')}]`);
  if (targetT.rank !== 1) throw invalid(`Target shape should be a vector but received shape [${targetT.shape.join(',')}]`);
  const [n, rank] = indicesT.shape as [number, number];
  const shape = Array.from(readWide(shapeT));
  if (shape.length !== rank) throw invalid(`Input shape has ${shape.length} dimensions, indices have ${rank}`);
  const out = reshapeTarget(shape.reduce((a, b) => a * b, 1n), Array.from(readWide(targetT)));
  const idx = readWide(indicesT);
  const result: bigint[] = [];
  for (let k = 0; k < n; k++) {
    let linear = 0n;
    for (let d = 0; d < rank; d++) linear = linear * shape[d] + idx[k * rank + d];
    const row = new Array<bigint>(out.length);
    for (let d = out.length - 1; d >= 0; d--) {
      row[d] = out[d] === 0n ? 0n : linear % out[d];
      linear = out[d] === 0n ? 0n : linear / out[d];
    }
    result.push(...row);
  }
  return [wideInt(result, [n, out.length]), wideInt(out, [out.length])];
}

/** Elements `picks` of `t` (an index of -1 takes `fill`'s only element), as a tensor of t's carrier dtype. */
function take(t: tf.Tensor, fill: tf.Tensor, picks: number[]): tf.Tensor {
  if (t.dtype === 'string') {
    // string and wide (int64 / float64, 8 bytes per element) tensors alike
    const all = tf.engine().readSync(t.dataId) as unknown as Uint8Array[];
    const dflt = (tf.engine().readSync(fill.dataId) as unknown as Uint8Array[])[0];
    return tf.tensor(picks.map((i) => (i < 0 ? dflt : all[i])), [picks.length], 'string');
  }
  const all = t.dataSync();
  const dflt = fill.dataSync()[0];
  return tf.tensor(picks.map((i) => (i < 0 ? dflt : all[i])), [picks.length], t.dtype);
}

function sparseFillEmptyRows(node: GraphNode): tf.Tensor[] {
  const [indicesT, valuesT, shapeT, dfltT] = node.inputs;
  if (shapeT.rank !== 1) throw invalid(`dense_shape must be a vector, saw: [${shapeT.shape.join(',')}]`);
  if (indicesT.rank !== 2) throw invalid(`indices must be a matrix, saw: [${indicesT.shape.join(',')}]`);
  if (valuesT.rank !== 1) throw invalid(`values must be a vector, saw: [${valuesT.shape.join(',')}]`);
  if (dfltT.rank !== 0) throw invalid(`default_value must be a scalar, saw: [${dfltT.shape.join(',')}]`);
  const [n, rank] = indicesT.shape as [number, number];
  if (valuesT.shape[0] !== n) throw invalid(`The length of \`values\` (${valuesT.shape[0]}) must match the first dimension of \`indices\` (${n}).`);
  const shape = readWide(shapeT);
  if (shape.length !== rank) throw invalid(`The length of \`dense_shape\` (${shape.length}) must match the second dimension of \`indices\` (${rank}).`);
  const rows = Number(shape[0] ?? 0n);
  if (rows === 0 && n > 0) throw invalid(`Received SparseTensor with dense_shape[0] = 0 but indices.shape[0] = ${n}`);
  const idx = readWide(indicesT);
  const count = new Array<number>(rows).fill(0);
  for (let k = 0; k < n; k++) {
    const r = idx[k * rank];
    if (r < 0n || r >= BigInt(rows)) throw invalid(`indices(${k}, 0) is invalid: ${r} >= ${rows}`);
    count[Number(r)]++;
  }
  // Rows in order, each row's entries in input order, an empty row filled with [row, 0, …] = default_value.
  const offset = [0];
  for (let r = 0; r < rows; r++) offset.push(offset[r] + Math.max(count[r], 1));
  const total = offset[rows];
  const outIdx = new Array<bigint>(total * rank).fill(0n);
  const picks = new Array<number>(total).fill(-1);
  const reverse = new Array<bigint>(n);
  const filled = new Array<number>(rows).fill(0);
  for (let k = 0; k < n; k++) {
    const r = Number(idx[k * rank]);
    const at = offset[r] + filled[r]++;
    for (let d = 0; d < rank; d++) outIdx[at * rank + d] = idx[k * rank + d];
    picks[at] = k;
    reverse[k] = BigInt(at);
  }
  for (let r = 0; r < rows; r++) if (count[r] === 0) outIdx[offset[r] * rank] = BigInt(r);
  return [
    wideInt(outIdx, [total, rank]), take(valuesT, dfltT, picks),
    tf.tensor(count.map((c) => (c === 0 ? 1 : 0)), [rows], 'bool'), wideInt(reverse, [n]),
  ];
}

function raggedRange(node: GraphNode): tf.Tensor[] {
  const t = typeAttr(node, 'T') ?? 'DT_INT32';
  const splitsType = typeAttr(node, 'Tsplits') ?? 'DT_INT64';
  const read = (x: tf.Tensor): number[] | bigint[] => (t === 'DT_INT64' ? Array.from(readWide(x)) : t === 'DT_DOUBLE' ? Array.from(readWideFloat64(x)) : Array.from(x.dataSync()));
  const args = node.inputs.slice(0, 3);
  const names = ['starts', 'limits', 'deltas'];
  args.forEach((a, i) => { if (a.rank > 1) throw invalid(`${names[i]} must be a scalar or vector`); });
  const vectors = args.filter((a) => a.rank === 1);
  const nrows = vectors.length ? vectors[0].shape[0]! : 1;
  if (vectors.some((a) => a.shape[0] !== nrows)) throw invalid('starts, limits, and deltas must have the same shape');
  const [starts, limits, deltas] = args.map(read);
  // A scalar argument applies to every row.
  const at = (a: (number | bigint)[], arg: number, r: number) => a[args[arg].rank === 0 ? 0 : r];
  const f32 = t === 'DT_FLOAT';
  const splits: number[] = [0];
  const out: (number | bigint)[] = [];
  for (let r = 0; r < nrows; r++) {
    const start = at(starts, 0, r);
    const limit = at(limits, 1, r);
    const delta = at(deltas, 2, r);
    if (delta == 0) throw invalid('Requires delta != 0');
    let size: number;
    if ((delta > 0 && limit < start) || (delta < 0 && limit > start)) size = 0;
    else if (typeof start === 'bigint') {
      const span = (limit as bigint) - start;
      const d = (delta as bigint) < 0n ? -(delta as bigint) : (delta as bigint);
      size = Number(((span < 0n ? -span : span) + d - 1n) / d);
    } else {
      const q = ((limit as number) - start) / (delta as number);
      size = Math.ceil(Math.abs(f32 ? Math.fround(Math.fround((limit as number) - start) / (delta as number)) : q));
    }
    let value = start;
    for (let j = 0; j < size; j++) {
      out.push(value);
      value = typeof value === 'bigint' ? value + (delta as bigint) : f32 ? Math.fround(value + (delta as number)) : value + (delta as number);
    }
    splits.push(out.length);
  }
  const splitsT = splitsType === 'DT_INT64' ? wideInt(splits.map(BigInt), [splits.length]) : tf.tensor(splits, [splits.length], 'int32');
  const values = t === 'DT_INT64' ? wideInt(out as bigint[], [out.length])
    : t === 'DT_DOUBLE' ? makeWide(Float64Array.from(out as number[]), [out.length])
      : tf.tensor(out as number[], [out.length], f32 ? 'float32' : 'int32');
  return [splitsT, values];
}

export const SPARSE_OPS: OpTable = { SparseReshape: sparseReshape, SparseFillEmptyRows: sparseFillEmptyRows, RaggedRange: raggedRange };
