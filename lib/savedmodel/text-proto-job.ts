// What a worker thread does with a big saved_model.pbtxt (saved-model-proto.ts sends it): parse the text
// format and hand back the binary encoding, which the main thread decodes in slices (chunked-decode.ts).
// Parse errors are the same ServingErrors (file:line:column) as on the main thread.
import { parseTextProto, protoType } from '../proto/index.ts';

export interface TextProtoJob {
  bytes: Uint8Array;
  fileName: string;
}

export function handleJob(job: TextProtoJob): { value: Uint8Array; transfer: ArrayBuffer[] } {
  const type = protoType('tensorflow.SavedModel');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(job.bytes);
  const message = parseTextProto(type, text, { fileName: job.fileName, allowUnknownFields: true });
  const encoded = type.encode(message).finish();
  // A small Buffer may be a view into Node's shared pool: only a buffer of its own may be moved.
  const own = encoded.byteOffset === 0 && encoded.byteLength === encoded.buffer.byteLength ? encoded : encoded.slice();
  return { value: own, transfer: [own.buffer as ArrayBuffer] };
}
