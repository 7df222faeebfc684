// The commit marker: `<prefix>/<model>/<version>/.tf-serverless-commit.json`, written LAST by
// `tf-serverless push`, so its presence says "every file is uploaded" and its content says which files,
// how large and with which sha256 (DESIGN.md §4). It is not a model file: never loaded, never in the
// manifest's file list. Plain `aws s3 cp --recursive` uploads have none; rollout then uses the
// completeness check instead.
//
// On the wire (files sorted by path; strict: unknown fields are refused):
//   { "format": 1, "createdAt": "2025-01-01T00:00:00.000Z", "createdBy": "tf-serverless push",
//     "files": [{ "path": "saved_model.pb", "size": 42345, "sha256": "9f86d0…" }] }
import { ServingError } from '../errors/index.ts';
import { checkRelativePath, type ManifestFile } from '../registry/index.ts';

/** The marker's path inside the version directory. */
export const COMMIT_MARKER_PATH = '.tf-serverless-commit.json';
/** The marker format this code writes and reads; a greater one is refused. */
export const COMMIT_MARKER_FORMAT = 1;

export interface CommitMarker {
  format: typeof COMMIT_MARKER_FORMAT;
  /** Every file of the version (the marker excluded), sorted by path. */
  files: ManifestFile[];
  /** ISO-8601 time the pusher finished uploading. */
  createdAt?: string;
  /** Who pushed, free text (e.g. "tf-serverless push by ada@build-7"). */
  createdBy?: string;
}

const TOP_KEYS = new Set(['format', 'files', 'createdAt', 'createdBy']);
const FILE_KEYS = new Set(['path', 'size', 'sha256']);

/**
 * The marker bytes for `files` (any order). Refuses a file list naming the marker itself or a path twice.
 * @example serializeCommitMarker({ format: 1, files: [{ path: 'saved_model.pb', size: 3, sha256: '…' }] })
 */
export function serializeCommitMarker(marker: CommitMarker): Uint8Array {
  const files = sortFiles(marker.files).map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 }));
  const json = {
    format: marker.format,
    ...(marker.createdAt !== undefined ? { createdAt: marker.createdAt } : {}),
    ...(marker.createdBy !== undefined ? { createdBy: marker.createdBy } : {}),
    files,
  };
  parseCommitMarker(new TextEncoder().encode(JSON.stringify(json)), 'the commit marker to write', 'INVALID_ARGUMENT');
  return new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`);
}

/** Parses marker bytes read from `where`; anything but a valid format-1 marker throws `code` (default DATA_LOSS). */
export function parseCommitMarker(bytes: Uint8Array, where: string, code: 'DATA_LOSS' | 'INVALID_ARGUMENT' = 'DATA_LOSS'): CommitMarker {
  const fail = (problem: string): never => {
    throw new ServingError(code, `Invalid commit marker ${where}: ${problem}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    return fail(`not UTF-8 JSON (${(e as Error).message})`);
  }
  if (!isRecord(value)) return fail('not a JSON object');
  for (const key of Object.keys(value)) if (!TOP_KEYS.has(key)) fail(`unknown field ${JSON.stringify(key)}`);
  if (value.format !== COMMIT_MARKER_FORMAT) fail(`"format" must be ${COMMIT_MARKER_FORMAT}, got ${JSON.stringify(value.format)}`);
  for (const key of ['createdAt', 'createdBy']) {
    if (value[key] !== undefined && typeof value[key] !== 'string') fail(`"${key}" must be a string`);
  }
  if (!Array.isArray(value.files)) return fail('"files" must be an array');
  const files = value.files.map((f: unknown, i: number) => fileEntry(f, `files[${i}]`, fail));
  const paths = new Set(files.map((f) => f.path));
  if (paths.size !== files.length) fail('"files" lists a path twice');
  if (paths.has(COMMIT_MARKER_PATH)) fail(`"files" lists the marker itself (${COMMIT_MARKER_PATH})`);
  return {
    format: COMMIT_MARKER_FORMAT,
    files: sortFiles(files),
    ...(value.createdAt !== undefined ? { createdAt: value.createdAt as string } : {}),
    ...(value.createdBy !== undefined ? { createdBy: value.createdBy as string } : {}),
  };
}

/** True when both lists hold the same paths with the same sizes and sha256s (order ignored). */
export function sameFiles(a: readonly ManifestFile[], b: readonly ManifestFile[]): boolean {
  if (a.length !== b.length) return false;
  const x = sortFiles(a);
  const y = sortFiles(b);
  return x.every((f, i) => f.path === y[i].path && f.size === y[i].size && f.sha256 === y[i].sha256);
}

/** A copy sorted by path (code-unit order, as S3 lists keys). */
export function sortFiles(files: readonly ManifestFile[]): ManifestFile[] {
  return [...files].sort((p, q) => (p.path < q.path ? -1 : p.path > q.path ? 1 : 0));
}

function fileEntry(value: unknown, where: string, fail: (problem: string) => never): ManifestFile {
  if (!isRecord(value)) return fail(`${where} must be a JSON object`);
  for (const key of Object.keys(value)) if (!FILE_KEYS.has(key)) fail(`${where} has an unknown field ${JSON.stringify(key)}`);
  const { path, size, sha256 } = value;
  if (typeof path !== 'string') return fail(`${where}.path must be a string`);
  try {
    checkRelativePath(path);
  } catch (e) {
    fail(`${where}.path: ${(e as Error).message}`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) fail(`${where}.size must be a non-negative integer`);
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) fail(`${where}.sha256 must be 64 lowercase hex digits`);
  return { path, size: size as number, sha256: sha256 as string };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
