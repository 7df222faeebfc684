// Decodes ClassificationRequest, RegressionRequest and MultiInferenceRequest with their `input` (field 2) read
// as tensorflow.serving.internal.SerializedInput, so every tf.Example reaches the model as the exact bytes the
// client sent, never decoded and re-encoded (TF Serving does the same in util.cc InputToSerializedExampleTensor).
import { protobuf, protoType } from '../proto/index.ts';
import type { ExamplesRequest, InferenceTaskMessage, ModelSpecMessage, MultiInferenceRequest, SerializedInputMessage } from './request-messages.ts';

const WIRE_LENGTH_DELIMITED = 2;

/**
 * The length-delimited top-level fields of a message, by field number. A field that occurs several times keeps
 * every occurrence: for a message-typed field, decoding their concatenation is protobuf's merge.
 */
export function lengthDelimitedFields(bytes: Uint8Array): Map<number, Uint8Array[]> {
  const reader = protobuf.Reader.create(bytes);
  const out = new Map<number, Uint8Array[]>();
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 0) throw new Error('invalid tag 0');
    if (wire !== WIRE_LENGTH_DELIMITED) {
      reader.skipType(wire);
      continue;
    }
    const chunk = reader.bytes();
    const list = out.get(field);
    if (list) list.push(chunk);
    else out.set(field, [chunk]);
  }
  return out;
}

function concat(chunks: Uint8Array[] | undefined): Uint8Array {
  if (!chunks || chunks.length === 0) return new Uint8Array(0);
  if (chunks.length === 1) return chunks[0];
  return Buffer.concat(chunks);
}

function decodeAs<T>(typeName: string, bytes: Uint8Array): T {
  return protoType(typeName).decode(bytes) as unknown as T;
}

/** `model_spec` (field 1) and `input` (field 2) of a ClassificationRequest or RegressionRequest. */
export function decodeExamplesRequest(bytes: Uint8Array): ExamplesRequest {
  const fields = lengthDelimitedFields(bytes);
  const spec = fields.get(1);
  return {
    model_spec: spec ? decodeAs<ModelSpecMessage>('tensorflow.serving.ModelSpec', concat(spec)) : null,
    input: decodeAs<SerializedInputMessage>('tensorflow.serving.internal.SerializedInput', concat(fields.get(2))),
  };
}

/** `tasks` (field 1, repeated) and `input` (field 2) of a MultiInferenceRequest. */
export function decodeMultiInferenceRequest(bytes: Uint8Array): MultiInferenceRequest {
  const fields = lengthDelimitedFields(bytes);
  return {
    tasks: (fields.get(1) ?? []).map((t) => decodeAs<InferenceTaskMessage>('tensorflow.serving.InferenceTask', t)),
    input: decodeAs<SerializedInputMessage>('tensorflow.serving.internal.SerializedInput', concat(fields.get(2))),
  };
}
