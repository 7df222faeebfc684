// Bad Examples and bad node inputs fail with INVALID_ARGUMENT and TensorFlow's own message text
// (tensorflow/core/util/example_proto_fast_parsing.cc, kernels/example_parsing_ops.cc).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PARSE_EXAMPLE_OPS } from '../../../lib/engine/ops/parse-example.ts';
import { servingErrorOf } from '../../helpers/serving-error.ts';
import { type DenseSpec, type NodeSpec, example, v1Node, v2Node } from './parse-example-nodes.ts';

beforeAll(async () => {
  await ensureBackend('cpu');
});

/** Runs the op on a fresh node and returns its error; checks the code and that nothing leaked. */
function errorOf(spec: Omit<NodeSpec, 'dense'> & { dense?: (() => DenseSpec)[] }, op: 'ParseExample' | 'ParseExampleV2' = 'ParseExampleV2'): string {
  const before = tf.memory().numTensors;
  const full: NodeSpec = { ...spec, dense: spec.dense?.map((d) => d()) };
  const node: GraphNode = op === 'ParseExample' ? v1Node(full) : v2Node(full);
  try {
    const e = servingErrorOf(() => PARSE_EXAMPLE_OPS[op](node));
    expect(e.code).toBe('INVALID_ARGUMENT');
    return e.message;
  } finally {
    tf.dispose(node.inputs);
    expect(tf.memory().numTensors).toBe(before);
  }
}

const required = (key: string, dtype: DenseSpec['dtype'] = 'DT_FLOAT', shape = [1]) => () => ({ key, dtype, shape, def: tf.tensor([], [0], dtype === 'DT_INT64' ? 'int32' : dtype === 'DT_STRING' ? 'string' : 'float32') });
const x = required('x');

describe('ParseExample errors on a batch', () => {
  it.each<[string, Uint8Array, string]>([
    ['a missing required feature', example({ y: { float: [1] } }), 'Name: <unknown>, Feature: x (data type: float) is required but could not be found.'],
    ['a feature of the wrong kind', example({ x: { int64: [1] } }), "Name: <unknown>, Key: x, Index: 0.  Data types don't match. Data type: int64 but expected type: float"],
    ['too many values', example({ x: { float: [1, 2] } }), 'Name: <unknown>, Key: x, Index: 0.  Number of float values != expected.  Values size: 2 but output shape: [1]'],
    ['an empty list', example({ x: { float: [] } }), 'Name: <unknown>, Key: x, Index: 0.  Number of float values != expected.  Values size: 0 but output shape: [1]'],
    ['bytes that are not an Example', new TextEncoder().encode('garbage'), "Could not parse example input, value: 'garbage'"],
  ])('reports %s', (_, bytes, message) => {
    expect(errorOf({ serialized: [bytes], dense: [x] })).toBe(message);
    expect(errorOf({ serialized: [bytes], dense: [x] }, 'ParseExample')).toBe(message);
  });

  it('reports the failing example index and the example name from `names`', () => {
    const serialized = [example({ x: { float: [1] } }), example({ x: { bytes: ['a'] } })];
    expect(errorOf({ serialized, dense: [x] })).toBe("Name: <unknown>, Key: x, Index: 1.  Data types don't match. Data type: string but expected type: float");
    expect(errorOf({ serialized, names: ['first', 'second'], dense: [x] })).toMatch(/^Name: second, Key: x, Index: 1\. {2}/);
    expect(errorOf({ serialized: [example({})], names: ['e0'], dense: [x] })).toBe('Name: e0, Feature: x (data type: float) is required but could not be found.');
  });

  it('names the int64 type and counts bytes values with TF wording', () => {
    const k = required('k', 'DT_INT64');
    expect(errorOf({ serialized: [example({ k: { float: [1] } })], dense: [k] })).toBe(
      "Name: <unknown>, Key: k, Index: 0.  Data types don't match. Data type: float but expected type: int64",
    );
    const s = required('s', 'DT_STRING', [2]);
    expect(errorOf({ serialized: [example({ s: { bytes: ['a'] } })], dense: [s] })).toBe(
      'Name: <unknown>, Key: s, Index: 0.  Number of bytes values != expected.  Values size: 1 but output shape: [2]',
    );
    // TF's LimitedArraySlice cannot take a longer bytes_list: it fails as a parse error.
    expect(errorOf({ serialized: [example({ s: { bytes: ['a', 'b', 'c'] } })], dense: [s] })).toBe(
      "Name: <unknown>, Key: s, Index: 0.  Can't parse serialized Example.",
    );
  });

  it('rejects sparse values of the wrong kind and var-len values that do not fill whole rows', () => {
    expect(errorOf({ serialized: [example({ s: { float: [1] } })], sparse: [{ key: 's', dtype: 'DT_INT64' }] })).toBe(
      "Name: <unknown>, Key: s, Index: 0.  Data types don't match. Expected type: int64, Actual type: float",
    );
    const v = () => ({ key: 'v', dtype: 'DT_FLOAT' as const, shape: [-1, 2], def: tf.scalar(0) });
    expect(errorOf({ serialized: [example({ v: { float: [1, 2, 3] } })], dense: [v] })).toBe(
      'Name: <unknown>, Key: v, Index: 0.  Number of float values is not a multiple of stride length. Saw 3 values but output shape is: [?,2]',
    );
  });

  it('refuses int64 values outside int32 instead of wrapping them', () => {
    const message = errorOf({ serialized: [example({ k: { int64: ['4294967297'] } })], dense: [required('k', 'DT_INT64')] });
    expect(message).toBe("Name: <unknown>, Key: k, Index: 0.  int64 value 4294967297 does not fit the portable engine's 32-bit integers");
    expect(errorOf({ serialized: [example({ r: { int64: ['-2147483649'] } })], ragged: [{ key: 'r', dtype: 'DT_INT64' }] })).toMatch(/int64 value -2147483649 does not fit/);
  });
});

describe('ParseExampleV2 errors on a scalar Example', () => {
  it.each<[string, Uint8Array, string]>([
    ['a missing required feature', example({}), 'Feature: x (data type: float) is required but could not be found.'],
    ['a feature of the wrong kind', example({ x: { int64: [1] } }), "Key: x.  Data types don't match. Data type: int64 but expected type: float"],
    ['the wrong number of values', example({ x: { float: [1, 2] } }), "Key: x.  Can't parse serialized Example: Some float_list slice was not parsed."],
    ['bytes that are not an Example', Uint8Array.of(0x0a, 0x05, 0x01), "Could not parse example input, value: '\n\u0005\u0001'"],
  ])('reports %s', (_, bytes, message) => {
    expect(errorOf({ serialized: bytes, dense: [x] })).toBe(message);
  });

  it('reports var-len sizes that are not a multiple of the row size', () => {
    const v = () => ({ key: 'v', dtype: 'DT_INT64' as const, shape: [-1, 3], def: tf.scalar(0, 'int32') });
    expect(errorOf({ serialized: example({ v: { int64: [1, 2] } }), dense: [v] })).toBe(
      'Error while parsing feature with key v: number of elements should be divisible by 3, found 2 instead',
    );
  });
});

describe('input checks', () => {
  it('wants a vector for ParseExample and at most a vector for ParseExampleV2', () => {
    expect(errorOf({ serialized: example({ x: { float: [1] } }), dense: [x] }, 'ParseExample')).toBe('Expected serialized to be a vector, got shape: []');
  });

  it('wants names shaped like serialized', () => {
    expect(errorOf({ serialized: [example({}), example({})], names: ['a'], dense: [x] })).toBe(
      'Expected names have the same shape as serialized: name.shape=[1], serialized.shape=[2]',
    );
  });

  it('checks dense defaults against dense_shapes and Tdense', () => {
    const wrongShape = () => ({ key: 'x', dtype: 'DT_FLOAT' as const, shape: [1], def: tf.tensor([1, 2]) });
    expect(errorOf({ serialized: [example({})], dense: [wrongShape] })).toBe('def_value[0].shape() == [2] is not compatible with dense_shapes_[0] == [1]');
    const wrongType = () => ({ key: 'x', dtype: 'DT_INT64' as const, shape: [1], def: tf.tensor([1]) });
    expect(errorOf({ serialized: [example({})], dense: [wrongType] })).toBe('dense_defaults[0].dtype() == float != dense_types_[0] == int64');
    const noPadding = () => ({ key: 'v', dtype: 'DT_FLOAT' as const, shape: [-1], def: tf.tensor([], [0]) });
    expect(errorOf({ serialized: [example({})], dense: [noPadding] })).toBe(
      'dense_shape[0] is a variable length shape: [?], therefore def_value[0] must contain a single element (the padding element).  But its shape is: [0]',
    );
    const innerUnknown = () => ({ key: 'v', dtype: 'DT_FLOAT' as const, shape: [2, -1], def: tf.tensor([], [0]) });
    expect(errorOf({ serialized: [example({})], dense: [innerUnknown] })).toBe('dense_shapes[0] has unknown rank or unknown inner dimensions: [2,?]');
  });
});
