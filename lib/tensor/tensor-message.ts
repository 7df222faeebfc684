// The plain objects protobufjs decodes tensorflow.TensorProto and TensorShapeProto into (tensor.proto,
// tensor_shape.proto field names kept verbatim), and the shape they describe.
import { type Int64Like, toSafeNumber } from './int64-field.ts';

export interface TensorShapeMessage {
  dim?: { size?: Int64Like; name?: string }[];
  unknown_rank?: boolean;
}

export interface TensorMessage {
  dtype?: number;
  tensor_shape?: TensorShapeMessage;
  tensor_content?: Uint8Array;
  half_val?: number[];
  float_val?: number[];
  double_val?: number[];
  int_val?: number[];
  string_val?: Uint8Array[];
  int64_val?: Int64Like[];
  bool_val?: boolean[];
  uint32_val?: number[];
  uint64_val?: Int64Like[];
}

/** Dims with -1 for unknown, [] for a scalar, null for unknown rank (or no shape recorded). */
export function shapeDims(shape: TensorShapeMessage | undefined | null): number[] | null {
  if (!shape || shape.unknown_rank) return null;
  // Proto3: a Dim with no size has size 0 (FORMATS.md "Proto3 trap").
  return (shape.dim ?? []).map((d) => toSafeNumber(d.size ?? 0, 'tensor shape dimension'));
}
