// Round trips against TensorFlow's own text printer. The .pbtxt/.pb pairs in test/fixtures/pbtxt are written
// by scripts/make_pbtxt_fixture.py (text_format.MessageToString of the binary next to it); no Python here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { protoType } from '../../lib/proto/index.ts';
import { parseTextProto } from '../../lib/proto/text-format.ts';

const fixture = (name: string) => new URL(`../fixtures/pbtxt/${name}`, import.meta.url);
// Compared as plain objects: maps are unordered, and TF's C++ writer orders map entries differently
// from the sorted order that Python's text printer uses.
const PLAIN = { longs: String, bytes: String, enums: String, oneofs: true } as const;

describe.each([
  ['half_plus_two', 'tensorflow.SavedModel'],
  ['tensors', 'tensorflow.GraphDef'],
])('text format of %s (%s)', (name, typeName) => {
  const type = protoType(typeName);
  const text = readFileSync(fixture(`${name}.pbtxt`), 'utf8');
  const binary = readFileSync(fixture(`${name}.pb`));

  it('parses to the same message as the binary form decodes to', () => {
    const parsed = parseTextProto(type, text, { fileName: `${name}.pbtxt` });
    const decoded = type.decode(binary);
    expect(type.toObject(parsed, PLAIN)).toEqual(type.toObject(decoded, PLAIN));
    expect(parsed).toEqual(decoded);
  });
});

describe('text format of tensors', () => {
  const type = protoType('tensorflow.GraphDef');
  const parsed = parseTextProto(type, readFileSync(fixture('tensors.pbtxt'), 'utf8')) as any;
  const node = (n: string) => parsed.node.find((x: any) => x.name === n);

  it('re-encodes to the exact bytes Python serialized (field order and map order agree here)', () => {
    expect(Buffer.from(type.encode(parsed).finish()).equals(readFileSync(fixture('tensors.pb')))).toBe(true);
  });

  it('turns octal-escaped tensor_content into the raw little-endian bytes', () => {
    const content: Uint8Array = node('f32').attr.value.tensor.tensor_content;
    const floats = new Float32Array(content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength));
    expect([...floats]).toEqual([0, 1, 2, 3, 4, 5].map((v) => Math.fround(v / 7)));
  });

  it('reads nan, inf and int64 extremes', () => {
    const t = node('attrs').attr.vals.tensor;
    expect(t.float_val.slice(0, 3)).toEqual([NaN, Infinity, -Infinity]);
    expect(t.int64_val.map(String)).toEqual(['-9223372036854775808', '9223372036854775807']);
    expect(node('attrs').experimental_type.type_id).toBe(3); // TFT_PRODUCT, written by name
  });
});
