// The local SavedModel version directory that `push` uploads: its files with size and sha256, checked
// before anything is sent (a SavedModel, complete, safe relative paths, no reserved name).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ServingError } from '../errors/index.ts';
import { checkRelativePath, type ManifestFile } from '../registry/index.ts';
import { COMMIT_MARKER_PATH, forEachLimit } from '../rollout/index.ts';
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
  const found: { path: string; fullPath: string; size: number }[] = [];
  await walk(dir, '', found, 0);
  found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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

async function walk(dir: string, rel: string, out: { path: string; fullPath: string; size: number }[], depth: number): Promise<void> {
  if (depth > 64) throw new ServingError('FAILED_PRECONDITION', `${dir}: directories nested more than 64 deep (a symbolic link cycle?)`);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    const fullPath = join(dir, e.name);
    const s = e.isSymbolicLink() ? await stat(fullPath).catch(() => undefined) : e;
    if (!s) continue; // a dangling link
    if (s.isDirectory()) {
      await walk(fullPath, path, out, depth + 1);
    } else if (s.isFile()) {
      checkRelativePath(path);
      if (path === COMMIT_MARKER_PATH) throw new ServingError('INVALID_ARGUMENT', `${fullPath}: ${COMMIT_MARKER_PATH} is reserved for the commit marker push writes`);
      out.push({ path, fullPath, size: (await stat(fullPath)).size });
    }
  }
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
