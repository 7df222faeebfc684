// The helper ops the dtype pass inserts: Narrow (int64 index → int32, or -1 / an error when it does not fit),
// Iota (positions) and Take (the values at positions tfjs's own op returned).
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { DT, i64, P53, runWide, valuesOf } from './wide-node.ts';

beforeAll(async () => {
  await ensureBackend('wasm');
});
beforeEach(() => tf.engine().startScope());
afterEach(() => tf.engine().endScope());

describe('Narrow', () => {
  it('passes int64 values that fit int32 and fails on 2^53+1', () => {
    const [t] = runWide('Narrow', [i64([-5, 2 ** 31 - 1])], [DT.INT64], [DT.INT32], { _tfs_mode: 'error' });
    expect(t.dtype).toBe('int32');
    expect([...t.dataSync()]).toEqual([-5, 2 ** 31 - 1]);
    expect(() => runWide('Narrow', [i64([P53])], [DT.INT64], [DT.INT32], { _tfs_mode: 'error' })).toThrow(/int64 value 9007199254740993 is out of range/);
  });

  it('maps values outside int32 to -1 where TF treats them as out of range (OneHot)', () => {
    const [t] = runWide('Narrow', [i64([2, P53, -P53])], [DT.INT64], [DT.INT32], { _tfs_mode: 'oob' });
    expect([...t.dataSync()]).toEqual([2, -1, -1]);
  });
});

describe('Iota and Take', () => {
  it('run a tfjs element mover (concat, then reverse) on positions and pick the 64-bit values', () => {
    const a = i64([P53, -1], [2]);
    const b = i64([7]);
    const [pa, pb] = runWide('Iota', [a, b], [DT.INT64, DT.INT64], [DT.INT32, DT.INT32]);
    expect([...pa.dataSync(), ...pb.dataSync()]).toEqual([0, 1, 2]);
    const positions = tf.reverse(tf.concat([pa, pb]));
    const [t] = runWide('Take', [a, b, positions], [DT.INT64, DT.INT64], [DT.INT64], { _tfs_values: 2 });
    expect(valuesOf(t, 'int64')).toEqual([7n, -1n, P53]);
  });
});
