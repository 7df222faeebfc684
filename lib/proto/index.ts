// The project's protobuf schemas (TensorFlow core + TF Serving apis) as one protobufjs Root. The .proto files
// under lib/proto are the source, written by us with TensorFlow's field numbers (see FORMATS.md);
// scripts/compile-proto-schemas.ts compiles them into schemas.json, which is what loads here: no .proto
// parsing at start-up (~40 ms of a cold start) and only protobufjs's light build (no parser) in the bundles.
// protobufjs decodes binary protos with this Root and lib/proto/text-format.ts parses text protos with it.
import protobuf from 'protobufjs/light.js';
import SCHEMAS from './schemas.json' with { type: 'json' };

export { protobuf };
export type { Long } from 'protobufjs';

let root: protobuf.Root | undefined;

/** The Root holding every schema under lib/proto, built once per process. */
export function protoRoot(): protobuf.Root {
  if (root) return root;
  const r = protobuf.Root.fromJSON(SCHEMAS as protobuf.INamespace);
  r.resolveAll();
  root = r;
  return r;
}

/** Looks up a message type by its full name, e.g. "tensorflow.SavedModel". */
export function protoType(fullName: string): protobuf.Type {
  return protoRoot().lookupType(fullName);
}

/** Looks up an enum by its full name, e.g. "tensorflow.DataType". */
export function protoEnum(fullName: string): protobuf.Enum {
  return protoRoot().lookupEnum(fullName);
}

export { parseTextProto, type TextParseOptions } from './text-format.ts';
