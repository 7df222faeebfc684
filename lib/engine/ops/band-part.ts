// MatrixBandPart with TF's semantics (tensorflow/core/kernels/linalg/matrix_band_part_op.cc): keeps
// element (m, n) of each innermost matrix when (num_lower < 0 || m − n <= num_lower) and
// (num_upper < 0 || n − m <= num_upper), zero (or "") elsewhere. tfjs-converter 4.22 maps num_upper from
// input 1, i.e. it passes num_lower twice: Keras' causal attention mask (`tril`: −1, 0) came out all ones.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { OpTable } from './index.ts';

function limit(t: tf.Tensor, name: string, bound: number, what: string): number {
  if (t.rank !== 0) throw new ServingError('INVALID_ARGUMENT', `${name} must be scalar, got shape [${t.shape.join(',')}]`);
  const v = t.dataSync()[0];
  if (v > bound) throw new ServingError('INVALID_ARGUMENT', `${name} must be negative or less or equal to number of ${what} (${bound}) got: ${v}`);
  return v;
}

/** The in-band mask of an m×n matrix as 0/1 bytes. */
export function bandMask(m: number, n: number, lower: number, upper: number): Uint8Array {
  const mask = new Uint8Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) mask[i * n + j] = (lower < 0 || i - j <= lower) && (upper < 0 || j - i <= upper) ? 1 : 0;
  }
  return mask;
}

function bandPart(node: GraphNode): tf.Tensor {
  const [x, lowerT, upperT] = node.inputs;
  if (x.rank < 2) throw new ServingError('INVALID_ARGUMENT', `input must be at least 2-dim, received shape: [${x.shape.join(',')}]`);
  const [m, n] = x.shape.slice(-2);
  const lower = limit(lowerT, 'num_lower', m, 'rows');
  const upper = limit(upperT, 'num_upper', n, 'columns');
  const mask = bandMask(m, n, lower, upper);
  const size = m * n;
  if (x.dtype === 'string') {
    const values = tf.engine().readSync(x.dataId) as unknown as Uint8Array[];
    const empty = new Uint8Array();
    return tf.tensor(values.map((v, i) => (mask[i % size] ? v : empty)), x.shape, 'string');
  }
  // On the host: the wasm backend's Select over a broadcast bool mask gave wrong rows and out-of-bounds reads.
  const values = x.dataSync();
  const out = values.slice();
  for (let i = 0; i < out.length; i++) if (!mask[i % size]) out[i] = 0;
  return tf.tensor(out, x.shape, x.dtype);
}

export const BAND_PART_OPS: OpTable = { MatrixBandPart: bandPart };
