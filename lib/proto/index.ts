// The project's protobuf schemas (TensorFlow core + TF Serving apis) as one protobufjs Root. The .proto files
// under lib/proto are the source, written by us with TensorFlow's field numbers (see FORMATS.md);
// scripts/compile-proto-schemas.ts compiles them into schemas.json, which is what loads here: no .proto
// parsing at start-up (~40 ms of a cold start) and only protobufjs's light build (no parser) in the bundles.
// protobufjs decodes binary protos with this Root and lib/proto/text-format.ts parses text protos with it.
// Nothing is built at import: the Root on first use, without protobufjs's eager `resolveAll` (each type resolves
// its fields when protobufjs first sets up its codec, `Type.setup`), and enums straight from the descriptor, so
// a process that only needs DataType names (the api function's predict path) never builds the Root (~25 ms).
import protobuf from 'protobufjs/light.js';
import SCHEMAS from './schemas.json' with { type: 'json' };

export { protobuf };
export type { Long } from 'protobufjs';

let root: protobuf.Root | undefined;

/** The Root holding every schema under lib/proto, built once per process (types resolve on first use). */
export function protoRoot(): protobuf.Root {
  // Root.fromJSON would also call resolveAll: every field of every message, most of which a process never uses.
  if (root) return root;
  const r = new protobuf.Root();
  r.addJSON((SCHEMAS as protobuf.INamespace).nested ?? {});
  root = r;
  return r;
}

/** Looks up a message type by its full name, e.g. "tensorflow.SavedModel". */
export function protoType(fullName: string): protobuf.Type {
  return protoRoot().lookupType(fullName);
}

const enums = new Map<string, protobuf.Enum>();

/**
 * An enum by its full name, e.g. "tensorflow.DataType", read from the descriptor without building the Root
 * (its `values` and `valuesById` are what callers use; it is not the Root's own instance).
 */
export function protoEnum(fullName: string): protobuf.Enum {
  let found = enums.get(fullName);
  if (!found) {
    let at: protobuf.AnyNestedObject | undefined = { nested: (SCHEMAS as protobuf.INamespace).nested };
    for (const part of fullName.split('.')) at = (at as protobuf.INamespace | undefined)?.nested?.[part];
    if (!at || !('values' in at)) throw new Error(`no such Enum '${fullName}' in lib/proto/schemas.json`);
    found = protobuf.Enum.fromJSON(fullName, at as protobuf.IEnum);
    enums.set(fullName, found);
  }
  return found;
}

export { parseTextProto, type TextParseOptions } from './text-format.ts';
