// TensorList ops against TensorFlow: the programs of tensor-list.vectors.json (made by
// scripts/generate_tensor_list_vectors.py with tf.raw_ops) run through our executors, same values or the same
// error text; plus what the vectors cannot show: elements outlive the tensors they were written from, and a
// run's elements are freed when it ends.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { withListScope } from '../../../lib/engine/ops/index.ts';
import { TENSOR_LIST_OPS } from '../../../lib/engine/ops/tensor-list.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { opNode, type RawAttrs } from './op-node.ts';

interface Vec { values: (number | boolean)[]; shape: number[]; dtype: 'float32' | 'int32' | 'bool' }
type Step = Record<string, unknown> & { op: string };
interface Case { note: string; element_dtype: string; make: Step; ops?: Step[]; read: Step; read_old?: Step; expected?: Vec; expected_old?: Vec; error?: string }

const { cases } = JSON.parse(readFileSync(join(import.meta.dirname, 'tensor-list.vectors.json'), 'utf8')) as { cases: Case[] };

const t = (v: Vec) => tf.tensor(v.values as number[], v.shape, v.dtype);
const i32 = (v: number | number[]) => (Array.isArray(v) ? tf.tensor1d(v, 'int32') : tf.scalar(v, 'int32'));
const shape = (s: unknown) => i32((s ?? -1) as number | number[]);
const run = (op: string, inputs: tf.Tensor[], attrs: RawAttrs): tf.Tensor[] => [TENSOR_LIST_OPS[op](opNode(inputs, attrs))].flat() as tf.Tensor[];

function make(m: Step, dtype: RawAttrs): tf.Tensor {
  switch (m.op) {
    case 'FromTensor': return run('TensorListFromTensor', [t(m.tensor as Vec), shape(m.element_shape)], dtype)[0];
    case 'Reserve': return run('TensorListReserve', [shape(m.element_shape), i32(m.num_elements as number)], dtype)[0];
    case 'Empty': return run('EmptyTensorList', [shape(m.element_shape), i32((m.max ?? -1) as number)], dtype)[0];
    case 'Scatter': return run('TensorListScatter', [t(m.tensor as Vec), i32(m.indices as number[]), shape(m.element_shape)], dtype)[0];
    case 'ScatterV2': return run('TensorListScatterV2', [t(m.tensor as Vec), i32(m.indices as number[]), shape(m.element_shape), i32(m.num_elements as number)], dtype)[0];
    case 'Split': return run('TensorListSplit', [t(m.tensor as Vec), shape(m.element_shape), i32(m.lengths as number[])], dtype)[0];
  }
  throw new Error(m.op);
}

function apply(h: tf.Tensor, s: Step, dtype: RawAttrs): tf.Tensor {
  switch (s.op) {
    case 'SetItem': return run('TensorListSetItem', [h, i32(s.index as number), t(s.item as Vec)], { ...dtype, resize_if_index_out_of_bounds: { b: Boolean(s.resize) } })[0];
    case 'PushBack': return run('TensorListPushBack', [h, t(s.item as Vec)], dtype)[0];
    case 'PopBack': return run('TensorListPopBack', [h, shape(s.element_shape)], dtype)[0];
    case 'Resize': return run('TensorListResize', [h, i32(s.size as number)], dtype)[0];
    case 'ScatterInto': return run('TensorListScatterIntoExistingList', [h, t(s.tensor as Vec), i32(s.indices as number[])], dtype)[0];
  }
  throw new Error(s.op);
}

function read(h: tf.Tensor, r: Step, dtype: RawAttrs): tf.Tensor {
  switch (r.op) {
    case 'Stack': return run('TensorListStack', [h, shape(r.element_shape)], { ...dtype, num_elements: { i: String(r.num_elements ?? -1) } })[0];
    case 'Gather': return run('TensorListGather', [h, i32(r.indices as number[]), shape(r.element_shape)], dtype)[0];
    case 'GetItem': return run('TensorListGetItem', [h, i32(r.index as number), shape(r.element_shape)], dtype)[0];
    case 'Length': return run('TensorListLength', [h], {})[0];
    case 'ElementShape': return run('TensorListElementShape', [h], {})[0];
    case 'ConcatV2': return run('TensorListConcatV2', [h, shape(r.element_shape), tf.tensor1d([], 'int32')], dtype)[0];
    case 'PopBack': return run('TensorListPopBack', [h, shape(r.element_shape)], dtype)[1];
  }
  throw new Error(r.op);
}

function expectTensor(got: tf.Tensor, want: Vec): void {
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype).toBe(want.dtype);
  const values = Array.from(got.dataSync() as ArrayLike<number>);
  expect(want.dtype === 'bool' ? values.map(Boolean) : values).toEqual(want.values);
}

beforeAll(async () => {
  await ensureBackend('wasm');
});

describe('TensorList ops against TensorFlow (tensor-list.vectors.json)', () => {
  it.each(cases.map((c) => [c.note, c] as const))('%s', async (_note, c) => {
    const before = tf.memory().numTensors;
    await withListScope(() => {
      tf.tidy(() => {
        const dtype: RawAttrs = { element_dtype: { type: c.element_dtype } };
        const program = () => {
          const h0 = make(c.make, dtype);
          const h = (c.ops ?? []).reduce((acc, s) => apply(acc, s, dtype), h0);
          return [read(h, c.read, dtype), c.read_old ? read(h0, c.read_old, dtype) : undefined] as const;
        };
        if (c.error !== undefined) {
          let err: unknown;
          try {
            program();
          } catch (e) {
            err = e;
          }
          expect(isServingError(err) && err.code === 'INVALID_ARGUMENT').toBe(true);
          expect((err as Error).message).toBe(c.error);
          return;
        }
        const [got, old] = program();
        expectTensor(got, c.expected!);
        if (c.expected_old) expectTensor(old!, c.expected_old);
      });
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('list elements', () => {
  it('outlive the tensor they were written from, until the run ends', async () => {
    const before = tf.memory().numTensors;
    await withListScope(() => tf.tidy(() => {
      const dtype: RawAttrs = { element_dtype: { type: 'DT_FLOAT' } };
      const list = run('TensorListReserve', [tf.tensor1d([2], 'int32'), tf.scalar(1, 'int32')], dtype)[0];
      const item = tf.tensor1d([3, 4]);
      const written = run('TensorListSetItem', [list, tf.scalar(0, 'int32'), item], dtype)[0];
      item.dispose(); // what tfjs's loop-body executor does to the body's tensors when the body returns
      const got = run('TensorListStack', [written, tf.tensor1d([2], 'int32')], { ...dtype, num_elements: { i: '-1' } })[0];
      expect(Array.from(got.dataSync())).toEqual([3, 4]);
    }));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses scattering past the end of a list (TensorFlow 2.21 writes such rows to the wrong index)', async () => {
    await withListScope(() => tf.tidy(() => {
      const dtype: RawAttrs = { element_dtype: { type: 'DT_FLOAT' } };
      const list = run('TensorListReserve', [tf.tensor1d([1], 'int32'), tf.scalar(2, 'int32')], dtype)[0];
      expect(() => run('TensorListScatterIntoExistingList', [list, tf.tensor2d([[1]]), tf.tensor1d([2], 'int32')], dtype)).toThrow(/not supported/);
    }));
  });

  it('cannot be reached outside a run scope', () => {
    expect(() => run('TensorListReserve', [tf.tensor1d([2], 'int32'), tf.scalar(1, 'int32')], { element_dtype: { type: 'DT_FLOAT' } })).toThrow(/outside withListScope/);
  });
});
