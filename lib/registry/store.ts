// ModelStore: where model versions and per-model documents (the manifest) live — an S3 prefix or a
// local directory. Layout (DESIGN.md §4): `<root>/<model>/<versionDir>/<relative path>` for version
// files and `<root>/<model>/<document>` for model-level documents such as `manifest.json`.
// A store only moves bytes; which versions are served is decided by the manifest and the version policy.

/** A child of a model directory whose name parses as a version (names.ts parseVersionDir). */
export interface StoredVersion {
  version: bigint;
  /** The directory name as stored, leading zeros kept ("00000003"). */
  dirName: string;
}

/** A file inside a version directory. */
export interface StoredFile {
  /** Relative POSIX path inside the version directory, e.g. `variables/variables.index`. */
  path: string;
  /** Bytes. */
  size: number;
  /** The store's entity tag (S3 ETag), when it has one. Opaque: compare, never parse. */
  etag?: string;
}

/** A model-level document with the entity tag to make a conditional write against. */
export interface StoredDocument {
  body: Uint8Array;
  /** Opaque. S3: the object's quoted ETag; local: the quoted sha256 of the body. */
  etag: string;
}

/**
 * The precondition of a document write, as HTTP/S3 conditional requests (RFC 9110 §13.1):
 * `ifMatch` = replace only the version with this etag; `ifNoneMatch: '*'` = create only if absent.
 */
export type WriteCondition = { ifMatch: string } | { ifNoneMatch: '*' };

export interface ReadFileOptions {
  /** Refuse (RESOURCE_EXHAUSTED) a file larger than this many bytes, before its body is downloaded. Default: no limit. */
  maxBytes?: number;
}

export interface ReadDocumentOptions {
  /** An etag from an earlier read: when the document still has it, the read returns 'not-modified' without a body. */
  ifNoneMatch?: string;
}

/**
 * The storage behind the registry.
 *
 * IMPORTANT: every model name, version directory name, document name and relative path is validated
 * (names.ts, store-keys.ts) before it becomes an object key or a file path; a hostile name is
 * INVALID_ARGUMENT and touches nothing.
 * IMPORTANT: listings are not snapshots. In S3 a version directory can be visible half-uploaded, so
 * serving trusts the manifest, never a bare listing (DESIGN.md §4).
 * Errors are ServingErrors: NOT_FOUND (missing file, bucket or store root), PERMISSION_DENIED,
 * UNAVAILABLE (store unreachable), ABORTED (a document precondition failed), INVALID_ARGUMENT (bad name).
 */
export interface ModelStore {
  /** Where the store points, e.g. `s3://bucket/models` or `/srv/models`. */
  readonly url: string;
  /** Children of the root that are valid model names, sorted. */
  listModels(): Promise<string[]>;
  /** Children of the model directory that parse as versions, ascending by version (then dirName). [] for an unknown model. */
  listVersions(model: string): Promise<StoredVersion[]>;
  /** Every file under the version directory, recursively, sorted by path. [] for an unknown version. */
  listFiles(model: string, dirName: string): Promise<StoredFile[]>;
  /** One file's bytes. NOT_FOUND when absent; RESOURCE_EXHAUSTED when larger than `maxBytes`. */
  readFile(model: string, dirName: string, path: string, options?: ReadFileOptions): Promise<Uint8Array>;
  /** Writes (replaces) one file of a version (push, tests). */
  writeFile(model: string, dirName: string, path: string, bytes: Uint8Array): Promise<void>;
  /** A model-level document (e.g. `manifest.json`): its body and etag, 'not-modified' when `ifNoneMatch` still matches, null when absent. */
  readDocument(model: string, name: string, options?: ReadDocumentOptions): Promise<StoredDocument | 'not-modified' | null>;
  /** Writes a model-level document only if `condition` holds; ABORTED when it does not. Returns the new etag. */
  writeDocument(model: string, name: string, body: Uint8Array, condition: WriteCondition): Promise<{ etag: string }>;
}

/** Sort order of listVersions: by version, then by directory name ("3" before "003" is arbitrary but stable). */
export function compareStoredVersions(a: StoredVersion, b: StoredVersion): number {
  if (a.version !== b.version) return a.version < b.version ? -1 : 1;
  return a.dirName < b.dirName ? -1 : a.dirName > b.dirName ? 1 : 0;
}

/** Code-unit order, the same order S3 lists keys in (UTF-8 binary order for BMP text). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
