// The lean executor's elementwise binary kernels on wasm, called without tfjs-backend-wasm's JavaScript wrapper.
// They run the same WebAssembly function tfjs's kernel calls (tfjs-backend-wasm 4.22 binary_kernel.ts:
// `void Add(a_id, a_shape*, a_rank, b_id, b_shape*, b_rank, dtype, out_id)`, likewise Sub, Multiply, RealDiv,
// shapes as int32 in wasm memory, dtype 0 float32 / 1 int32 / 2 bool as its CppDType), but that wrapper makes
// ~0.5 KB of garbage per call: two shape Int32Arrays and their Uint8Array views, Emscripten ccall's argument
// arrays and stack copies, the broadcast shape and a closure. Here each step writes the shapes into 64 bytes of
// wasm memory malloc'ed once at load, and recomputes the broadcast shape only when its input shapes change.
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

/** One step's call: its scratch shapes and the broadcast shape of the last input shapes it saw. */
export class WasmBinaryKernel {
  private readonly fn: (...args: number[]) => void;
  private readonly scratch: number;
  private lastA: number[] = [];
  private lastB: number[] = [];
  private outShape: number[] = [];

  constructor(private readonly backend: WasmBackend, kernel: string) {
    this.fn = backend.wasm[`_${kernel}`] as (...args: number[]) => void;
    this.scratch = backend.wasm._malloc(2 * MAX_RANK * 4);
  }

  /** The wasm backend's export for `kernel`, or undefined when this build has none (then tfjs's kernel runs). */
  static create(backend: tf.KernelBackend, kernel: string): WasmBinaryKernel | undefined {
    const b = backend as unknown as WasmBackend;
    return typeof b.wasm?.[`_${kernel}`] === 'function' ? new WasmBinaryKernel(b, kernel) : undefined;
  }

  /** Same output as tfjs's kernelFunc; throws (the call then goes to the GraphModel) where shapes do not broadcast. */
  run(args: KernelArgs): tf.TensorInfo {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.shape.length > MAX_RANK || b.shape.length > MAX_RANK) throw new RangeError('rank above the scratch buffer');
    if (!sameShape(a.shape, this.lastA) || !sameShape(b.shape, this.lastB)) this.reshape(a.shape, b.shape);
    const out = this.backend.makeOutput(this.outShape, a.dtype);
    if (sizeOf(this.outShape) === 0) return out;
    const heap = this.backend.wasm.HEAP32; // read per call: memory growth replaces the view
    const base = this.scratch >> 2;
    for (let i = 0; i < a.shape.length; i++) heap[base + i] = a.shape[i];
    for (let i = 0; i < b.shape.length; i++) heap[base + MAX_RANK + i] = b.shape[i];
    const ids = this.backend.dataIdMap;
    this.fn(ids.get(a.dataId).id, this.scratch, a.shape.length, ids.get(b.dataId).id, this.scratch + MAX_RANK * 4, b.shape.length, CPP_DTYPE[a.dtype], ids.get(out.dataId).id);
    return out;
  }

  /** Frees the scratch shapes (the servable is unloading). */
  dispose(): void {
    this.backend.wasm._free(this.scratch);
  }

  private reshape(a: readonly number[], b: readonly number[]): void {
    this.outShape = broadcastShape(a, b);
    this.lastA = a.slice();
    this.lastB = b.slice();
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
