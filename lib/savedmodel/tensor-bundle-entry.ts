// Decodes the values of a checkpoint index: BundleHeaderProto (key "") and BundleEntryProto (every
// other key), and checks each field's range. Field numbers: FORMATS.md; version rules: TF tensor_bundle.h.
import { ServingError } from '../errors/index.ts';
import { protoType } from '../proto/index.ts';
import { dtypeName, type Int64Like, toSafeNumber } from '../tensor/index.ts';

/** kTensorBundleVersion in TensorFlow's tensor_bundle.h; a header's min_consumer above it is refused. */
export const TENSOR_BUNDLE_VERSION = 1;
/** Shard file names carry the shard count in 5 digits ("data-00000-of-00001"). */
const MAX_SHARDS = 99_999;

/** One dimension of a partitioned variable's slice; `length: null` means the whole dimension. */
export interface SliceExtent {
  start: number;
  length: number | null;
}

/** What the index says about one tensor. */
export interface BundleEntry {
  /** The checkpoint key, e.g. "a/.ATTRIBUTES/VARIABLE_VALUE" or "hidden/kernel". */
  key: string;
  /** DataType enum name, e.g. "DT_FLOAT". */
  dtype: string;
  shape: number[];
  shardId: number;
  /** Byte range [offset, offset + size) inside data shard `shardId`. */
  offset: number;
  size: number;
  /** The *masked* crc32c of the stored bytes (BundleEntryProto field 6, fixed32), see FORMATS.md. */
  crc32c: number;
  /** Non-empty only for a partitioned variable's full entry: one extent list per saved slice. */
  slices: SliceExtent[][];
}

interface EntryMessage {
  dtype?: number;
  shape?: { dim?: { size?: Int64Like }[]; unknown_rank?: boolean } | null;
  shard_id?: number;
  offset?: Int64Like;
  size?: Int64Like;
  crc32c?: number;
  slices?: { extent?: ({ start?: Int64Like; length?: Int64Like; has_length?: string } | null)[] }[];
}

interface HeaderMessage {
  num_shards?: number;
  endianness?: number;
  version?: { producer?: number; min_consumer?: number; bad_consumers?: number[] } | null;
}

function decode<T>(type: string, value: Uint8Array, where: string): T {
  try {
    return protoType(type).decode(value) as unknown as T;
  } catch (e) {
    throw new ServingError('DATA_LOSS', `${where}: cannot decode ${type}: ${(e as Error).message}`, { cause: e });
  }
}

/** The shard count from the header entry, after checking endianness and version. */
export function decodeBundleHeader(value: Uint8Array, indexPath: string): { numShards: number } {
  const h = decode<HeaderMessage>('tensorflow.BundleHeaderProto', value, `${indexPath} header`);
  const numShards = h.num_shards ?? 0;
  if (!Number.isInteger(numShards) || numShards < 1 || numShards > MAX_SHARDS) {
    throw new ServingError('DATA_LOSS', `${indexPath}: header says num_shards=${numShards}, expected 1..${MAX_SHARDS}`);
  }
  if ((h.endianness ?? 0) !== 0) {
    throw new ServingError('UNIMPLEMENTED', `${indexPath}: big-endian checkpoints are not supported (only LITTLE)`);
  }
  const minConsumer = h.version?.min_consumer ?? 0;
  const bad = h.version?.bad_consumers ?? [];
  if (minConsumer > TENSOR_BUNDLE_VERSION || bad.includes(TENSOR_BUNDLE_VERSION)) {
    throw new ServingError(
      'UNIMPLEMENTED',
      `${indexPath}: checkpoint format version needs a reader of version ${minConsumer}` +
        `${bad.length ? ` (bad: ${bad.join(',')})` : ''}; this reader is version ${TENSOR_BUNDLE_VERSION}`,
    );
  }
  return { numShards };
}

/** One BundleEntryProto, with every integer checked to be a non-negative safe number. */
export function decodeBundleEntry(key: string, value: Uint8Array, numShards: number, indexPath: string): BundleEntry {
  const where = `${indexPath} entry '${printableKey(key)}'`;
  const m = decode<EntryMessage>('tensorflow.BundleEntryProto', value, where);
  const count = (v: Int64Like, what: string): number => {
    const n = toSafeNumber(v, `${where}: ${what}`);
    if (n < 0) throw new ServingError('DATA_LOSS', `${where}: ${what} is negative (${n})`);
    return n;
  };
  if (m.shape?.unknown_rank) throw new ServingError('DATA_LOSS', `${where}: shape has unknown rank`);
  const dtype = dtypeName(m.dtype);
  if (dtype === 'DT_INVALID') throw new ServingError('DATA_LOSS', `${where}: dtype is DT_INVALID`);
  const shardId = count(m.shard_id, 'shard_id');
  if (shardId >= numShards) {
    throw new ServingError('DATA_LOSS', `${where}: shard_id ${shardId} but the header says ${numShards} shard(s)`);
  }
  // Frozen: TensorBundle.entry() hands this object out, and it must not change under the bundle.
  return deepFreeze({
    key,
    dtype,
    shape: (m.shape?.dim ?? []).map((d, i) => count(d.size, `shape dim ${i}`)),
    shardId,
    offset: count(m.offset, 'offset'),
    size: count(m.size, 'size'),
    crc32c: (m.crc32c ?? 0) >>> 0,
    slices: (m.slices ?? []).map((s) =>
      (s.extent ?? []).map((e) => ({
        start: count(e?.start, 'slice start'),
        // `length` is a proto3 oneof member: protobufjs reads an absent one as 0, so ask the oneof.
        length: e?.has_length === 'length' ? count(e.length, 'slice length') : null,
      })),
    ),
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** A key as it may be shown in a message: slice keys are binary (OrderedCode), so escape control bytes. */
export function printableKey(key: string): string {
  return key.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
