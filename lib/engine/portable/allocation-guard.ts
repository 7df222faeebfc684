// Bounds every tensor the TensorFlow.js backend stores at request time (issue 10: a graph Fill to
// [1e5, 1e5] must answer RESOURCE_EXHAUSTED, not grow the process until it dies). Both backends pass each
// new tensor through one method before its memory exists on the backend: wasm `move` (called by write and
// makeOutput, before `_malloc`), cpu `write`. The wrapper refuses a tensor over the limit; the limit is
// process-wide like the backend itself.
import * as tf from '@tensorflow/tfjs-core';
import { ServingError } from '../../errors/index.ts';

const GUARDED = Symbol('tfsAllocationGuard');
let maxTensorBytes = Number.MAX_SAFE_INTEGER;

function bytesOf(shape: readonly number[], dtype: string): number {
  let n = dtype === 'string' ? 0 : dtype === 'float32' || dtype === 'int32' ? 4 : dtype === 'bool' ? 1 : 8;
  for (const d of shape) n *= d;
  return n;
}

function check(shape: readonly number[] | undefined, dtype: string): void {
  if (!shape) return;
  const bytes = bytesOf(shape, dtype);
  if (bytes > maxTensorBytes) {
    throw new ServingError('RESOURCE_EXHAUSTED', `OOM when allocating tensor with shape [${shape.join(',')}] and type ${dtype}: ${bytes} bytes is over the tensor limit of ${maxTensorBytes} bytes`);
  }
}

/** Sets the limit and wraps the active backend once. */
export function guardAllocations(limitBytes: number): void {
  maxTensorBytes = limitBytes;
  const backend = tf.backend() as unknown as Record<string | symbol, unknown>;
  if (backend[GUARDED]) return;
  backend[GUARDED] = true;
  const name = typeof backend.move === 'function' && tf.getBackend() === 'wasm' ? 'move' : 'write';
  const original = backend[name] as (...args: unknown[]) => unknown;
  // wasm move(dataId, values, shape, dtype, refCount); cpu write(values, shape, dtype).
  const shapeAt = name === 'move' ? 2 : 1;
  backend[name] = function guarded(this: unknown, ...args: unknown[]) {
    check(args[shapeAt] as number[] | undefined, args[shapeAt + 1] as string);
    return original.apply(this, args);
  };
}

/** A JavaScript allocation failure inside a kernel (typed array too long, out of memory) as RESOURCE_EXHAUSTED. */
export function asResourceExhausted(e: unknown): unknown {
  if (e instanceof RangeError && /array length|allocation failed|Array buffer|out of memory/i.test(e.message)) {
    return new ServingError('RESOURCE_EXHAUSTED', `OOM when allocating a tensor: ${e.message}`, { cause: e });
  }
  return e;
}
