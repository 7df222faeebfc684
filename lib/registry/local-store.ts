// ModelStore over a local directory (`<root>/<model>/<versionDir>/…`), the embedded default of
// `npm start`. Writes go to a temporary file in the model directory and are renamed into place, so a
// reader never sees a half-written file or document. Document etags are the quoted sha256 of the body.
// IMPORTANT: document conditions are checked under an in-process lock only. Two *processes* writing
// the same document can still race (check, then rename); cross-process safety is out of scope here —
// use the S3 store, whose conditional PUT is atomic on the server, for concurrent writers.
import { createHash, randomUUID } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { checkOptionKeys, isServingError, ServingError } from '../errors/index.ts';
import { walkFiles } from '../io/index.ts';
import { checkModelName, isValidModelName, parseVersionDir } from './names.ts';
import { checkDocumentName, checkRelativePath, checkVersionDirName, relativePathProblem } from './store-keys.ts';
import { compareStoredVersions, compareText, type ModelStore, type ReadDocumentOptions, type ReadFileOptions, type StoredDocument, type StoredFile, type StoredVersion, type WriteCondition } from './store.ts';

export interface LocalModelStoreOptions {
  /** The directory holding one directory per model. Relative paths resolve against the working directory. Required. */
  root: string;
}

/** Per-process queue of document writers, keyed by absolute document path (shared by every LocalModelStore). */
const documentLocks = new Map<string, Promise<unknown>>();

/**
 * @example
 * const store = new LocalModelStore({ root: '/srv/models' });
 * const bytes = await store.readFile('digits', '1', 'saved_model.pb');
 */
export class LocalModelStore implements ModelStore {
  readonly url: string;
  private readonly root: string;

  constructor(options: LocalModelStoreOptions) {
    checkOptionKeys(options, ['root'], 'LocalModelStore');
    if (typeof options.root !== 'string' || options.root === '') throw new ServingError('INVALID_ARGUMENT', 'LocalModelStore: root must be a directory path');
    this.root = resolve(options.root);
    this.url = this.root;
  }

  async listModels(): Promise<string[]> {
    const models: string[] = [];
    for (const e of await this.readDir(this.root, true)) {
      if (isValidModelName(e.name) && (await isDirectory(this.root, e))) models.push(e.name);
    }
    return models.sort(compareText);
  }

  async listVersions(model: string): Promise<StoredVersion[]> {
    const modelDir = join(this.root, checkModelName(model));
    const versions: StoredVersion[] = [];
    for (const e of await this.readDir(modelDir, false)) {
      const version = parseVersionDir(e.name);
      if (version !== undefined && (await isDirectory(modelDir, e))) versions.push({ version, dirName: e.name });
    }
    return versions.sort(compareStoredVersions);
  }

  async listFiles(model: string, dirName: string): Promise<StoredFile[]> {
    const base = join(this.root, checkModelName(model), checkVersionDirName(dirName));
    return (await this.walk(base)).sort((a, b) => compareText(a.path, b.path));
  }

  async readFile(model: string, dirName: string, path: string, options: ReadFileOptions = {}): Promise<Uint8Array> {
    const file = join(this.root, checkModelName(model), checkVersionDirName(dirName), checkRelativePath(path));
    try {
      const handle = await open(file, 'r');
      try {
        const { size } = await handle.stat();
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          throw new ServingError('RESOURCE_EXHAUSTED', `${file} is ${size} bytes, more than the limit of ${options.maxBytes}`);
        }
        return new Uint8Array(await handle.readFile());
      } finally {
        await handle.close();
      }
    } catch (e) {
      throw fsServingError(e, file);
    }
  }

  async writeFile(model: string, dirName: string, path: string, bytes: Uint8Array): Promise<void> {
    const modelDir = join(this.root, checkModelName(model));
    const file = join(modelDir, checkVersionDirName(dirName), checkRelativePath(path));
    await this.atomicWrite(modelDir, file, bytes);
  }

  async readDocument(model: string, name: string, options: ReadDocumentOptions = {}): Promise<StoredDocument | 'not-modified' | null> {
    const file = join(this.root, checkModelName(model), checkDocumentName(name));
    let body: Uint8Array;
    try {
      body = new Uint8Array(await readFile(file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw fsServingError(e, file);
    }
    const etag = etagOf(body);
    return options.ifNoneMatch === etag ? 'not-modified' : { body, etag };
  }

  async writeDocument(model: string, name: string, body: Uint8Array, condition: WriteCondition): Promise<{ etag: string }> {
    const modelDir = join(this.root, checkModelName(model));
    const file = join(modelDir, checkDocumentName(name));
    return withLock(file, async () => {
      const current = await this.readDocument(model, name);
      const holds = 'ifMatch' in condition ? current !== null && current !== 'not-modified' && current.etag === condition.ifMatch : current === null;
      if (!holds) throw new ServingError('ABORTED', `${file} was changed concurrently (precondition ${JSON.stringify(condition)} failed); read it again and retry`);
      await this.atomicWrite(modelDir, file, body);
      return { etag: etagOf(body) };
    });
  }

  /** Writes a temp file in the model directory (never a valid model, version or file name there) and renames it over `file`. */
  private async atomicWrite(modelDir: string, file: string, bytes: Uint8Array): Promise<void> {
    const temp = join(modelDir, `.tmp-${randomUUID()}`);
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(temp, bytes);
      await rename(temp, file);
    } catch (e) {
      await rm(temp, { force: true });
      throw fsServingError(e, file);
    }
  }

  /** Directory entries; [] when `dir` is missing, unless it is the store root (NOT_FOUND, like a missing bucket). */
  private async readDir(dir: string, isRoot: boolean): Promise<Dirent[]> {
    try {
      return await readdir(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!isRoot && (code === 'ENOENT' || code === 'ENOTDIR')) return [];
      if (isRoot && code === 'ENOENT') throw new ServingError('NOT_FOUND', `Model store directory ${dir} does not exist`, { cause: e });
      throw fsServingError(e, dir);
    }
  }

  /** Files below `dir`, recursively (lib/io walkFiles: symbolic links followed, depth-capped against cycles). */
  private async walk(dir: string): Promise<StoredFile[]> {
    let files;
    try {
      files = await walkFiles(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw isServingError(e) ? e : fsServingError(e, dir);
    }
    return files.map(({ path, fullPath, size }) => {
      const problem = relativePathProblem(path);
      if (problem) throw new ServingError('FAILED_PRECONDITION', `${fullPath}: not a safe relative path (${problem})`);
      return { path, size };
    });
  }

}

/** A directory, or a symbolic link to one. */
async function isDirectory(parent: string, e: Dirent): Promise<boolean> {
  if (e.isDirectory()) return true;
  if (!e.isSymbolicLink()) return false;
  return (await stat(join(parent, e.name)).catch(() => undefined))?.isDirectory() ?? false;
}

function etagOf(body: Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('hex')}"`;
}

async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = documentLocks.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  documentLocks.set(key, tail);
  try {
    return await run;
  } finally {
    if (documentLocks.get(key) === tail) documentLocks.delete(key);
  }
}

function fsServingError(e: unknown, path: string): unknown {
  if (isServingError(e) || !(e instanceof Error) || !('code' in e)) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return new ServingError('NOT_FOUND', `${path} not found`, { cause: e });
  if (code === 'EACCES' || code === 'EPERM') return new ServingError('PERMISSION_DENIED', `Permission denied: ${path}`, { cause: e });
  return new ServingError('UNAVAILABLE', `Model store error on ${path}: ${e.message}`, { cause: e });
}
