// Ops whose TensorFlow.js kernels mishandle string tensors. The wasm backend's Tile aborts the whole
// wasm module on a string tensor ("Aborted()"), which would take every model in the process down with
// it, tf.gather refuses strings, and the wasm backend's Select prints "Unsupported input_type" and returns
// garbage for strings (Equal / NotEqual: string-compare.ts, Fill: tensor-fill.ts); so these run on strings here
// in JavaScript, and numeric tensors go to the backend as before.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import { checkSparseToDense } from './sparse-to-dense-checks.ts';
import type { OpTable } from './index.ts';
import { broadcastIndex, broadcastShape } from './int64-kernel.ts';

/** Tiles raw string elements: out[i] = x[index of i modulo each input dimension]. */
export function tileStrings(values: Uint8Array[], shape: number[], multiples: number[]): { values: Uint8Array[]; shape: number[] } {
  const outShape = shape.map((d, i) => d * multiples[i]);
  const total = outShape.reduce((a, b) => a * b, 1);
  const out = new Array<Uint8Array>(total);
  const rank = shape.length;
  const coord = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < total; flat++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src = src * shape[d] + (coord[d] % shape[d]);
    out[flat] = values[src];
    for (let d = rank - 1; d >= 0; d--) {
      if (++coord[d] < outShape[d]) break;
      coord[d] = 0;
    }
  }
  return { values: out, shape: outShape };
}

function tile(node: GraphNode): tf.Tensor {
  const [x, multiplesTensor] = node.inputs;
  const multiples = Array.from(multiplesTensor.dataSync());
  if (x.dtype !== 'string') return tf.tile(x, multiples);
  const values = tf.engine().readSync(x.dataId) as unknown as Uint8Array[];
  const out = tileStrings(values, [...x.shape], multiples);
  return tf.tensor(out.values, out.shape, 'string');
}

/**
 * GatherV2(params, indices, axis, batch_dims) on raw elements, by TF's shape rule: out shape =
 * params.shape[:axis] + indices.shape[batch_dims:] + params.shape[axis+1:], the first batch_dims dimensions
 * of params and indices paired (tensorflow/core/kernels/gather_op.cc).
 */
export function gatherElements<T>(values: ArrayLike<T>, shape: number[], indices: ArrayLike<number>, indexShape: number[], axis: number, batchDims = 0): { values: T[]; shape: number[] } {
  const prod = (a: number[]) => a.reduce((x, y) => x * y, 1);
  const batch = prod(shape.slice(0, batchDims));
  const between = prod(shape.slice(batchDims, axis));
  const dim = shape[axis];
  const inner = prod(shape.slice(axis + 1));
  const perBatch = prod(indexShape.slice(batchDims));
  const out: T[] = [];
  for (let b = 0; b < batch; b++) {
    for (let m = 0; m < between; m++) {
      for (let k = 0; k < perBatch; k++) {
        const at = b * perBatch + k;
        const idx = indices[at];
        if (!(idx >= 0 && idx < dim)) throw new ServingError('INVALID_ARGUMENT', `indices[${at}] = ${idx} is not in [0, ${dim})`);
        const src = ((b * between + m) * dim + idx) * inner;
        for (let i = 0; i < inner; i++) out.push(values[src + i]);
      }
    }
  }
  return { values: out, shape: [...shape.slice(0, axis), ...indexShape.slice(batchDims), ...shape.slice(axis + 1)] };
}

function gather(node: GraphNode): tf.Tensor {
  const [x, indices, axisTensor] = node.inputs;
  // Custom ops see raw TensorFlow attr names (batch_dims), not tfjs's camelCase ones.
  let batchDims = Number(node.attrs['batch_dims'] ?? 0);
  if (batchDims < 0) batchDims += indices.rank;
  let axis = axisTensor ? axisTensor.dataSync()[0] : 0;
  if (axis < 0) axis += x.rank;
  // tfjs-backend-wasm 4.22's GatherV2 pairs batches wrongly when batch_dims > 0 (batch 1 of params [2,5,3],
  // indices [[4,0,0],[1,2,3]], axis 1 reads rows 0,1,2): those gathers, and strings, move elements here.
  if (x.dtype !== 'string' && batchDims === 0) return tf.gather(x, indices, axis, batchDims);
  if (batchDims > axis || batchDims > indices.rank) throw new ServingError('INVALID_ARGUMENT', `batch_dims (${batchDims}) must be <= axis (${axis}) and <= rank(indices) (${indices.rank})`);
  for (let d = 0; d < batchDims; d++) {
    if (x.shape[d] !== indices.shape[d]) throw new ServingError('INVALID_ARGUMENT', `params.shape[${d}]: ${x.shape[d]} should be equal to indices.shape[${d}]: ${indices.shape[d]}`);
  }
  const values = x.dtype === 'string' ? (tf.engine().readSync(x.dataId) as unknown as Uint8Array[]) : x.dataSync();
  const out = gatherElements(values as ArrayLike<unknown>, [...x.shape], indices.dataSync(), [...indices.shape], axis, batchDims);
  return tf.tensor(out.values as never, out.shape, x.dtype);
}

const raw = (t: tf.Tensor) => tf.engine().readSync(t.dataId) as unknown as Uint8Array[];

/**
 * SelectV2 with numpy broadcasting of condition, then and else; strings and bools picked in JavaScript (the wasm
 * backend's Select on bool operands reads out of bounds and corrupts its heap).
 */
function selectV2(node: GraphNode): tf.Tensor {
  const [c, x, y] = node.inputs;
  if (x.dtype !== 'string' && x.dtype !== 'bool') return tf.where(c, x, y);
  const shape = broadcastShape(broadcastShape(c.shape, x.shape), y.shape);
  const ci = broadcastIndex(c.shape, shape);
  const xi = broadcastIndex(x.shape, shape);
  const yi = broadcastIndex(y.shape, shape);
  const cv = c.dataSync();
  if (x.dtype === 'bool') {
    const xv = x.dataSync();
    const yv = y.dataSync();
    const picked = new Uint8Array(ci.length);
    for (let i = 0; i < ci.length; i++) picked[i] = cv[ci[i]] ? xv[xi[i]] : yv[yi[i]];
    return tf.tensor(picked, shape, 'bool');
  }
  const xv = raw(x);
  const yv = raw(y);
  const out = new Array<Uint8Array>(ci.length);
  for (let i = 0; i < ci.length; i++) out[i] = cv[ci[i]] ? xv[xi[i]] : yv[yi[i]];
  return tf.tensor(out, shape, 'string');
}

/**
 * SparseToDense(indices, output_shape, values, default_value): the wasm kernel aborts the wasm module on
 * strings; TF's argument checks come first (sparse-to-dense-checks.ts).
 */
function sparseToDense(node: GraphNode): tf.Tensor {
  const [indices, , values, dflt] = node.inputs;
  const shape = checkSparseToDense(node);
  if (values.dtype !== 'string') return tf.sparseToDense(indices, values, shape, dflt as tf.Scalar);
  const rank = shape.length;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Array<Uint8Array>(n).fill(raw(dflt)[0]);
  const idx = indices.dataSync();
  const vals = raw(values);
  const count = indices.rank === 0 ? 1 : indices.shape[0]!;
  for (let k = 0; k < count; k++) {
    let at = 0;
    for (let d = 0; d < rank; d++) {
      const i = rank === 1 && indices.rank < 2 ? idx[k] : idx[k * rank + d];
      if (i < 0 || i >= shape[d]) throw new ServingError('INVALID_ARGUMENT', `indices[${k}] is out of bounds: need 0 <= index < [${shape.join(',')}]`);
      at = at * shape[d] + i;
    }
    out[at] = vals.length === 1 ? vals[0] : vals[k];
  }
  return tf.tensor(out, shape, 'string');
}

/** Op name of the string picker that graph/string-moves.ts puts after a mover run on positions. */
export const STRING_TAKE_OP = 'TfsStringTake';

/** TfsStringTake(values, positions…): the strings of `values` at each int32 position tensor. */
function stringTake(node: GraphNode): tf.Tensor | tf.Tensor[] {
  const [values, ...positions] = node.inputs;
  const all = raw(values);
  const out = positions.map((p) => tf.tensor(Array.from(p.dataSync(), (i) => all[i]), p.shape, 'string'));
  return out.length === 1 ? out[0] : out;
}

export const STRING_TENSOR_OPS: OpTable = {
  [STRING_TAKE_OP]: stringTake,
  SparseToDense: sparseToDense, Tile: tile, GatherV2: gather, SelectV2: selectV2 };
