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
