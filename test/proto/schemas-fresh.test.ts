// lib/proto/schemas.json is compiled from the .proto files by scripts/compile-proto-schemas.ts: it must match
// them, and the Root built from it must hold everything the parsed .proto files do.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { protoRoot, protoType } from '../../lib/proto/index.ts';
import { compileProtoSchemas, SCHEMAS_JSON } from '../../scripts/compile-proto-schemas.ts';

describe('compiled proto schemas', () => {
  it('match the .proto files (run `node --import tsx scripts/compile-proto-schemas.ts` after editing one)', () => {
    expect(readFileSync(SCHEMAS_JSON, 'utf8')).toBe(compileProtoSchemas());
  });

  it('load into a Root that describes the same schemas as the parsed .proto files', () => {
    expect(`${JSON.stringify(protoRoot().toJSON())}\n`).toBe(compileProtoSchemas());
  });

  it('keep field names as written and decode a TensorProto from TensorFlow bytes', () => {
    // tf.make_tensor_proto([1.5], dtype=tf.float32).SerializeToString(): dtype=1, tensor_shape{dim{size 1}}, float_val packed
    const bytes = Uint8Array.from([0x08, 0x01, 0x12, 0x04, 0x12, 0x02, 0x08, 0x01, 0x2a, 0x04, 0x00, 0x00, 0xc0, 0x3f]);
    const msg = protoType('tensorflow.TensorProto').toObject(protoType('tensorflow.TensorProto').decode(bytes), { enums: String, longs: String });
    expect(msg).toEqual({ dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: '1' }] }, float_val: [1.5] });
  });
});
