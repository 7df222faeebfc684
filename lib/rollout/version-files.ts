// Reading one version's files from a store for validation: bounded parallel reads, sha256 of each.
// The bytes stay in memory (the loader needs them all anyway); nothing is written.
import { createHash } from 'node:crypto';
import type { ManifestFile, ModelStore } from '../registry/index.ts';
import { forEachLimit } from '../io/index.ts';

export interface ReadVersion {
  /** path → bytes, for loadVersion (modelFilesFromMap). */
  bytes: Map<string, Uint8Array>;
  /** path, size and sha256 of what was read, sorted by path. */
  files: ManifestFile[];
}

/** Lowercase hex SHA-256. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads `paths` of a version, at most `concurrency` at a time. `cached` holds files already read (e.g. by
 * the completeness check) and is not read again. Store errors propagate (NOT_FOUND when a file vanished).
 */
export async function readVersion(
  store: ModelStore, model: string, dirName: string, paths: readonly string[], concurrency: number,
  cached: ReadonlyMap<string, Uint8Array> = new Map(),
): Promise<ReadVersion> {
  const bytes = new Map<string, Uint8Array>();
  await forEachLimit(paths, concurrency, async (path) => {
    bytes.set(path, cached.get(path) ?? (await store.readFile(model, dirName, path)));
  });
  const files = [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((path) => {
    const b = bytes.get(path)!;
    return { path, size: b.byteLength, sha256: sha256Hex(b) };
  });
  return { bytes, files };
}

