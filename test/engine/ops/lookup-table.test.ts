// TfsLookupTableFind / TfsLookupTableSize (the rewritten LookupTableFindV2 / LookupTableSizeV2) on packed
// tables: keys sorted ascending, values aligned (lib/engine/graph/table-contents.ts).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { customOpNames } from '../../../lib/engine/ops/index.ts';
import { makeWide, readWide } from '../../../lib/engine/ops/int64-tensors.ts';
import { LOOKUP_TABLE_OPS } from '../../../lib/engine/ops/lookup-table.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { trackTensors } from '../../helpers/leak-check.ts';
import { opNode, type RawAttrs, strings, textOf } from './op-node.ts';

const live = trackTensors('cpu');

const STRING_TO_INT64: RawAttrs = { Tin: { type: 'DT_STRING' }, Tout: { type: 'DT_INT64' } };

function find(inputs: tf.Tensor[], raw: RawAttrs = STRING_TO_INT64): tf.Tensor {
  live.push(...inputs);
  const out = LOOKUP_TABLE_OPS.TfsLookupTableFind(opNode(inputs, raw)) as tf.Tensor;
  live.push(out);
  return out;
}

// vocab "the cat sat" -> ids 0 1 2, packed sorted by bytes: cat sat the
const vocabKeys = () => strings(['cat', 'sat', 'the']);
const vocabIds = () => tf.tensor([1, 2, 0], [3], 'int32');
const minusOne = () => tf.scalar(-1, 'int32');

describe('LOOKUP_TABLE_OPS', () => {
  it('is registered under the names the graph rewrite uses', () => {
    expect(customOpNames()).toEqual(expect.arrayContaining(['TfsLookupTableFind', 'TfsLookupTableSize']));
  });
});

describe('TfsLookupTableFind', () => {
  it('finds each key, and gives the default for unknown ones (case- and byte-exact)', () => {
    const out = find([vocabKeys(), strings(['the', 'Cat', 'sat', '', 'cat', 'thee'], [2, 3]), minusOne(), vocabIds()]);
    expect([out.dtype, out.shape, Array.from(out.dataSync())]).toEqual(['int32', [2, 3], [0, -1, 2, -1, 1, -1]]);
  });

  it('takes one default per key when the default has the keys\' size', () => {
    const out = find([vocabKeys(), strings(['x', 'the']), tf.tensor([7, 8], [2], 'int32'), vocabIds()]);
    expect(Array.from(out.dataSync())).toEqual([7, 0]);
  });

  it('looks up int64 keys carried wide or as int32, into string values', () => {
    const raw: RawAttrs = { Tin: { type: 'DT_INT64' }, Tout: { type: 'DT_STRING' } };
    const keys = makeWide(BigInt64Array.of(-3n, 5n, 2n ** 40n), [3]);
    const out = find([keys, tf.tensor([5, 6, -3], [3], 'int32'), strings(['UNK'], []), strings(['neg', 'five', 'big'])], raw);
    expect(textOf(out)).toEqual(['five', 'UNK', 'neg']);
    const wideQuery = find([makeWide(BigInt64Array.of(-3n, 5n, 2n ** 40n), [3]), makeWide(BigInt64Array.of(2n ** 40n), [1]), strings(['UNK'], []), strings(['neg', 'five', 'big'])], raw);
    expect(textOf(wideQuery)).toEqual(['big']);
  });

  it('keeps wide int64 values wide, converting an int32 default', () => {
    const values = makeWide(BigInt64Array.of(2n ** 53n + 1n, 1n, 0n), [3]);
    const out = find([vocabKeys(), strings(['cat', 'dog']), minusOne(), values]);
    expect([out.dtype, Array.from(readWide(out))]).toEqual(['string', [2n ** 53n + 1n, -1n]]);
  });

  it('looks up float values', () => {
    const out = find([vocabKeys(), strings(['sat', 'x']), tf.scalar(-1.5), tf.tensor([0.25, 0.5, 0.75])], { Tin: { type: 'DT_STRING' }, Tout: { type: 'DT_FLOAT' } });
    expect([out.dtype, Array.from(out.dataSync())]).toEqual(['float32', [0.5, -1.5]]);
  });

  it('finds nothing in an empty table', () => {
    const out = find([strings([]), strings(['a']), minusOne(), tf.tensor([], [0], 'int32')]);
    expect(Array.from(out.dataSync())).toEqual([-1]);
  });

  it('fails a default whose size is neither 1 nor the keys\' size', () => {
    const inputs = [vocabKeys(), strings(['a', 'b', 'c']), tf.tensor([1, 2], [2], 'int32'), vocabIds()];
    live.push(...inputs);
    let err: unknown;
    try {
      LOOKUP_TABLE_OPS.TfsLookupTableFind(opNode(inputs, STRING_TO_INT64));
    } catch (e) {
      err = e;
    }
    expect(isServingError(err) && err.code).toBe('INVALID_ARGUMENT');
  });
});

describe('TfsLookupTableSize', () => {
  it('gives the number of entries as an int64 scalar', () => {
    const keys = vocabKeys();
    live.push(keys);
    const out = LOOKUP_TABLE_OPS.TfsLookupTableSize(opNode([keys])) as tf.Tensor;
    live.push(out);
    expect([out.dtype, out.shape, Array.from(out.dataSync())]).toEqual(['int32', [], [3]]);
  });
});
