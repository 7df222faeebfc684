// Partitioned variables: TensorFlow's slice-key encoding and the assembly of full tensors from slices.
import { describe, expect, it } from 'vitest';
import { TensorBundle } from '../../lib/savedmodel/tensor-bundle.ts';
import { signedNumIncreasing, sliceKey } from '../../lib/savedmodel/tensor-bundle-slices.ts';
import { bundleFiles, le, utf8, type WrittenTensor } from '../helpers/bundle-writer.ts';
import { servingErrorOf } from '../helpers/serving-error.ts';
import { tfMadeCheckpoint } from '../helpers/tf-made-checkpoints.ts';

const hex = (binary: string) => Buffer.from(binary, 'latin1').toString('hex');
const hexOf = (bytes: number[]) => Buffer.from(bytes).toString('hex');

describe('slice keys (OrderedCode, as TensorFlow writes them)', () => {
  it.each([
    [0, '80'],
    [3, '83'],
    [63, 'bf'],
    [64, 'c040'],
    [65, 'c041'], // seen in TF output: the start and length of slice [65:130] of w
    [8191, 'dfff'],
    [8192, 'e02000'],
    [-1, '7f'], // a whole dimension
    [-64, '40'],
    [-65, '3fbf'],
    [2 ** 53 - 4, 'ff1ffffffffffffc'], // seen in TF output: slice start 9007199254740988
    [2 ** 53 - 1, 'ff1fffffffffffff'],
  ])('encodes the signed number %d as %s', (n, want) => {
    expect(hexOf(signedNumIncreasing(n))).toBe(want);
  });

  it('keeps byte order equal to numeric order, the point of the encoding', () => {
    const values = [-(2 ** 53), -(2 ** 31), -65, -64, -1, 0, 1, 63, 64, 127, 128, 8191, 8192, 2 ** 31, 2 ** 40, 2 ** 53 - 1];
    const encoded = values.map((v) => Buffer.from(signedNumIncreasing(v)));
    const sorted = [...encoded].sort(Buffer.compare);
    expect(sorted).toEqual(encoded);
  });

  it('matches the keys TensorFlow 2.21 wrote', () => {
    expect(hex(sliceKey('w', [{ start: 65, length: 65 }, { start: 0, length: 1 }]))).toBe('007700010102c041c0418081');
    expect(hex(sliceKey('c', [{ start: 0, length: 2 }, { start: 3, length: 2 }]))).toBe('0063000101028082' + '8382');
    expect(hex(sliceKey('m/b/.ATTRIBUTES/VARIABLE_VALUE', [{ start: 12, length: 9 }]))).toBe(
      `00${Buffer.from('m/b/.ATTRIBUTES/VARIABLE_VALUE').toString('hex')}000101018c89`,
    );
  });

  it('matches the keys TensorFlow 2.21 wrote for 8-byte starts and whole dimensions ("-")', () => {
    const bundle = TensorBundle.open(tfMadeCheckpoint('hugeSliceTf'));
    expect(bundle.entry('big').slices).toEqual([[{ start: 2 ** 53 - 4, length: 2 }, { start: 0, length: null }]]);
    expect(hex(sliceKey('big', bundle.entry('big').slices[0]))).toBe('0062696700010102ff1ffffffffffffc82807f');
  });

  it('escapes 0x00 and 0xff in names and marks whole dimensions with -1', () => {
    expect(hex(sliceKey('a\x00\xff', [{ start: 0, length: null }]))).toBe('006100ffff000001010180' + '7f');
  });
});

describe('partitioned variables written by TensorFlow', () => {
  it('assembles a TF1 variable split along its first axis with 2-byte slice offsets', () => {
    const bundle = TensorBundle.open(tfMadeCheckpoint('partitionedTf1'));
    expect(bundle.keys()).toEqual(['c', 's', 'w']); // slice entries are not keys of their own
    expect(bundle.entry('w').slices).toEqual([
      [{ start: 0, length: 65 }, { start: 0, length: 1 }],
      [{ start: 65, length: 65 }, { start: 0, length: 1 }],
    ]);
    const w = bundle.readTensor('w');
    expect(w).toMatchObject({ dtype: 'DT_FLOAT', shape: [130, 1] });
    expect(w.data).toEqual(Float32Array.from({ length: 130 }, (_, i) => i / 4));
  });

  it('assembles a TF1 variable split along its second axis', () => {
    const c = TensorBundle.open(tfMadeCheckpoint('partitionedTf1')).readTensor('c');
    expect(c).toMatchObject({ dtype: 'DT_INT32', shape: [2, 5] });
    expect(c.data).toEqual(Int32Array.from({ length: 10 }, (_, i) => i * 3 - 7));
  });

  it('reads a TF2 checkpoint of 4 shards whose variables TF sliced across shards', () => {
    const bundle = TensorBundle.open(tfMadeCheckpoint('shardedTf2'));
    expect(bundle.verifyAll()).toEqual([]);
    expect(bundle.entry('m/b/.ATTRIBUTES/VARIABLE_VALUE').slices).toHaveLength(6);
    expect(bundle.readTensor('m/a/.ATTRIBUTES/VARIABLE_VALUE').data).toEqual(Float32Array.from({ length: 40 }, (_, i) => i / 8));
    expect(bundle.readTensor('m/b/.ATTRIBUTES/VARIABLE_VALUE').data).toEqual(BigInt64Array.from({ length: 30 }, (_, i) => BigInt(i - 15)));
    const s = bundle.readTensor('m/s/.ATTRIBUTES/VARIABLE_VALUE').data as Uint8Array[];
    expect(s.map((e) => [...e])).toEqual([[...utf8('hello')], [], [0xff, 0x00]]);
    expect(bundle.readTensor('_CHECKPOINTABLE_OBJECT_GRAPH').shape).toEqual([]);
  });

  it('refuses huge tensors whose slices do not cover them, without allocating them', () => {
    const bundle = TensorBundle.open(tfMadeCheckpoint('hugeSliceTf'));
    // The slices are found by the keys computed here, so only the coverage is missing.
    expect(servingErrorOf(() => bundle.readTensor('big')).message).toBe(
      "partitioned tensor 'big': slices hold 2 elements, the shape [9007199254740991,1] needs 9007199254740991",
    );
    expect(servingErrorOf(() => bundle.readTensor('mid')).message).toMatch(/slices hold 4 elements, the shape \[300000,2\] needs 600000/);
  });
});

describe('partitioned variables written by the test writer', () => {
  // A 3x4 int32 matrix 0..11 in four blocks: rows [0:2]/[2:3] × columns [0:1]/[1:4].
  const grid = (overrides: Partial<NonNullable<WrittenTensor['slices']>[number]>[] = []): WrittenTensor => {
    const block = (r0: number, r1: number, c0: number, c1: number) => {
      const values: number[] = [];
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) values.push(r * 4 + c);
      return {
        extents: [{ start: r0, length: r1 - r0 }, { start: c0, length: c1 - c0 }],
        shape: [r1 - r0, c1 - c0],
        data: le(Int32Array.from(values)),
      };
    };
    const slices = [block(0, 2, 0, 1), block(0, 2, 1, 4), block(2, 3, 0, 1), block(2, 3, 1, 4)];
    return { key: 'grid', dtype: 'DT_INT32', shape: [3, 4], slices: slices.map((s, i) => ({ ...s, ...overrides[i] })) };
  };

  it('assembles slices of a 2-D grid spread over shards', () => {
    const t = grid();
    t.slices!.forEach((s, i) => (s.shard = i % 2));
    const bundle = TensorBundle.open(bundleFiles([t], { numShards: 2 }));
    expect(bundle.readTensor('grid').data).toEqual(Int32Array.from({ length: 12 }, (_, i) => i));
    expect(bundle.verifyAll()).toEqual([]);
  });

  it('assembles string slices and whole-dimension extents', () => {
    const words = ['a', 'bb', 'ccc', 'dddd'].map(utf8);
    const bundle = TensorBundle.open(
      bundleFiles([
        {
          key: 'vocab',
          dtype: 'DT_STRING',
          shape: [2, 2],
          slices: [
            { extents: [{ start: 1, length: 1 }, { start: 0, length: null }], shape: [1, 2], data: words.slice(2) },
            { extents: [{ start: 0, length: 1 }, { start: 0, length: null }], shape: [1, 2], data: words.slice(0, 2) },
          ],
        },
      ]),
    );
    expect((bundle.readTensor('vocab').data as Uint8Array[]).map((e) => Buffer.from(e).toString())).toEqual(['a', 'bb', 'ccc', 'dddd']);
  });

  it.each([
    ['a listed slice that is not stored', [{}, { omit: true }], /slice \[0:2, 1:4\] is listed but not stored/],
    ['overlapping slices', [{}, {}, {}, { extents: [{ start: 1, length: 1 }, { start: 1, length: 3 }] }], /slices overlap at element 5/],
    ['a gap', [{}, {}, {}, { extents: [{ start: 2, length: 1 }, { start: 1, length: 2 }], shape: [1, 2], data: le(Int32Array.of(9, 10)) }], /slices hold 11 elements, the shape \[3,4\] needs 12/],
    ['a slice outside the shape', [{}, {}, {}, { extents: [{ start: 2, length: 1 }, { start: 2, length: 3 }] }], /slice \[2:3, 2:5\] lies outside shape \[3,4\]/],
    ['a slice stored with another shape', [{}, {}, {}, { shape: [3, 1] }], /slice \[2:3, 1:4\] is stored with shape \[3,1\]/],
    ['a slice stored with another dtype', [{}, {}, {}, { dtype: 'DT_FLOAT' }], /slice \[2:3, 1:4\] is DT_FLOAT, the tensor DT_INT32/],
    ['a slice of the wrong rank', [{}, {}, {}, { extents: [{ start: 0, length: 12 }] }], /a slice has 1 dimensions, the tensor 2/],
  ])('refuses %s as DATA_LOSS, never returning partial data', (_scenario, overrides, message) => {
    const bundle = TensorBundle.open(bundleFiles([grid(overrides)]));
    const err = servingErrorOf(() => bundle.readTensor('grid'));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toMatch(/^partitioned tensor 'grid': /);
    expect(err.message).toMatch(message);
    expect(() => bundle.verifyAll()).toThrow();
  });

  it('verifies the crc of each slice', () => {
    const files = bundleFiles([grid()]);
    const data = files.get('variables/variables.data-00000-of-00001')!;
    data[0] ^= 1;
    const err = servingErrorOf(() => TensorBundle.open(files).readTensor('grid'));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toMatch(/^partitioned tensor 'grid': slice \[0:2, 0:1\]: crc32c mismatch for tensor '\\x00grid/);
  });
});
