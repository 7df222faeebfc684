// Ragged and counting ops that Keras preprocessing layers emit (tensorflow/core/kernels/):
//   RaggedTensorToTensor: row partitions ROW_SPLITS… or FIRST_DIM_SIZE + VALUE_ROWIDS…, values of any dtype
//     (strings and int64 included), default broadcast to the inner shape, rows cut to `shape`
//     (ragged_tensor_to_tensor_op.cc);
//   DenseBincount / Bincount / RaggedBincount: counts (or summed weights, or 0/1 with binary_output) of
//     values in [0, size); larger values are dropped, negative ones fail (bincount_op.cc);
//   Bucketize: std::upper_bound over the float boundaries (bucketize_op.cc).
// Integer counts of int64 dtype travel as int32 (int64-rules.ts INT32_PRODUCERS) and fail when one does not
// fit; int64 inputs are read with readWide (WIDE_AWARE_OPS).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';
import { makeWide, readWide, readWideFloat64 } from './int64-tensors.ts';
import { boolAttr, typeAttr } from './raw-attrs.ts';
import { indexValues, strings } from './string-transform.ts';

const invalid = (m: string) => new ServingError('INVALID_ARGUMENT', m);

interface RawList {
  list?: { s?: string[]; f?: number[]; i?: (string | number)[] };
}
function listAttr(node: GraphNode, name: string): RawList['list'] {
  return (node as unknown as { node?: { rawAttrs?: Record<string, RawList> } }).node?.rawAttrs?.[name]?.list;
}

/** Elements of any tensor as a plain array (strings as bytes, int64 as bigint). */
type Elements = Uint8Array[] | bigint[] | number[];

function elementsOf(t: tf.Tensor, dtype: string | undefined): Elements {
  if (dtype === 'DT_INT64') return Array.from(readWide(t));
  if (dtype === 'DT_DOUBLE') return Array.from(readWideFloat64(t));
  if (t.dtype === 'string') return strings(t);
  return Array.from(t.dataSync());
}

function tensorOf(values: Elements, shape: number[], dtype: string | undefined, like: tf.Tensor): tf.Tensor {
  if (dtype === 'DT_INT64') return makeWide(BigInt64Array.from(values as bigint[]), shape);
  if (dtype === 'DT_DOUBLE') return makeWide(Float64Array.from(values as number[]), shape);
  if (like.dtype === 'string') return tf.tensor(values as Uint8Array[], shape, 'string');
  return tf.tensor(values as number[], shape, like.dtype);
}

/** Row splits of one partition level, from ROW_SPLITS or VALUE_ROWIDS (with the number of rows). */
function toSplits(type: string, t: tf.Tensor, nrows: number, nvals: number): number[] {
  const v = indexValues(t);
  if (type === 'ROW_SPLITS') {
    if (v.length === 0 || v[0] !== 0 || v[v.length - 1] !== nvals) throw invalid('Invalid row splits');
    return v;
  }
  if (type !== 'VALUE_ROWIDS') throw new ServingError('UNIMPLEMENTED', `row partition type ${type} is not supported by the portable engine`);
  if (v.length !== nvals) throw invalid(`Invalid value_rowids: expected ${nvals} ids, got ${v.length}`);
  const splits = new Array<number>(nrows + 1).fill(0);
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0 || v[i] >= nrows || (i > 0 && v[i] < v[i - 1])) throw invalid('Invalid value_rowids: must be sorted and in [0, nrows)');
    splits[v[i] + 1]++;
  }
  for (let r = 0; r < nrows; r++) splits[r + 1] += splits[r];
  return splits;
}

function raggedTensorToTensor(node: GraphNode): tf.Tensor {
  const [shapeT, values, dflt, ...partitions] = node.inputs;
  const types = (listAttr(node, 'row_partition_types')?.s ?? []).map((s) => atob(s));
  const dtype = typeAttr(node, 'T');
  let parts = partitions.slice(0, types.length);
  let level = types;
  let nrows: number;
  if (types[0] === 'FIRST_DIM_SIZE') {
    nrows = indexValues(parts[0])[0];
    parts = parts.slice(1);
    level = types.slice(1);
  } else nrows = indexValues(parts[0]).length - 1;
  // Splits per level, outermost first; the length of each level's values comes from the next level.
  const splits: number[][] = [];
  let rows = nrows;
  for (let l = 0; l < parts.length; l++) {
    const nvals = l + 1 < parts.length ? (level[l + 1] === 'ROW_SPLITS' ? indexValues(parts[l + 1]).length - 1 : indexValues(parts[l + 1]).length) : values.shape[0];
    const s = toSplits(level[l], parts[l], rows, nvals);
    splits.push(s);
    rows = s[s.length - 1];
  }
  const inner = values.shape.slice(1);
  const natural = [nrows, ...splits.map((s) => s.reduce((m, _, i) => (i > 0 ? Math.max(m, s[i] - s[i - 1]) : m), 0)), ...inner];
  const wanted = shapeT.rank === 0 ? [] : indexValues(shapeT);
  const outShape = natural.map((d, i) => (wanted[i] !== undefined && wanted[i] >= 0 ? wanted[i] : d));
  if (wanted.length && wanted.length !== natural.length) throw invalid(`rt_input.shape and shape=[${wanted.join(',')}] are incompatible`);
  for (let i = natural.length - inner.length; i < natural.length; i++) {
    if (outShape[i] !== natural[i]) throw invalid(`rt_input.shape and shape=[${wanted.join(',')}] are incompatible: inner dimension ${i}`);
  }
  const innerSize = inner.reduce((a, b) => a * b, 1);
  const vals = elementsOf(values, dtype);
  const dv = elementsOf(dflt, dtype);
  if (dv.length !== 1 && dv.length !== innerSize) throw invalid(`default_value.shape=[${dflt.shape.join(',')}] and rt_input.flat_values.shape=[${values.shape.join(',')}] are incompatible`);
  const total = outShape.reduce((a, b) => a * b, 1);
  const out = new Array<unknown>(total);
  for (let i = 0; i < total; i++) out[i] = dv.length === 1 ? dv[0] : dv[i % innerSize];
  const strides = outShape.map((_, d) => outShape.slice(d + 1).reduce((a, b) => a * b, 1));
  const raggedRank = splits.length;
  // Coordinates of each value row: walk from the innermost partition outwards.
  for (let v = 0; v < values.shape[0]; v++) {
    let offset = 0;
    let idx = v;
    let inside = true;
    for (let l = raggedRank - 1; l >= 0; l--) {
      const s = splits[l];
      let lo = 0;
      let hi = s.length - 2;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (s[mid] <= idx) lo = mid;
        else hi = mid - 1;
      }
      const pos = idx - s[lo];
      if (pos >= outShape[l + 1]) inside = false;
      offset += pos * strides[l + 1];
      idx = lo;
    }
    if (idx >= outShape[0]) inside = false;
    if (!inside) continue;
    offset += idx * strides[0];
    for (let k = 0; k < innerSize; k++) out[offset + k] = vals[v * innerSize + k];
  }
  return tensorOf(out as Elements, outShape, dtype, values);
}

/** Counts into a float32/int32 array; int64 and int32 outputs must fit int32 (they travel as int32). */
function count(rows: number, size: number, weights: Elements, binary: boolean, float: boolean): { out: number[]; add: (row: number, bin: number, i: number) => void } {
  const out = new Array<number>(rows * size).fill(0);
  return {
    out,
    add: (row, bin, i) => {
      const at = row * size + bin;
      if (binary) out[at] = 1;
      else if (weights.length === 0) out[at] += 1;
      else {
        const w = Number(weights[i]);
        out[at] = float ? Math.fround(out[at] + w) : out[at] + w;
      }
    },
  };
}

function finishCounts(out: number[], shape: number[], dtype: string | undefined): tf.Tensor {
  if (dtype === 'DT_FLOAT') return tf.tensor(out, shape, 'float32');
  if (dtype === 'DT_DOUBLE') return makeWide(Float64Array.from(out), shape);
  for (const v of out) if (v >= 2 ** 31 || v < -(2 ** 31)) throw new ServingError('UNIMPLEMENTED', `bincount value ${v} does not fit the portable engine's int32 carriage`);
  return tf.tensor(out, shape, 'int32');
}

function checkSize(size: number): void {
  if (!(size >= 0)) throw invalid(`size (${size}) must be non-negative`);
}

function binOf(v: number, size: number): number {
  if (v < 0) throw invalid('Input arr must be non-negative!');
  return v < size ? v : -1;
}

/** DenseBincount counts per row of a 2-D input; Bincount always counts its whole input (bincount_op.cc). */
function denseBincount(node: GraphNode, flat = false): tf.Tensor {
  const [input, sizeT, weightsT] = node.inputs;
  if (!flat && input.rank > 2) throw invalid(`Shape must be at most rank 2 but is rank ${input.rank}`);
  const size = indexValues(sizeT)[0];
  checkSize(size);
  const dtype = typeAttr(node, 'T');
  const binary = boolAttr(node, 'binary_output', false);
  const values = indexValues(input);
  const weights = weightsT && weightsT.size > 0 ? elementsOf(weightsT, dtype) : [];
  if (weights.length && weights.length !== values.length) throw invalid(`Incompatible shapes for weights: [${weightsT.shape.join(',')}] vs. input [${input.shape.join(',')}]`);
  const rank2 = !flat && input.rank === 2;
  const rows = rank2 ? input.shape[0]! : 1;
  const width = rank2 ? input.shape[1]! : values.length;
  const c = count(rows, size, weights, binary, dtype === 'DT_FLOAT');
  for (let i = 0; i < values.length; i++) {
    const bin = binOf(values[i], size);
    if (bin >= 0) c.add(Math.floor(i / Math.max(width, 1)), bin, i);
  }
  return finishCounts(c.out, rank2 ? [rows, size] : [size], dtype);
}

function raggedBincount(node: GraphNode): tf.Tensor {
  const [splitsT, valuesT, sizeT, weightsT] = node.inputs;
  const size = indexValues(sizeT)[0];
  checkSize(size);
  const dtype = typeAttr(node, 'T');
  const binary = boolAttr(node, 'binary_output', false);
  const splits = indexValues(splitsT);
  const values = indexValues(valuesT);
  const weights = weightsT && weightsT.size > 0 ? elementsOf(weightsT, dtype) : [];
  if (splits.length === 0 || splits[0] !== 0 || splits[splits.length - 1] !== values.length) throw invalid('Splits must start with 0 and end with the number of values');
  const rows = splits.length - 1;
  const c = count(rows, size, weights, binary, dtype === 'DT_FLOAT');
  for (let r = 0; r < rows; r++) {
    for (let i = splits[r]; i < splits[r + 1]; i++) {
      const bin = binOf(values[i], size);
      if (bin >= 0) c.add(r, bin, i);
    }
  }
  return finishCounts(c.out, [rows, size], dtype);
}

/** An int64 rounded once to the nearest float32 (via Number it would round twice, to double first). */
function int64ToFloat32(v: bigint): number {
  const mag = v < 0n ? -v : v;
  const shift = Math.max(0, mag.toString(2).length - 26);
  // Keep 26 significant bits and fold the rest into a sticky bit: the final rounding to 24 bits is then exact.
  const kept = (mag >> BigInt(shift)) | ((mag & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n);
  const f = Math.fround(Number(kept) * 2 ** shift);
  return v < 0n ? -f : f;
}

function bucketize(node: GraphNode): tf.Tensor {
  const x = node.inputs[0];
  const boundaries = (listAttr(node, 'boundaries')?.f ?? []).map(Number);
  for (let i = 1; i < boundaries.length; i++) if (!(boundaries[i - 1] <= boundaries[i])) throw invalid('Expected sorted boundaries');
  const t = typeAttr(node, 'T');
  // The value meets the float boundaries as C++ compares them: a double as double, anything else as float.
  const values = t === 'DT_INT64' ? Array.from(readWide(x), int64ToFloat32) : t === 'DT_DOUBLE' ? Array.from(readWideFloat64(x)) : Array.from(x.dataSync(), Math.fround);
  const out = Int32Array.from(values, (v) => {
    let lo = 0;
    let hi = boundaries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      // upper_bound: first boundary the value is below (a NaN is below none).
      if (!(v < boundaries[mid])) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
  return tf.tensor(out, x.shape, 'int32');
}

export const RAGGED_OPS: OpTable = {
  RaggedTensorToTensor: raggedTensorToTensor,
  DenseBincount: denseBincount,
  Bincount: (node) => denseBincount(node, true),
  RaggedBincount: raggedBincount,
  Bucketize: bucketize,
};
