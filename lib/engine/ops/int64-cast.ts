// Exact Cast to and from int64 / uint64 / float64 (TF's CastOp: C++ static_cast per element, so
// int64 → int32 / uint64 / int8… wraps as TF does; int64 → float32 and → float64 round once to nearest
// even; → half / bfloat16 go through float32 as Eigen does). A float → integer cast of NaN or of a value
// outside the target range is undefined in C++; here it is INVALID_ARGUMENT, never a silent wrap.
import * as tf from '@tensorflow/tfjs-core';
import { ServingError } from '../../errors/index.ts';
import { roundToBfloat16, roundToHalf } from './float16.ts';
import { DT_BFLOAT16, DT_BOOL, DT_DOUBLE, DT_FLOAT, DT_HALF, boolTensor, type WideKernel, type WideNode } from './int64-kernel.ts';
import { makeWide, readWideAs, WIDE_DTYPES } from './int64-tensors.ts';

/** Narrow integer dtypes tfjs carries as int32, with their bit width and signedness. */
const SMALL_INTS: Record<number, [bits: number, signed: boolean]> = { 3: [32, true], 4: [8, false], 5: [16, true], 6: [8, true], 17: [16, false] };

/** int64 → float32 rounded once (Number(bigint) then fround would round twice above 2^53). */
export function bigintToFloat32(v: bigint): number {
  const neg = v < 0n;
  const a = neg ? -v : v;
  if (a < 2n ** 53n) return Math.fround(Number(v));
  const shift = a.toString(2).length - 24;
  let q = a >> BigInt(shift);
  const rest = a - (q << BigInt(shift));
  const half = 1n << BigInt(shift - 1);
  if (rest > half || (rest === half && (q & 1n) === 1n)) q++;
  const out = Number(q) * 2 ** shift;
  return Math.fround(neg ? -out : out);
}

/** Destination dtypes a Cast can produce from a 64-bit source (and accept as source into a 64-bit one). */
export function castSupports(dtype: number): boolean {
  return WIDE_DTYPES.has(dtype) || dtype in SMALL_INTS || [DT_FLOAT, DT_HALF, DT_BFLOAT16, DT_BOOL].includes(dtype);
}

function outOfRange(n: WideNode, v: number, to: string): ServingError {
  return new ServingError('INVALID_ARGUMENT', `Cast (node '${n.name}'): ${v} cannot be represented as ${to}`);
}

/** A finite float truncated toward zero, checked against [lo, hi]. */
function truncChecked(n: WideNode, v: number, lo: bigint, hi: bigint, to: string): bigint {
  if (!Number.isFinite(v)) throw outOfRange(n, v, to);
  const t = BigInt(Math.trunc(v));
  if (t < lo || t > hi) throw outOfRange(n, v, to);
  return t;
}

function readSource(n: WideNode): { values: ArrayLike<number | bigint>; isInt: boolean } {
  const x = n.inputs[0];
  const src = n.inTypes[0];
  const kind = WIDE_DTYPES.get(src);
  if (kind) return { values: readWideAs(x, kind), isInt: kind !== 'float64' };
  return { values: x.dataSync() as ArrayLike<number>, isInt: src in SMALL_INTS || src === DT_BOOL };
}

/** Cast where the source or the destination is int64 / uint64 / float64. */
export const castKernel: WideKernel = (n) => {
  const dst = n.outTypes[0];
  const shape = n.inputs[0].shape;
  const { values, isInt } = readSource(n);
  const len = values.length;
  const asBig = (i: number, lo: bigint, hi: bigint, to: string): bigint => {
    const v = values[i];
    return isInt ? BigInt(v) : truncChecked(n, v as number, lo, hi, to);
  };
  const asNumber = (i: number): number => {
    const v = values[i];
    return typeof v === 'bigint' ? Number(v) : v;
  };
  const kind = WIDE_DTYPES.get(dst);
  if (kind === 'int64' || kind === 'uint64') {
    const out = kind === 'int64' ? new BigInt64Array(len) : new BigUint64Array(len);
    const [lo, hi] = kind === 'int64' ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
    for (let i = 0; i < len; i++) out[i] = kind === 'int64' ? BigInt.asIntN(64, asBig(i, lo, hi, kind)) : BigInt.asUintN(64, asBig(i, lo, hi, kind));
    return makeWide(out, shape);
  }
  if (dst === DT_DOUBLE) return makeWide(Float64Array.from({ length: len }, (_, i) => asNumber(i)), shape);
  if (dst === DT_BOOL) {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      const v = values[i];
      out[i] = (typeof v === 'bigint' ? v !== 0n : v !== 0) ? 1 : 0; // NaN casts to true
    }
    return boolTensor(out, shape);
  }
  if (dst === DT_FLOAT || dst === DT_HALF || dst === DT_BFLOAT16) {
    const round16 = dst === DT_HALF ? roundToHalf : dst === DT_BFLOAT16 ? roundToBfloat16 : (v: number) => v;
    const out = new Float32Array(len);
    for (let i = 0; i < len; i++) {
      const v = values[i];
      out[i] = round16(typeof v === 'bigint' ? bigintToFloat32(v) : Math.fround(v));
    }
    return tf.tensor(out, [...shape], 'float32');
  }
  const small = SMALL_INTS[dst];
  if (!small) throw new ServingError('INTERNAL', `Cast (node '${n.name}'): no cast to dtype ${dst}`);
  const [bits, signed] = small;
  const [lo, hi] = signed ? [-(2n ** BigInt(bits - 1)), 2n ** BigInt(bits - 1) - 1n] : [0n, 2n ** BigInt(bits) - 1n];
  const out = new Int32Array(len);
  const to = `${signed ? 'int' : 'uint'}${bits}`;
  for (let i = 0; i < len; i++) {
    const b = asBig(i, lo, hi, to);
    out[i] = Number(signed ? BigInt.asIntN(bits, b) : BigInt.asUintN(bits, b));
  }
  return tf.tensor(out, [...shape], 'int32');
};
