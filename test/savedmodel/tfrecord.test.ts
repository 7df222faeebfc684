import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTFRecords } from '../../lib/savedmodel/index.ts';
import { maskedCrc32c } from '../../lib/savedmodel/crc32c.ts';
import { LOCAL_FIXTURES } from '../helpers/fixtures.ts';
import { writeTFRecords } from '../helpers/tfrecord-writer.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const FILE = 'assets.extra/tf_serving_warmup_requests';

function errorOf(data: Uint8Array): { code: string; message: string; seen: number } {
  let seen = 0;
  try {
    for (const _ of readTFRecords(data, FILE)) seen++;
  } catch (e) {
    const err = e as { code: string; message: string };
    return { code: err.code, message: err.message, seen };
  }
  throw new Error('expected a DATA_LOSS error');
}

describe('readTFRecords', () => {
  it('yields every record of a valid file, in order, as views into the file', () => {
    const file = writeTFRecords([bytes('first'), bytes(''), bytes('third record')]);
    const records = [...readTFRecords(file, FILE)];
    expect(records.map(text)).toEqual(['first', '', 'third record']);
    expect(records[0].buffer).toBe(file.buffer);
    expect(records[0].byteOffset).toBe(12);
  });

  it('reads the TensorFlow-written warm-up fixture (3 records)', () => {
    const file = readFileSync(join(LOCAL_FIXTURES, 'assets_extra_model/1/assets.extra/tf_serving_warmup_requests'));
    const records = [...readTFRecords(file, FILE)];
    expect(records).toHaveLength(3);
    expect(records.reduce((n, r) => n + r.length + 16, 0)).toBe(file.length);
  });

  it('yields nothing for an empty file (TensorFlow reads it as end of file)', () => {
    expect([...readTFRecords(new Uint8Array(0), FILE)]).toEqual([]);
  });

  it('refuses a record whose length checksum is wrong, naming the offset, record and file', () => {
    const file = writeTFRecords([bytes('ok'), bytes('bad length crc')]);
    file[18 + 8] ^= 0x01; // the second record starts at 12 + 2 + 4 = 18; its length crc at 18 + 8
    const err = errorOf(file);
    expect(err.code).toBe('DATA_LOSS');
    expect(err.message).toBe(`corrupted record at 18 (length of record 1 in ${FILE})`);
    expect(err.seen).toBe(1);
  });

  it('refuses a record whose data checksum is wrong', () => {
    const file = writeTFRecords([bytes('bad data crc')]);
    file[12] ^= 0x20;
    const err = errorOf(file);
    expect(err).toMatchObject({ code: 'DATA_LOSS', seen: 0 });
    expect(err.message).toBe(`corrupted record at 12 (data of record 0 in ${FILE})`);
  });

  it('adds TensorFlow\'s format hint when the first length is corrupt (not a TFRecord file at all)', () => {
    const err = errorOf(bytes('this is plain text, not a TFRecord file'));
    expect(err.message).toBe(`corrupted record at 0 (Is this even a TFRecord file?) (length of record 0 in ${FILE})`);
  });

  it.each([
    ['a header cut short', (f: Uint8Array) => f.subarray(0, 25), 'truncated record at 20 (length of record 1 in'],
    ['data cut short', (f: Uint8Array) => f.subarray(0, f.length - 5), 'truncated record at 32 (data of record 1 in'],
    ['the data crc cut off', (f: Uint8Array) => f.subarray(0, f.length - 2), 'truncated record at 32 (data of record 1 in'],
    ['a header with no data after it', (f: Uint8Array) => f.subarray(0, 32), 'truncated record at 20 (data of record 1 in'],
  ])('refuses a truncated file: %s', (_scenario, cut, want) => {
    const file = writeTFRecords([bytes('abcd'), bytes('efgh')]); // records at 0 and 20, each 20 bytes
    const err = errorOf(cut(file));
    expect(err).toMatchObject({ code: 'DATA_LOSS', seen: 1 });
    expect(err.message).toContain(want);
  });

  it.each([
    ['2^32 + 1 (the high word is set)', 1, 1],
    ['2^31, far beyond the 17-byte file', 0, 0x80000000],
  ])('refuses a checksummed length beyond the file: %s (a hostile length never allocates)', (_scenario, high, low) => {
    const file = writeTFRecords([bytes('x')]);
    const view = new DataView(file.buffer);
    view.setUint32(0, low, true);
    view.setUint32(4, high, true);
    view.setUint32(8, maskedCrc32c(file.subarray(0, 8)), true);
    const err = errorOf(file);
    expect(err).toMatchObject({ code: 'DATA_LOSS', seen: 0 });
    expect(err.message).toBe(`truncated record at 12 (data of record 0 in ${FILE})`);
  });
});
