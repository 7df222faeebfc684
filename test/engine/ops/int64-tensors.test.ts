// Wide tensors: 64-bit values carried through tfjs as 8-byte strings, read back exactly, and int32-carried ones.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { hostFromWide, hostValuesAs, makeWide, readWide, readWideFloat64, readWideUnsigned, wideFromHost } from '../../../lib/engine/ops/int64-tensors.ts';
import { I64_MAX, I64_MIN, P53, U64_MAX } from './wide-node.ts';

beforeAll(async () => {
  await ensureBackend('wasm');
});

describe('wide tensors', () => {
  it('carry 2^53+1, -2^63 and 2^63-1 exactly through a tfjs string tensor', () => {
    const t = makeWide(BigInt64Array.of(P53, I64_MIN, I64_MAX, -1n), [2, 2]);
    expect(t.dtype).toBe('string');
    expect(t.shape).toEqual([2, 2]);
    expect([...readWide(t)]).toEqual([P53, I64_MIN, I64_MAX, -1n]);
    t.dispose();
  });

  it('carry uint64 2^64-1 and float64 values that float32 cannot hold', () => {
    const u = makeWide(BigUint64Array.of(U64_MAX, 0n), [2]);
    const f = makeWide(Float64Array.of(0.1, 3.141592653589793, -0, Number.MAX_VALUE), [4]);
    expect([...readWideUnsigned(u)]).toEqual([U64_MAX, 0n]);
    expect([...readWideFloat64(f)]).toEqual([0.1, 3.141592653589793, -0, Number.MAX_VALUE]);
    tf.dispose([u, f]);
  });

  it('read int32 tensors that carry int64 values as well', () => {
    const t = tf.tensor([-5, 2147483647], [2], 'int32');
    expect([...readWide(t)]).toEqual([-5n, 2147483647n]);
    expect([...readWideUnsigned(tf.tensor([7], [1], 'int32'))]).toEqual([7n]);
    t.dispose();
  });

  it('refuse a numeric tensor of another dtype instead of guessing', () => {
    const t = tf.tensor([1.5], [1], 'float32');
    expect(() => readWide(t)).toThrow(/int64 tensor arrived as a tfjs float32 tensor/);
    t.dispose();
  });

  it('convert host tensors both ways, failing on values outside the target range', () => {
    const host = { dtype: 'DT_INT64' as const, shape: [2], data: BigInt64Array.of(P53, -1n) };
    const t = wideFromHost(host, 'int64', 'input ids');
    expect(hostFromWide(t, 'int64')).toEqual(host);
    t.dispose();
    expect(() => hostValuesAs(host, 'uint64', 'input ids')).toThrow('input ids: -1 does not fit uint64');
    expect([...(hostValuesAs({ dtype: 'DT_INT32', shape: [1], data: Int32Array.of(-3) }, 'float64', 'x') as Float64Array)]).toEqual([-3]);
  });
});
