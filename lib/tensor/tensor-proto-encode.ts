// HostTensor → tensorflow.TensorProto (the plain object protobufjs encodes). The inverse, TensorProto →
// HostTensor, is tensor-proto-decode.ts. Two layouts, as TensorFlow's Tensor has:
// - 'content' (default): numeric values packed little-endian in tensor_content, like Tensor::AsProtoTensorContent
//   (TF Serving with --enable_serialization_as_tensor_content); DT_HALF/DT_BFLOAT16 go in half_val.
// - 'field': the typed *_val fields, like Tensor::AsProtoField (TF Serving's default).
// Strings are always string_val (raw bytes); int64/uint64 are written exactly (never through a double).
import { dtypeNumber } from './dtype-name.ts';
import type { HostTensor } from './host-tensor.ts';
import type { TensorMessage } from './tensor-message.ts';

export type TensorEncoding = 'content' | 'field';

export const TENSOR_ENCODINGS: readonly TensorEncoding[] = ['content', 'field'];

/** Little-endian bytes of a typed array, without copying (Node runs on little-endian hosts only). */
function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** int64/uint64 as decimal strings of their 64 bits (protobufjs takes strings for int64 fields exactly). */
function int64Strings(data: BigInt64Array | BigUint64Array): string[] {
  const out = new Array<string>(data.length);
  for (let i = 0; i < data.length; i++) out[i] = BigInt.asIntN(64, data[i]).toString();
  return out;
}

/** The typed *_val field for a dtype (Tensor::AsProtoField). */
function fieldValues(t: HostTensor): Partial<TensorMessage> {
  switch (t.dtype) {
    case 'DT_FLOAT': return { float_val: t.data as unknown as number[] };
    case 'DT_DOUBLE': return { double_val: t.data as unknown as number[] };
    case 'DT_HALF': case 'DT_BFLOAT16': return { half_val: t.data as unknown as number[] };
    case 'DT_INT64': return { int64_val: int64Strings(t.data as BigInt64Array) };
    case 'DT_UINT64': return { uint64_val: int64Strings(t.data as BigUint64Array) };
    case 'DT_UINT32': return { uint32_val: t.data as unknown as number[] };
    case 'DT_BOOL': return { bool_val: Array.from(t.data as Uint8Array, (b) => b !== 0) };
    case 'DT_STRING': return { string_val: t.data as Uint8Array[] };
    default: return { int_val: t.data as unknown as number[] }; // int8/16/32, uint8/16
  }
}

/**
 * Encodes a host tensor as a TensorProto object for protobufjs.
 * @example encodeTensorProto({ dtype: 'DT_FLOAT', shape: [2], data: Float32Array.of(2.5, 3) })
 *   // { dtype: 1, tensor_shape: { dim: [{ size: 2 }] }, tensor_content: <00 00 20 40 00 00 40 40> }
 */
export function encodeTensorProto(t: HostTensor, encoding: TensorEncoding = 'content'): TensorMessage {
  const out: TensorMessage = { dtype: dtypeNumber(t.dtype), tensor_shape: { dim: t.shape.map((size) => ({ size })) } };
  const useContent = encoding === 'content' && t.dtype !== 'DT_STRING' && t.dtype !== 'DT_HALF' && t.dtype !== 'DT_BFLOAT16';
  if (useContent) {
    if (t.data.length > 0) out.tensor_content = bytesOf(t.data as ArrayBufferView);
    return out;
  }
  return Object.assign(out, fieldValues(t));
}
