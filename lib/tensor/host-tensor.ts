// Host tensors: the engine-neutral values that lib/api builds from JSON and encodes back,
// and that every Servable takes and returns. dtypes use TensorFlow's DataType names.

/** TensorFlow dtypes a host tensor can carry (DataType enum names). */
export type DType =
  | 'DT_FLOAT'
  | 'DT_DOUBLE'
  | 'DT_HALF'
  | 'DT_BFLOAT16'
  | 'DT_INT8'
  | 'DT_INT16'
  | 'DT_INT32'
  | 'DT_INT64'
  | 'DT_UINT8'
  | 'DT_UINT16'
  | 'DT_UINT32'
  | 'DT_UINT64'
  | 'DT_BOOL'
  | 'DT_STRING';

/**
 * Element storage per dtype. IMPORTANT: int64/uint64 are 64-bit exact (BigInt64Array/BigUint64Array);
 * strings are raw bytes (never UTF-8-decoded: serialized tf.Examples are not text); bool is 0/1 bytes;
 * half and bfloat16 are their raw 16-bit patterns.
 */
export interface TensorDataByDType {
  DT_FLOAT: Float32Array;
  DT_DOUBLE: Float64Array;
  DT_HALF: Uint16Array;
  DT_BFLOAT16: Uint16Array;
  DT_INT8: Int8Array;
  DT_INT16: Int16Array;
  DT_INT32: Int32Array;
  DT_INT64: BigInt64Array;
  DT_UINT8: Uint8Array;
  DT_UINT16: Uint16Array;
  DT_UINT32: Uint32Array;
  DT_UINT64: BigUint64Array;
  DT_BOOL: Uint8Array;
  DT_STRING: Uint8Array[];
}

export type TensorData = TensorDataByDType[DType];

export type NumericDType = Exclude<DType, 'DT_STRING'>;

/** A typed-array constructor: by length, or as a view over little-endian bytes. */
export type TypedArrayCtor = {
  new (length: number): ArrayBufferView & ArrayLike<unknown>;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): ArrayBufferView & ArrayLike<unknown>;
  BYTES_PER_ELEMENT: number;
};

/** Element storage per numeric dtype (the one table; see TensorDataByDType). */
export const TYPED_ARRAY_OF: Record<NumericDType, TypedArrayCtor> = {
  DT_FLOAT: Float32Array,
  DT_DOUBLE: Float64Array,
  DT_HALF: Uint16Array,
  DT_BFLOAT16: Uint16Array,
  DT_INT8: Int8Array,
  DT_INT16: Int16Array,
  DT_INT32: Int32Array,
  DT_INT64: BigInt64Array,
  DT_UINT8: Uint8Array,
  DT_UINT16: Uint16Array,
  DT_UINT32: Uint32Array,
  DT_UINT64: BigUint64Array,
  DT_BOOL: Uint8Array,
} as unknown as Record<NumericDType, TypedArrayCtor>;

/** A dense tensor in host memory. `data.length` equals the product of `shape` (1 for a scalar, shape []). */
export interface HostTensor<D extends DType = DType> {
  dtype: D;
  shape: number[];
  data: TensorDataByDType[D];
}

/** Number of elements for a shape (1 for a scalar). */
export function numElements(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
