// Bitcast between the 4-byte dtypes TensorFlow.js holds (float32 ⇄ int32): the same bytes read as the
// other type, shape unchanged. Keras 3 emits it for `ops.argmax`/`argmin` on floats (its signbit test:
// Bitcast float32→int32, then BitwiseAnd with 0x80000000). Other dtype pairs are refused at load
// (attr-checks.ts); TensorFlow.js has no Bitcast kernel.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { typeAttr } from './raw-attrs.ts';
import type { OpTable } from './index.ts';

function bitcast(node: GraphNode): tf.Tensor {
  const x = node.inputs[0];
  const to = typeAttr(node, 'type') === 'DT_INT32' ? 'int32' : 'float32';
  if (x.dtype === to) return tf.clone(x);
  const source = x.dataSync() as Float32Array | Int32Array;
  const bytes = source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength);
  return tf.tensor(to === 'int32' ? new Int32Array(bytes) : new Float32Array(bytes), x.shape, to);
}

export const BITCAST_OPS: OpTable = { Bitcast: bitcast };
