// How the portable engine carries 64-bit values (int64, uint64, float64) through TensorFlow.js, which has
// none (FORMATS.md "Open ground"): a "wide" tensor is a tfjs 'string' tensor of the TF shape whose elements
// are the 8 little-endian bytes of each value. Strings pass through tfjs's executor untouched, and every
// numeric tfjs kernel refuses them, so a wide value can never be narrowed or wrapped by accident.
//
// IMPORTANT for op executors that take or return int64/uint64/float64 tensors: an input may arrive wide
// (8-byte strings) or as an int32 tensor holding values that were proven to fit (see graph/dtype-pass.ts).
// Read inputs with readWide / readWideUnsigned / readWideFloat64, which accept both, and build outputs with
// makeWide. Never call dataSync() on such an input.
import * as tf from '@tensorflow/tfjs-core';
import { ServingError } from '../../errors/index.ts';
import type { DType, HostTensor } from '../../tensor/index.ts';

/** The TF dtypes (DataType enum numbers) that travel wide: DT_DOUBLE, DT_INT64, DT_UINT64. */
export const WIDE_DTYPES: ReadonlyMap<number, WideKind> = new Map([[2, 'float64'], [9, 'int64'], [23, 'uint64']]);

export type WideKind = 'int64' | 'uint64' | 'float64';
export type WideValues = BigInt64Array | BigUint64Array | Float64Array;

const HOST_DTYPE: Record<WideKind, DType> = { int64: 'DT_INT64', uint64: 'DT_UINT64', float64: 'DT_DOUBLE' };

/** The wide kind of a host dtype name, if it travels wide. */
export function wideKindOf(dtype: string): WideKind | undefined {
  return dtype === 'DT_INT64' ? 'int64' : dtype === 'DT_UINT64' ? 'uint64' : dtype === 'DT_DOUBLE' ? 'float64' : undefined;
}

/** The 8 bytes of every element of a wide (or int32) tensor, in one buffer. */
function readBytes(t: tf.Tensor, kind: WideKind): ArrayBuffer {
  const n = t.size;
  const out = new ArrayBuffer(n * 8);
  if (t.dtype === 'string') {
    const elems = tf.engine().readSync(t.dataId) as unknown as Uint8Array[];
    const bytes = new Uint8Array(out);
    for (let i = 0; i < n; i++) {
      const e = elems[i];
      if (e.length !== 8) throw new ServingError('INTERNAL', `a ${kind} tensor element has ${e.length} bytes, not 8`);
      bytes.set(e, i * 8);
    }
    return out;
  }
  if (t.dtype !== 'int32' && !(kind === 'float64' && t.dtype === 'float32')) {
    throw new ServingError('INTERNAL', `a ${kind} tensor arrived as a tfjs ${t.dtype} tensor`);
  }
  const values = t.dataSync();
  if (kind === 'float64') new Float64Array(out).set(values);
  else {
    const view = kind === 'int64' ? new BigInt64Array(out) : new BigUint64Array(out);
    for (let i = 0; i < n; i++) {
      if (kind === 'uint64' && values[i] < 0) throw new ServingError('INTERNAL', `a uint64 tensor carried as int32 holds ${values[i]}`);
      view[i] = BigInt(values[i]);
    }
  }
  return out;
}

/** int64 values of a wide tensor (or of an int32 tensor carrying int64 values that fit). */
export function readWide(t: tf.Tensor): BigInt64Array {
  return new BigInt64Array(readBytes(t, 'int64'));
}

/** uint64 values of a wide tensor (or of an int32 tensor carrying uint64 values that fit). */
export function readWideUnsigned(t: tf.Tensor): BigUint64Array {
  return new BigUint64Array(readBytes(t, 'uint64'));
}

/** float64 values of a wide tensor. */
export function readWideFloat64(t: tf.Tensor): Float64Array {
  return new Float64Array(readBytes(t, 'float64'));
}

/** Values of a wide tensor as the typed array of `kind`. */
export function readWideAs(t: tf.Tensor, kind: WideKind): WideValues {
  const b = readBytes(t, kind);
  return kind === 'int64' ? new BigInt64Array(b) : kind === 'uint64' ? new BigUint64Array(b) : new Float64Array(b);
}

/**
 * A wide tensor holding `values` (int64, uint64 or float64) with a TF shape.
 * @example const ids = makeWide(BigInt64Array.of(2n ** 53n + 1n), [1]);
 */
export function makeWide(values: WideValues, shape: readonly number[]): tf.Tensor {
  // One copy of the bytes; the elements are views into it (an ArrayBuffer per element would cost far more).
  const bytes = new Uint8Array(values.length * 8);
  bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.length * 8));
  const elems = new Array<Uint8Array>(values.length);
  for (let i = 0; i < values.length; i++) elems[i] = bytes.subarray(i * 8, i * 8 + 8);
  return tf.tensor(elems, [...shape], 'string');
}

/** A host tensor's values converted to `kind` (exact: int64 ⇄ uint64 must fit, integers → float64 round once). */
export function hostValuesAs(t: HostTensor, kind: WideKind, where: string): WideValues {
  const src = t.data as ArrayLike<number | bigint>;
  const n = src.length;
  if (kind === 'float64') return t.data instanceof Float64Array ? t.data : Float64Array.from(src as ArrayLike<number>, (v) => Number(v));
  if (kind === 'int64' && t.data instanceof BigInt64Array) return t.data;
  if (kind === 'uint64' && t.data instanceof BigUint64Array) return t.data;
  const out = kind === 'int64' ? new BigInt64Array(n) : new BigUint64Array(n);
  const [lo, hi] = kind === 'int64' ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (typeof v === 'number' && !Number.isInteger(v)) throw new ServingError('INVALID_ARGUMENT', `${where}: ${v} is not an integer`);
    const b = BigInt(v);
    if (b < lo || b > hi) throw new ServingError('INVALID_ARGUMENT', `${where}: ${b} does not fit ${kind}`);
    out[i] = b;
  }
  return out;
}

/** A host tensor as the wide tensor of the TF dtype the graph expects. */
export function wideFromHost(t: HostTensor, kind: WideKind, where: string): tf.Tensor {
  return makeWide(hostValuesAs(t, kind, where), t.shape);
}

/** A wide (or int32) tensor back as a host tensor of its TF dtype. */
export function hostFromWide(t: tf.Tensor, kind: WideKind): HostTensor {
  return { dtype: HOST_DTYPE[kind], shape: [...t.shape], data: readWideAs(t, kind) } as HostTensor;
}
