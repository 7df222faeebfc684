// A checkpoint ("variables/"): the TensorBundle format TF 2.x saves and SavedModels ship.
// `<prefix>.index` is a LevelDB table of key → BundleEntryProto; tensors live in data shards
// `<prefix>.data-SSSSS-of-NNNNN`. Read-only, over in-memory ModelFiles. See FORMATS.md.
import type { HostTensor } from '../tensor/index.ts';
import { ServingError } from '../errors/index.ts';
import { readTable } from './leveldb-table.ts';
import type { ModelFiles } from './model-files.ts';
import { decodeTensor, isRawCrcDType, verifyRawCrc } from './tensor-bundle-decode.ts';
import { type BundleEntry, decodeBundleEntry, decodeBundleHeader, printableKey } from './tensor-bundle-entry.ts';
import { assembleSlices, isSliceKey } from './tensor-bundle-slices.ts';

export type { BundleEntry, SliceExtent } from './tensor-bundle-entry.ts';

interface Shard {
  path: string;
  bytes: Uint8Array;
}

/** The checkpoint prefix inside a SavedModel version directory. */
export const DEFAULT_BUNDLE_PREFIX = 'variables/variables';

/** "variables/variables.data-00001-of-00002": shard id and count, each zero-padded to 5 digits. */
export function shardPath(prefix: string, shardId: number, numShards: number): string {
  const pad = (n: number) => String(n).padStart(5, '0');
  return `${prefix}.data-${pad(shardId)}-of-${pad(numShards)}`;
}

/**
 * A checkpoint's index and shards, checked at open: header, shard files (exactly the listed ones)
 * and every entry's byte range. Tensor bytes are crc-verified the first time they are read.
 * @example
 * const bundle = TensorBundle.open(await readModelDir('saved_model_half_plus_three/00000123'));
 * bundle.keys();           // ['a', 'b', 'c']
 * bundle.readTensor('a');  // { dtype: 'DT_FLOAT', shape: [], data: Float32Array [0.5] }
 */
export class TensorBundle {
  private constructor(
    /** e.g. "variables/variables" */
    readonly prefix: string,
    private readonly shards: readonly Shard[],
    /** Tensor entries by key, in key order. */
    private readonly entries: ReadonlyMap<string, BundleEntry>,
    /** Slice entries of partitioned variables, by their binary key. */
    private readonly sliceEntries: ReadonlyMap<string, BundleEntry>,
    /** Binary (one char per byte) form of each tensor key, needed to derive slice keys. */
    private readonly rawKeys: ReadonlyMap<string, string>,
  ) {}

  /** Opens `<prefix>.index` and its data shards from `files`; throws NOT_FOUND or DATA_LOSS. */
  static open(files: ModelFiles, prefix = DEFAULT_BUNDLE_PREFIX): TensorBundle {
    const indexPath = `${prefix}.index`;
    const index = files.get(indexPath);
    if (!index) throw new ServingError('NOT_FOUND', `checkpoint index not found: ${indexPath}`);
    const table = readTable(index, indexPath);
    if (table.length === 0 || table[0].key !== '') {
      throw new ServingError('DATA_LOSS', `${indexPath}: no header entry (the empty key) in the checkpoint index`);
    }
    const { numShards } = decodeBundleHeader(table[0].value, indexPath);
    const shards = openShards(files, prefix, numShards, indexPath);

    const entries = new Map<string, BundleEntry>();
    const sliceEntries = new Map<string, BundleEntry>();
    const rawKeys = new Map<string, string>();
    for (const { key: raw, value } of table.slice(1)) {
      const slice = isSliceKey(raw);
      const key = slice ? raw : utf8Key(raw);
      const entry = decodeBundleEntry(key, value, numShards, indexPath);
      const shard = shards[entry.shardId];
      if (entry.offset + entry.size > shard.bytes.length) {
        throw new ServingError(
          'DATA_LOSS',
          `${indexPath}: tensor '${printableKey(key)}' at [${entry.offset}, ${entry.offset + entry.size}) lies past the end ` +
            `of ${shard.path} (${shard.bytes.length} bytes)`,
        );
      }
      if (slice) {
        sliceEntries.set(raw, entry);
      } else {
        entries.set(key, entry);
        rawKeys.set(key, raw);
      }
    }
    return new TensorBundle(prefix, shards, entries, sliceEntries, rawKeys);
  }

  /** Every tensor key in key order (the header and the slices of partitioned variables excluded). */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** What the index says about `key`; throws NOT_FOUND when the checkpoint has no such tensor. */
  entry(key: string): BundleEntry {
    const e = this.entries.get(key);
    if (!e) throw new ServingError('NOT_FOUND', `Key ${key} not found in checkpoint ${this.prefix}`);
    return e;
  }

  /**
   * The tensor stored under `key`, after verifying its crc32c. Partitioned variables are assembled
   * from their slices. Dtypes that HostTensor lacks (complex, variant, float8…) are UNIMPLEMENTED.
   * IMPORTANT: the data may be a view over the checkpoint's bytes: do not mutate it.
   */
  readTensor(key: string): HostTensor {
    const entry = this.entry(key);
    if (entry.slices.length === 0) return this.readStored(entry);
    return assembleSlices(entry, this.rawKeys.get(key)!, {
      entry: (raw) => this.sliceEntries.get(raw),
      read: (slice) => this.readStored(slice),
    });
  }

  /**
   * Reads and verifies every stored entry, slices included, and checks that every partitioned
   * variable assembles. Dtypes readTensor refuses are still crc-checked over their raw bytes;
   * returns the keys whose checksum this reader cannot compute (DT_VARIANT), normally none.
   */
  verifyAll(): string[] {
    const unverified: string[] = [];
    for (const entry of [...this.entries.values(), ...this.sliceEntries.values()]) {
      if (entry.slices.length > 0) this.readTensor(entry.key);
      else if (entry.dtype === 'DT_STRING') this.readStored(entry);
      else if (isRawCrcDType(entry.dtype)) verifyRawCrc(entry, this.bytesOf(entry), this.shards[entry.shardId].path);
      else unverified.push(entry.key);
    }
    return unverified;
  }

  private bytesOf(entry: BundleEntry): Uint8Array {
    return this.shards[entry.shardId].bytes.subarray(entry.offset, entry.offset + entry.size);
  }

  /** Entries whose raw crc32c already passed: the bytes are in memory and immutable, so once is enough
   * (a model converts once per signature and would otherwise re-verify every weight each time). */
  private readonly verified = new Set<BundleEntry>();

  private readStored(entry: BundleEntry): HostTensor {
    const t = decodeTensor(entry, this.bytesOf(entry), this.shards[entry.shardId].path, this.verified.has(entry));
    this.verified.add(entry);
    return t;
  }
}

/**
 * The bytes of shards 0..numShards-1. A missing one is NOT_FOUND; any other `<prefix>.data-*` file
 * (e.g. from a checkpoint with another shard count) is DATA_LOSS, since mixing checkpoints is corruption.
 */
function openShards(files: ModelFiles, prefix: string, numShards: number, indexPath: string): Shard[] {
  const shards: Shard[] = Array.from({ length: numShards }, (_, i) => ({ path: shardPath(prefix, i, numShards), bytes: new Uint8Array() }));
  const expected = new Set(shards.map((s) => s.path));
  for (const path of files.paths()) {
    if (path.startsWith(`${prefix}.data-`) && !expected.has(path)) {
      throw new ServingError(
        'DATA_LOSS',
        `unexpected checkpoint data file ${path}: ${indexPath} lists ${numShards} shard(s), ${shards[0].path}` +
          `${numShards > 1 ? ` to ${shards[numShards - 1].path}` : ''}`,
      );
    }
  }
  for (const shard of shards) {
    const bytes = files.get(shard.path);
    if (!bytes) throw new ServingError('NOT_FOUND', `checkpoint data file not found: ${shard.path} (listed by ${indexPath})`);
    shard.bytes = bytes;
  }
  return shards;
}

/** Tensor keys are UTF-8 names; the table hands them over as binary strings. */
function utf8Key(raw: string): string {
  return /^[\x00-\x7f]*$/.test(raw) ? raw : Buffer.from(raw, 'latin1').toString('utf8');
}
