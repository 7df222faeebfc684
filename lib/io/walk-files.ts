// The one recursive directory listing: every regular file below a directory, symbolic links followed (as
// `cp -r -L`), with POSIX relative paths. Used by the local model store, the `serve` directory poller, the
// SavedModel directory reader and `push`.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ServingError } from '../errors/index.ts';

export interface WalkedFile {
  /** POSIX path relative to the walked directory ("variables/variables.index"). */
  path: string;
  /** Where it is on disk. */
  fullPath: string;
  size: number;
  mtimeMs: number;
}

/** Directories nested deeper than this are refused: a symbolic link cycle, most likely. */
export const MAX_WALK_DEPTH = 64;

const vanished = (e: unknown) => ['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '');

/**
 * Every regular file below `dir`, sorted by path. A directory or file that vanishes while listing is skipped
 * (so is a dangling link, a socket or a FIFO); `dir` itself must be readable (its error is thrown as is).
 * FAILED_PRECONDITION for directories nested more than MAX_WALK_DEPTH deep.
 * @example await walkFiles('models/half_plus_two/1')  // [{ path: 'saved_model.pb', size: 10374, … }, …]
 */
export async function walkFiles(dir: string): Promise<WalkedFile[]> {
  const out: WalkedFile[] = [];
  await walk(dir, '', out, 0);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function walk(dir: string, rel: string, out: WalkedFile[], depth: number): Promise<void> {
  if (depth > MAX_WALK_DEPTH) throw new ServingError('FAILED_PRECONDITION', `${dir}: directories nested more than ${MAX_WALK_DEPTH} deep (a symbolic link cycle?)`);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (depth > 0 && vanished(e)) return;
    throw e;
  }
  for (const entry of entries) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    const fullPath = join(dir, entry.name);
    const info = await stat(fullPath).catch((e) => {
      if (vanished(e)) return undefined;
      throw e;
    });
    if (info?.isDirectory()) await walk(fullPath, path, out, depth + 1);
    else if (info?.isFile()) out.push({ path, fullPath, size: info.size, mtimeMs: info.mtimeMs });
  }
}
