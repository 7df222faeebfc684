// Elementwise binary ops on tiny tensors computed on the host, for the v1 executor's direct path (v1-kernels.ts):
// a loop body's counters, comparisons and gate arithmetic are scalars or a few dozen elements, where a wasm
// kernel call costs far more than the arithmetic (shape arrays, ccall's stack copies, an output allocation).
// Exact by construction: int32 add/sub wrap as two's complement (the Int32Array store), comparisons and logical ops
// are exact, and float32 +, -, ×, ÷ computed in double then rounded once to float32 (the Float32Array store) is
// the correctly rounded float32 result (double's 53 bits ≥ 2·24 + 2, so the double rounding is innocuous) —
// what the backends' IEEE float32 kernels give. Transcendentals (Sigmoid, Tanh, Exp) stay on the kernels.
// Only same shapes, a single element, or trailing-dimension broadcasting (a bias over the last axis) are taken;
// anything else answers undefined and the kernel runs.
import * as tf from '@tensorflow/tfjs-core';
import { hostOutput, type StoredArray, storedValues } from './stored-values.ts';

/** Above this many output elements the backend's (SIMD) kernel wins. */
const MAX_ELEMENTS = 1024;

/** What an op computes; one tight loop each (an element function through a closure boxed every float result). */
const enum Code { Add, Sub, Mul, Div, Less, LessEqual, Greater, GreaterEqual, Max, Min, And, Or }

export interface HostBinaryOp {
  /** dtype of both operands → what it computes; the output keeps that dtype unless `bool`. */
  codes: Partial<Record<'float32' | 'int32' | 'bool', Code>>;
  bool: boolean;
}

const arith = (code: Code): HostBinaryOp => ({ codes: { float32: code, int32: code }, bool: false });
const cmp = (code: Code): HostBinaryOp => ({ codes: { float32: code, int32: code }, bool: true });

/** TensorFlow op name → its host form. */
export const HOST_BINARY: Readonly<Record<string, HostBinaryOp>> = {
  Add: arith(Code.Add),
  AddV2: arith(Code.Add),
  BiasAdd: arith(Code.Add),
  Sub: arith(Code.Sub),
  Mul: { codes: { float32: Code.Mul }, bool: false },
  RealDiv: { codes: { float32: Code.Div }, bool: false },
  Less: cmp(Code.Less),
  LessEqual: cmp(Code.LessEqual),
  Greater: cmp(Code.Greater),
  GreaterEqual: cmp(Code.GreaterEqual),
  // int32 only: float Maximum/Minimum are exact-arith's NaN-propagating ops (TfsExact>Maximum), never these
  Maximum: { codes: { int32: Code.Max }, bool: false },
  Minimum: { codes: { int32: Code.Min }, bool: false },
  LogicalAnd: { codes: { bool: Code.And }, bool: true },
  LogicalOr: { codes: { bool: Code.Or }, bool: true },
};

/**
 * out[i] = a[ia] ∘ b[ib], where an operand's index is i (stride 1), 0 (stride 0) or i modulo its length (2).
 * Int32Array and Uint8Array stores wrap and truncate as int32/bool arithmetic does; Float32Array stores round.
 */
function compute(code: Code, out: StoredArray, a: StoredArray, b: StoredArray, sa: number, sb: number): void {
  const na = a.length, nb = b.length, n = out.length;
  for (let i = 0; i < n; i++) {
    const x = a[sa === 1 ? i : sa === 0 ? 0 : i % na];
    const y = b[sb === 1 ? i : sb === 0 ? 0 : i % nb];
    switch (code) {
      case Code.Add: out[i] = x + y; break;
      case Code.Sub: out[i] = x - y; break;
      case Code.Mul: out[i] = x * y; break;
      case Code.Div: out[i] = x / y; break;
      case Code.Less: out[i] = x < y ? 1 : 0; break;
      case Code.LessEqual: out[i] = x <= y ? 1 : 0; break;
      case Code.Greater: out[i] = x > y ? 1 : 0; break;
      case Code.GreaterEqual: out[i] = x >= y ? 1 : 0; break;
      case Code.Max: out[i] = x > y ? x : y; break;
      case Code.Min: out[i] = x < y ? x : y; break;
      case Code.And: out[i] = x !== 0 && y !== 0 ? 1 : 0; break;
      case Code.Or: out[i] = x !== 0 || y !== 0 ? 1 : 0; break;
    }
  }
}

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
  const code = a.dtype === b.dtype ? op.codes[a.dtype as keyof HostBinaryOp['codes']] : undefined;
  if (code === undefined) return undefined;
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
  compute(code, out, av, bv, sa, sb);
  return tf.engine().makeTensorFromTensorInfo({ dataId: info.dataId, shape: shape.slice(), dtype }, backend);
}
