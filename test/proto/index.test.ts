// lib/proto/index.ts: enums come from the descriptor without a Root, and the Root, built without protobufjs's eager
// resolveAll, resolves each type when it is first used and decodes like a fully resolved one.
import { describe, expect, it } from 'vitest';
import { protobuf, protoEnum, protoRoot, protoType } from '../../lib/proto/index.ts';

describe('protoEnum', () => {
  it('reads DataType from the descriptor: names to numbers and back', () => {
    const dataType = protoEnum('tensorflow.DataType');
    expect(dataType.values.DT_FLOAT).toBe(1);
    expect(dataType.values.DT_STRING).toBe(7);
    expect(dataType.valuesById[9]).toBe('DT_INT64');
  });

  it('answers every enum value the Root holds', () => {
    for (const name of ['tensorflow.DataType', 'tensorflow.error.Code']) {
      expect(protoEnum(name).values).toEqual(protoRoot().lookupEnum(name).values);
    }
  });

  it('returns the same instance on each call', () => {
    expect(protoEnum('tensorflow.DataType')).toBe(protoEnum('tensorflow.DataType'));
  });

  it.each([
    ['a name that is not there', 'tensorflow.NoSuchEnum'],
    ['a message, not an enum', 'tensorflow.TensorProto'],
  ])('refuses %s', (_scenario, name) => {
    expect(() => protoEnum(name)).toThrow(`no such Enum '${name}'`);
  });
});

describe('protoRoot', () => {
  it('round-trips a message whose fields name other messages and enums (resolved on first use)', () => {
    const type = protoType('tensorflow.TensorProto');
    const bytes = type.encode(type.fromObject({ dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: 2 }] }, float_val: [1.5, -2] })).finish();
    const back = type.toObject(type.decode(bytes), { enums: String, longs: String });
    expect(back).toEqual({ dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: '2' }] }, float_val: [1.5, -2] });
    expect(type.fields.tensor_shape.resolvedType).toBeInstanceOf(protobuf.Type);
  });
});
