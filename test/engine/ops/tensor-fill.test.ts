// Fill / ZerosLike of every dtype and Equal / NotEqual on strings, on the wasm backend (whose own kernels
// die on string Fill and compare string tensors wrongly). TF's answers are in the fill_dtypes zoo goldens.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { STRING_COMPARE_OPS } from '../../../lib/engine/ops/string-compare.ts';
import { TENSOR_FILL_OPS } from '../../../lib/engine/ops/tensor-fill.ts';
import { trackTensors } from '../../helpers/leak-check.ts';
import { opNode, strings, textOf } from './op-node.ts';

const live = trackTensors('wasm');
const keep = <T extends tf.Tensor>(t: T): T => (live.push(t), t);
const dims = (...d: number[]) => keep(tf.tensor(d, [d.length], 'int32'));
const fill = (d: tf.Tensor, v: tf.Tensor) => keep(TENSOR_FILL_OPS.Fill(opNode([d, keep(v)])) as tf.Tensor);

describe('Fill', () => {
  it('fills strings, bools and numbers', () => {
    const s = fill(dims(2, 3), strings(['héllo'], []));
    expect(s.dtype).toBe('string');
    expect(s.shape).toEqual([2, 3]);
    expect(textOf(s)).toEqual(Array(6).fill('héllo'));
    expect([...fill(dims(3), tf.scalar(true, 'bool')).dataSync()]).toEqual([1, 1, 1]);
    expect([...fill(dims(2), tf.scalar(-7, 'int32')).dataSync()]).toEqual([-7, -7]);
  });

  it('fills an empty shape', () => {
    expect(fill(dims(0, 4), strings(['x'], [])).shape).toEqual([0, 4]);
  });

  it.each([
    ['a negative dimension', () => dims(2, -1), () => strings(['x'], []), 'Dimension -1 must be >= 0'],
    ['dims that are not a vector', () => keep(tf.tensor([[2]], [1, 1], 'int32')), () => tf.scalar(1), 'dims must represent a vector, got shape [1,1]'],
    ['a value that is not a scalar', () => dims(2), () => strings(['a', 'b']), 'value must represent a scalar, got shape [2]'],
  ])('refuses %s', (_s, d, v, message) => {
    const value = keep(v());
    expect(() => TENSOR_FILL_OPS.Fill(opNode([d(), value]))).toThrow(message);
  });
});

describe('ZerosLike', () => {
  it('gives empty strings for strings and zeros otherwise', () => {
    const z = keep(TENSOR_FILL_OPS.ZerosLike(opNode([keep(strings(['a', 'bc', ''], [3, 1]))])) as tf.Tensor);
    expect(z.shape).toEqual([3, 1]);
    expect(textOf(z)).toEqual(['', '', '']);
    const b = keep(TENSOR_FILL_OPS.ZerosLike(opNode([keep(tf.tensor([1, 0], [2], 'bool'))])) as tf.Tensor);
    expect(b.dtype).toBe('bool');
    expect([...b.dataSync()]).toEqual([0, 0]);
  });
});

describe('Equal / NotEqual on strings', () => {
  const cmp = (op: 'Equal' | 'NotEqual', a: tf.Tensor, b: tf.Tensor, attrs = {}) => keep(STRING_COMPARE_OPS[op](opNode([keep(a), keep(b)], attrs)) as tf.Tensor);

  it('compares bytes with broadcasting', () => {
    const eq = cmp('Equal', strings(['fr', '', 'jp', 'fr', 'x', ''], [2, 3]), strings(['fr', '', 'JP']));
    expect(eq.shape).toEqual([2, 3]);
    expect([...eq.dataSync()]).toEqual([1, 1, 0, 1, 0, 0]);
    const ne = cmp('NotEqual', strings(['fr', '']), strings([''], []));
    expect([...ne.dataSync()]).toEqual([1, 0]);
  });

  it('answers a scalar for shapes that do not broadcast when incompatible_shape_error is false, else fails', () => {
    const eq = cmp('Equal', strings(['a', 'b']), strings(['a', 'b', 'c']), { incompatible_shape_error: { b: false } });
    expect(eq.shape).toEqual([]);
    expect([...eq.dataSync()]).toEqual([0]);
    const a = keep(strings(['a', 'b']));
    const b = keep(strings(['a', 'b', 'c']));
    expect(() => STRING_COMPARE_OPS.Equal(opNode([a, b]))).toThrow('Incompatible shapes: [2] vs. [3]');
  });

  it('hands numbers to the backend', () => {
    expect([...cmp('Equal', tf.tensor([1, 2, 3]), tf.scalar(2)).dataSync()]).toEqual([0, 1, 0]);
  });
});
