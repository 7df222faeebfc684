// HostTensor ⇄ tf.Tensor. TensorFlow.js has no int64/float64/half (FORMATS.md "Open ground"). toTfTensor
// carries int64 as int32 only when every value fits, otherwise it is an error, never a silent wrap. Graph
// feeds and fetches of int64/uint64/float64 travel exactly as "wide" tensors (ops/int64-tensors.ts, made
// by graph/dtype-pass.ts); half/bfloat16 travel as float32 holding their exact values.
import * as tf from '@tensorflow/tfjs-core';
import { ServingError } from '../../errors/index.ts';
import { bfloat16ToNumber, type DType, halfToNumber, type HostTensor, numberToBfloat16, numberToHalf } from '../../tensor/index.ts';
import { hostFromWide, WIDE_DTYPES, wideFromHost, wideKindOf } from '../ops/int64-tensors.ts';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The TensorFlow.js dtype that carries a TF dtype, or undefined when none can. */
export function tfjsDtype(dtype: DType): tf.DataType | undefined {
  switch (dtype) {
    case 'DT_FLOAT': case 'DT_HALF': case 'DT_BFLOAT16': return 'float32';
    case 'DT_BOOL': return 'bool';
    case 'DT_STRING': return 'string';
    case 'DT_INT8': case 'DT_INT16': case 'DT_INT32': case 'DT_UINT8': case 'DT_UINT16': case 'DT_INT64': return 'int32';
    default: return undefined;
  }
}

function toInt32(t: HostTensor, where: string): Int32Array {
  if (t.dtype !== 'DT_INT64' && t.dtype !== 'DT_UINT32' && t.dtype !== 'DT_UINT64') return Int32Array.from(t.data as ArrayLike<number>);
  const src = t.data as BigInt64Array;
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (v < BigInt(INT32_MIN) || v > BigInt(INT32_MAX)) {
      throw new ServingError('UNIMPLEMENTED', `${where}: int64 value ${v} does not fit the portable engine's 32-bit integers`);
    }
    out[i] = Number(v);
  }
  return out;
}

/** Builds a tf.Tensor from a host tensor. */
export function toTfTensor(t: HostTensor, where: string): tf.Tensor {
  const dtype = tfjsDtype(t.dtype);
  if (!dtype) throw new ServingError('UNIMPLEMENTED', `${where}: dtype ${t.dtype} is not supported by the portable engine`);
  if (dtype === 'string') return tf.tensor(t.data as Uint8Array[], t.shape, 'string');
  if (t.dtype === 'DT_HALF' || t.dtype === 'DT_BFLOAT16') {
    const decode = t.dtype === 'DT_HALF' ? halfToNumber : bfloat16ToNumber;
    return tf.tensor(Float32Array.from(t.data as Uint16Array, decode), t.shape, 'float32');
  }
  if (dtype === 'float32') return tf.tensor(t.data as Float32Array, t.shape, 'float32');
  if (dtype === 'bool') return tf.tensor(t.data as Uint8Array, t.shape, 'bool');
  return tf.tensor(t.data instanceof Int32Array ? t.data : toInt32(t, where), t.shape, 'int32');
}

/** The tensor fed to a graph Placeholder of TF dtype `placeholderDtype` (DataType number). */
export function toFeedTensor(t: HostTensor, placeholderDtype: number, where: string): tf.Tensor {
  const kind = WIDE_DTYPES.get(placeholderDtype);
  return kind ? wideFromHost(t, kind, where) : toTfTensor(t, where);
}

/** Reads a tf.Tensor back as the TF dtype the signature declares. Strings stay raw bytes (pitfall 6). */
export function fromTfTensor(t: tf.Tensor, dtype: DType): HostTensor {
  const shape = [...t.shape];
  const kind = wideKindOf(dtype);
  if (kind) return hostFromWide(t, kind);
  if (dtype === 'DT_HALF' || dtype === 'DT_BFLOAT16') {
    const encode = dtype === 'DT_HALF' ? numberToHalf : numberToBfloat16;
    return { dtype, shape, data: Uint16Array.from(t.dataSync(), encode) };
  }
  if (t.dtype === 'string') return { dtype: 'DT_STRING', shape, data: tf.engine().readSync(t.dataId) as unknown as Uint8Array[] };
  const values = t.dataSync();
  switch (dtype) {
    case 'DT_FLOAT': return { dtype, shape, data: values instanceof Float32Array ? values : Float32Array.from(values) };
    case 'DT_INT32': return { dtype, shape, data: values instanceof Int32Array ? values : Int32Array.from(values) };
    case 'DT_BOOL': return { dtype, shape, data: Uint8Array.from(values as ArrayLike<number>) };
    case 'DT_INT8': return { dtype, shape, data: Int8Array.from(values) };
    case 'DT_INT16': return { dtype, shape, data: Int16Array.from(values) };
    case 'DT_UINT8': return { dtype, shape, data: Uint8Array.from(values) };
    case 'DT_UINT16': return { dtype, shape, data: Uint16Array.from(values) };
    default: throw new ServingError('UNIMPLEMENTED', `output dtype ${dtype} is not supported by the portable engine`);
  }
}
