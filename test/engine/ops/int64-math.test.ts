// Element-wise 64-bit kernels against TF's semantics: exact beyond 2^53, wrap modulo 2^64 as TF does,
// floor division toward -inf, broadcasting, and "Integer division by zero".
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { DT, f64, i64, I64_MAX, I64_MIN, P53, runWide, u64, U64_MAX, valuesOf } from './wide-node.ts';

beforeAll(async () => {
  await ensureBackend('wasm');
});
beforeEach(() => tf.engine().startScope());
afterEach(() => tf.engine().endScope());

function binary(op: string, a: tf.Tensor, b: tf.Tensor, dtype: number, outType = dtype): tf.Tensor {
  const [out] = runWide(op, [a, b], [dtype, dtype], [outType]);
  tf.dispose([a, b]);
  return out;
}

function i64Result(op: string, a: (bigint | number)[], b: (bigint | number)[]): (bigint | number)[] {
  const out = binary(op, i64(a), i64(b), DT.INT64);
  const v = valuesOf(out, 'int64');
  out.dispose();
  return v;
}

describe('int64 arithmetic', () => {
  it.each([
    ['AddV2 keeps 2^53+1 + 5 exact', 'AddV2', [P53], [5], [P53 + 5n]],
    ['Sub of 2^62-sized values', 'Sub', [2n ** 62n + 3n], [-(2n ** 62n)], [2n ** 63n + 3n - 2n ** 64n]],
    ['Add wraps at 2^63 as TF int64 does', 'Add', [I64_MAX], [1], [I64_MIN]],
    ['Mul wraps modulo 2^64', 'Mul', [2n ** 32n + 1n], [2n ** 32n], [2n ** 32n]],
    ['FloorMod takes the sign of the divisor', 'FloorMod', [-7, 7, -7, 7, P53], [3, -3, -3, 3, 1000], [2, -2, -1, 1, 993]],
    ['FloorMod of -2^63', 'FloorMod', [I64_MIN], [10], [2]],
    ['FloorDiv rounds toward -inf', 'FloorDiv', [-7, 7, -6], [2, -2, 3], [-4, -4, -2]],
    ['Div and TruncateDiv round toward zero', 'Div', [-7, 7], [2, -2], [-3, -3]],
    ['Mod / TruncateMod take the sign of the dividend', 'TruncateMod', [-7, 7], [3, -3], [-1, 1]],
    ['Maximum / Minimum pick exactly', 'Maximum', [P53, -1], [P53 - 1n, I64_MIN], [P53, -1]],
    ['BitwiseAnd on negative values', 'BitwiseAnd', [-1, I64_MIN], [P53, -1], [P53, I64_MIN]],
  ] as const)('%s', (_label, op, a, b, want) => {
    expect(i64Result(op, [...a], [...b])).toEqual(want.map((v) => BigInt(v)));
  });

  it('broadcasts a scalar and a [2,1] column against a [3] row', () => {
    const out = binary('AddV2', i64([10, 20], [2, 1]), i64([P53, 1, 2]), DT.INT64);
    expect(out.shape).toEqual([2, 3]);
    expect(valuesOf(out, 'int64')).toEqual([P53 + 10n, 11n, 12n, P53 + 20n, 21n, 22n]);
    out.dispose();
  });

  it('reads an int32-carried operand (a small int64 Const) next to a wide one', () => {
    const out = binary('FloorMod', i64([P53]), tf.tensor([1000], [], 'int32'), DT.INT64);
    expect(valuesOf(out, 'int64')).toEqual([993n]);
    out.dispose();
  });

  it('fails with TF\'s message on integer division by zero', () => {
    for (const op of ['FloorMod', 'FloorDiv', 'Div']) {
      const err = (() => {
        try {
          binary(op, i64([5]), i64([0]), DT.INT64);
        } catch (e) {
          return e;
        }
      })();
      expect(isServingError(err) && [err.code, err.message]).toEqual(['INVALID_ARGUMENT', 'Integer division by zero']);
    }
  });

  it('fails on shapes that do not broadcast', () => {
    expect(() => binary('AddV2', i64([1, 2]), i64([1, 2, 3]), DT.INT64)).toThrow('Incompatible shapes: [2] vs. [3]');
  });

  it('applies unary ops (Neg of -2^63 wraps to itself, as in TF)', () => {
    const [neg] = runWide('Neg', [i64([I64_MIN, P53])], [DT.INT64], [DT.INT64]);
    const [abs] = runWide('Abs', [i64([-P53])], [DT.INT64], [DT.INT64]);
    expect(valuesOf(neg, 'int64')).toEqual([I64_MIN, -P53]);
    expect(valuesOf(abs, 'int64')).toEqual([P53]);
    tf.dispose([neg, abs]);
  });
});

describe('uint64 and float64 arithmetic', () => {
  it('compares uint64 2^64-1 as unsigned and wraps its sum to 0', () => {
    const [gt] = runWide('Greater', [u64([U64_MAX]), u64([0])], [DT.UINT64, DT.UINT64], [DT.BOOL]);
    expect(gt.dtype).toBe('bool');
    expect([...gt.dataSync()]).toEqual([1]);
    const sum = binary('AddV2', u64([U64_MAX]), u64([1]), DT.UINT64);
    expect(valuesOf(sum, 'uint64')).toEqual([0n]);
    tf.dispose([gt, sum]);
  });

  it('computes float64 in double precision (0.1 + 0.2, x * pi + 0.1)', () => {
    const sum = binary('AddV2', f64([0.1, 1e-300]), f64([0.2, 1e-300]), DT.DOUBLE);
    expect(valuesOf(sum, 'float64')).toEqual([0.1 + 0.2, 2e-300]);
    const mod = binary('FloorMod', f64([-7.5, 7.5]), f64([2, -2]), DT.DOUBLE);
    expect(valuesOf(mod, 'float64')).toEqual([0.5, -0.5]);
    tf.dispose([sum, mod]);
  });

  it('tells 2^53+1 from 2^53 in every comparison', () => {
    const ops = ['Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual'];
    const got = ops.map((op) => {
      const [t] = runWide(op, [i64([P53]), i64([P53 - 1n])], [DT.INT64, DT.INT64], [DT.BOOL]);
      const v = t.dataSync()[0];
      t.dispose();
      return v;
    });
    expect(got).toEqual([0, 1, 1, 1, 0, 0]);
  });
});

it('creates no tensor besides its output, also when it fails', () => {
  const a = i64([P53]);
  const b = i64([0]);
  const before = tf.memory().numTensors;
  const [out] = runWide('AddV2', [a, b], [DT.INT64, DT.INT64], [DT.INT64]);
  expect(tf.memory().numTensors).toBe(before + 1);
  out.dispose();
  expect(() => runWide('FloorMod', [a, b], [DT.INT64, DT.INT64], [DT.INT64])).toThrow('Integer division by zero');
  expect(tf.memory().numTensors).toBe(before);
});
