// Ops whose TensorFlow.js kernels mishandle string tensors. The wasm backend's Tile aborts the whole
// wasm module on a string tensor ("Aborted()"), which would take every model in the process down with
// it; so Tile on strings is done here in JavaScript, and numeric Tile goes to the backend as before.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import type { OpTable } from './index.ts';

/** Tiles raw string elements: out[i] = x[index of i modulo each input dimension]. */
export function tileStrings(values: Uint8Array[], shape: number[], multiples: number[]): { values: Uint8Array[]; shape: number[] } {
  const outShape = shape.map((d, i) => d * multiples[i]);
  const total = outShape.reduce((a, b) => a * b, 1);
  const out = new Array<Uint8Array>(total);
  const rank = shape.length;
  const coord = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < total; flat++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src = src * shape[d] + (coord[d] % shape[d]);
    out[flat] = values[src];
    for (let d = rank - 1; d >= 0; d--) {
      if (++coord[d] < outShape[d]) break;
      coord[d] = 0;
    }
  }
  return { values: out, shape: outShape };
}

function tile(node: GraphNode): tf.Tensor {
  const [x, multiplesTensor] = node.inputs;
  const multiples = Array.from(multiplesTensor.dataSync());
  if (x.dtype !== 'string') return tf.tile(x, multiples);
  const values = tf.engine().readSync(x.dataId) as unknown as Uint8Array[];
  const out = tileStrings(values, [...x.shape], multiples);
  return tf.tensor(out.values, out.shape, 'string');
}

export const STRING_TENSOR_OPS: OpTable = { Tile: tile };
