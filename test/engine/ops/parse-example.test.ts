import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PARSE_EXAMPLE_OPS } from '../../../lib/engine/ops/parse-example.ts';
import { customOpNames } from '../../../lib/engine/ops/index.ts';
import { example, v1Node, v2Node, valuesOf } from './parse-example-nodes.ts';

let start = 0;
const live: tf.Tensor[] = [];

beforeAll(async () => {
  await ensureBackend('cpu');
});
beforeEach(() => {
  start = tf.memory().numTensors;
});
afterEach(() => {
  tf.dispose(live.splice(0));
  // Every input and output is disposed: nothing else stays behind.
  expect(tf.memory().numTensors).toBe(start);
});

function run(op: 'ParseExample' | 'ParseExampleV2', node: GraphNode): tf.Tensor[] {
  live.push(...node.inputs);
  const out = PARSE_EXAMPLE_OPS[op](node) as tf.Tensor[];
  live.push(...out);
  return out;
}

const view = (t: tf.Tensor) => ({ dtype: t.dtype, shape: t.shape, values: valuesOf(t) });
const empty = () => tf.tensor([], [0], 'float32');

describe('PARSE_EXAMPLE_OPS', () => {
  it('is registered under the exact TensorFlow op names', () => {
    expect(customOpNames()).toEqual(expect.arrayContaining(['ParseExample', 'ParseExampleV2']));
  });
});

describe.each([
  { attrs: 'raw NodeDef attrs', raw: true },
  { attrs: "tfjs's converted attrs only", raw: false },
])('dense features, read from $attrs', ({ raw }) => {
  it('fills float, int64 and bytes features and uses the default when one is missing', () => {
    const node = v2Node({
      raw,
      serialized: [example({ x: { float: [1.5] }, k: { int64: [7] }, s: { bytes: ['a', 'b'] } }), example({ x: { float: [-2] } })],
      dense: [
        { key: 'x', dtype: 'DT_FLOAT', shape: [1], def: empty() },
        { key: 'k', dtype: 'DT_INT64', shape: [], def: tf.scalar(3, 'int32') },
        { key: 's', dtype: 'DT_STRING', shape: [2], def: tf.tensor([new Uint8Array([122]), new Uint8Array([122])], [2], 'string') },
      ],
    });
    const [x, k, s] = run('ParseExampleV2', node);
    expect(view(x)).toEqual({ dtype: 'float32', shape: [2, 1], values: [1.5, -2] });
    expect(view(k)).toEqual({ dtype: 'int32', shape: [2], values: [7, 3] });
    expect(view(s)).toEqual({ dtype: 'string', shape: [2, 2], values: ['a', 'b', 'z', 'z'] });
  });

  it('parses ParseExample (V1) with scalar key inputs, as half_plus_two does', () => {
    const node = v1Node({
      raw,
      serialized: [example({ x: { float: [80] } }), example({ x: { float: [1] }, x2: { float: [5] } })],
      dense: [
        { key: 'x', dtype: 'DT_FLOAT', shape: [1], def: empty() },
        { key: 'x2', dtype: 'DT_FLOAT', shape: [1], def: tf.tensor([0], [1]) },
      ],
    });
    const out = run('ParseExample', node);
    expect(out).toHaveLength(2);
    expect(view(out[0])).toEqual({ dtype: 'float32', shape: [2, 1], values: [80, 1] });
    expect(view(out[1])).toEqual({ dtype: 'float32', shape: [2, 1], values: [0, 5] });
  });
});

describe('Example bytes', () => {
  it('lets a later Example win when serialized Examples are concatenated (context first)', () => {
    const context = example({ x: { float: [10] }, k: { int64: [3] } });
    const own = example({ x: { float: [2] } });
    const node = v2Node({
      serialized: [Uint8Array.from([...context, ...own])],
      dense: [
        { key: 'x', dtype: 'DT_FLOAT', shape: [1], def: empty() },
        { key: 'k', dtype: 'DT_INT64', shape: [1], def: tf.tensor([0], [1], 'int32') },
      ],
    });
    const [x, k] = run('ParseExampleV2', node);
    expect(valuesOf(x)).toEqual([2]);
    expect(valuesOf(k)).toEqual([3]);
  });

  it('treats a Feature with no kind as absent (the default applies)', () => {
    const node = v2Node({ serialized: [example({ x: {} })], dense: [{ key: 'x', dtype: 'DT_FLOAT', shape: [], def: tf.scalar(4) }] });
    expect(valuesOf(run('ParseExampleV2', node)[0])).toEqual([4]);
  });

  it('returns empty batched outputs for zero examples', () => {
    const node = v2Node({
      serialized: [],
      sparse: [{ key: 's', dtype: 'DT_INT64' }],
      dense: [{ key: 'x', dtype: 'DT_FLOAT', shape: [2], def: empty() }],
      ragged: [{ key: 'r', dtype: 'DT_FLOAT' }],
    });
    expect(run('ParseExampleV2', node).map((t) => t.shape)).toEqual([[0, 2], [0], [2], [0, 2], [0], [1]]);
  });
});

describe('sparse, var-len dense and ragged features', () => {
  it('builds SparseTensor parts: [example, position] indices, values, dense_shape [n, longest]', () => {
    const node = v2Node({
      serialized: [example({ s: { int64: [1, 2] } }), example({}), example({ s: { int64: [3, 4, 5] }, t: { bytes: ['q'] } })],
      sparse: [
        { key: 's', dtype: 'DT_INT64' },
        { key: 't', dtype: 'DT_STRING' },
      ],
    });
    const [si, ti, sv, tv, ss, ts] = run('ParseExampleV2', node);
    expect(view(si)).toEqual({ dtype: 'int32', shape: [5, 2], values: [0, 0, 0, 1, 2, 0, 2, 1, 2, 2] });
    expect(view(sv)).toEqual({ dtype: 'int32', shape: [5], values: [1, 2, 3, 4, 5] });
    expect(view(ss)).toEqual({ dtype: 'int32', shape: [2], values: [3, 3] });
    expect(view(ti)).toEqual({ dtype: 'int32', shape: [1, 2], values: [2, 0] });
    expect(view(tv)).toEqual({ dtype: 'string', shape: [1], values: ['q'] });
    expect(valuesOf(ts)).toEqual([3, 1]);
  });

  it('pads var-len dense features (first dim -1) with the default to the longest example', () => {
    const node = v2Node({
      serialized: [example({ v: { float: [1, 2, 3, 4] } }), example({}), example({ v: { float: [5, 6] } })],
      dense: [{ key: 'v', dtype: 'DT_FLOAT', shape: [-1, 2], def: tf.scalar(-1) }],
    });
    expect(view(run('ParseExampleV2', node)[0])).toEqual({
      dtype: 'float32',
      shape: [3, 2, 2],
      values: [1, 2, 3, 4, -1, -1, -1, -1, 5, 6, -1, -1],
    });
  });

  it('builds ragged values and row_splits (V2 only; V1 has no ragged outputs)', () => {
    const node = v2Node({
      serialized: [example({ r: { bytes: ['a'] } }), example({ r: { bytes: ['b', 'c'] } }), example({})],
      ragged: [{ key: 'r', dtype: 'DT_STRING', splits: 'DT_INT32' }],
    });
    const [values, splits] = run('ParseExampleV2', node);
    expect(view(values)).toEqual({ dtype: 'string', shape: [3], values: ['a', 'b', 'c'] });
    expect(view(splits)).toEqual({ dtype: 'int32', shape: [4], values: [0, 1, 3, 3] });
  });

  it('parses a scalar serialized Example (V2) with no batch dimension', () => {
    const node = v2Node({
      serialized: example({ x: { float: [1, 2] }, s: { int64: [9, 8, 7] }, v: { float: [1, 2, 3, 4] }, r: { float: [0.5] } }),
      sparse: [{ key: 's', dtype: 'DT_INT64' }],
      dense: [
        { key: 'x', dtype: 'DT_FLOAT', shape: [2], def: empty() },
        { key: 'v', dtype: 'DT_FLOAT', shape: [-1, 2], def: tf.scalar(0) },
        { key: 'd', dtype: 'DT_INT64', shape: [1], def: tf.tensor([6], [1], 'int32') },
      ],
      ragged: [{ key: 'r', dtype: 'DT_FLOAT' }],
    });
    const [si, sv, ss, x, v, d, rv, rs] = run('ParseExampleV2', node);
    expect(view(si)).toEqual({ dtype: 'int32', shape: [3, 1], values: [0, 1, 2] });
    expect(valuesOf(sv)).toEqual([9, 8, 7]);
    expect(view(ss)).toEqual({ dtype: 'int32', shape: [1], values: [3] });
    expect(view(x)).toEqual({ dtype: 'float32', shape: [2], values: [1, 2] });
    expect(view(v)).toEqual({ dtype: 'float32', shape: [2, 2], values: [1, 2, 3, 4] });
    expect(view(d)).toEqual({ dtype: 'int32', shape: [1], values: [6] });
    expect(view(rv)).toEqual({ dtype: 'float32', shape: [1], values: [0.5] });
    expect(rs.shape).toEqual([0]);
  });

  it('keeps int64 values at the int32 limits exactly', () => {
    const node = v2Node({ serialized: [example({ k: { int64: ['-2147483648', '2147483647'] } })], sparse: [{ key: 'k', dtype: 'DT_INT64' }] });
    expect(valuesOf(run('ParseExampleV2', node)[1])).toEqual([-2147483648, 2147483647]);
  });
});
