import { describe, expect, it } from 'vitest';
import { protoType } from '../../lib/proto/index.ts';
import { MAX_TEXT_NESTING, parseTextProto } from '../../lib/proto/text-format.ts';
import { parseScalars, scalarsType } from '../helpers/text-proto-schema.ts';

const parseAs = (typeName: string, text: string, options = {}): Record<string, any> =>
  parseTextProto(protoType(typeName), text, options) as unknown as Record<string, any>;

const MODELS_CONFIG = `# TF Serving --model_config_file
model_config_list {
  config {
    name: 'half_plus_two'
    base_path: "/models/half_plus_two"
    model_platform: "tensorflow"
    model_version_policy { specific { versions: 1 versions: 2 } }
    version_labels { key: 'stable' value: 1 }
    version_labels { key: 'canary' value: 2 }
  }
  config: {
    name: "resnet";  base_path: "s3://bucket/resnet", model_platform: "tensorflow"
    model_version_policy < latest < num_versions: 2 > >
    logging_config { sampling_config { sampling_rate: 0.25 } }
  }
}
`;

describe('parseTextProto', () => {
  it('reads a realistic TF Serving models.config', () => {
    const m = parseAs('tensorflow.serving.ModelServerConfig', MODELS_CONFIG, { fileName: 'models.config' });
    const [a, b] = m.model_config_list.config;
    expect(m.config).toBe('model_config_list');
    expect(a.name).toBe('half_plus_two');
    expect(a.base_path).toBe('/models/half_plus_two');
    expect(a.model_version_policy.policy_choice).toBe('specific');
    expect(a.model_version_policy.specific.versions.map(String)).toEqual(['1', '2']);
    expect(Object.fromEntries(Object.entries(a.version_labels).map(([k, v]) => [k, String(v)]))).toEqual({ stable: '1', canary: '2' });
    expect(b.model_version_policy.latest.num_versions).toBe(2);
    expect(b.logging_config.sampling_config.sampling_rate).toBe(0.25);
  });

  it('accepts `f { }`, `f < >` and `f: { }` for messages', () => {
    for (const text of ['child { i32: 1 }', 'child < i32: 1 >', 'child: { i32: 1 }', 'child: < i32: 1 >']) {
      expect(parseScalars(text).child.i32).toBe(1);
    }
  });

  it('keeps repeated values in order across repeated lines and [a, b] lists', () => {
    const m = parseScalars('ri64: 1 ri64: [2, 3] ri64: 4 ri64: [] rs: ["a", \'b\'] children [{ i32: 1 }, < i32: 2 >] children: { i32: 3 }');
    expect(m.ri64.map(String)).toEqual(['1', '2', '3', '4']);
    expect(m.rs).toEqual(['a', 'b']);
    expect(m.children.map((c: any) => c.i32)).toEqual([1, 2, 3]);
  });

  it('accepts optional "," and ";" separators and # comments anywhere', () => {
    const m = parseScalars('i32: 1, # one\n s: "x"; child { i32: 2; }, # end\n');
    expect([m.i32, m.s, m.child.i32]).toEqual([1, 'x', 2]);
  });

  it('reads maps as repeated key/value entries, in list syntax too; a repeated key keeps the last value', () => {
    const m = parseScalars(`by_id { key: 9007199254740993 value: "big" }
      by_id: [{ key: -1 value: "neg" }, { value: "zero" }]
      by_flag { key: true value: 1 } by_flag { key: true value: 2 }
      nested { key: "n" value { i32: 5 } } nested { key: "empty" }
      colors { key: 4 value: BLUE }`);
    expect(Object.keys(m.nested).sort()).toEqual(['empty', 'n']);
    expect(m.nested.n.i32).toBe(5);
    expect(m.by_flag).toEqual({ true: 2 });
    expect(m.colors).toEqual({ 4: 2 });
    // int64 keys take protobufjs's longToHash form, exactly as binary decode produces them.
    const decoded = scalarsType().decode(scalarsType().encode(m as any).finish());
    expect(m).toEqual(decoded);
    expect(Object.values(m.by_id).sort()).toEqual(['big', 'neg', 'zero']);
  });

  it('reads a oneof member and rejects a second one', () => {
    expect(parseScalars('name: "x"').pick).toBe('name');
    expect(() => parseScalars('name: "x" number: 2')).toThrow(
      'Field "number" is specified along with field "name", another member of oneof "pick" of message type "t.Scalars"',
    );
    const spec = parseAs('tensorflow.serving.ModelSpec', 'name: "m" version { value: 3 }');
    expect([spec.version_choice, String(spec.version.value)]).toEqual(['version', '3']);
    expect(() => parseAs('tensorflow.serving.ModelSpec', 'version_label: "a" version { value: 3 }')).toThrow('another member of oneof "version_choice"');
  });

  it('rejects a non-repeated field given twice, or given a list', () => {
    expect(() => parseScalars('i32: 1\ni32: 2')).toThrow('<text>:2:1: Non-repeated field "i32" is specified multiple times');
    expect(() => parseScalars('child {} child {}')).toThrow('Non-repeated field "child" is specified multiple times');
    expect(() => parseScalars('i32: [1]')).toThrow('Non-repeated field "i32" cannot use the list syntax');
  });

  it('expands [type.googleapis.com/…] inside an Any to type_url plus the binary encoding', () => {
    const m = parseAs('tensorflow.serving.ModelServerConfig', `custom_model_config {
      [type.googleapis.com/tensorflow.serving.ModelConfigList] { config { name: "x" } }
    }`);
    const any = m.custom_model_config;
    expect(any.type_url).toBe('type.googleapis.com/tensorflow.serving.ModelConfigList');
    const inner = protoType('tensorflow.serving.ModelConfigList').decode(any.value) as any;
    expect(inner.config[0].name).toBe('x');
  });

  it('rejects an Any of an unknown type, or skips it when unknown fields are allowed', () => {
    const text = 'custom_model_config { [type.googleapis.com/no.Such] { a: 1 } }';
    expect(() => parseAs('tensorflow.serving.ModelServerConfig', text)).toThrow('Any expansion of unknown type "no.Such"');
    const m = parseAs('tensorflow.serving.ModelServerConfig', text, { allowUnknownFields: true });
    expect(m.custom_model_config.type_url).toBe('');
  });

  it('rejects an unknown field, naming it and the message type', () => {
    expect(() => parseAs('tensorflow.serving.ModelConfig', 'name: "a"\n  nmae: "b"', { fileName: 'models.config' })).toThrow(
      'models.config:2:3: Message type "tensorflow.serving.ModelConfig" has no field named "nmae" (line 2, column 3)',
    );
    expect(() => parseScalars('[ext.field]: 1')).toThrow('Extension "[ext.field]" is not supported in message type "t.Scalars"');
    expect(() => parseScalars('[type.googleapis.com/t.Scalars] { }')).toThrow('only allowed in google.protobuf.Any');
  });

  it('skips unknown fields of any shape when allowed, and reserved names always', () => {
    const text = `u1: 5 u2: -inf u3: "a" 'b' u4 { x: 1 y { z: [1, 2] } [a.b] { } } u5: [1, 2] u6 [{ a: 1 }, { }]
      old_name: 3 i32: 7`;
    expect(parseScalars(text, { allowUnknownFields: true }).i32).toBe(7);
    expect(parseScalars('old_name { a: 1 } i32: 7').i32).toBe(7);
  });

  it.each([
    ['a missing closing brace', 'child {\n  i32: 1\n', '<text>:3:1: Expected "}" but found end of input (line 3, column 1)'],
    ['a mismatched closer', 'child { i32: 1 >', '1:16: Expected "}" but found ">"'],
    ['a stray closer', 'i32: 1 }', '1:8: Expected field name but found "}"'],
    ['a scalar without a colon', 'i32 1', '1:5: Expected ":" but found "1"'],
    ['a message field without a body', 'child: 5', '1:8: Expected "{" or "<" but found "5"'],
    ['a number where a name belongs', '5: 1', '1:1: Expected field name but found "5"'],
    ['an unclosed list', 'ri64: [1, 2', '1:12: Expected "]" but found end of input'],
  ])('reports %s with line and column', (_scenario, text, message) => {
    expect(() => parseScalars(text)).toThrow(message);
  });

  it('throws ServingError INVALID_ARGUMENT', () => {
    expect(() => parseScalars('i32: x')).toThrowError(expect.objectContaining({ name: 'ServingError', code: 'INVALID_ARGUMENT' }));
  });

  it('caps nesting at MAX_TEXT_NESTING levels with a clear error instead of overflowing the stack', () => {
    const nest = (n: number) => 'child { '.repeat(n) + '}'.repeat(n);
    expect(parseScalars(nest(MAX_TEXT_NESTING)).child.child).toBeDefined();
    expect(() => parseScalars(nest(MAX_TEXT_NESTING + 1))).toThrow(`Message nesting is deeper than ${MAX_TEXT_NESTING} levels`);
    expect(() => parseScalars('child { '.repeat(200_000))).toThrow('Message nesting is deeper than 100 levels');
    expect(() => parseScalars('u { '.repeat(200_000), { allowUnknownFields: true })).toThrow('Message nesting is deeper than 100 levels');
  });

  it('rejects unknown option keys', () => {
    expect(() => parseTextProto(scalarsType(), '', { allowUnknown: true } as never)).toThrow('Unknown parseTextProto option "allowUnknown"');
  });

  it('returns a message of the type, with enums as numbers and bytes as Uint8Array', () => {
    const t = parseAs('tensorflow.TensorProto', 'dtype: DT_STRING string_val: "\\377" tensor_shape { dim { size: -1 } }');
    expect(t).toBeInstanceOf(protoType('tensorflow.TensorProto').ctor);
    expect(t.dtype).toBe(7);
    expect(t.string_val[0]).toBeInstanceOf(Uint8Array);
    expect([...t.string_val[0]]).toEqual([255]);
    expect(String(t.tensor_shape.dim[0].size)).toBe('-1');
  });
});
