// The lean executor's elementwise binary and MatMul kernels on wasm, called without tfjs-backend-wasm's JavaScript
// wrappers. They run the same WebAssembly functions tfjs's kernels call (tfjs-backend-wasm 4.22 binary_kernel.ts:
// `void Add(a_id, a_shape*, a_rank, b_id, b_shape*, b_rank, dtype, out_id)`, likewise Sub, Multiply, RealDiv,
// dtype 0 float32 / 1 int32 / 2 bool as its CppDType; BatchMatMul.ts: `void BatchMatMul(a_id, a_shape*, a_rank,
// b_id, b_shape*, b_rank, transpose_a, transpose_b, out_id)` on rank-3 shapes; shapes as int32 in wasm memory), but
// those wrappers make 0.5–3 KB of garbage per call: shape Int32Arrays and their Uint8Array views, Emscripten
// ccall's argument arrays and stack copies, broadcast and rank-3 shape arrays, reshape views and closures. Here each
// step writes the shapes into 64 bytes of wasm memory malloc'ed once at load, and recomputes its output shape only
// when its input shapes change. Tensor ids are the backend's own, so XNNPACK's operator caches keyed on a weight's
// id still hit (FORMATS.md pitfall 12).
import type * as tf from '@tensorflow/tfjs-core';
import type { KernelArgs } from './lean-ops.ts';

/** The parts of tfjs-backend-wasm's BackendWasm this file uses (an Emscripten module in `wasm`). */
interface WasmBackend {
  wasm: { HEAP32: Int32Array; _malloc(bytes: number): number; _free(ptr: number): void } & Record<string, unknown>;
  dataIdMap: { get(dataId: object): { id: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** tfjs-backend-wasm's CppDType. */
const CPP_DTYPE: Record<string, number> = { float32: 0, int32: 1, bool: 2 };
/** int32 slots per shape in the scratch buffer: XNNPACK stops at rank 6 (LIMITS in portable-servable.ts). */
const MAX_RANK = 8;

/** Which wrapper a lean op bypasses on wasm. */
export type WasmDirectKind = 'binary' | 'matmul';

/** One step's direct call: a kernel function for the plan, and the scratch memory to free with the servable. */
export interface WasmDirectKernel {
  run(args: KernelArgs): tf.TensorInfo;
  dispose(): void;
}

/** The direct call for `kernel`, or undefined when this wasm build has no such export (then tfjs's kernel runs). */
export function createWasmDirect(backend: tf.KernelBackend, kind: WasmDirectKind, kernel: string): WasmDirectKernel | undefined {
  const b = backend as unknown as WasmBackend;
  const fn = b.wasm?.[`_${kernel}`];
  if (typeof fn !== 'function') return undefined;
  return kind === 'binary' ? new WasmBinaryKernel(b, fn as WasmFn) : new WasmMatMulKernel(b, fn as WasmFn);
}

type WasmFn = (...args: number[]) => void;

/** Scratch shapes in wasm memory, and the output shape for the last input shapes seen. */
abstract class DirectCall implements WasmDirectKernel {
  protected readonly scratch: number;
  private lastA: number[] = [];
  private lastB: number[] = [];
  protected outShape: number[] = [];

  constructor(protected readonly backend: WasmBackend, protected readonly fn: WasmFn) {
    this.scratch = backend.wasm._malloc(2 * MAX_RANK * 4);
  }

  abstract run(args: KernelArgs): tf.TensorInfo;
  protected abstract shapeFor(a: readonly number[], b: readonly number[], args: KernelArgs): number[];

  /** Frees the scratch shapes (the servable is unloading). */
  dispose(): void {
    this.backend.wasm._free(this.scratch);
  }

  /** The output shape, recomputed only when an input shape changed (throws where the shapes do not fit). */
  protected output(a: readonly number[], b: readonly number[], args: KernelArgs): number[] {
    if (!sameShape(a, this.lastA) || !sameShape(b, this.lastB)) {
      this.outShape = this.shapeFor(a, b, args);
      this.lastA = a.slice();
      this.lastB = b.slice();
    }
    return this.outShape;
  }

  /** Writes shape `s` at int32 slot `at` of the scratch buffer (HEAP32 read per call: memory growth replaces it). */
  protected put(at: number, s: readonly number[], lead = -1): void {
    const heap = this.backend.wasm.HEAP32;
    let i = (this.scratch >> 2) + at;
    if (lead >= 0) heap[i++] = lead;
    for (let k = 0; k < s.length; k++) heap[i + k] = s[k];
  }

  protected id(t: tf.TensorInfo): number {
    return this.backend.dataIdMap.get(t.dataId).id;
  }
}

/** Add, Sub, Multiply, RealDiv with NumPy broadcasting; throws (the call then goes to the GraphModel) on a clash. */
class WasmBinaryKernel extends DirectCall {
  run(args: KernelArgs): tf.TensorInfo {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.shape.length > MAX_RANK || b.shape.length > MAX_RANK) throw new RangeError('rank above the scratch buffer');
    const out = this.backend.makeOutput(this.output(a.shape, b.shape, args), a.dtype);
    if (sizeOf(out.shape) === 0) return out;
    this.put(0, a.shape);
    this.put(MAX_RANK, b.shape);
    this.fn(this.id(a), this.scratch, a.shape.length, this.id(b), this.scratch + MAX_RANK * 4, b.shape.length, CPP_DTYPE[a.dtype], this.id(out));
    return out;
  }

  protected shapeFor(a: readonly number[], b: readonly number[]): number[] {
    return broadcastShape(a, b);
  }
}

/**
 * BatchMatMul of two rank-2 float32 operands (the lean matMul's prepare checks both) as [1, rows, cols]; throws
 * when the inner dimensions differ or the output is empty (the GraphModel then answers, or fails, as before).
 */
class WasmMatMulKernel extends DirectCall {
  run(args: KernelArgs): tf.TensorInfo {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const out = this.backend.makeOutput(this.output(a.shape, b.shape, args), 'float32');
    this.put(0, a.shape, 1);
    this.put(MAX_RANK, b.shape, 1);
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    this.fn(this.id(a), this.scratch, 3, this.id(b), this.scratch + MAX_RANK * 4, 3, transposeA ? 1 : 0, transposeB ? 1 : 0, this.id(out));
    return out;
  }

  protected shapeFor(a: readonly number[], b: readonly number[], args: KernelArgs): number[] {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (a.length !== 2 || b.length !== 2) throw new RangeError('the direct MatMul takes rank-2 operands');
    const [m, k] = transposeA ? [a[1], a[0]] : [a[0], a[1]];
    const [k2, n] = transposeB ? [b[1], b[0]] : [b[0], b[1]];
    if (k !== k2 || m * n === 0) throw new Error(`MatMul inner dimensions ${k} and ${k2} differ, or the output is empty`);
    return [m, n];
  }
}

/** NumPy broadcasting, as tfjs-core's assertAndGetBroadcastShape (and TF's BCast): throws when a pair of dims clash. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 1; i <= rank; i++) {
    const x = a.length - i >= 0 ? a[a.length - i] : 1;
    const y = b.length - i >= 0 ? b[b.length - i] : 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error(`Operands could not be broadcast together with shapes ${a} and ${b}.`);
    out[rank - i] = x === 1 ? y : x;
  }
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}
