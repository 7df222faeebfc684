// DataType enum numbers ⇄ names ("DT_FLOAT"), from tensorflow/core/framework/types.proto.
import { protoEnum } from '../proto/index.ts';

let byId: Record<number, string> | undefined;

/** "DT_FLOAT" for 1; unknown numbers print as "DT_<n>" so nothing is lost in messages. */
export function dtypeName(id: number | null | undefined): string {
  byId ??= protoEnum('tensorflow.DataType').valuesById;
  return byId[id ?? 0] ?? `DT_${id}`;
}
