// StringJoin and StringToHashBucketFast through their executors (AsString: as-string.test.ts).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { customOpNames } from '../../../lib/engine/ops/index.ts';
import { readWide } from '../../../lib/engine/ops/int64-tensors.ts';
import { STRING_OPS } from '../../../lib/engine/ops/string-ops.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { trackTensors } from '../../helpers/leak-check.ts';
import { base64, bytesOf, opNode, type RawAttrs, strings, textOf } from './op-node.ts';

const live = trackTensors('cpu');

function run(op: string, inputs: tf.Tensor[], raw: RawAttrs): tf.Tensor {
  live.push(...inputs);
  const out = STRING_OPS[op](opNode(inputs, raw)) as tf.Tensor;
  live.push(out);
  return out;
}

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isServingError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a ServingError');
}

describe('STRING_OPS', () => {
  it('is registered under the exact TensorFlow op names', () => {
    expect(customOpNames()).toEqual(expect.arrayContaining(['AsString', 'StringJoin', 'StringToHashBucketFast']));
  });
});

describe('StringJoin', () => {
  const join = (inputs: tf.Tensor[], separator?: string) =>
    run('StringJoin', inputs, { N: { i: String(inputs.length) }, ...(separator === undefined ? {} : { separator: { s: base64(separator) } }) });

  it('joins element-wise with the separator, broadcasting scalars', () => {
    const out = join([strings(['a'], []), strings(['x', 'y']), strings(['1', '2'])], '-');
    expect([out.shape, textOf(out)]).toEqual([[2], ['a-x-1', 'a-y-2']]);
  });

  it('joins scalars into a scalar, with no separator by default', () => {
    const out = join([strings(['a'], []), strings(['b'], [])]);
    expect([out.shape, textOf(out)]).toEqual([[], ['ab']]);
  });

  it('keeps raw bytes that are not UTF-8', () => {
    const bin = tf.tensor([Uint8Array.of(0x00, 0xff, 0xfe, 0x80)], [1], 'string');
    const out = join([bin, strings(['ID=7'])]);
    expect(Array.from(bytesOf(out)[0])).toEqual([0x00, 0xff, 0xfe, 0x80, ...new TextEncoder().encode('ID=7')]);
  });

  it('ignores control inputs after the N data inputs', () => {
    const out = run('StringJoin', [strings(['a']), strings(['b']), strings(['ctl'])], { N: { i: '2' } });
    expect(textOf(out)).toEqual(['ab']);
  });

  it('fails on shapes that differ, with TensorFlow\'s message', () => {
    const a = strings(['a', 'b', 'c']);
    const b = strings(['x', 'y']);
    live.push(a, b);
    expect(errorOf(() => STRING_OPS.StringJoin(opNode([a, b], { N: { i: '2' } })))).toEqual({ code: 'INVALID_ARGUMENT', message: 'Input shapes do not match: [3] vs. [2]' });
  });
});

describe('StringToHashBucketFast', () => {
  it('puts every string in bucket 0 of 1 (the string_vocab_model OOV bucket)', () => {
    const out = run('StringToHashBucketFast', [strings(['qwerty', 'Cat', ''])], { num_buckets: { i: '1' } });
    expect([out.dtype, Array.from(out.dataSync())]).toEqual(['int32', [0, 0, 0]]);
  });

  it('gives TensorFlow\'s buckets as int32 when every bucket fits', () => {
    // tf.strings.to_hash_bucket_fast(['the', 'Cat', ''], 1000003) (fingerprint64.vectors.json)
    const out = run('StringToHashBucketFast', [strings(['the', 'Cat', ''], [3, 1])], { num_buckets: { i: '1000003' } });
    expect([out.dtype, out.shape, Array.from(out.dataSync())]).toEqual(['int32', [3, 1], [277462, 391934, 377723]]);
  });

  it('gives a wide int64 tensor when buckets can exceed int32', () => {
    const out = run('StringToHashBucketFast', [strings(['the', 'Cat', ''])], { num_buckets: { i: String(1n << 62n) } });
    expect(Array.from(readWide(out))).toEqual([2392203249141657450n, 2828460747835341697n, 1936946117179621455n]);
  });
});
