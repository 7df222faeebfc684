// BitwiseAnd / BitwiseOr / BitwiseXor on integers carried as int32 (int32, and uint8/int8/int16/uint16
// whose values stay in range), with numpy broadcasting as TF's cwise ops. tfjs-converter 4.22's BitwiseAnd
// mapper reads inputs `a`/`b` that its op list names `x`/`y` (it always fails), and tfjs's bitwiseAnd
// requires equal shapes. Keras 3 emits BitwiseAnd in `ops.argmax` on floats (bitcast.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import { broadcastIndex, broadcastShape } from './int64-kernel.ts';
import type { OpTable } from './index.ts';

const bitwise = (name: string, f: (a: number, b: number) => number) => (node: GraphNode): tf.Tensor => {
  const [x, y] = node.inputs;
  if (x.dtype !== 'int32' || y.dtype !== 'int32') throw new ServingError('UNIMPLEMENTED', `${name} on ${x.dtype} is not supported by the portable engine`);
  const shape = broadcastShape(x.shape, y.shape);
  const vx = x.dataSync();
  const vy = y.dataSync();
  const ix = broadcastIndex(x.shape, shape);
  const iy = broadcastIndex(y.shape, shape);
  const out = new Int32Array(ix.length);
  for (let i = 0; i < out.length; i++) out[i] = f(vx[ix[i]], vy[iy[i]]);
  return tf.tensor(out, shape, 'int32');
};

export const BITWISE_OPS: OpTable = {
  BitwiseAnd: bitwise('BitwiseAnd', (a, b) => a & b),
  BitwiseOr: bitwise('BitwiseOr', (a, b) => a | b),
  BitwiseXor: bitwise('BitwiseXor', (a, b) => a ^ b),
};
