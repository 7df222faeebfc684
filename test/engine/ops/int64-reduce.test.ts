// 64-bit reductions, ArgMax and MatMul: exact integer sums beyond 2^53, keep_dims, negative axes.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { DT, f64, i64, I64_MAX, I64_MIN, P53, runWide, valuesOf } from './wide-node.ts';

beforeAll(async () => {
  await ensureBackend('wasm');
});
beforeEach(() => tf.engine().startScope());
afterEach(() => tf.engine().endScope());

const axis = (...a: number[]) => tf.tensor(a, [a.length], 'int32');

describe('reductions', () => {
  it('Sum over axis 1 keeps 2^53+1 + 1 exact', () => {
    const [t] = runWide('Sum', [i64([P53, 1, 2, 3], [2, 2]), axis(1)], [DT.INT64, DT.INT32], [DT.INT64]);
    expect(t.shape).toEqual([2]);
    expect(valuesOf(t, 'int64')).toEqual([P53 + 1n, 5n]);
  });

  it('Max / Min over a negative axis (given as int64) with keep_dims', () => {
    const [max] = runWide('Max', [i64([P53, P53 - 1n, I64_MIN, 0], [2, 2]), i64([-2])], [DT.INT64, DT.INT64], [DT.INT64], { keep_dims: true });
    const [min] = runWide('Min', [i64([P53, I64_MAX]), axis(0)], [DT.INT64, DT.INT32], [DT.INT64]);
    expect(max.shape).toEqual([1, 2]);
    expect(valuesOf(max, 'int64')).toEqual([P53, P53 - 1n]);
    expect(valuesOf(min, 'int64')).toEqual([P53]);
  });

  it('integer Mean truncates toward zero, float64 Mean divides in double', () => {
    const [im] = runWide('Mean', [i64([-7, 0]), axis(0)], [DT.INT64, DT.INT32], [DT.INT64]);
    const [fm] = runWide('Mean', [f64([0.1, 0.2]), axis(0)], [DT.DOUBLE, DT.INT32], [DT.DOUBLE]);
    expect(valuesOf(im, 'int64')).toEqual([-3n]);
    expect(valuesOf(fm, 'float64')).toEqual([(0.1 + 0.2) / 2]);
  });

  it('ArgMax tells 2^53+1 from 2^53 and returns int32-carried indices', () => {
    const [t] = runWide('ArgMax', [i64([P53 - 1n, P53, 5, 4], [2, 2]), tf.scalar(1, 'int32')], [DT.INT64, DT.INT32], [DT.INT64]);
    expect(t.dtype).toBe('int32');
    expect([...t.dataSync()]).toEqual([1, 0]);
  });

  it('MatMul in float64 and int64 (transpose_b)', () => {
    const [f] = runWide('MatMul', [f64([1, 2, 3, 4], [2, 2]), f64([0.1, 0.2, 0.3, 0.4], [2, 2])], [DT.DOUBLE, DT.DOUBLE], [DT.DOUBLE]);
    expect(valuesOf(f, 'float64')).toEqual([0.1 + 2 * 0.3, 0.2 + 2 * 0.4, 3 * 0.1 + 4 * 0.3, 3 * 0.2 + 4 * 0.4]);
    const [i] = runWide('MatMul', [i64([P53, 1], [1, 2]), i64([1, 2], [1, 2])], [DT.INT64, DT.INT64], [DT.INT64], { transpose_b: true });
    expect(valuesOf(i, 'int64')).toEqual([P53 + 2n]);
  });
});
