// Reads TFRecord files held in memory (e.g. assets.extra/tf_serving_warmup_requests). Not a writer, and no
// compressed (GZIP/ZLIB/SNAPPY) variants: TF Serving's warm-up reader opens the file uncompressed.
//
// Format (tensorflow/tsl/lib/io/record_reader.cc, RecordReader::ReadRecord / ReadChecksummed):
//   uint64 length (little-endian) | uint32 masked crc32c(length bytes) | data[length] | uint32 masked crc32c(data)
// The mask is LevelDB's (see crc32c.ts). A file that ends exactly at a record boundary ends cleanly, so an
// empty file holds zero records (TF returns OUT_OF_RANGE "eof", which its callers treat as the end).
// TF's DATA_LOSS texts are kept as the start of our messages: "truncated record at <offset>" and
// "corrupted record at <offset>", plus " (Is this even a TFRecord file?)" when <offset> is 0.
import { ServingError } from '../errors/index.ts';
import { crc32c, maskCrc } from './crc32c.ts';

/** Bytes before a record's data (uint64 length + its crc) and after it (the data crc). */
export const TFRECORD_HEADER_BYTES = 12;
export const TFRECORD_FOOTER_BYTES = 4;

/** RecordReader's GetChecksumErrorSuffix: TFRecord files have no magic, so failures at 0 hint at the format. */
function suffix(offset: number): string {
  return offset === 0 ? ' (Is this even a TFRecord file?)' : '';
}

function dataLoss(what: 'truncated' | 'corrupted', offset: number, part: 'length' | 'data', index: number, file: string): ServingError {
  return new ServingError('DATA_LOSS', `${what} record at ${offset}${suffix(offset)} (${part} of record ${index} in ${file})`);
}

function readUint32LE(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

/**
 * Yields each record's data as a view into `bytes` (never copied), checking both masked crc32c values.
 * A short or corrupt record throws DATA_LOSS naming the byte offset (as TensorFlow does), the record index
 * and `file`. Records before a bad one have already been yielded, as with TF's sequential reader.
 * @example for (const data of readTFRecords(files.get(path)!, path)) PredictionLog.decode(data);
 */
export function* readTFRecords(bytes: Uint8Array, file: string): Generator<Uint8Array, void, undefined> {
  let offset = 0;
  for (let index = 0; offset < bytes.length; index++) {
    const left = bytes.length - offset;
    if (left < TFRECORD_HEADER_BYTES) throw dataLoss('truncated', offset, 'length', index, file);
    const lengthBytes = bytes.subarray(offset, offset + 8);
    if (maskCrc(crc32c(lengthBytes)) !== readUint32LE(bytes, offset + 8)) throw dataLoss('corrupted', offset, 'length', index, file);
    // uint64 length: a high word that is not 0 can never fit in memory, so it is a truncation too.
    const low = readUint32LE(bytes, offset);
    const high = readUint32LE(bytes, offset + 4);
    const dataAt = offset + TFRECORD_HEADER_BYTES;
    const available = bytes.length - dataAt;
    if (high !== 0 || low + TFRECORD_FOOTER_BYTES > available) {
      // TF names the data's offset when some of it is there, the record's when none is.
      throw dataLoss('truncated', available > 0 ? dataAt : offset, 'data', index, file);
    }
    const data = bytes.subarray(dataAt, dataAt + low);
    if (maskCrc(crc32c(data)) !== readUint32LE(bytes, dataAt + low)) throw dataLoss('corrupted', dataAt, 'data', index, file);
    offset = dataAt + low + TFRECORD_FOOTER_BYTES;
    yield data;
  }
}
