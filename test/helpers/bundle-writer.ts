// A tiny TensorBundle (checkpoint) writer for tests: the multi-shard, string, partitioned and
// hostile cases the TensorFlow-made fixtures lack. Test-only; written from FORMATS.md, not from the reader.
import snappy from 'snappyjs';
import { protoEnum, protoType } from '../../lib/proto/index.ts';
import { crc32c, maskCrc, maskedCrc32c } from '../../lib/savedmodel/crc32c.ts';
import { type ModelFiles, modelFilesFromMap } from '../../lib/savedmodel/model-files.ts';
import { type SliceExtent, shardPath } from '../../lib/savedmodel/tensor-bundle.ts';
import { sliceKey } from '../../lib/savedmodel/tensor-bundle-slices.ts';

/** Raw little-endian bytes, or the elements of a DT_STRING tensor. */
export type TensorBytes = Uint8Array | Uint8Array[];

export interface WrittenTensor {
  key: string;
  /** DataType enum name, e.g. "DT_FLOAT". */
  dtype: string;
  shape: number[];
  data?: TensorBytes;
  /** Data shard; default 0. */
  shard?: number;
  /** A partitioned variable: the full entry lists these; each is stored under its slice key. */
  slices?: { extents: SliceExtent[]; shape: number[]; data: TensorBytes; shard?: number; dtype?: string; omit?: boolean }[];
  /** Entry fields to overwrite after writing (for corrupt cases). */
  entry?: Partial<{ offset: number; size: number; crc32c: number; shardId: number; dtype: number }>;
}

export interface WriterOptions {
  /** default "variables/variables" */
  prefix?: string;
  /** default 1 */
  numShards?: number;
  /** Start a new data block once a block holds this many bytes (default 4096, LevelDB's). */
  blockSize?: number;
  /** Snappy-compress data blocks (as TF does when it saves ≥ 12.5%). */
  snappy?: boolean;
  /** Extra BundleHeaderProto fields, e.g. { endianness: 1 }; null leaves the header entry out. */
  header?: Record<string, unknown> | null;
}

/** The bytes of a typed array, e.g. le(Float32Array.of(0.5)). */
export function le(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Files `<prefix>.index` and `<prefix>.data-*` of a bundle holding `tensors`. */
export function writeBundle(tensors: WrittenTensor[], options: WriterOptions = {}): Map<string, Uint8Array> {
  const prefix = options.prefix ?? 'variables/variables';
  const numShards = options.numShards ?? 1;
  const shards: number[][] = Array.from({ length: numShards }, () => []);
  const records: [string, Uint8Array][] = [];
  const Entry = protoType('tensorflow.BundleEntryProto');
  const dtypeNumber = (name: string) => protoEnum('tensorflow.DataType').values[name];

  const store = (rawKey: string, dtype: string, shape: number[], data: TensorBytes, shard: number, extra = {}) => {
    const bytes = Array.isArray(data) ? encodeStrings(data) : { bytes: data, crc: maskedCrc32c(data) };
    const out = shards[shard];
    const entry = {
      dtype: dtypeNumber(dtype),
      shape: { dim: shape.map((size) => ({ size })) },
      shard_id: shard,
      offset: out.length,
      size: bytes.bytes.length,
      crc32c: bytes.crc,
      ...extra,
    };
    for (const b of bytes.bytes) out.push(b);
    records.push([rawKey, Entry.encode(Entry.fromObject(entry)).finish()]);
  };
  for (const t of tensors) {
    const raw = Buffer.from(t.key, 'utf8').toString('latin1');
    if (t.slices) {
      const slices = t.slices.map((s) => ({
        extent: s.extents.map((e) => (e.length === null ? { start: e.start } : { start: e.start, length: e.length })),
      }));
      const full = { dtype: dtypeNumber(t.dtype), shape: { dim: t.shape.map((size) => ({ size })) }, slices, ...rename(t.entry) };
      records.push([raw, Entry.encode(Entry.fromObject(full)).finish()]);
      for (const s of t.slices) if (!s.omit) store(sliceKey(raw, s.extents), s.dtype ?? t.dtype, s.shape, s.data, s.shard ?? 0);
    } else {
      store(raw, t.dtype, t.shape, t.data ?? new Uint8Array(), t.shard ?? 0, rename(t.entry));
    }
  }
  const Header = protoType('tensorflow.BundleHeaderProto');
  const header = Header.encode(Header.fromObject({ num_shards: numShards, version: { producer: 1 }, ...options.header })).finish();
  if (options.header !== null) records.push(['', header]);
  records.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const files = new Map<string, Uint8Array>();
  files.set(`${prefix}.index`, writeTable(records, options.blockSize ?? 4096, options.snappy ?? false));
  shards.forEach((bytes, i) => files.set(shardPath(prefix, i, numShards), Uint8Array.from(bytes)));
  return files;
}

/** writeBundle as ModelFiles. */
export function bundleFiles(tensors: WrittenTensor[], options: WriterOptions = {}): ModelFiles {
  return modelFilesFromMap(writeBundle(tensors, options));
}

function rename(e: WrittenTensor['entry']): Record<string, number> {
  if (!e) return {};
  const { shardId, ...rest } = e;
  return shardId === undefined ? rest : { ...rest, shard_id: shardId };
}

/** DT_STRING: varint lengths, masked crc of the lengths as uint32 LE, then the bytes (FORMATS.md). */
export function encodeStrings(elements: Uint8Array[]): { bytes: Uint8Array; crc: number } {
  const out: number[] = [];
  let crc = 0;
  for (const e of elements) {
    out.push(...varint(e.length));
    crc = crc32c(le(Uint32Array.of(e.length)), crc);
  }
  const lengthChecksum = le(Uint32Array.of(maskCrc(crc)));
  out.push(...lengthChecksum);
  crc = crc32c(lengthChecksum, crc);
  for (const e of elements) {
    out.push(...e);
    crc = crc32c(e, crc);
  }
  return { bytes: Uint8Array.from(out), crc: maskCrc(crc) };
}

export function varint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n % 128) | 0x80);
  out.push(n);
  return out;
}

/** A LevelDB table: data blocks, an empty metaindex block, an index block, the footer. */
export function writeTable(records: [string, Uint8Array][], blockSize: number, compress: boolean): Uint8Array {
  const file: number[] = [];
  const writeBlock = (contents: Uint8Array, allowSnappy: boolean): number[] => {
    const packed = allowSnappy ? snappy.compress(contents) : contents;
    const type = allowSnappy ? 1 : 0;
    const handle = [...varint(file.length), ...varint(packed.length)];
    file.push(...packed, type);
    file.push(...le(Uint32Array.of(maskCrc(crc32c(Uint8Array.of(type), crc32c(packed))))));
    return handle;
  };
  const index: [string, Uint8Array][] = [];
  for (let i = 0; i < records.length; ) {
    const block: [string, Uint8Array][] = [];
    let bytes = 0;
    while (i < records.length && (block.length === 0 || bytes < blockSize)) {
      block.push(records[i]);
      bytes += records[i][0].length + records[i][1].length;
      i++;
    }
    const handle = writeBlock(blockContents(block), compress);
    index.push([block[block.length - 1][0], Uint8Array.from(handle)]);
  }
  const metaindex = writeBlock(blockContents([]), false);
  const indexHandle = writeBlock(blockContents(index), false);
  const footer = [...metaindex, ...indexHandle];
  while (footer.length < 40) footer.push(0);
  file.push(...footer, 0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb);
  return Uint8Array.from(file);
}

/** Entries with shared key prefixes and a restart point every 16 entries. */
export function blockContents(entries: [string, Uint8Array][]): Uint8Array {
  const out: number[] = [];
  const restarts: number[] = [0];
  let prev = '';
  entries.forEach(([key, value], i) => {
    let shared = 0;
    if (i % 16 === 0) {
      if (i > 0) restarts.push(out.length);
    } else {
      while (shared < Math.min(prev.length, key.length) && prev[shared] === key[shared]) shared++;
    }
    out.push(...varint(shared), ...varint(key.length - shared), ...varint(value.length));
    out.push(...Buffer.from(key.slice(shared), 'latin1'), ...value);
    prev = key;
  });
  for (const r of restarts) out.push(...le(Uint32Array.of(r)));
  out.push(...le(Uint32Array.of(restarts.length)));
  return Uint8Array.from(out);
}
