// ModelStore over S3 or any S3-protocol server (AWS SDK v3). Key layout: `<prefix>/<model>/<versionDir>/<path>`
// and `<prefix>/<model>/<document>` (s3-layout.ts). Documents use S3 conditional requests: PutObject If-None-Match "*"
// / If-Match <etag> (AWS S3 user guide, "Add preconditions to S3 operations with conditional requests")
// and GetObject If-None-Match (304 Not Modified). The SDK is imported on first use: a bundle that never
// constructs this store (the api function reads through s3-http-store.ts) never loads it.
import type { ListObjectsV2CommandOutput, S3Client } from '@aws-sdk/client-s3';
import { checkOptionKeys, isServingError, ServingError } from '../errors/index.ts';
import { checkModelName, isValidModelName } from './names.ts';
import { httpStatusOf, s3ServingError } from './s3-errors.ts';
import { filesOf, type ListedObject, listAllPages, objectKey, parseS3Url, s3StoreSettings, versionsOf } from './s3-layout.ts';
import { checkDocumentName, checkRelativePath, checkVersionDirName } from './store-keys.ts';
import { compareText, type ModelStore, type ReadDocumentOptions, type ReadFileOptions, type StoredDocument, type StoredFile, type StoredVersion, type WriteCondition } from './store.ts';

type Sdk = typeof import('@aws-sdk/client-s3');
let sdkModule: Promise<Sdk> | undefined;
/** The SDK module, imported once, when a store first needs it. */
const sdk = (): Promise<Sdk> => (sdkModule ??= import('@aws-sdk/client-s3'));

export interface S3ModelStoreOptions {
  /** Bucket name. Required. */
  bucket: string;
  /** Key prefix holding the model directories, without leading/trailing '/'. Default '' (bucket root). */
  prefix?: string;
  /** The client to use (tests point one at a local server). Default: defaultS3Client(), made on first use. */
  client?: S3Client;
  /** MaxKeys per ListObjectsV2 page, 1–1000. Default 1000 (S3's maximum). */
  pageSize?: number;
}

const OPTION_KEYS = new Set(['bucket', 'prefix', 'client', 'pageSize']);

/**
 * The SDK's standard configuration (region, credentials, AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL read by
 * the SDK itself). When such an endpoint is set, path-style addressing: local S3-protocol servers
 * (moto, MinIO) do not serve virtual-hosted bucket names.
 */
export async function defaultS3Client(env: NodeJS.ProcessEnv = process.env): Promise<S3Client> {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return new (await sdk()).S3Client(endpoint ? { forcePathStyle: true } : {});
}

/**
 * @example
 * const store = S3ModelStore.fromUrl('s3://my-bucket/models');
 * await store.listVersions('digits'); // [{ version: 1n, dirName: '1' }, …]
 */
export class S3ModelStore implements ModelStore {
  readonly url: string;
  readonly bucket: string;
  readonly prefix: string;
  private client: S3Client | Promise<S3Client> | undefined;
  private readonly pageSize: number;

  constructor(options: S3ModelStoreOptions) {
    checkOptionKeys(options, OPTION_KEYS, 'S3ModelStore');
    ({ bucket: this.bucket, prefix: this.prefix, url: this.url, pageSize: this.pageSize } = s3StoreSettings(options, 'S3ModelStore'));
    this.client = options.client;
  }

  /** `s3://bucket` or `s3://bucket/some/prefix` (a trailing '/' is ignored). */
  static fromUrl(url: string, options: Omit<S3ModelStoreOptions, 'bucket' | 'prefix'> = {}): S3ModelStore {
    return new S3ModelStore({ ...options, ...parseS3Url(url) });
  }

  /** The client and the SDK's command classes. */
  private async sdk(): Promise<{ client: S3Client; sdk: Sdk }> {
    this.client ??= defaultS3Client();
    return { client: await this.client, sdk: await sdk() };
  }

  async listModels(): Promise<string[]> {
    const { prefixes } = await this.list(this.key(), true);
    return prefixes.filter(isValidModelName).sort(compareText);
  }

  async listVersions(model: string): Promise<StoredVersion[]> {
    const { prefixes } = await this.list(this.key(checkModelName(model)), true);
    return versionsOf(prefixes);
  }

  async listFiles(model: string, dirName: string): Promise<StoredFile[]> {
    const base = this.key(checkModelName(model), checkVersionDirName(dirName));
    const { objects } = await this.list(base, false);
    return filesOf(objects, `s3://${this.bucket}/${base}/`);
  }

  async readFile(model: string, dirName: string, path: string, options: ReadFileOptions = {}): Promise<Uint8Array> {
    const key = this.key(checkModelName(model), checkVersionDirName(dirName), checkRelativePath(path));
    const what = `s3://${this.bucket}/${key}`;
    try {
      const { client, sdk } = await this.sdk();
      const res = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      // The headers arrive before the body: refuse an oversized object without reading its body.
      if (options.maxBytes !== undefined && (res.ContentLength ?? 0) > options.maxBytes) {
        (res.Body as { destroy?: () => void } | undefined)?.destroy?.();
        throw new ServingError('RESOURCE_EXHAUSTED', `${what} is ${res.ContentLength} bytes, more than the limit of ${options.maxBytes}`);
      }
      return res.Body ? await res.Body.transformToByteArray() : new Uint8Array();
    } catch (e) {
      throw s3ServingError(e, what, this.bucket);
    }
  }

  async writeFile(model: string, dirName: string, path: string, bytes: Uint8Array): Promise<void> {
    const key = this.key(checkModelName(model), checkVersionDirName(dirName), checkRelativePath(path));
    try {
      const { client, sdk } = await this.sdk();
      await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes }));
    } catch (e) {
      throw s3ServingError(e, `s3://${this.bucket}/${key}`, this.bucket);
    }
  }

  async readDocument(model: string, name: string, options: ReadDocumentOptions = {}): Promise<StoredDocument | 'not-modified' | null> {
    const key = this.key(checkModelName(model), checkDocumentName(name));
    try {
      const { client, sdk } = await this.sdk();
      const res = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key, IfNoneMatch: options.ifNoneMatch }));
      const body = res.Body ? await res.Body.transformToByteArray() : new Uint8Array();
      if (!res.ETag) throw new ServingError('UNKNOWN', `s3://${this.bucket}/${key}: the server sent no ETag`);
      return { body, etag: res.ETag };
    } catch (e) {
      // The SDK has no modelled error for 304: it throws name "Unknown" with $metadata.httpStatusCode 304.
      if (httpStatusOf(e) === 304) return 'not-modified';
      if (isNoSuchKey(e)) return null;
      throw s3ServingError(e, `s3://${this.bucket}/${key}`, this.bucket);
    }
  }

  async writeDocument(model: string, name: string, body: Uint8Array, condition: WriteCondition): Promise<{ etag: string }> {
    const key = this.key(checkModelName(model), checkDocumentName(name));
    const what = `s3://${this.bucket}/${key}`;
    const precondition = 'ifMatch' in condition ? { IfMatch: condition.ifMatch } : { IfNoneMatch: condition.ifNoneMatch };
    try {
      const { client, sdk } = await this.sdk();
      const res = await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json', ...precondition }));
      if (!res.ETag) throw new ServingError('UNKNOWN', `${what}: the server sent no ETag`);
      return { etag: res.ETag };
    } catch (e) {
      // If-Match on a key that does not exist is 404 NoSuchKey in S3, not 412: still a failed precondition.
      if ('ifMatch' in condition && isNoSuchKey(e)) throw new ServingError('ABORTED', `${what} was deleted concurrently; read it again and retry`, { cause: e });
      throw s3ServingError(e, what, this.bucket);
    }
  }

  /** The key for validated segments under the prefix; a trailing '/' when `segments` ends in a directory is up to the caller. */
  private key(...segments: string[]): string {
    return objectKey(this.prefix, ...segments);
  }

  /** All pages of ListObjectsV2 under `dir` + '/'. Names are relative to it (common prefixes without their '/'). */
  private list(dir: string, delimited: boolean): Promise<{ prefixes: string[]; objects: ListedObject[] }> {
    const base = dir === '' ? '' : `${dir}/`;
    return listAllPages(base, async (token) => {
      let page: ListObjectsV2CommandOutput;
      try {
        const { client, sdk } = await this.sdk();
        page = await client.send(new sdk.ListObjectsV2Command({
          Bucket: this.bucket, Prefix: base, Delimiter: delimited ? '/' : undefined, MaxKeys: this.pageSize, ContinuationToken: token,
        }));
      } catch (e) {
        throw s3ServingError(e, `s3://${this.bucket}/${base}`, this.bucket);
      }
      return {
        prefixes: (page.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : [])),
        contents: (page.Contents ?? []).flatMap((o) => (o.Key ? [{ key: o.Key, size: o.Size ?? 0, ...(o.ETag ? { etag: o.ETag } : {}) }] : [])),
        nextToken: page.IsTruncated ? page.NextContinuationToken : undefined,
      };
    });
  }
}

function isNoSuchKey(e: unknown): boolean {
  return !isServingError(e) && e instanceof Error && (e.name === 'NoSuchKey' || (e as { Code?: string }).Code === 'NoSuchKey');
}
