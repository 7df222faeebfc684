// Exact reductions over int64 / uint64 / float64 values: Sum, Prod, Max, Min, Mean (integer Mean divides
// with truncation, as Eigen's MeanReducer on integers), ArgMax / ArgMin (first index of the extreme value;
// the index output is int32 or int64 by output_type, carried as int32 since it is below the axis size),
// and MatMul. Integer results wrap modulo 2^64 as TF's do. float64 accumulates in double in index
// order: never narrowed, though TF's vectorised Eigen order may round the last bit differently.
import * as tf from '@tensorflow/tfjs-core';
import { ServingError } from '../../errors/index.ts';
import { kindOf, readSmallInts, type WideKernel, type WideNode } from './int64-kernel.ts';
import { makeWide, readWideAs, type WideKind, type WideValues } from './int64-tensors.ts';

interface Plan {
  /** output shape with reduced axes dropped (or kept as 1 with keep_dims) */
  shape: number[];
  /** output flat index of every input element */
  map: Int32Array;
  size: number;
  count: number;
}

function plan(n: WideNode, shape: readonly number[], axesIn: number[], keepDims: boolean): Plan {
  const rank = shape.length;
  const reduced = new Set<number>();
  for (const a of axesIn) {
    if (a < -rank || a >= Math.max(rank, 1)) throw new ServingError('INVALID_ARGUMENT', `${n.op} (node '${n.name}'): Invalid reduction dimension (${a} for input with ${rank} dimension(s)`);
    const axis = a < 0 ? a + rank : a;
    if (reduced.has(axis)) throw new ServingError('INVALID_ARGUMENT', `Invalid reduction arguments: Axes contains duplicate dimension: ${axis}`);
    reduced.add(axis);
  }
  const outShape: number[] = [];
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let d = rank - 1; d >= 0; d--) {
    if (reduced.has(d)) continue;
    strides[d] = s;
    s *= shape[d];
  }
  for (let d = 0; d < rank; d++) if (!reduced.has(d)) outShape.push(shape[d]);
  else if (keepDims) outShape.push(1);
  const total = shape.reduce((p, d) => p * d, 1);
  const map = new Int32Array(total);
  const coord = new Array<number>(rank).fill(0);
  let dst = 0;
  for (let flat = 0; flat < total; flat++) {
    map[flat] = dst;
    for (let d = rank - 1; d >= 0; d--) {
      coord[d]++;
      dst += strides[d];
      if (coord[d] < shape[d]) break;
      dst -= strides[d] * coord[d];
      coord[d] = 0;
    }
  }
  const count = [...reduced].reduce((p, d) => p * shape[d], 1);
  return { shape: outShape, map, size: s, count };
}

type Acc = { int: (acc: bigint, v: bigint) => bigint; float: (acc: number, v: number) => number; init: (kind: WideKind) => number | bigint };

const INT_LIMITS: Record<WideKind, [number | bigint, number | bigint]> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  float64: [-Infinity, Infinity],
};

const ACC: Record<string, Acc> = {
  Sum: { int: (a, v) => a + v, float: (a, v) => a + v, init: (k) => (k === 'float64' ? 0 : 0n) },
  Mean: { int: (a, v) => a + v, float: (a, v) => a + v, init: (k) => (k === 'float64' ? 0 : 0n) },
  Prod: { int: (a, v) => a * v, float: (a, v) => a * v, init: (k) => (k === 'float64' ? 1 : 1n) },
  Max: { int: (a, v) => (v > a ? v : a), float: (a, v) => (a !== a ? a : v !== v ? v : v > a ? v : a), init: (k) => INT_LIMITS[k][0] },
  Min: { int: (a, v) => (v < a ? v : a), float: (a, v) => (a !== a ? a : v !== v ? v : v < a ? v : a), init: (k) => INT_LIMITS[k][1] },
};

function newValues(kind: WideKind, n: number): WideValues {
  return kind === 'int64' ? new BigInt64Array(n) : kind === 'uint64' ? new BigUint64Array(n) : new Float64Array(n);
}

function reduceKernel(op: string): WideKernel {
  return (n) => {
    const kind = kindOf(n, n.inTypes[0]);
    const [x, axesT] = n.inputs;
    const p = plan(n, x.shape, readSmallInts(axesT, 'reduction axis'), Boolean(n.attrs['keep_dims'] ?? n.attrs['keepDims']));
    const v = readWideAs(x, kind);
    const acc = ACC[op];
    const sums: (number | bigint)[] = new Array(p.size).fill(acc.init(kind));
    if (kind === 'float64') for (let i = 0; i < v.length; i++) sums[p.map[i]] = acc.float(sums[p.map[i]] as number, v[i] as number);
    else for (let i = 0; i < v.length; i++) sums[p.map[i]] = acc.int(sums[p.map[i]] as bigint, v[i] as bigint);
    const out = newValues(kind, p.size);
    for (let i = 0; i < p.size; i++) {
      let r = sums[i];
      if (op === 'Mean') {
        if (kind === 'float64') r = (r as number) / p.count;
        else if (p.count === 0) r = 0n; // TF 2.21: an integer Mean over nothing is 0 (op sweep)
        else r = (r as bigint) / BigInt(p.count);
      }
      out[i] = kind === 'int64' ? BigInt.asIntN(64, r as bigint) : kind === 'uint64' ? BigInt.asUintN(64, r as bigint) : r;
    }
    return makeWide(out, p.shape);
  };
}

function argKernel(max: boolean): WideKernel {
  return (n) => {
    const kind = kindOf(n, n.inTypes[0]);
    const [x, dimT] = n.inputs;
    const rank = x.shape.length;
    let axis = readSmallInts(dimT, 'dimension')[0];
    if (axis < 0) axis += rank;
    if (axis < 0 || axis >= rank) throw new ServingError('INVALID_ARGUMENT', `Expected dimension in the range [${-rank}, ${rank}), but got ${axis}`);
    if (x.shape[axis] === 0) throw new ServingError('INVALID_ARGUMENT', `Reduction axis ${axis} is empty in shape [${x.shape.join(',')}]`);
    const v = readWideAs(x, kind);
    const outer = x.shape.slice(0, axis).reduce((p, d) => p * d, 1);
    const len = x.shape[axis];
    const inner = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
    const out = new Int32Array(outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let best = 0;
        for (let k = 1; k < len; k++) {
          const a = v[(o * len + k) * inner + i];
          const b = v[(o * len + best) * inner + i];
          if (max ? a > b : a < b) best = k;
        }
        out[o * inner + i] = best;
      }
    }
    return tf.tensor(out, [...x.shape.slice(0, axis), ...x.shape.slice(axis + 1)], 'int32');
  };
}

/** MatMul of rank-2 operands with transpose_a / transpose_b. */
const matMul: WideKernel = (n) => {
  const kind = kindOf(n, n.inTypes[0]);
  const [x, y] = n.inputs;
  const ta = Boolean(n.attrs['transpose_a'] ?? n.attrs['transposeA']);
  const tb = Boolean(n.attrs['transpose_b'] ?? n.attrs['transposeB']);
  if (x.shape.length !== 2 || y.shape.length !== 2) throw new ServingError('INVALID_ARGUMENT', `In[0] and In[1] must be matrices for MatMul (node '${n.name}')`);
  const [m, k] = ta ? [x.shape[1], x.shape[0]] : [x.shape[0], x.shape[1]];
  const [k2, cols] = tb ? [y.shape[1], y.shape[0]] : [y.shape[0], y.shape[1]];
  if (k !== k2) throw new ServingError('INVALID_ARGUMENT', `Matrix size-incompatible: In[0]: [${x.shape.join(',')}], In[1]: [${y.shape.join(',')}]`);
  const a = readWideAs(x, kind);
  const b = readWideAs(y, kind);
  const at = (i: number, j: number) => (ta ? a[j * m + i] : a[i * k + j]);
  const bt = (i: number, j: number) => (tb ? b[j * k + i] : b[i * cols + j]);
  const out = newValues(kind, m * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < cols; j++) {
      if (kind === 'float64') {
        let s = 0;
        for (let t = 0; t < k; t++) s += (at(i, t) as number) * (bt(t, j) as number);
        out[i * cols + j] = s;
      } else {
        let s = 0n;
        for (let t = 0; t < k; t++) s += (at(i, t) as bigint) * (bt(t, j) as bigint);
        out[i * cols + j] = kind === 'int64' ? BigInt.asIntN(64, s) : BigInt.asUintN(64, s);
      }
    }
  }
  return makeWide(out, [m, cols]);
};

export const WIDE_REDUCE_KERNELS: Record<string, WideKernel> = {
  ...Object.fromEntries(Object.keys(ACC).map((op) => [op, reduceKernel(op)])),
  ArgMax: argKernel(true),
  ArgMin: argKernel(false),
  MatMul: matMul,
};
