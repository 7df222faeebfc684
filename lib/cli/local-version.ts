// The local SavedModel version directory that `push` uploads: its files with size and sha256, checked
// before anything is sent (a SavedModel, complete, safe relative paths, no reserved name).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ServingError } from '../errors/index.ts';
import { checkRelativePath, type ManifestFile } from '../registry/index.ts';
import { forEachLimit, walkFiles } from '../io/index.ts';
import { COMMIT_MARKER_PATH } from '../rollout/index.ts';
import { checkCompleteness } from '../savedmodel/index.ts';

export interface LocalFile extends ManifestFile {
  /** Where it is on disk. */
  fullPath: string;
}

/**
 * Every file under `dir` (symbolic links followed, as `cp -r -L`), sorted by path, with sha256.
 * FAILED_PRECONDITION when `dir` is not a complete SavedModel; INVALID_ARGUMENT for a hostile file name.
 * @example const files = await readLocalVersion('models/digits/1'); // [{ path: 'fingerprint.pb', size: 98, … }, …]
 */
export async function readLocalVersion(dir: string): Promise<LocalFile[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new ServingError('NOT_FOUND', `SavedModel directory not found: ${dir}`);
  const found = (await walkFiles(dir)).map(({ path, fullPath, size }) => {
    checkRelativePath(path);
    if (path === COMMIT_MARKER_PATH) throw new ServingError('INVALID_ARGUMENT', `${fullPath}: ${COMMIT_MARKER_PATH} is reserved for the commit marker push writes`);
    return { path, fullPath, size };
  });
  const sizes = new Map(found.map((f) => [f.path, f.size]));
  if (!sizes.has('saved_model.pb') && !sizes.has('saved_model.pbtxt')) {
    throw new ServingError('FAILED_PRECONDITION', `${dir} is not a SavedModel version directory: no saved_model.pb or saved_model.pbtxt`);
  }
  const completeness = await checkCompleteness(sizes, async (p) => new Uint8Array(await readFile(join(dir, ...p.split('/')))));
  if (!completeness.complete) throw new ServingError('FAILED_PRECONDITION', `${dir} is an incomplete SavedModel: ${completeness.missing.join('; ')}`);
  const files: LocalFile[] = found.map((f) => ({ ...f, sha256: '' }));
  await forEachLimit(files, 4, async (f) => {
    f.sha256 = await sha256OfFile(f.fullPath);
  });
  return files;
}


function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
