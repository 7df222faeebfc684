// SelectV2 with bool branches on the wasm backend: the backend's Select reads out of bounds on bool operands and
// corrupts its heap, so ops/string-tensors.ts picks bool (and string) branches in JavaScript, with broadcasting.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { STRING_TENSOR_OPS } from '../../../lib/engine/ops/string-tensors.ts';
import { opNode } from './op-node.ts';

const selectV2 = STRING_TENSOR_OPS.SelectV2;

describe('SelectV2 on bool branches (wasm)', () => {
  beforeAll(async () => {
    expect(await ensureBackend('wasm')).toBe('wasm');
  });

  it('picks elementwise and broadcasts a scalar condition and a row', () => {
    const c = tf.tensor([true, false, true, false], [2, 2], 'bool');
    const x = tf.tensor([true, true], [1, 2], 'bool');
    const y = tf.scalar(false, 'bool');
    const out = selectV2(opNode([c, x, y])) as tf.Tensor;
    expect(out.dtype).toBe('bool');
    expect(out.shape).toEqual([2, 2]);
    expect(Array.from(out.dataSync())).toEqual([1, 0, 1, 0]);
    const scalarCond = selectV2(opNode([tf.scalar(false, 'bool'), c, tf.tensor([true, true, true, true], [2, 2], 'bool')])) as tf.Tensor;
    expect(Array.from(scalarCond.dataSync())).toEqual([1, 1, 1, 1]);
    // the backend still computes afterwards (a corrupted heap would garble this)
    expect(Array.from(tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).dataSync())).toEqual([4, 6]);
  });

  it('leaves numeric branches to the backend', () => {
    const out = selectV2(opNode([tf.tensor([true, false], [2], 'bool'), tf.tensor([1, 2]), tf.tensor([5, 6])])) as tf.Tensor;
    expect(Array.from(out.dataSync())).toEqual([1, 6]);
  });
});
