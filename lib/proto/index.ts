// Loads the project's .proto schemas (TensorFlow core + TF Serving apis) into one protobufjs Root.
// The schemas are written by us with TensorFlow's field numbers (see FORMATS.md); protobufjs decodes
// binary protos with them and lib/proto/text-format.ts parses text-format protos with the same reflection.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

export { protobuf };
export type { Long } from 'protobufjs';

const PROTO_DIR = dirname(fileURLToPath(import.meta.url));

function listProtoFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listProtoFiles(full));
    else if (entry.endsWith('.proto')) out.push(relative(PROTO_DIR, full));
  }
  return out.sort();
}

let root: protobuf.Root | undefined;

/** The Root holding every schema under lib/proto, loaded once per process. */
export function protoRoot(): protobuf.Root {
  if (root) return root;
  const r = new protobuf.Root();
  // Imports are written TensorFlow-style ("tensorflow/core/framework/tensor.proto"), relative to lib/proto;
  // google/protobuf/*.proto come from protobufjs's bundled common types.
  r.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') || target.startsWith('/') ? target : join(PROTO_DIR, target));
  r.loadSync(listProtoFiles(PROTO_DIR), { keepCase: true });
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
