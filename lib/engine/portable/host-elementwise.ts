// Elementwise binary ops on tiny tensors computed on the host, for the v1 executor's direct path (v1-kernels.ts):
// a loop body's counters, comparisons and gate arithmetic are scalars or a few dozen elements, where a wasm
// kernel call costs far more than the arithmetic (shape arrays, ccall's stack copies, an output allocation).
// Exact by construction: int32 add/sub/mul wrap as two's complement (|0, Math.imul), comparisons and logical ops
// are exact, and float32 +, -, ×, ÷ computed in double then rounded once to float32 (the Float32Array store) is
// the correctly rounded float32 result (double's 53 bits ≥ 2·24 + 2, so the double rounding is innocuous) —
// what the backends' IEEE float32 kernels give. Transcendentals (Sigmoid, Tanh, Exp) stay on the kernels.
// Only same shapes, a single element, or trailing-dimension broadcasting (a bias over the last axis) are taken;
// anything else answers undefined and the kernel runs.
import * as tf from '@tensorflow/tfjs-core';
import { hostOutput, storedValues } from './stored-values.ts';

/** Above this many output elements the backend's (SIMD) kernel wins. */
const MAX_ELEMENTS = 1024;

type Fn = (x: number, y: number) => number;

export interface HostBinaryOp {
  /** dtype of both operands → the element function; the output keeps it unless `bool`. */
  fns: Partial<Record<'float32' | 'int32' | 'bool', Fn>>;
  bool: boolean;
}

const arith = (f: Fn, i: Fn): HostBinaryOp => ({ fns: { float32: f, int32: i }, bool: false });
const cmp = (f: Fn): HostBinaryOp => ({ fns: { float32: f, int32: f }, bool: true });

/** TensorFlow op name → its host form. */
export const HOST_BINARY: Readonly<Record<string, HostBinaryOp>> = {
  Add: arith((x, y) => x + y, (x, y) => (x + y) | 0),
  AddV2: arith((x, y) => x + y, (x, y) => (x + y) | 0),
  BiasAdd: arith((x, y) => x + y, (x, y) => (x + y) | 0),
  Sub: arith((x, y) => x - y, (x, y) => (x - y) | 0),
  Mul: { fns: { float32: (x, y) => x * y }, bool: false },
  RealDiv: { fns: { float32: (x, y) => x / y }, bool: false },
  Less: cmp((x, y) => (x < y ? 1 : 0)),
  LessEqual: cmp((x, y) => (x <= y ? 1 : 0)),
  Greater: cmp((x, y) => (x > y ? 1 : 0)),
  GreaterEqual: cmp((x, y) => (x >= y ? 1 : 0)),
  // int32 only: float Maximum/Minimum are exact-arith's NaN-propagating ops (TfsExact>Maximum), never these
  Maximum: { fns: { int32: (x, y) => (x > y ? x : y) }, bool: false },
  Minimum: { fns: { int32: (x, y) => (x < y ? x : y) }, bool: false },
  LogicalAnd: { fns: { bool: (x, y) => (x !== 0 && y !== 0 ? 1 : 0) }, bool: true },
  LogicalOr: { fns: { bool: (x, y) => (x !== 0 || y !== 0 ? 1 : 0) }, bool: true },
};

/** How an operand is indexed for output element i: 0 = its one element, 1 = i, 2 = i modulo its size; -1 = no. */
function stride(t: tf.TensorInfo, size: number, out: readonly number[]): number {
  if (t.shape === out) return 1;
  const n = tf.util.sizeFromShape(t.shape);
  if (n === 1 && t.shape.length <= out.length) return 0;
  if (t.shape.length > out.length) return -1;
  const skip = out.length - t.shape.length;
  for (let d = 0; d < t.shape.length; d++) if (t.shape[d] !== out[skip + d]) return -1;
  return n === size ? 1 : 2;
}

/** `op` on a and b on the host, or undefined when it is not a case taken here. */
export function hostBinary(op: HostBinaryOp, backend: tf.KernelBackend, a: tf.Tensor, b: tf.Tensor): tf.Tensor | undefined {
  const fn = a.dtype === b.dtype ? op.fns[a.dtype as keyof HostBinaryOp['fns']] : undefined;
  if (!fn) return undefined;
  const big = a.size > b.size || (a.size === b.size && a.rank >= b.rank) ? a : b;
  const size = big.size;
  if (size > MAX_ELEMENTS) return undefined;
  const sa = stride(a, size, big.shape);
  const sb = stride(b, size, big.shape);
  if (sa < 0 || sb < 0) return undefined;
  const dtype = op.bool ? 'bool' : (a.dtype as 'float32' | 'int32');
  const shape = big.shape.slice();
  const { info, values: out } = hostOutput(backend, shape, dtype);
  // read after allocating: on wasm the allocation may move the heap (stored-values.ts)
  const av = storedValues(backend, a);
  const bv = storedValues(backend, b);
  if (!av || !bv) {
    backend.disposeData(info.dataId);
    return undefined;
  }
  const na = av.length;
  const nb = bv.length;
  for (let i = 0; i < size; i++) out[i] = fn(av[sa === 1 ? i : sa === 0 ? 0 : i % na], bv[sb === 1 ? i : sb === 0 ? 0 : i % nb]);
  return tf.engine().makeTensorFromTensorInfo({ dataId: info.dataId, shape: shape.slice(), dtype }, backend);
}
