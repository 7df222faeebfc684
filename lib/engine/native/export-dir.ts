// Puts a SavedModel's in-memory files where TensorFlow's C API can read them: the directory the model was read
// from when it still holds exactly those files, else a fresh temporary directory that is removed on dispose.
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, resolve, sep } from 'node:path';
import { ServingError } from '../../errors/index.ts';
import { type ModelFiles, readModelDir, type SavedModel } from '../../savedmodel/index.ts';

/** Prefix of the temporary export directories, under os.tmpdir() (Lambda: /tmp, 512 MiB by default). */
export const EXPORT_DIR_PREFIX = 'tf-serverless-native-';

export interface ExportDir {
  /** Absolute path of the SavedModel directory. */
  path: string;
  /** True when it was written for this load and `remove()` deletes it. */
  temporary: boolean;
  /** Deletes a temporary directory (synchronously, for Servable.dispose); does nothing otherwise. */
  remove(): void;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** True when `dir` holds exactly `files` (same paths, same bytes). Any read failure means no. */
async function holdsSameFiles(dir: string, files: ModelFiles): Promise<boolean> {
  let onDisk: ModelFiles;
  try {
    onDisk = await readModelDir(dir);
  } catch {
    return false;
  }
  const paths = files.paths();
  const diskPaths = onDisk.paths();
  if (paths.length !== diskPaths.length || paths.some((p, i) => p !== diskPaths[i])) return false;
  return paths.every((p) => sameBytes(files.get(p)!, onDisk.get(p)!));
}

async function writeFiles(dir: string, files: ModelFiles, source: string): Promise<void> {
  for (const p of files.paths()) {
    const target = resolve(dir, p);
    if (!target.startsWith(dir + sep)) throw new ServingError('INVALID_ARGUMENT', `${source}: file path escapes the model: ${p}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, files.get(p)!);
  }
}

/**
 * The model's own directory when `model.source` is a directory still holding the same files, else a new
 * temporary copy. RESOURCE_EXHAUSTED when the temporary file system is full.
 * @example const dir = await exportDirFor(model); try { load(dir.path) } finally { dir.remove() }
 */
export async function exportDirFor(model: SavedModel): Promise<ExportDir> {
  const source = resolve(model.source);
  if (await holdsSameFiles(source, model.files)) return { path: source, temporary: false, remove: () => {} };
  const dir = await mkdtemp(resolve(tmpdir(), EXPORT_DIR_PREFIX));
  try {
    await writeFiles(dir, model.files, model.source);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new ServingError('RESOURCE_EXHAUSTED', `no space left in ${tmpdir()} to write ${model.source} for the native engine`, { cause: e });
    }
    throw e;
  }
  return { path: dir, temporary: true, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
