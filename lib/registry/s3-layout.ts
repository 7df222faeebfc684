// How a model store lies in S3, for both S3 stores (s3-store.ts over the AWS SDK, s3-http-store.ts over
// s3-http-client.ts): the `s3://bucket/prefix` location, object keys under the prefix, and what a listing means
// (version directories from common prefixes, version files from object keys).
import { ServingError } from '../errors/index.ts';
import { parseVersionDir } from './names.ts';
import type { ListPage } from './s3-xml.ts';
import { relativePathProblem } from './store-keys.ts';
import { compareStoredVersions, compareText, type StoredFile, type StoredVersion } from './store.ts';

// S3 bucket naming rules (AWS S3 user guide, "General purpose bucket naming rules"), plus dots.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export interface S3Location {
  bucket: string;
  /** Without leading/trailing '/'; '' is the bucket root. */
  prefix: string;
  /** `s3://bucket` or `s3://bucket/prefix`. */
  url: string;
}

/** Checks a bucket and prefix (INVALID_ARGUMENT naming `owner`) and normalises the prefix. */
export function s3Location(bucket: string, prefix: string | undefined, owner: string): S3Location {
  if (!BUCKET.test(bucket)) throw new ServingError('INVALID_ARGUMENT', `${owner}: invalid bucket name ${JSON.stringify(bucket)}`);
  const p = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  if (p !== '' && relativePathProblem(p)) throw new ServingError('INVALID_ARGUMENT', `${owner}: invalid prefix ${JSON.stringify(prefix)}`);
  return { bucket, prefix: p, url: `s3://${bucket}${p ? `/${p}` : ''}` };
}

/** What both S3 stores take from their options: the location and ListObjectsV2's page size (1..1000, S3's maximum). */
export interface S3StoreSettings extends S3Location {
  pageSize: number;
}

/** Checks an S3 store's bucket, prefix and pageSize options (INVALID_ARGUMENT naming `owner`). */
export function s3StoreSettings(options: { bucket: string; prefix?: string; pageSize?: number }, owner: string): S3StoreSettings {
  const location = s3Location(options.bucket, options.prefix, owner);
  const pageSize = options.pageSize ?? 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new ServingError('INVALID_ARGUMENT', `${owner}: pageSize must be an integer in 1..1000, got ${pageSize}`);
  return { ...location, pageSize };
}

/** `s3://bucket` or `s3://bucket/some/prefix` (a trailing '/' is ignored) → bucket and prefix. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url);
  if (!m) throw new ServingError('INVALID_ARGUMENT', `Not an S3 URL: ${JSON.stringify(url)} (expected s3://bucket/prefix)`);
  if ((m[2] ?? '').replace(/\/$/, '').split('/').some((s, _i, all) => s === '' && all.length > 1)) {
    throw new ServingError('INVALID_ARGUMENT', `S3 URL ${JSON.stringify(url)} has an empty path segment ('//')`);
  }
  return { bucket: m[1], prefix: m[2] ?? '' };
}

/** The key for validated segments under the prefix. */
export function objectKey(prefix: string, ...segments: string[]): string {
  return [prefix, ...segments].filter((s) => s !== '').join('/');
}

/** Version directories among a model's common prefixes (names relative to the model, no trailing '/'). */
export function versionsOf(prefixes: string[]): StoredVersion[] {
  const versions: StoredVersion[] = [];
  for (const dirName of prefixes) {
    const version = parseVersionDir(dirName);
    if (version !== undefined) versions.push({ version, dirName });
  }
  return versions.sort(compareStoredVersions);
}

/** A listing's objects, named relative to the listed directory. */
export interface ListedObject { rel: string; size: number; etag?: string }

/**
 * Every page of one ListObjectsV2 listing under `base` (a directory key with its '/', or ''), as `fetchPage` gets
 * them from the continuation token; names relative to `base` (common prefixes without their '/').
 */
export async function listAllPages(base: string, fetchPage: (token: string | undefined) => Promise<ListPage>): Promise<{ prefixes: string[]; objects: ListedObject[] }> {
  const prefixes: string[] = [];
  const objects: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    for (const p of page.prefixes) prefixes.push(p.slice(base.length, -1));
    for (const o of page.contents) objects.push({ rel: o.key.slice(base.length), size: o.size, ...(o.etag ? { etag: o.etag } : {}) });
    token = page.nextToken;
  } while (token);
  return { prefixes, objects };
}

/** A version's files from the keys under it (relative names); `where` is the version's s3:// location with a trailing '/'. */
export function filesOf(objects: ListedObject[], where: string): StoredFile[] {
  const files: StoredFile[] = [];
  for (const o of objects) {
    // "Folder" placeholder objects (zero-byte keys ending in '/', made by consoles) are not files;
    // `<version>/` itself lists with an empty relative name.
    if (o.rel === '' || o.rel.endsWith('/')) continue;
    const problem = relativePathProblem(o.rel);
    if (problem) throw new ServingError('FAILED_PRECONDITION', `${where}${o.rel}: object key is not a safe relative path (${problem})`);
    files.push({ path: o.rel, size: o.size, ...(o.etag ? { etag: o.etag } : {}) });
  }
  return files.sort((a, b) => compareText(a.path, b.path));
}
