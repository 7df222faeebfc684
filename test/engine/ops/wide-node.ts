// Fake graph nodes for the exact 64-bit kernels (lib/engine/ops/int64*.ts): inputs, the dtype annotations the
// dtype pass adds (`_tfs_in` / `_tfs_out`, DataType numbers) and tfjs's converted attrs, plus value helpers.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { INT64_OPS } from '../../../lib/engine/ops/int64.ts';
import { makeWide, readWideAs, type WideKind } from '../../../lib/engine/ops/int64-tensors.ts';

export const DT = { FLOAT: 1, DOUBLE: 2, INT32: 3, UINT8: 4, INT8: 6, BOOL: 10, BFLOAT16: 14, HALF: 19, INT64: 9, UINT64: 23 } as const;

export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;
export const U64_MAX = 2n ** 64n - 1n;
export const P53 = 2n ** 53n + 1n;

/** Runs our kernel for TF op `op` (registered as `Tfs64>op`) on a fake node; returns its outputs. */
export function runWide(op: string, inputs: tf.Tensor[], inTypes: number[], outTypes: number[], attrs: Record<string, unknown> = {}): tf.Tensor[] {
  const node = { inputs, attrs: { _tfs_in: inTypes, _tfs_out: outTypes, ...attrs }, node: { name: `test/${op}` } } as unknown as GraphNode;
  const out = INT64_OPS[`Tfs64>${op}`](node) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}

export const i64 = (values: (bigint | number)[], shape: number[] = [values.length]) => makeWide(BigInt64Array.from(values, (v) => BigInt(v)), shape);
export const u64 = (values: (bigint | number)[], shape: number[] = [values.length]) => makeWide(BigUint64Array.from(values, (v) => BigInt(v)), shape);
export const f64 = (values: number[], shape: number[] = [values.length]) => makeWide(Float64Array.from(values), shape);

/** Values of a wide (or int32-carried) tensor as plain arrays. */
export function valuesOf(t: tf.Tensor, kind: WideKind): (bigint | number)[] {
  return Array.from(readWideAs(t, kind) as ArrayLike<bigint | number>);
}
