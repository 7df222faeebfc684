// DataType enum numbers ⇄ names ("DT_FLOAT"), from tensorflow/core/framework/types.proto, and the short
// names TensorFlow's messages print.
import { protoEnum } from '../proto/index.ts';

let byId: Record<number, string> | undefined;

/** "DT_FLOAT" for 1; unknown numbers print as "DT_<n>" so nothing is lost in messages. */
export function dtypeName(id: number | null | undefined): string {
  byId ??= protoEnum('tensorflow.DataType').valuesById;
  return byId[id ?? 0] ?? `DT_${id}`;
}

let byName: Record<string, number> | undefined;

/** DataType enum number of a dtype name ("DT_FLOAT" → 1). */
export function dtypeNumber(dtype: string): number {
  byName ??= protoEnum('tensorflow.DataType').values;
  return byName[dtype];
}

/** TensorFlow's DataTypeString: "float" for DT_FLOAT, "int64" for DT_INT64 (types.cc). */
export function dataTypeString(dtype: string): string {
  return dtype.replace(/^DT_/, '').toLowerCase();
}
