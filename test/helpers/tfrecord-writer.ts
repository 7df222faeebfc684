// A TFRecord writer for tests (warm-up files, corrupt framing). Test-only; written from the format
// (uint64 LE length, masked crc32c of it, data, masked crc32c of the data), not from the reader.
import { protoType } from '../../lib/proto/index.ts';
import { maskedCrc32c } from '../../lib/savedmodel/crc32c.ts';

/** The TFRecord file holding `records` in order. */
export function writeTFRecords(records: readonly Uint8Array[]): Uint8Array {
  const size = records.reduce((n, r) => n + 16 + r.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const r of records) {
    view.setBigUint64(at, BigInt(r.length), true);
    view.setUint32(at + 8, maskedCrc32c(out.subarray(at, at + 8)), true);
    out.set(r, at + 12);
    view.setUint32(at + 12 + r.length, maskedCrc32c(r), true);
    at += 16 + r.length;
  }
  return out;
}

/** A serialized tensorflow.serving.PredictionLog from its protobufjs object form (keepCase field names). */
export function predictionLog(object: Record<string, unknown>): Uint8Array {
  const type = protoType('tensorflow.serving.PredictionLog');
  return type.encode(type.fromObject(object)).finish();
}
