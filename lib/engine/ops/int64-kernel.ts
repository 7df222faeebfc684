// Shared plumbing of the exact 64-bit kernels (int64-*.ts): the view of a node they get, numpy-style
// broadcasting, and small integer lists (axes) read from int32 or wide tensors. Not a family itself.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode, OpExecutor } from '@tensorflow/tfjs-converter';
import { isServingError, ServingError } from '../../errors/index.ts';
import { readWide, WIDE_DTYPES, type WideKind } from './int64-tensors.ts';

/** Op names the dtype pass gives nodes that our 64-bit kernels run: `Tfs64>FloorMod` runs TF's FloorMod. */
export const WIDE_OP_PREFIX = 'Tfs64>';
/** Attrs the dtype pass adds to those nodes: TF dtypes (DataType numbers) of the data inputs and outputs. */
export const IN_TYPES_ATTR = '_tfs_in';
export const OUT_TYPES_ATTR = '_tfs_out';

export const DT_FLOAT = 1;
export const DT_DOUBLE = 2;
export const DT_INT32 = 3;
export const DT_BOOL = 10;
export const DT_HALF = 19;
export const DT_BFLOAT16 = 14;

/** What a 64-bit kernel sees: the TF op, the node name (for messages), inputs with their TF dtypes. */
export interface WideNode {
  op: string;
  name: string;
  inputs: tf.Tensor[];
  inTypes: number[];
  outTypes: number[];
  attrs: GraphNode['attrs'];
}

export type WideKernel = (n: WideNode) => tf.Tensor | tf.Tensor[];

function numbers(v: unknown): number[] {
  return Array.isArray(v) ? v.map(Number) : [];
}

/** The wide kind of a TF dtype number, or a failure naming the node (the dtype pass should prevent it). */
export function kindOf(n: WideNode, dtype: number): WideKind {
  const kind = WIDE_DTYPES.get(dtype);
  if (!kind) throw new ServingError('INTERNAL', `${n.op} (node '${n.name}'): dtype ${dtype} is not a 64-bit dtype`);
  return kind;
}

/** Wraps a kernel as a tfjs executor; an unexpected exception becomes INTERNAL naming op and node. */
export function wideExecutor(op: string, kernel: WideKernel): OpExecutor {
  return (node: GraphNode) => {
    const name = (node as unknown as { node?: { name?: string } }).node?.name ?? '?';
    const n: WideNode = { op, name, inputs: node.inputs, inTypes: numbers(node.attrs[IN_TYPES_ATTR]), outTypes: numbers(node.attrs[OUT_TYPES_ATTR]), attrs: node.attrs };
    try {
      return kernel(n);
    } catch (e) {
      if (isServingError(e)) throw e;
      throw new ServingError('INTERNAL', `${op} (node '${name}'): ${(e as Error).message}`, { cause: e });
    }
  };
}

/** Broadcast result shape of two shapes; TF's message when they do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[i - rank + a.length] ?? 1;
    const db = b[i - rank + b.length] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new ServingError('INVALID_ARGUMENT', `Incompatible shapes: [${a.join(',')}] vs. [${b.join(',')}]`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** For every element of `out` (row-major), the flat index of the element of a `shape` input broadcast to it. */
export function broadcastIndex(shape: readonly number[], out: readonly number[]): Int32Array {
  const total = out.reduce((p, d) => p * d, 1);
  const idx = new Int32Array(total);
  const rank = out.length;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[rank - shape.length + i] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  const coord = new Array<number>(rank).fill(0);
  let src = 0;
  for (let flat = 0; flat < total; flat++) {
    idx[flat] = src;
    for (let d = rank - 1; d >= 0; d--) {
      coord[d]++;
      src += strides[d];
      if (coord[d] < out[d]) break;
      src -= strides[d] * coord[d];
      coord[d] = 0;
    }
  }
  return idx;
}

/** Small integers (axes, perms) from an int32 tensor or a wide int64 one. */
export function readSmallInts(t: tf.Tensor, what: string): number[] {
  if (t.dtype === 'int32') return Array.from(t.dataSync());
  return Array.from(readWide(t), (v) => {
    if (v < -(2n ** 31n) || v >= 2n ** 31n) throw new ServingError('INVALID_ARGUMENT', `${what} ${v} is out of range`);
    return Number(v);
  });
}

/** A tfjs bool tensor from 0/1 bytes. */
export function boolTensor(values: Uint8Array, shape: readonly number[]): tf.Tensor {
  return tf.tensor(values, [...shape], 'bool');
}
