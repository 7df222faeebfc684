// Splits a tensor into equal pieces along one axis on the host, for the v1 executor (Split in a loop body, the
// rows a TensorArrayScatterV3 writes). tfjs-backend-wasm 4.22's slice kernel, which SplitV and Unpack call once
// per piece, copies the whole input out of the wasm heap (readSync) for every piece; here the input is read
// without a copy and each piece is allocated in the backend and filled in place (stored-values.ts), bit for bit
// (TypedArray#set between arrays of one type copies bytes).
import * as tf from '@tensorflow/tfjs-core';
import { hostOutput, storedValues } from './stored-values.ts';

/**
 * `num` equal pieces of `x` along `axis` (0 ≤ axis < rank, the dimension divisible by num), or undefined.
 * `unstack`: the pieces (num = the dimension) lose that axis, as tf.unstack's do.
 */
export function hostSplit(backend: tf.KernelBackend, x: tf.Tensor, axis: number, num: number, unstack = false): tf.Tensor[] | undefined {
  if (axis < 0 || axis >= x.rank || num < 1 || x.shape[axis] % num !== 0) return undefined;
  if (!storedValues(backend, x)) return undefined;
  const length = x.shape[axis] / num;
  const outer = tf.util.sizeFromShape(x.shape.slice(0, axis));
  const inner = tf.util.sizeFromShape(x.shape.slice(axis + 1));
  const shape = x.shape.slice();
  if (unstack && length !== 1) return undefined;
  if (unstack) shape.splice(axis, 1);
  else shape[axis] = length;
  const block = length * inner;
  const pieces: tf.Tensor[] = [];
  for (let k = 0; k < num; k++) {
    const { info, values: piece } = hostOutput(backend, shape.slice(), x.dtype as 'float32');
    const values = storedValues(backend, x)!; // read after allocating (stored-values.ts)
    for (let o = 0; o < outer; o++) {
      const from = o * x.shape[axis] * inner + k * block;
      piece.set(values.subarray(from, from + block), o * block);
    }
    pieces.push(tf.engine().makeTensorFromTensorInfo(info, backend));
  }
  return pieces;
}
