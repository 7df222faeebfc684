// Constants of dtypes TensorFlow.js lacks, in the form the dtype pass (dtype-pass.ts) carries them:
// int64 / uint64 that all fit int32 → DT_INT32; other int64 / uint64 / float64 → DT_STRING of 8-byte
// little-endian values (ops/int64-tensors.ts); half / bfloat16 → DT_FLOAT (exact widening).
import { bfloat16ToNumber, halfToNumber, type HostTensor } from '../../tensor/index.ts';

/** The tfjs-ready form of a constant the dtype pass rewrites; undefined when it needs none. */
export function weightForm(w: HostTensor): HostTensor | undefined {
  const { shape } = w;
  switch (w.dtype) {
    case 'DT_HALF': case 'DT_BFLOAT16': {
      const decode = w.dtype === 'DT_HALF' ? halfToNumber : bfloat16ToNumber;
      return { dtype: 'DT_FLOAT', shape, data: Float32Array.from(w.data as Uint16Array, decode) };
    }
    case 'DT_INT64': case 'DT_UINT64': {
      const v = w.data as BigInt64Array | BigUint64Array;
      if (v.every((x) => x >= -(2n ** 31n) && x < 2n ** 31n)) return { dtype: 'DT_INT32', shape, data: Int32Array.from(v, (x) => Number(x)) };
      return { dtype: 'DT_STRING', shape, data: eightBytes(v) };
    }
    case 'DT_DOUBLE':
      return { dtype: 'DT_STRING', shape, data: eightBytes(w.data as Float64Array) };
    default:
      return undefined;
  }
}

function eightBytes(v: BigInt64Array | BigUint64Array | Float64Array): Uint8Array[] {
  const bytes = new Uint8Array(v.length * 8);
  bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.length * 8));
  return Array.from({ length: v.length }, (_, i) => bytes.subarray(i * 8, i * 8 + 8));
}
