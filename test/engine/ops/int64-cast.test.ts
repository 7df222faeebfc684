// Cast to and from int64 / uint64 / float64 as TF's CastOp: round once to nearest even, wrap where C++'s
// static_cast wraps, and INVALID_ARGUMENT (never a wrap) for a float that no integer of the target holds.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bigintToFloat32 } from '../../../lib/engine/ops/int64-cast.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { DT, f64, i64, I64_MIN, P53, runWide, u64, U64_MAX, valuesOf } from './wide-node.ts';

beforeAll(async () => {
  await ensureBackend('wasm');
});
beforeEach(() => tf.engine().startScope());
afterEach(() => tf.engine().endScope());

const cast = (x: tf.Tensor, src: number, dst: number) => runWide('Cast', [x], [src], [dst])[0];

describe('Cast from int64', () => {
  it('to float64 rounds 2^53+1 and 2^53+3 once, to even', () => {
    expect(valuesOf(cast(i64([P53, P53 + 2n, -P53]), DT.INT64, DT.DOUBLE), 'float64')).toEqual([2 ** 53, 2 ** 53 + 4, -(2 ** 53)]);
  });

  it('to float32 rounds once (2^60 + 2^36 + 1 goes up, where double-then-float rounding would go down)', () => {
    const v = 2n ** 60n + 2n ** 36n + 1n;
    const t = cast(i64([v, 2n ** 24n + 1n, I64_MIN]), DT.INT64, DT.FLOAT);
    expect(t.dtype).toBe('float32');
    expect([...t.dataSync()]).toEqual([2 ** 60 + 2 ** 37, 2 ** 24, -(2 ** 63)]);
    expect(bigintToFloat32(v)).not.toBe(Math.fround(Number(v)));
  });

  it('to int32, uint8 and uint64 wraps as static_cast does in TF', () => {
    expect([...cast(i64([2n ** 32n + 5n, -1]), DT.INT64, DT.INT32).dataSync()]).toEqual([5, -1]);
    expect([...cast(i64([257, -1]), DT.INT64, DT.UINT8).dataSync()]).toEqual([1, 255]);
    expect(valuesOf(cast(i64([-1]), DT.INT64, DT.UINT64), 'uint64')).toEqual([U64_MAX]);
    expect(valuesOf(cast(u64([U64_MAX]), DT.UINT64, DT.INT64), 'int64')).toEqual([-1n]);
  });

  it('to bool is "not zero"', () => {
    const t = cast(i64([0, P53, I64_MIN]), DT.INT64, DT.BOOL);
    expect(t.dtype).toBe('bool');
    expect([...t.dataSync()]).toEqual([0, 1, 1]);
  });
});

describe('Cast to int64 / uint64 / float64', () => {
  it('from float64 truncates toward zero, exactly up to 2^62', () => {
    expect(valuesOf(cast(f64([-2.9, 2.9, 2 ** 62]), DT.DOUBLE, DT.INT64), 'int64')).toEqual([-2n, 2n, 2n ** 62n]);
  });

  it.each([
    ['NaN', NaN],
    ['1e19 (above int64)', 1e19],
    ['-Infinity', -Infinity],
  ])('refuses float64 %s with INVALID_ARGUMENT instead of wrapping', (_label, v) => {
    expect(() => cast(f64([v]), DT.DOUBLE, DT.INT64)).toThrow(/cannot be represented as int64/);
  });

  it('from int32 -1 to uint64 gives 2^64-1, and from float32 to int64 truncates', () => {
    expect(valuesOf(cast(tf.tensor([-1], [1], 'int32'), DT.INT32, DT.UINT64), 'uint64')).toEqual([U64_MAX]);
    expect(valuesOf(cast(tf.tensor([3.7, -3.7], [2], 'float32'), DT.FLOAT, DT.INT64), 'int64')).toEqual([3n, -3n]);
  });

  it('float64 to float32 and to half round to nearest (half via float32, as Eigen)', () => {
    expect([...cast(f64([0.1]), DT.DOUBLE, DT.FLOAT).dataSync()]).toEqual([Math.fround(0.1)]);
    expect([...cast(f64([0.001, 65519, 65520]), DT.DOUBLE, DT.HALF).dataSync()]).toEqual([0.0010004043579101562, 65504, Infinity]);
  });

  it('float64 NaN to bool is true, as static_cast<bool>', () => {
    expect([...cast(f64([NaN, 0]), DT.DOUBLE, DT.BOOL).dataSync()]).toEqual([1, 0]);
  });
});
