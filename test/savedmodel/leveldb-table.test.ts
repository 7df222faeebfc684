import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../lib/savedmodel/byte-reader.ts';
import { crc32c, maskCrc } from '../../lib/savedmodel/crc32c.ts';
import { parseBlock, readBlock, readFooter, readTable } from '../../lib/savedmodel/leveldb-table.ts';
import { blockContents, le, varint, writeTable } from '../helpers/bundle-writer.ts';
import { flipByte } from '../helpers/corrupt.ts';
import { hasSharedFixtures, hasTfServingTestdata, SHARED_FIXTURES, TFSERVING_TESTDATA, TFSERVING_TESTDATA_SKIP } from '../helpers/fixtures.ts';
import { servingErrorOf } from '../helpers/serving-error.ts';

const INDEX = 'variables/variables.index';
const fixtureIndex = (model: string) => readFileSync(join(SHARED_FIXTURES, 'tfserving', model, '00000123', 'variables', 'variables.index'));

/** An index entry's value: varint offset, varint size. */
function handleOf(value: Uint8Array): { offset: number; size: number } {
  const r = new ByteReader(value, 'block handle');
  return { offset: r.varint64('offset'), size: r.varint64('size') };
}

const keysOf = (file: Uint8Array) => readTable(file, INDEX).map((e) => e.key);
const records = (n: number): [string, Uint8Array][] =>
  Array.from({ length: n }, (_, i) => [`layer_${String(i).padStart(3, '0')}/kernel`, Uint8Array.of(i & 0xff, 1, 2, 3)]);

/** The compression type byte after the only data block of an index. */
function dataBlockCompression(file: Uint8Array): number {
  const { index } = readFooter(file, INDEX);
  const [first] = parseBlock(readBlock(file, index, INDEX), INDEX);
  const { offset, size } = handleOf(first.value);
  return file[offset + size];
}

if (!hasTfServingTestdata) console.log(TFSERVING_TESTDATA_SKIP);
// TF 2.21 writes these small indexes raw; the TF Serving files were written by a TensorFlow that kept snappy.
describe.skipIf(!hasTfServingTestdata)("readTable on TF Serving's own indexes", () => {
  it('reads the snappy-compressed data block of half_plus_two', () => {
    const file = readFileSync(join(TFSERVING_TESTDATA, 'saved_model_half_plus_two_cpu', '00000123', 'variables', 'variables.index'));
    expect(dataBlockCompression(file)).toBe(1); // compression type byte: snappy
    expect(keysOf(file)).toEqual(['', 'a', 'a2', 'b', 'c', 'c2']);
  });
});

describe.skipIf(!hasSharedFixtures)('readTable on TensorFlow-made indexes', () => {
  it('reads the raw data block of half_plus_two', () => {
    const file = fixtureIndex('saved_model_half_plus_two_cpu');
    expect(dataBlockCompression(file)).toBe(0); // compression type byte: none
    expect(keysOf(file)).toEqual(['', 'a', 'a2', 'b', 'c', 'c2']);
  });

  it('reads the raw blocks of half_plus_three', () => {
    expect(keysOf(fixtureIndex('saved_model_half_plus_three'))).toEqual(['', 'a', 'b', 'c']);
  });

  it('reports a flipped byte as a block checksum mismatch with its offset', () => {
    const err = servingErrorOf(() => readTable(flipByte(fixtureIndex('saved_model_half_plus_three'), 20), INDEX));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toMatch(/variables\.index: block checksum mismatch at offset 0 .*stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}/);
  });

  it('reports a bad magic number', () => {
    const err = servingErrorOf(() => readTable(flipByte(fixtureIndex('saved_model_half_plus_three'), -1), INDEX));
    expect(err).toMatchObject({ code: 'DATA_LOSS' });
    expect(err.message).toContain('bad magic number 0x24');
  });

  it.each([
    ['to nothing', 0, /truncated table: 0 bytes/],
    ['inside the footer', 47, /truncated table: 47 bytes/],
    ['halfway', 100, /bad magic number/],
    ['by its last byte', -1, /bad magic number/],
  ])('reports a table truncated %s', (_scenario, keep, message) => {
    const err = servingErrorOf(() => readTable(fixtureIndex('saved_model_half_plus_two_cpu').subarray(0, keep), INDEX));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toMatch(message);
  });

  it('reports a block handle pointing past the table data', () => {
    // Dropping the head keeps the footer, whose handles now point beyond the shortened file.
    const err = servingErrorOf(() => readTable(fixtureIndex('saved_model_half_plus_two_cpu').subarray(60), INDEX));
    expect(err.message).toMatch(/block \[118, 132\) plus its trailer runs past the table data \(77 bytes\)/);
  });
});

describe('readTable on tables written by the test writer', () => {
  it('reads many entries with shared key prefixes across several blocks', () => {
    const want = records(300);
    const file = writeTable(want, 256, false);
    const got = readTable(file, INDEX);
    expect(got.map((e) => e.key)).toEqual(want.map(([k]) => k));
    expect(got.map((e) => [...e.value])).toEqual(want.map(([, v]) => [...v]));
  });

  it('reads snappy-compressed data blocks', () => {
    const want = records(100);
    expect(keysOf(writeTable(want, 1024, true))).toEqual(want.map(([k]) => k));
  });

  it('keeps binary keys byte for byte', () => {
    const key = '\x00w\x00\x01\x01\x02\xc0\x41\xff';
    expect(keysOf(writeTable([[key, Uint8Array.of(7)]], 4096, false))).toEqual([key]);
  });

  it('refuses keys out of order', () => {
    const file = writeTable([['b', Uint8Array.of()], ['a', Uint8Array.of()]], 1, false);
    expect(servingErrorOf(() => readTable(file, INDEX)).message).toContain('keys out of order');
  });

  it('refuses an unknown compression type even with a valid checksum', () => {
    const file = writeTable(records(3), 4096, false);
    // The data block starts at 0; find its trailer from the index and rewrite type + crc.
    const { index } = readFooter(file, INDEX);
    const [entry] = parseBlock(readBlock(file, index, INDEX), INDEX);
    const size = handleOf(entry.value).size;
    file[size] = 7;
    file.set(le(Uint32Array.of(maskCrc(crc32c(Uint8Array.of(7), crc32c(file.subarray(0, size)))))), size + 1);
    expect(servingErrorOf(() => readTable(file, INDEX)).message).toContain('unknown compression type 7 for block at offset 0');
  });

  it('refuses a snappy block whose length header is huge, without allocating it', () => {
    const file = writeTable(records(20), 4096, true);
    const { index } = readFooter(file, INDEX);
    const [entry] = parseBlock(readBlock(file, index, INDEX), INDEX);
    const { size } = handleOf(entry.value); // of the data block at 0
    file.set([0xff, 0xff, 0xff, 0xff, 0x07], 0); // uncompressed length 2^31 - 1
    file.set(le(Uint32Array.of(maskCrc(crc32c(file.subarray(size, size + 1), crc32c(file.subarray(0, size)))))), size + 1);
    const err = servingErrorOf(() => readTable(file, INDEX));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toMatch(/corrupt snappy block at offset 0: .*too big/);
  });

  it('refuses a table shorter than its footer', () => {
    expect(servingErrorOf(() => readTable(new Uint8Array(47), INDEX)).message).toMatch(/truncated table: 47 bytes/);
  });
});

describe('parseBlock on hostile blocks', () => {
  const entry = (shared: number, nonShared: number, valueLength: number, rest: number[] = []) =>
    Uint8Array.from([...varint(shared), ...varint(nonShared), ...varint(valueLength), ...rest, 0, 0, 0, 0, 1, 0, 0, 0]);

  it('parses a well-formed block', () => {
    expect(parseBlock(blockContents([['ab', Uint8Array.of(1)], ['ac', Uint8Array.of(2)]]), 'b').map((e) => e.key)).toEqual(['ab', 'ac']);
  });

  it.each([
    ['a restart count larger than the block', Uint8Array.of(0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f), /restarts do not fit/],
    ['a block too short for its restart count', Uint8Array.of(1, 2), /no restart count/],
    ['a value length of 2^40', entry(0, 1, 2 ** 40, [0x61]), /value length .* does not fit in 32 bits/],
    ['a value longer than the block', entry(0, 1, 1000, [0x61]), /value needs 1000 bytes but only \d+ remain/],
    ['a key sharing more bytes than the previous key has', entry(3, 1, 0, [0x61]), /shares 3 key bytes/],
    ['a varint that never ends', Uint8Array.from([...new Array(12).fill(0xff), 0, 0, 0, 0]), /varint longer than 10 bytes/],
    ['a varint cut off by the restart array', Uint8Array.of(0x80, 0, 0, 0, 0), /truncated varint/],
  ])('reports %s as DATA_LOSS', (_scenario, block, message) => {
    const err = servingErrorOf(() => parseBlock(block, 'variables/variables.index data block at 0'));
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toMatch(message);
  });
});
