// float32 elementwise arithmetic on host tensors with NumPy/TensorFlow broadcasting, for constant folding at
// conversion. Every result is rounded to float32 (Math.fround) as TensorFlow's float kernels store it.
import type { HostTensor } from '../../../tensor/index.ts';
import { numElements } from '../../../tensor/index.ts';

type Unary = (a: number) => number;
type Binary = (a: number, b: number) => number;

/** TensorFlow op name → float function; the ops whose float kernels are one IEEE operation per element. */
export const UNARY: Record<string, Unary> = {
  Neg: (a) => -a,
  Rsqrt: (a) => 1 / Math.sqrt(a),
  Sqrt: Math.sqrt,
  Reciprocal: (a) => 1 / a,
  Inv: (a) => 1 / a,
  Square: (a) => a * a,
};

export const BINARY: Record<string, Binary> = {
  Add: (a, b) => a + b,
  AddV2: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  RealDiv: (a, b) => a / b,
  Div: (a, b) => a / b,
  // TF's Maximum/Minimum propagate NaN (cwise_ops.h scalar_max_op with PropagateNaN).
  Maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
  Minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
};

/** The broadcast shape of two shapes, or undefined when they are incompatible. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return undefined;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Row-major strides of `shape` aligned to `rank`, 0 where a dim is broadcast. */
function broadcastStrides(shape: readonly number[], rank: number): number[] {
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const at = rank - shape.length + i;
    strides[at] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  return strides;
}

export function evalUnary(op: string, a: HostTensor<'DT_FLOAT'>): HostTensor<'DT_FLOAT'> {
  const fn = UNARY[op];
  const out = new Float32Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = fn(a.data[i]);
  return { dtype: 'DT_FLOAT', shape: [...a.shape], data: out };
}

export function evalBinary(op: string, a: HostTensor<'DT_FLOAT'>, b: HostTensor<'DT_FLOAT'>, shape: number[]): HostTensor<'DT_FLOAT'> {
  const fn = BINARY[op];
  const n = numElements(shape);
  const out = new Float32Array(n);
  const rank = shape.length;
  const sa = broadcastStrides(a.shape, rank), sb = broadcastStrides(b.shape, rank);
  const idx = new Array<number>(rank).fill(0);
  let ia = 0, ib = 0;
  for (let i = 0; i < n; i++) {
    out[i] = fn(a.data[ia], b.data[ib]);
    // odometer increment of the output index, moving both input offsets
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      ia += sa[d];
      ib += sb[d];
      if (idx[d] < shape[d]) break;
      ia -= sa[d] * shape[d];
      ib -= sb[d] * shape[d];
      idx[d] = 0;
    }
  }
  return { dtype: 'DT_FLOAT', shape, data: out };
}
