// Equal / NotEqual on string operands, compared byte for byte in JavaScript with numpy broadcasting. The
// wasm backend's Equal reads string tensors as if they were numbers and answers wrongly ("fr" == "" gave
// true); numeric operands go to the backend. `incompatible_shape_error=false` makes shapes that do not
// broadcast answer a scalar false (Equal) / true (NotEqual), as TF's cwise_op_equal_to.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { broadcastIndex, broadcastShape } from './int64-kernel.ts';
import { boolAttr } from './raw-attrs.ts';
import type { OpTable } from './index.ts';

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

const compare = (equal: boolean) => (node: GraphNode): tf.Tensor => {
  const [a, b] = node.inputs;
  if (a.dtype !== 'string') return equal ? tf.equal(a, b) : tf.notEqual(a, b);
  let shape: number[];
  try {
    shape = broadcastShape(a.shape, b.shape); // INVALID_ARGUMENT "Incompatible shapes: …" as TF
  } catch (e) {
    if (!boolAttr(node, 'incompatible_shape_error', true)) return tf.scalar(!equal, 'bool');
    throw e;
  }
  const va = tf.engine().readSync(a.dataId) as unknown as Uint8Array[];
  const vb = tf.engine().readSync(b.dataId) as unknown as Uint8Array[];
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  const out = new Uint8Array(ia.length);
  for (let i = 0; i < out.length; i++) out[i] = sameBytes(va[ia[i]], vb[ib[i]]) === equal ? 1 : 0;
  return tf.tensor(out, shape, 'bool');
};

export const STRING_COMPARE_OPS: OpTable = { Equal: compare(true), NotEqual: compare(false) };
