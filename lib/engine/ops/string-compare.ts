// Equal / NotEqual on string operands, compared byte for byte in JavaScript with numpy broadcasting. The
// wasm backend's Equal reads string tensors as if they were numbers and answers wrongly ("fr" == "" gave
// true); numeric operands go to the backend. `incompatible_shape_error=false` makes shapes that do not
// broadcast answer a scalar false (Equal) / true (NotEqual), as TF's cwise_op_equal_to.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import { boolAttr } from './raw-attrs.ts';
import type { OpTable } from './index.ts';

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** numpy broadcast shape, or undefined when the shapes do not broadcast. */
function broadcastShape(a: readonly number[], b: readonly number[]): number[] | undefined {
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

/** Flat index into `shape` (right-aligned in `out`, size-1 dims broadcast) for each flat index of `out`. */
function sourceIndex(shape: readonly number[], out: number[]): Int32Array {
  const total = out.reduce((p, d) => p * d, 1);
  const index = new Int32Array(total);
  const offset = out.length - shape.length;
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let src = 0;
    let stride = 1;
    for (let d = out.length - 1; d >= offset; d--) {
      const coord = rest % out[d];
      rest = Math.floor(rest / out[d]);
      const dim = shape[d - offset];
      src += (dim === 1 ? 0 : coord) * stride;
      stride *= dim;
    }
    index[flat] = src;
  }
  return index;
}

const compare = (equal: boolean) => (node: GraphNode): tf.Tensor => {
  const [a, b] = node.inputs;
  if (a.dtype !== 'string') return equal ? tf.equal(a, b) : tf.notEqual(a, b);
  const shape = broadcastShape(a.shape, b.shape);
  if (!shape) {
    if (!boolAttr(node, 'incompatible_shape_error', true)) return tf.scalar(!equal, 'bool');
    throw new ServingError('INVALID_ARGUMENT', `Incompatible shapes: [${a.shape.join(',')}] vs. [${b.shape.join(',')}]`);
  }
  const va = tf.engine().readSync(a.dataId) as unknown as Uint8Array[];
  const vb = tf.engine().readSync(b.dataId) as unknown as Uint8Array[];
  const ia = sourceIndex(a.shape, shape);
  const ib = sourceIndex(b.shape, shape);
  const out = new Uint8Array(ia.length);
  for (let i = 0; i < out.length; i++) out[i] = sameBytes(va[ia[i]], vb[ib[i]]) === equal ? 1 : 0;
  return tf.tensor(out, shape, 'bool');
};

export const STRING_COMPARE_OPS: OpTable = { Equal: compare(true), NotEqual: compare(false) };
