// Reads one published version's files from a store into memory and checks each against the manifest's
// size and sha256 (DESIGN.md §4: serving trusts only what rollout validated). A file that differs is
// DATA_LOSS naming it, so bytes the manifest does not vouch for never reach the engine.
import { createHash } from 'node:crypto';
import { isServingError, ServingError } from '../errors/index.ts';
import { forEachLimit } from '../io/index.ts';
import type { ManifestFile, ManifestVersion, ModelStore } from '../registry/index.ts';
import { type ModelFiles, modelFilesFromMap } from '../savedmodel/index.ts';

export interface VerifiedReadOptions {
  /** Refuse (RESOURCE_EXHAUSTED) a version with a file larger than this many bytes, before reading it. Default: no limit. */
  maxFileBytes?: number;
  /** Files read at the same time. Default 8. */
  concurrency?: number;
}

export interface VerifiedFiles {
  files: ModelFiles;
  /** Bytes read from the store. */
  bytes: number;
}

/**
 * Every file the manifest lists for `version` of `model`, verified.
 * @example const { files } = await readVerifiedFiles(store, 'digits', 3n, manifest.versions.get(3n)!);
 */
export async function readVerifiedFiles(
  store: ModelStore, model: string, version: bigint, entry: ManifestVersion, options: VerifiedReadOptions = {},
): Promise<VerifiedFiles> {
  const where = (f: ManifestFile) => `File ${f.path} of version ${version} of model ${model}`;
  const limit = options.maxFileBytes;
  for (const f of entry.files) {
    if (limit !== undefined && f.size > limit) {
      throw new ServingError('RESOURCE_EXHAUSTED', `${where(f)} is ${f.size} bytes, more than the limit of ${limit}`);
    }
  }
  const out = new Map<string, Uint8Array>();
  let bytes = 0;
  await forEachLimit(entry.files, options.concurrency ?? 8, async (f) => {
    const body = await readOne(store, model, entry.dirName, f, where(f));
    if (body.byteLength !== f.size) {
      throw new ServingError('DATA_LOSS', `${where(f)} does not match the manifest: ${body.byteLength} bytes, expected ${f.size}`);
    }
    const sha256 = createHash('sha256').update(body).digest('hex');
    if (sha256 !== f.sha256) {
      throw new ServingError('DATA_LOSS', `${where(f)} does not match the manifest: sha256 ${sha256}, expected ${f.sha256}`);
    }
    out.set(f.path, body);
    bytes += body.byteLength;
  });
  return { files: modelFilesFromMap(out), bytes };
}

/** One file, refused early when the store holds more bytes than the manifest says (a changed file). */
async function readOne(store: ModelStore, model: string, dirName: string, f: ManifestFile, where: string): Promise<Uint8Array> {
  try {
    return await store.readFile(model, dirName, f.path, { maxBytes: f.size });
  } catch (e) {
    if (!isServingError(e)) throw e;
    if (e.code === 'RESOURCE_EXHAUSTED') throw new ServingError('DATA_LOSS', `${where} does not match the manifest: larger than ${f.size} bytes`, { cause: e });
    if (e.code === 'NOT_FOUND') throw new ServingError('DATA_LOSS', `${where} is published in the manifest but missing from the store`, { cause: e });
    throw e;
  }
}

