// Reads a whole LevelDB SSTable (the format of a checkpoint's `variables.index`) into its sorted
// entries. Read-only and in-memory; no filter blocks, no seeking: a checkpoint index is small.
// Layout facts are from FORMATS.md ("variables.index = LevelDB SSTable") and LevelDB's table_format.md.
import snappy from 'snappyjs';
import { ServingError } from '../errors/index.ts';
import { ByteReader, uint32At } from './byte-reader.ts';
import { crc32c, hex32, maskCrc } from './crc32c.ts';

/** Footer: two block handles padded to 40 bytes, then the 8-byte magic. */
export const FOOTER_SIZE = 48;
/** kTableMagicNumber 0xdb4775248b80fb57, stored little-endian. */
export const TABLE_MAGIC = Uint8Array.of(0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb);
/** Every block is followed by 1 compression-type byte and a masked crc32c (uint32 LE). */
export const BLOCK_TRAILER_SIZE = 5;
export const NO_COMPRESSION = 0;
export const SNAPPY_COMPRESSION = 1;
/** Snappy's densest op (a 3-byte copy of 64 bytes) expands 21.3x, so no valid block decodes larger. */
const MAX_SNAPPY_EXPANSION = 22;

export interface TableEntry {
  /** The key as a "binary" string: one char per byte (latin1), so it is lossless and sorts bytewise. */
  key: string;
  /** A view of the value bytes (into the file, or into a decompressed block). */
  value: Uint8Array;
}

export interface BlockHandle {
  offset: number;
  size: number;
}

/**
 * Every entry of the table, in key order. Verifies the magic, every block's crc32c and the key order.
 * Throws ServingError DATA_LOSS naming `name` and the offset on any corruption or truncation.
 * @example readTable(files.get('variables/variables.index')!, 'variables/variables.index')
 */
export function readTable(file: Uint8Array, name: string): TableEntry[] {
  const { index } = readFooter(file, name);
  const entries: TableEntry[] = [];
  for (const handleEntry of parseBlock(readBlock(file, index, name), `${name} index block`)) {
    const handle = readHandle(new ByteReader(handleEntry.value, `${name} index entry`), 'data block handle');
    for (const e of parseBlock(readBlock(file, handle, name), `${name} data block at ${handle.offset}`)) {
      const last = entries.length > 0 ? entries[entries.length - 1].key : undefined;
      if (last !== undefined && !(last < e.key)) {
        throw new ServingError('DATA_LOSS', `${name}: keys out of order in data block at ${handle.offset}`);
      }
      entries.push(e);
    }
  }
  return entries;
}

/** The metaindex and index block handles from the 48-byte footer, after checking the magic. */
export function readFooter(file: Uint8Array, name: string): { metaindex: BlockHandle; index: BlockHandle } {
  if (file.length < FOOTER_SIZE) {
    throw new ServingError('DATA_LOSS', `${name}: truncated table: ${file.length} bytes, a footer alone is ${FOOTER_SIZE}`);
  }
  const footerAt = file.length - FOOTER_SIZE;
  const magic = file.subarray(file.length - TABLE_MAGIC.length);
  if (!TABLE_MAGIC.every((b, i) => magic[i] === b)) {
    const got = [...magic].reverse().map((b) => b.toString(16).padStart(2, '0')).join('');
    throw new ServingError('DATA_LOSS', `${name}: not a table (bad magic number 0x${got}, expected 0xdb4775248b80fb57)`);
  }
  const r = new ByteReader(file, `${name} footer`, file.length - TABLE_MAGIC.length);
  r.pos = footerAt;
  const metaindex = readHandle(r, 'metaindex handle');
  const index = readHandle(r, 'index handle');
  return { metaindex, index };
}

function readHandle(r: ByteReader, what: string): BlockHandle {
  return { offset: r.varint64(`${what} offset`), size: r.varint64(`${what} size`) };
}

/** A block's contents (decompressed when needed) after checking its trailer crc. */
export function readBlock(file: Uint8Array, handle: BlockHandle, name: string): Uint8Array {
  const { offset, size } = handle;
  const dataEnd = file.length - FOOTER_SIZE;
  if (offset + size + BLOCK_TRAILER_SIZE > dataEnd) {
    throw new ServingError(
      'DATA_LOSS',
      `${name}: block [${offset}, ${offset + size}) plus its trailer runs past the table data (${dataEnd} bytes); truncated file?`,
    );
  }
  const contents = file.subarray(offset, offset + size);
  const type = file[offset + size];
  const stored = uint32At(file, offset + size + 1);
  // The crc covers the stored (possibly compressed) contents followed by the type byte.
  const actual = maskCrc(crc32c(file.subarray(offset + size, offset + size + 1), crc32c(contents)));
  if (actual !== stored) {
    throw new ServingError(
      'DATA_LOSS',
      `${name}: block checksum mismatch at offset ${offset} (size ${size}): stored ${hex32(stored)}, computed ${hex32(actual)}`,
    );
  }
  if (type === NO_COMPRESSION) return contents;
  if (type === SNAPPY_COMPRESSION) {
    try {
      return snappy.uncompress(contents, contents.length * MAX_SNAPPY_EXPANSION + 16);
    } catch (e) {
      throw new ServingError('DATA_LOSS', `${name}: corrupt snappy block at offset ${offset}: ${(e as Error).message}`, { cause: e });
    }
  }
  throw new ServingError('DATA_LOSS', `${name}: unknown compression type ${type} for block at offset ${offset}`);
}

/**
 * The entries of one block, in order. Each is `varint shared, varint non_shared, varint value_len,
 * key_delta, value`; the key is the previous key's first `shared` bytes plus key_delta. The restart
 * array (uint32s, then their count) only serves seeking, so it is bounds-checked and skipped.
 */
export function parseBlock(block: Uint8Array, where: string): TableEntry[] {
  if (block.length < 4) throw new ServingError('DATA_LOSS', `${where}: block of ${block.length} bytes has no restart count`);
  const numRestarts = uint32At(block, block.length - 4);
  if (numRestarts > (block.length - 4) / 4) {
    throw new ServingError('DATA_LOSS', `${where}: ${numRestarts} restarts do not fit in a ${block.length}-byte block`);
  }
  const r = new ByteReader(block, where, block.length - 4 - 4 * numRestarts);
  const out: TableEntry[] = [];
  let key = '';
  while (r.remaining > 0) {
    const at = r.pos;
    const shared = r.varint32('shared key length');
    const nonShared = r.varint32('key delta length');
    const valueLength = r.varint32('value length');
    if (shared > key.length) r.fail(`entry shares ${shared} key bytes but the previous key has ${key.length}`, at);
    const delta = r.take(nonShared, 'key delta');
    const value = r.take(valueLength, 'value');
    key = key.slice(0, shared) + binaryString(delta);
    out.push({ key, value });
  }
  return out;
}

function binaryString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}
