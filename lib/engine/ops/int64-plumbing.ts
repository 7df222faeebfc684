// The helper ops the dtype pass (graph/dtype-pass.ts) inserts around tfjs's own ops:
// - Narrow: int64 / uint64 → int32 for an index-like input of a tfjs op (indices, shapes, axes); a value
//   outside int32 is INVALID_ARGUMENT (mode "error"), or -1 where TF treats it as out of range (mode "oob",
//   OneHot: an index outside [0, depth) gives an all-off row).
// - Widen: int32-carried int64 → wide, where a value enters a While / If (loop variables and branch results
//   always travel wide, so a body sees one form whatever produced its arguments).
// - Iota / Take: a tfjs op that only moves elements (Reshape, GatherV2, StridedSlice, ConcatV2, Select…) runs
//   on int32 positions instead of the 64-bit values (Iota), then Take picks the values at the positions it
//   returned. tfjs's own kernels thereby define every shape rule, and never see a wide tensor.
import * as tf from '@tensorflow/tfjs-core';
import { ServingError } from '../../errors/index.ts';
import { kindOf, type WideKernel } from './int64-kernel.ts';
import { makeWide, readWideAs, type WideValues } from './int64-tensors.ts';

/** Attr of a Narrow node: "error" or "oob". */
export const NARROW_MODE_ATTR = '_tfs_mode';
/** Attr of a Take node: how many of its inputs are values (the rest are position tensors). */
export const TAKE_VALUES_ATTR = '_tfs_values';

const narrow: WideKernel = (n) => {
  const x = n.inputs[0];
  if (x.dtype === 'int32') return x.clone();
  const kind = kindOf(n, n.inTypes[0]);
  const v = readWideAs(x, kind) as BigInt64Array | BigUint64Array;
  const oob = n.attrs[NARROW_MODE_ATTR] === 'oob';
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const b = v[i];
    if (b >= -(2n ** 31n) && b < 2n ** 31n) out[i] = Number(b);
    else if (oob) out[i] = -1;
    else throw new ServingError('INVALID_ARGUMENT', `${n.op} (node '${n.name}'): ${kind} value ${b} is out of range for an index`);
  }
  return tf.tensor(out, [...x.shape], 'int32');
};

const iota: WideKernel = (n) => {
  let offset = 0;
  return n.inputs.map((x) => {
    const out = new Int32Array(x.size);
    for (let i = 0; i < out.length; i++) out[i] = offset + i;
    offset += x.size;
    return tf.tensor(out, [...x.shape], 'int32');
  });
};

const take: WideKernel = (n) => {
  const m = Number(n.attrs[TAKE_VALUES_ATTR]);
  const kind = kindOf(n, n.inTypes[0]);
  const parts = n.inputs.slice(0, m).map((t) => readWideAs(t, kind));
  const total = parts.reduce((s, p) => s + p.length, 0);
  const all: WideValues = kind === 'int64' ? new BigInt64Array(total) : kind === 'uint64' ? new BigUint64Array(total) : new Float64Array(total);
  let at = 0;
  for (const p of parts) {
    (all as { set(a: ArrayLike<unknown>, o: number): void }).set(p, at);
    at += p.length;
  }
  return n.inputs.slice(m).map((pos) => {
    const idx = pos.dataSync();
    const out = kind === 'int64' ? new BigInt64Array(idx.length) : kind === 'uint64' ? new BigUint64Array(idx.length) : new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) {
      const j = idx[i];
      if (!(j >= 0 && j < total)) throw new ServingError('INVALID_ARGUMENT', `${n.op} (node '${n.name}'): position ${j} is out of range`);
      out[i] = all[j];
    }
    return makeWide(out, pos.shape);
  });
};

/** int32-carried int64 / uint64 values → wide (a While / If boundary, where every 64-bit value travels wide). */
const widen: WideKernel = (n) => {
  const x = n.inputs[0];
  if (x.dtype === 'string') return x.clone();
  return makeWide(readWideAs(x, kindOf(n, n.outTypes[0])), x.shape);
};

export const NARROW_OP = 'Narrow';
export const WIDEN_OP = 'Widen';
export const IOTA_OP = 'Iota';
export const TAKE_OP = 'Take';

export const WIDE_PLUMBING_KERNELS: Record<string, WideKernel> = { [NARROW_OP]: narrow, [WIDEN_OP]: widen, [IOTA_OP]: iota, [TAKE_OP]: take };
