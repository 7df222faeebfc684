// BatchMatMul / BatchMatMulV2 / BatchMatMulV3 with TF's semantics (tensorflow/core/kernels/matmul_op_impl.h):
// adj_x / adj_y, and for V2/V3 numpy-style broadcasting of the batch dimensions. The wasm backend's
// BatchMatMul computes wrong numbers when only one operand has a batch dimension of 1 (e.g. [2,1,3,4] x
// [3,4,2]), so the batch dimensions are broadcast here and the backend sees one plain [B, r, c] product.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import { boolAttr } from './raw-attrs.ts';
import type { OpTable } from './index.ts';

const shapeText = (s: readonly number[]) => `[${s.join(',')}]`;

/** The broadcast batch shape of x and y (all but their last two dims), or undefined when incompatible. */
function broadcastBatch(x: readonly number[], y: readonly number[]): number[] | undefined {
  const bx = x.slice(0, -2);
  const by = y.slice(0, -2);
  const rank = Math.max(bx.length, by.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const a = bx[bx.length - rank + i] ?? 1;
    const b = by[by.length - rank + i] ?? 1;
    if (a !== b && a !== 1 && b !== 1) return undefined;
    out.push(a === 1 ? b : a);
  }
  return out;
}

/** BatchMatMul v1: equal ranks and batch dims, with BatchMatMulOp's messages. */
function checkSameBatch(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) throw new ServingError('INVALID_ARGUMENT', `In[0] and In[1] has different ndims: ${shapeText(x)} vs. ${shapeText(y)}`);
  for (let i = 0; i < x.length - 2; i++) {
    if (x[i] !== y[i]) throw new ServingError('INVALID_ARGUMENT', `In[0].dim(${i}) and In[1].dim(${i}) must be the same: ${shapeText(x)} vs ${shapeText(y)}`);
  }
}

/** x @ y over broadcast batch dims; `broadcast` false (BatchMatMul v1) requires equal batch shapes. */
export function batchMatMul(x: tf.Tensor, y: tf.Tensor, adjX: boolean, adjY: boolean, broadcast: boolean): tf.Tensor {
  if (x.rank < 2) throw new ServingError('INVALID_ARGUMENT', `In[0] ndims must be >= 2: ${x.rank}`);
  if (y.rank < 2) throw new ServingError('INVALID_ARGUMENT', `In[1] ndims must be >= 2: ${y.rank}`);
  if (!broadcast) checkSameBatch(x.shape, y.shape);
  const batch = broadcastBatch(x.shape, y.shape);
  if (!batch) throw new ServingError('INVALID_ARGUMENT', `In[0] and In[1] must have compatible batch dimensions: ${shapeText(x.shape)} vs. ${shapeText(y.shape)}`);
  const [xr, xc] = x.shape.slice(-2);
  const [yr, yc] = y.shape.slice(-2);
  const [m, k] = adjX ? [xc, xr] : [xr, xc];
  const [k2, n] = adjY ? [yc, yr] : [yr, yc];
  if (k !== k2) {
    throw new ServingError('INVALID_ARGUMENT', `Matrix size-incompatible: In[0]: ${shapeText(x.shape)}, In[1]: ${shapeText(y.shape)}`);
  }
  const outShape = [...batch, m, n];
  if (outShape.includes(0) || k === 0) return tf.zeros(outShape, x.dtype);
  const nb = batch.reduce((a, b) => a * b, 1);
  return tf.tidy(() => {
    const flat = (t: tf.Tensor, r: number, c: number) => {
      const full = [...batch, r, c];
      const wide = t.shape.length === full.length && t.shape.every((d, i) => d === full[i]) ? t : tf.broadcastTo(t, full);
      return tf.reshape(wide, [nb, r, c]);
    };
    return tf.reshape(tf.matMul(flat(x, xr, xc), flat(y, yr, yc), adjX, adjY), outShape);
  });
}

const executor = (broadcast: boolean) => (node: GraphNode): tf.Tensor => {
  const [x, y] = node.inputs;
  return batchMatMul(x, y, boolAttr(node, 'adj_x', false), boolAttr(node, 'adj_y', false), broadcast);
};

export const BATCH_MATMUL_OPS: OpTable = { BatchMatMul: executor(false), BatchMatMulV2: executor(true), BatchMatMulV3: executor(true) };
