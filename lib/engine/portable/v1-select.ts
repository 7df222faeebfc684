// Select (v1) and SelectV2 for the v1 executor's direct path (v1-kernels.ts), picked on the host: a pick copies
// bits, so reading both operands and writing the result is exact on every backend. TensorFlow's rules
// (cwise_op_select.cc): Select takes a scalar condition, one of x's shape, or a vector picking whole rows of x
// along dimension 0 (ops/select.ts), with x and y of one shape; SelectV2 broadcasts all three. Here every operand
// of SelectV2 must be a single element or have the output's shape; anything else (other broadcasts, strings, a
// condition that is not bool, shapes that do not fit) answers undefined and the node takes TensorFlow.js's path
// (ops/select.ts, string-tensors.ts), which gives its answer or its error.
import * as tf from '@tensorflow/tfjs-core';
import { hostOutput, storedValues } from './stored-values.ts';
import type { DirectOp } from './v1-kernels.ts';

type Bits = Int32Array | Uint8Array;

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** The stored values as integers of the element's width (float32 read as its bits: NaN payloads survive). */
function bitsOf(backend: tf.KernelBackend, t: tf.Tensor): Bits | undefined {
  const v = storedValues(backend, t);
  return !v || v instanceof Uint8Array ? v : new Int32Array(v.buffer, v.byteOffset, v.length);
}

/** The output's shape, or undefined when an operand is neither a single element nor the output's shape. */
function pickShape(c: tf.Tensor, x: tf.Tensor, y: tf.Tensor, rows: boolean): number[] | undefined {
  if (rows) {
    if (!sameShape(x.shape, y.shape)) return undefined;
    const byRow = c.rank === 1 && x.rank > 1;
    if (byRow) return c.shape[0] === x.shape[0] ? x.shape : undefined;
    return c.rank === 0 || sameShape(c.shape, x.shape) ? x.shape : undefined;
  }
  const out = [c, x, y].reduce<tf.Tensor>((big, t) => (t.size > big.size ? t : big), c).shape;
  return [c, x, y].every((t) => t.size === 1 || sameShape(t.shape, out)) && [c, x, y].every((t) => t.rank <= out.length) ? out : undefined;
}

/** Select (`rows`: v1, a vector condition picks rows) or SelectV2 on the host. */
export function hostSelect(backend: tf.KernelBackend, rows: boolean): DirectOp {
  return {
    run([c, x, y]) {
      if (c.dtype !== 'bool' || x.dtype !== y.dtype || (x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool')) return undefined;
      if (!bitsOf(backend, c) || !bitsOf(backend, x) || !bitsOf(backend, y)) return undefined;
      const shape = pickShape(c, x, y, rows);
      if (!shape) return undefined;
      const size = tf.util.sizeFromShape(shape);
      const { info, values } = hostOutput(backend, shape.slice(), x.dtype);
      // read after allocating: on wasm the allocation may move the heap (stored-values.ts)
      const cv = bitsOf(backend, c);
      const xv = bitsOf(backend, x);
      const yv = bitsOf(backend, y);
      const out = values instanceof Float32Array ? new Int32Array(values.buffer, values.byteOffset, values.length) : values;
      // the condition's element for output i: one per row (v1 vector), one for all, or its own
      const per = c.size === 1 ? 0 : c.size === size ? 1 : -1;
      const row = per < 0 ? size / c.size : 0;
      const xs = x.size === 1 ? 0 : 1;
      const ys = y.size === 1 ? 0 : 1;
      for (let i = 0; i < size; i++) {
        const pick = cv![per < 0 ? (i / row) | 0 : per * i];
        out[i] = pick ? xv![xs * i] : yv![ys * i];
      }
      return [tf.engine().makeTensorFromTensorInfo(info, backend)];
    },
  };
}
