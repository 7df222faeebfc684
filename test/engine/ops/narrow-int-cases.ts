// uint8 / int8 / uint16 / int16 carried as int32 (ops/narrow-int.ts) and reductions over empty tensors
// (ops/empty-reduce.ts), against values TensorFlow 2.21 returned on CPU (scripts/zoo/gen_narrow_ints.py
// prints the same facts through its golden files; these are the kernels alone). Run on each backend by
// narrow-int.test.ts (wasm) and narrow-int-cpu.test.ts (cpu).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BackendName, ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { placeholder, tinyModel } from '../../helpers/tiny-graph-model.ts';
import { EMPTY_REDUCE_OPS } from '../../../lib/engine/ops/empty-reduce.ts';
import { floatToInt32, wrapInt, wrapTensor } from '../../../lib/engine/ops/narrow-int.ts';

const F = [-1.5, -1.0, -0.5, 0.5, 255.9, 256.0, 300.0, 1e10, -1e10, NaN, Infinity, -Infinity, 65541, -129.0, 127.9, 128.0, 2.5];
/** tf.cast(F, dtype) in TF 2.21 (CPU). */
const FROM_FLOAT: [string, number, number[]][] = [
  ['uint8', 4, [255, 255, 0, 0, 255, 0, 44, 0, 0, 0, 0, 0, 5, 127, 127, 128, 2]],
  ['int8', 6, [-1, -1, 0, 0, -1, 0, 44, 0, 0, 0, 0, 0, 5, 127, 127, -128, 2]],
  ['uint16', 17, [65535, 65535, 0, 0, 255, 256, 300, 0, 0, 0, 0, 0, 5, 65407, 127, 128, 2]],
  ['int16', 5, [-1, -1, 0, 0, 255, 256, 300, 0, 0, 0, 0, 0, 5, -129, 127, 128, 2]],
];
const I = [-1, 256, 300, -129, 128, 65536 + 7, -32769, 2 ** 31 - 1, -(2 ** 31)];
/** tf.cast(I as int32, dtype) in TF 2.21. */
const FROM_INT: [string, number, number[]][] = [
  ['uint8', 4, [255, 0, 44, 127, 128, 7, 255, 255, 0]],
  ['int8', 6, [-1, 0, 44, 127, -128, 7, -1, -1, 0]],
  ['uint16', 17, [65535, 256, 300, 65407, 128, 7, 32767, 65535, 0]],
  ['int16', 5, [-1, 256, 300, -129, 128, 7, 32767, -1, 0]],
];

/** A GraphNode as tfjs-converter hands custom ops one: inputs, and the NodeDef's attrs in raw form. */
const node = (inputs: tf.Tensor[], rawAttrs: Record<string, unknown>) => ({ inputs, attrs: {}, node: { rawAttrs } }) as unknown as GraphNode;

export function defineNarrowIntSuites(backend: BackendName): void {
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
  });

  describe(`Cast to narrow ints as TF (${backend})`, () => {
    it.each(FROM_FLOAT)('float32 → %s: truncated to int32 (NaN / out of range → -2^31), low bits kept', (_n, dtype, want) => {
      expect(F.map((v) => wrapInt(floatToInt32(v), dtype))).toEqual(want);
      expect(Array.from(wrapTensor(tf.tensor(F, [F.length], 'float32'), dtype, true).dataSync())).toEqual(want);
    });
    it.each(FROM_INT)('int32 → %s: low bits kept', (_n, dtype, want) => {
      expect(Array.from(wrapTensor(tf.tensor(I, [I.length], 'int32'), dtype, false).dataSync())).toEqual(want);
    });
    it('keeps the shape, rank 0 and empty included', () => {
      expect(wrapTensor(tf.tensor([[300, 1]], [1, 2], 'int32'), 4, false).shape).toEqual([1, 2]);
      expect(wrapTensor(tf.scalar(-1, 'int32'), 4, false).dataSync()[0]).toBe(255);
      expect(wrapTensor(tf.tensor([], [0, 3], 'float32'), 6, true).shape).toEqual([0, 3]);
    });
  });

  describe(`Square on integers as TF (${backend})`, () => {
    it.each([
      // TF 2.21: tf.square of int32 wraps mod 2^32; of uint8 keeps the low 8 bits.
      // (Not 2^31 - 1: tfjs cpu's int32 Mul itself loses low bits once a product passes 2^53; see DESIGN.)
      ['DT_INT32', [4097, -46341, 3], [16785409, -2147479015, 9]],
      ['DT_UINT16', [65535, 300, 2], [1, 24464, 4]],
    ] as const)('%s', async (dtype, x, want) => {
      const m = tinyModel([placeholder('x', dtype), { name: 'y', op: 'Square', input: ['x'], attr: { T: `type: ${dtype}` } }], { x: ['x:0', dtype] }, { y: ['y:0', dtype] });
      const s = await PortableServable.load(m);
      try {
        const data = dtype === 'DT_INT32' ? Int32Array.from(x) : Uint16Array.from(x);
        const out = await s.run('serving_default', new Map([['x', { dtype, shape: [x.length], data }]]));
        expect(Array.from(out.get('y')!.data as ArrayLike<number>)).toEqual(want);
      } finally {
        s.dispose();
      }
    });
  });

  describe(`reductions over empty tensors as TF (${backend})`, () => {
    // TF 2.21: tf.reduce_<op>(tf.zeros([2, 0], dtype), axis=1) per dtype.
    it.each([
      ['Sum', 'DT_FLOAT', 'float32', 0], ['Prod', 'DT_FLOAT', 'float32', 1], ['Max', 'DT_FLOAT', 'float32', -Infinity],
      ['Min', 'DT_FLOAT', 'float32', Infinity], ['Mean', 'DT_FLOAT', 'float32', NaN], ['Sum', 'DT_INT32', 'int32', 0],
      ['Max', 'DT_INT32', 'int32', -(2 ** 31)], ['Min', 'DT_INT32', 'int32', 2 ** 31 - 1], ['Mean', 'DT_INT32', 'int32', 0],
      ['Max', 'DT_UINT8', 'int32', 0], ['Min', 'DT_UINT8', 'int32', 255], ['Max', 'DT_INT8', 'int32', -128],
      ['Min', 'DT_INT16', 'int32', 32767], ['Min', 'DT_UINT16', 'int32', 65535], ['Prod', 'DT_INT16', 'int32', 1],
    ] as const)('%s on %s', (op, T, carrier, want) => {
      const x = tf.zeros([2, 0], carrier);
      const out = EMPTY_REDUCE_OPS[op](node([x, tf.tensor([1], [1], 'int32')], { T: { type: T } })) as tf.Tensor;
      expect(out.shape).toEqual([2]);
      expect(Array.from(out.dataSync())).toEqual([want, want]);
      const kept = EMPTY_REDUCE_OPS[op](node([x, tf.tensor([-1], [1], 'int32')], { T: { type: T }, keep_dims: { b: true } })) as tf.Tensor;
      expect(kept.shape).toEqual([2, 1]);
    });
    it('All is true and Any false over nothing; a non-empty input runs tfjs', () => {
      const b = tf.zeros([0], 'bool');
      const axis = tf.tensor([0], [1], 'int32');
      expect((EMPTY_REDUCE_OPS.All(node([b, axis], {})) as tf.Tensor).dataSync()[0]).toBe(1);
      expect((EMPTY_REDUCE_OPS.Any(node([b, axis], {})) as tf.Tensor).dataSync()[0]).toBe(0);
      expect((EMPTY_REDUCE_OPS.Sum(node([tf.tensor([1, 2, 3], [3], 'int32'), axis], {})) as tf.Tensor).dataSync()[0]).toBe(6);
    });
    it('refuses an axis outside the rank as TF does', () => {
      expect(() => EMPTY_REDUCE_OPS.Sum(node([tf.zeros([2, 0]), tf.tensor([2], [1], 'int32')], {}))).toThrow(/Invalid reduction dimension \(2 for input with 2 dimension\(s\)/);
    });
  });
}
