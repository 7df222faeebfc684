// Bad checkpoints: real TensorFlow-made copies corrupted here, and hostile bundles from the test writer.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ModelFiles, modelFilesFromMap, readModelDir } from '../../lib/savedmodel/model-files.ts';
import { TensorBundle } from '../../lib/savedmodel/tensor-bundle.ts';
import { bundleFiles, le, utf8, varint, writeTable } from '../helpers/bundle-writer.ts';
import { flipByte, withFile } from '../helpers/corrupt.ts';
import { hasSharedFixtures, SHARED_FIXTURES } from '../helpers/fixtures.ts';
import { servingErrorOf } from '../helpers/serving-error.ts';

const INDEX = 'variables/variables.index';
const DATA = 'variables/variables.data-00000-of-00001';

describe.skipIf(!hasSharedFixtures)('TensorBundle on corrupted copies of real checkpoints', () => {
  let halfPlusTwo: ModelFiles;
  let tf2: ModelFiles;
  beforeAll(async () => {
    halfPlusTwo = await readModelDir(join(SHARED_FIXTURES, 'tfserving/saved_model_half_plus_two_cpu/00000123'));
    tf2 = await readModelDir(join(SHARED_FIXTURES, 'tfserving/saved_model_half_plus_two_tf2_cpu/00000123'));
  });
  const offsetOf = (files: ModelFiles, key: string) => TensorBundle.open(files).entry(key).offset;

  it("names the key, the file and both checksums when a tensor's bytes are flipped", () => {
    const bundle = TensorBundle.open(withFile(halfPlusTwo, DATA, (d) => flipByte(d, offsetOf(halfPlusTwo, 'b') + 1)));
    const err = servingErrorOf(() => bundle.readTensor('b'));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toMatch(
      /^crc32c mismatch for tensor 'b' in variables\/variables\.data-00000-of-00001 at \[\d+, \d+\): stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}$/,
    );
    expect(bundle.readTensor('a').data).toEqual(Float32Array.of(0.5)); // the other tensors still read
    expect(servingErrorOf(() => bundle.verifyAll()).message).toContain("'b'");
  });

  it('refuses an index with a flipped byte as a block checksum mismatch', () => {
    const err = servingErrorOf(() => TensorBundle.open(withFile(halfPlusTwo, INDEX, (d) => flipByte(d, 10))));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toMatch(/^variables\/variables\.index: block checksum mismatch at offset 0/);
  });

  it('refuses a truncated index', () => {
    const err = servingErrorOf(() => TensorBundle.open(withFile(halfPlusTwo, INDEX, (d) => d.subarray(0, d.length - 20))));
    expect(err).toMatchObject({ code: 'DATA_LOSS', message: expect.stringContaining('variables/variables.index: not a table') });
  });

  it('refuses an index with a bad magic number', () => {
    const err = servingErrorOf(() => TensorBundle.open(withFile(halfPlusTwo, INDEX, (d) => flipByte(d, -8))));
    expect(err).toMatchObject({ code: 'DATA_LOSS', message: expect.stringContaining('bad magic number') });
  });

  it('reports a missing index as NOT_FOUND', () => {
    expect(servingErrorOf(() => TensorBundle.open(withFile(halfPlusTwo, INDEX, undefined)))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'checkpoint index not found: variables/variables.index',
    });
  });

  it('reports a missing data shard as NOT_FOUND, naming the file', () => {
    const err = servingErrorOf(() => TensorBundle.open(withFile(halfPlusTwo, DATA, undefined)));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('not found: variables/variables.data-00000-of-00001');
  });

  it('refuses a data file from a checkpoint with another shard count', () => {
    const extra = 'variables/variables.data-00001-of-00002';
    const err = servingErrorOf(() => TensorBundle.open(withFile(halfPlusTwo, extra, halfPlusTwo.get(DATA))));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toContain(`unexpected checkpoint data file ${extra}`);
  });

  it('refuses an entry whose bytes lie past the end of its data file', () => {
    const err = servingErrorOf(() => TensorBundle.open(withFile(halfPlusTwo, DATA, (d) => d.subarray(0, 10))));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toMatch(/tensor '\w+' at \[\d+, \d+\) lies past the end of variables\/variables\.data-00000-of-00001 \(10 bytes\)/);
  });

  it('refuses a string tensor whose length checksum is wrong', () => {
    // _CHECKPOINTABLE_OBJECT_GRAPH: varint 613 (2 bytes), then the 4-byte length checksum.
    const at = offsetOf(tf2, '_CHECKPOINTABLE_OBJECT_GRAPH') + 2;
    const bundle = TensorBundle.open(withFile(tf2, DATA, (d) => flipByte(d, at)));
    const err = servingErrorOf(() => bundle.readTensor('_CHECKPOINTABLE_OBJECT_GRAPH'));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toMatch(/string tensor '_CHECKPOINTABLE_OBJECT_GRAPH' in .*: length checksum mismatch: stored 0x\w+, computed 0x\w+ at byte 2/);
  });

  it("refuses a string tensor whose bytes do not match the entry's crc", () => {
    const at = offsetOf(tf2, '_CHECKPOINTABLE_OBJECT_GRAPH') + 100;
    const bundle = TensorBundle.open(withFile(tf2, DATA, (d) => flipByte(d, at)));
    expect(servingErrorOf(() => bundle.readTensor('_CHECKPOINTABLE_OBJECT_GRAPH')).message).toMatch(/^crc32c mismatch for tensor '_CHECKPOINTABLE_OBJECT_GRAPH'/);
  });

  it.each([
    ['2^50 bytes', varint(2 ** 50), /element 0 claims 1125899906842624 bytes but only \d+ remain/],
    ['more than 2^53 bytes', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], /length of element 0 is too large/],
  ])('refuses a string length varint of %s without allocating it', (_scenario, huge, message) => {
    const at = offsetOf(tf2, '_CHECKPOINTABLE_OBJECT_GRAPH');
    const edit = (d: Uint8Array) => Uint8Array.from([...d.subarray(0, at), ...huge, ...d.subarray(at + 2)]);
    const err = servingErrorOf(() => TensorBundle.open(withFile(tf2, DATA, edit)).readTensor('_CHECKPOINTABLE_OBJECT_GRAPH'));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toMatch(message);
  });
});

describe('TensorBundle on hostile bundles', () => {
  const f32 = (key: string, entry = {}) => ({ key, dtype: 'DT_FLOAT', shape: [1], data: le(Float32Array.of(1)), entry });

  it.each([
    ['an entry offset past its data file', [f32('w', { offset: 1000 })], /'w' at \[1000, 1004\) lies past the end of variables\/variables\.data-00000-of-00001 \(4 bytes\)/],
    ['an entry in a shard the header does not have', [f32('w', { shardId: 2 })], /entry 'w': shard_id 2 but the header says 1 shard/],
    ['a negative size', [f32('w', { size: -4 })], /entry 'w': size is negative/],
    ['dtype DT_INVALID', [f32('w', { dtype: 0 })], /entry 'w': dtype is DT_INVALID/],
  ])('refuses %s at open', (_scenario, tensors, message) => {
    const err = servingErrorOf(() => TensorBundle.open(bundleFiles(tensors)));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toMatch(message);
  });

  it.each([
    ['no header entry', { header: null }, 'DATA_LOSS', /no header entry/],
    ['zero shards', { header: { num_shards: 0 } }, 'DATA_LOSS', /num_shards=0/],
    ['a big-endian checkpoint', { header: { endianness: 1 } }, 'UNIMPLEMENTED', /big-endian/],
    ['a newer format version', { header: { version: { producer: 2, min_consumer: 2 } } }, 'UNIMPLEMENTED', /needs a reader of version 2/],
    ['this version listed as bad', { header: { version: { producer: 2, bad_consumers: [1] } } }, 'UNIMPLEMENTED', /bad: 1/],
  ])('refuses a header with %s', (_scenario, options, code, message) => {
    const err = servingErrorOf(() => TensorBundle.open(bundleFiles([f32('w')], options)));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  it('refuses an entry that is not a BundleEntryProto', () => {
    const header = Uint8Array.of(0x08, 0x01); // num_shards = 1
    const files = new Map([
      [INDEX, writeTable([['', header], ['w', Uint8Array.of(0x0a, 0xff)]], 4096, false)],
      [DATA, new Uint8Array()],
    ]);
    const err = servingErrorOf(() => TensorBundle.open(modelFilesFromMap(files)));
    expect(err).toMatchObject({ code: 'DATA_LOSS', message: expect.stringContaining("entry 'w': cannot decode tensorflow.BundleEntryProto") });
  });

  it('refuses a numeric entry whose size does not match its shape, even for absurd shapes', () => {
    const bundle = TensorBundle.open(bundleFiles([{ key: 'w', dtype: 'DT_FLOAT', shape: [2 ** 40, 2 ** 12], data: le(Float32Array.of(1)) }]));
    const err = servingErrorOf(() => bundle.readTensor('w'));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toMatch(/'w' in .*: DT_FLOAT \[1099511627776,4096\] needs \d+ bytes but the entry holds 4/);
  });

  it('refuses a string tensor claiming more elements than it has bytes, before allocating them', () => {
    const bundle = TensorBundle.open(bundleFiles([{ key: 's', dtype: 'DT_STRING', shape: [1e12], data: [utf8('x')] }]));
    expect(servingErrorOf(() => bundle.readTensor('s')).message).toMatch(/1000000000000 elements cannot fit in 6 bytes/);
  });

  it('refuses string bytes that do not add up to the entry size', () => {
    // 's' is 1 length byte + 4 checksum bytes + 'abc'; its entry claims one byte more, from 't'.
    const bundle = TensorBundle.open(
      bundleFiles([
        { key: 's', dtype: 'DT_STRING', shape: [1], data: [utf8('abc')], entry: { size: 9 } },
        { key: 't', dtype: 'DT_UINT8', shape: [1], data: Uint8Array.of(1) },
      ]),
    );
    expect(servingErrorOf(() => bundle.readTensor('s')).message).toMatch(/lengths add up to 3 bytes but 4 follow/);
  });
});
