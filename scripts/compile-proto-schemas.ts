// Compiles the .proto schemas under lib/proto into lib/proto/schemas.json (protobufjs's JSON descriptor form,
// `Root.toJSON()`), which lib/proto/index.ts loads with `Root.fromJSON`: no .proto parsing at start-up and no
// protobufjs parser in the bundles. test/proto/schemas-fresh.test.ts fails when the JSON is stale.
// usage: node --import tsx scripts/compile-proto-schemas.ts        (rewrites lib/proto/schemas.json)
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

export const PROTO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'proto');
export const SCHEMAS_JSON = join(PROTO_DIR, 'schemas.json');

function listProtoFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listProtoFiles(full));
    else if (entry.endsWith('.proto')) out.push(relative(PROTO_DIR, full));
  }
  return out.sort();
}

/** The JSON text of every schema under lib/proto (field names as written: keepCase). */
export function compileProtoSchemas(): string {
  const root = new protobuf.Root();
  // Imports are written TensorFlow-style ("tensorflow/core/framework/tensor.proto"), relative to lib/proto;
  // google/protobuf/*.proto come from protobufjs's bundled common types.
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') || target.startsWith('/') ? target : join(PROTO_DIR, target));
  root.loadSync(listProtoFiles(PROTO_DIR), { keepCase: true });
  root.resolveAll();
  return `${JSON.stringify(root.toJSON())}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = compileProtoSchemas();
  writeFileSync(SCHEMAS_JSON, text);
  console.log(`${relative(process.cwd(), SCHEMAS_JSON)}: ${text.length} bytes`);
}
