// The files of one SavedModel version, held in memory and addressed by POSIX relative path
// ("saved_model.pb", "variables/variables.index"). Stores hand over buffers, not paths, so every
// reader in lib/savedmodel works on this, never on the file system directly.
import { readFile, stat } from 'node:fs/promises';
import { ServingError } from '../errors/index.ts';
import { walkFiles } from '../io/index.ts';

export interface ModelFiles {
  /** Every file's relative path, sorted. */
  paths(): string[];
  /** The file's bytes, or undefined when it is absent. */
  get(path: string): Uint8Array | undefined;
}

/** In-memory files, e.g. fetched from S3. Keys are relative POSIX paths. */
export function modelFilesFromMap(files: Map<string, Uint8Array> | Record<string, Uint8Array>): ModelFiles {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  const sorted = [...map.keys()].sort();
  return { paths: () => sorted, get: (p) => map.get(p) };
}

/** Reads a whole version directory into memory (it follows symlinks; it never leaves `dir`). */
export async function readModelDir(dir: string): Promise<ModelFiles> {
  let info;
  try {
    info = await stat(dir);
  } catch (e) {
    throw new ServingError('NOT_FOUND', `SavedModel directory not found: ${dir}`, { cause: e });
  }
  if (!info.isDirectory()) throw new ServingError('NOT_FOUND', `Not a directory: ${dir}`);
  const files = new Map<string, Uint8Array>();
  for (const f of await walkFiles(dir)) files.set(f.path, await readFile(f.fullPath));
  return modelFilesFromMap(files);
}
