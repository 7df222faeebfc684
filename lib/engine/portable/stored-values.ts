// Reads a tensor's stored values on the host without copying them where the backend allows, for the v1
// executor's host-side work (Switch predicates, Select picks): the wasm backend's typedArrayFromHeap (a view of
// its heap, tfjs-backend-wasm 4.22 backend_wasm.ts: valid only until the backend next allocates, because growing
// the wasm memory detaches it) or the cpu backend's stored array (its readSync hands that array over). Callers
// read, never write, and finish reading before they allocate. `readSync` on wasm copies (a new ArrayBuffer per
// read), which was a tenth of a DKT call.
import type * as tf from '@tensorflow/tfjs-core';

export type StoredArray = Float32Array | Int32Array | Uint8Array;

const STORED = { float32: Float32Array, int32: Int32Array, bool: Uint8Array } as const;

type HeapView = (t: tf.TensorInfo) => StoredArray;

/** The stored values of a float32/int32/bool tensor, or undefined for other dtypes or storage. */
export function storedValues(backend: tf.KernelBackend, t: tf.TensorInfo): StoredArray | undefined {
  const type = STORED[t.dtype as keyof typeof STORED];
  if (!type) return undefined;
  const heap = (backend as unknown as { typedArrayFromHeap?: HeapView }).typedArrayFromHeap;
  const v = heap ? heap.call(backend, t) : backend.readSync(t.dataId);
  return v instanceof type ? v : undefined;
}

type MakeOutput = (shape: number[], dtype: tf.DataType) => tf.TensorInfo;

/**
 * A new float32/int32/bool tensor's storage, to fill on the host: on wasm the output is allocated in the heap
 * first (makeOutput: no JavaScript array, no copy) and `values` is a view of it; elsewhere a typed array the
 * backend keeps as it is (tfjs-backend-cpu's write stores the array given). IMPORTANT: on wasm, views of other
 * tensors taken before this call may be detached by it — read inputs (storedValues) after allocating.
 */
export function hostOutput(backend: tf.KernelBackend, shape: number[], dtype: 'float32' | 'int32' | 'bool'): { info: tf.TensorInfo; values: StoredArray } {
  const b = backend as unknown as { makeOutput?: MakeOutput; typedArrayFromHeap?: HeapView };
  if (b.makeOutput && b.typedArrayFromHeap) {
    const info = b.makeOutput.call(backend, shape, dtype);
    return { info, values: b.typedArrayFromHeap.call(backend, info) };
  }
  const values = new STORED[dtype](shape.reduce((n, d) => n * d, 1));
  return { info: { dataId: backend.write(values, shape, dtype), shape, dtype }, values };
}
