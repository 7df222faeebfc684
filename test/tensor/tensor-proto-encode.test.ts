// HostTensor → TensorProto → wire → TensorProto → HostTensor (lib/engine's decodeTensorProto), every dtype, both layouts.
import { describe, expect, it } from 'vitest';
import { decodeTensorProto, type HostTensor } from '../../lib/engine/index.ts';
import { encodeTensorProto, type TensorEncoding } from '../../lib/tensor/index.ts';
import { protoType } from '../../lib/proto/index.ts';
import type { TensorMessage } from '../../lib/tensor/index.ts';

const TENSOR = protoType('tensorflow.TensorProto');
const wire = (t: TensorMessage) => TENSOR.decode(TENSOR.encode(t).finish()) as unknown as TensorMessage;
const utf8 = (s: string) => new TextEncoder().encode(s);

const CASES: [string, HostTensor][] = [
  ['float with -0, NaN and Infinity', { dtype: 'DT_FLOAT', shape: [2, 2], data: Float32Array.of(1.5, -0, NaN, -Infinity) }],
  ['double', { dtype: 'DT_DOUBLE', shape: [3], data: Float64Array.of(0.1, 1e300, -2) }],
  ['half bit patterns', { dtype: 'DT_HALF', shape: [2], data: Uint16Array.of(0x3c00, 0xc500) }],
  ['bfloat16 bit patterns', { dtype: 'DT_BFLOAT16', shape: [2], data: Uint16Array.of(0x3f80, 0xff80) }],
  ['int8', { dtype: 'DT_INT8', shape: [3], data: Int8Array.of(-128, 0, 127) }],
  ['int16', { dtype: 'DT_INT16', shape: [2], data: Int16Array.of(-32768, 32767) }],
  ['int32', { dtype: 'DT_INT32', shape: [1, 2], data: Int32Array.of(-(2 ** 31), 2 ** 31 - 1) }],
  ['int64 beyond 2^53', { dtype: 'DT_INT64', shape: [3], data: BigInt64Array.of(-(2n ** 63n), 2n ** 53n + 1n, 2n ** 63n - 1n) }],
  ['uint8', { dtype: 'DT_UINT8', shape: [2], data: Uint8Array.of(0, 255) }],
  ['uint16', { dtype: 'DT_UINT16', shape: [2], data: Uint16Array.of(0, 65535) }],
  ['uint32', { dtype: 'DT_UINT32', shape: [2], data: Uint32Array.of(0, 2 ** 32 - 1) }],
  ['uint64 above 2^63', { dtype: 'DT_UINT64', shape: [2], data: BigUint64Array.of(2n ** 64n - 1n, 2n ** 63n + 5n) }],
  ['bool', { dtype: 'DT_BOOL', shape: [3], data: Uint8Array.of(1, 0, 1) }],
  ['strings with raw bytes', { dtype: 'DT_STRING', shape: [3], data: [utf8('héllo'), Uint8Array.of(0, 255, 254), new Uint8Array(0)] }],
  ['a scalar', { dtype: 'DT_FLOAT', shape: [], data: Float32Array.of(7) }],
  ['an empty tensor', { dtype: 'DT_INT32', shape: [0, 3], data: new Int32Array(0) }],
];

describe.each(['content', 'field'] as TensorEncoding[])('encodeTensorProto (%s)', (encoding) => {
  it.each(CASES)('round-trips %s exactly', (_scenario, t) => {
    const back = decodeTensorProto(wire(encodeTensorProto(t, encoding)), 'test');
    expect(back.dtype).toBe(t.dtype);
    expect(back.shape).toEqual(t.shape);
    if (t.dtype === 'DT_STRING') expect((back.data as Uint8Array[]).map((b) => Array.from(b))).toEqual((t.data as Uint8Array[]).map((b) => Array.from(b)));
    else expect(Array.from(back.data as ArrayLike<unknown>)).toEqual(Array.from(t.data as ArrayLike<unknown>));
  });
});

describe('encodeTensorProto layouts', () => {
  const y: HostTensor = { dtype: 'DT_FLOAT', shape: [2], data: Float32Array.of(2.5, 3) };

  it('packs numbers little-endian into tensor_content by default', () => {
    const p = encodeTensorProto(y);
    expect(p).toMatchObject({ dtype: 1, tensor_shape: { dim: [{ size: 2 }] } });
    expect(Buffer.from(p.tensor_content!).toString('hex')).toBe('0000204000004040');
    expect(p.float_val).toBeUndefined();
  });

  it("writes the typed field with 'field' (Tensor::AsProtoField)", () => {
    const p = wire(encodeTensorProto(y, 'field'));
    expect(p.float_val).toEqual([2.5, 3]);
    expect(p.tensor_content?.length ?? 0).toBe(0);
  });

  it('writes int64 into int64_val exactly', () => {
    const p = wire(encodeTensorProto({ dtype: 'DT_INT64', shape: [1], data: BigInt64Array.of(-(2n ** 62n) - 3n) }, 'field'));
    expect(p.int64_val!.map(String)).toEqual(['-4611686018427387907']);
  });

  it.each(['content', 'field'] as TensorEncoding[])('keeps strings in string_val and half in half_val (%s)', (encoding) => {
    expect(encodeTensorProto({ dtype: 'DT_STRING', shape: [1], data: [utf8('a')] }, encoding).string_val).toEqual([utf8('a')]);
    expect(Array.from(encodeTensorProto({ dtype: 'DT_HALF', shape: [1], data: Uint16Array.of(0x3c00) }, encoding).half_val!)).toEqual([0x3c00]);
  });
});
