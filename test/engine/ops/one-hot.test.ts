// OneHot with TF's semantics on every backend (tfjs's wasm kernel writes int32 bits into float outputs).
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ONE_HOT_OPS } from '../../../lib/engine/ops/one-hot.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import type { GraphNode } from '@tensorflow/tfjs-converter';

beforeAll(async () => {
  await ensureBackend('wasm');
});
beforeEach(() => tf.engine().startScope());
afterEach(() => tf.engine().endScope());

const oneHot = (indices: number[], shape: number[], on: tf.Tensor, off: tf.Tensor, axis?: number) =>
  ONE_HOT_OPS.OneHot({ inputs: [tf.tensor(indices, shape, 'int32'), tf.scalar(3, 'int32'), on, off], attrs: axis === undefined ? {} : { axis } } as unknown as GraphNode) as tf.Tensor;

it('writes float on/off values on wasm, all-off for indices outside [0, depth)', () => {
  const t = oneHot([2, -1, 7], [3], tf.scalar(1.5), tf.scalar(-0.25));
  expect(t.dtype).toBe('float32');
  expect(t.shape).toEqual([3, 3]);
  expect([...t.dataSync()]).toEqual([-0.25, -0.25, 1.5, -0.25, -0.25, -0.25, -0.25, -0.25, -0.25]);
});

it('puts the depth dimension at `axis`', () => {
  const t = oneHot([0, 2], [2], tf.scalar(1, 'int32'), tf.scalar(0, 'int32'), 0);
  expect(t.shape).toEqual([3, 2]);
  expect([...t.dataSync()]).toEqual([1, 0, 0, 0, 0, 1]);
});
