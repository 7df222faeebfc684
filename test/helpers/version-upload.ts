// Puts a committed SavedModel version into a ModelStore the way uploaders do: every file (or only some —
// a half-finished `aws s3 cp`), optionally followed by the commit marker that `tf-serverless push` writes last.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestFile, ModelStore } from '../../lib/registry/index.ts';
import { COMMIT_MARKER_PATH, serializeCommitMarker, sha256Hex } from '../../lib/rollout/index.ts';
import { fileList } from './model-dirs.ts';

export interface PutVersionOptions {
  /** False leaves a file out. Default: every file. */
  keep?: (path: string) => boolean;
  /** Write the commit marker last, listing every file of `srcDir` (also those left out). Default false. */
  marker?: boolean;
}

/** The files of a version directory on disk with size and sha256, sorted by path. */
export function localFiles(srcDir: string): ManifestFile[] {
  return fileList(srcDir)
    .filter((p) => statSync(join(srcDir, p)).isFile())
    .map((p) => {
      const bytes = readFileSync(join(srcDir, p));
      return { path: p.split('\\').join('/'), size: bytes.byteLength, sha256: sha256Hex(bytes) };
    });
}

/** Writes `srcDir`'s files to `<model>/<dirName>/` of the store; returns what the marker lists (all files). */
export async function putVersion(store: ModelStore, model: string, dirName: string, srcDir: string, options: PutVersionOptions = {}): Promise<ManifestFile[]> {
  const files = localFiles(srcDir);
  for (const f of files) {
    if (options.keep && !options.keep(f.path)) continue;
    await store.writeFile(model, dirName, f.path, new Uint8Array(readFileSync(join(srcDir, f.path))));
  }
  if (options.marker) await putMarker(store, model, dirName, files);
  return files;
}

export async function putMarker(store: ModelStore, model: string, dirName: string, files: ManifestFile[]): Promise<void> {
  await store.writeFile(model, dirName, COMMIT_MARKER_PATH, serializeCommitMarker({ format: 1, files, createdBy: 'test' }));
}
