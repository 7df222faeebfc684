// ModelStore over S3's REST API without the AWS SDK (s3-http-client.ts: node:http(s) + SigV4), for the api
// function's cold start (DESIGN.md §7). Same layout, answers and errors as S3ModelStore (one contract suite);
// credentials come as values (Lambda's environment: s3HttpStoreFromEnv), never from profiles or SSO.
import { checkOptionKeys, isServingError, ServingError } from '../errors/index.ts';
import { checkModelName, isValidModelName } from './names.ts';
import { httpStatusOf, s3ServingError } from './s3-errors.ts';
import { S3HttpClient, type S3HttpClientOptions, type S3Request } from './s3-http-client.ts';
import { filesOf, type ListedObject, listAllPages, objectKey, parseS3Url, s3StoreSettings, versionsOf } from './s3-layout.ts';
import { parseListPage } from './s3-xml.ts';
import { checkDocumentName, checkRelativePath, checkVersionDirName } from './store-keys.ts';
import { compareText, type ModelStore, type ReadDocumentOptions, type ReadFileOptions, type StoredDocument, type StoredFile, type StoredVersion, type WriteCondition } from './store.ts';

export interface S3HttpModelStoreOptions {
  /** Bucket name. Required. */
  bucket: string;
  /** Key prefix holding the model directories, without leading/trailing '/'. Default '' (bucket root). */
  prefix?: string;
  /** Region, credentials, endpoint, attempts. Required. */
  client: S3HttpClientOptions;
  /** MaxKeys per ListObjectsV2 page, 1–1000. Default 1000 (S3's maximum). */
  pageSize?: number;
}

const OPTION_KEYS = new Set(['bucket', 'prefix', 'client', 'pageSize']);

/**
 * The store for `url` when `env` holds what Lambda gives every function (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN, AWS_REGION; AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL as the SDK reads them); undefined when
 * the credentials or the region are not there (then the SDK's credential chain is needed: S3ModelStore).
 * @example const store = s3HttpStoreFromEnv('s3://my-bucket/models', process.env) ?? S3ModelStore.fromUrl(url);
 */
export function s3HttpStoreFromEnv(url: string, env: NodeJS.ProcessEnv): S3HttpModelStore | undefined {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY || !region) return undefined;
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
  return new S3HttpModelStore({ ...parseS3Url(url), client: { region, credentials, ...(endpoint ? { endpoint } : {}) } });
}

/**
 * @example
 * const store = new S3HttpModelStore({ bucket: 'models', client: { region: 'us-east-1', credentials } });
 * await store.readDocument('digits', 'manifest.json');
 */
export class S3HttpModelStore implements ModelStore {
  readonly url: string;
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3HttpClient;
  private readonly pageSize: number;

  constructor(options: S3HttpModelStoreOptions) {
    checkOptionKeys(options, OPTION_KEYS, 'S3HttpModelStore');
    ({ bucket: this.bucket, prefix: this.prefix, url: this.url, pageSize: this.pageSize } = s3StoreSettings(options, 'S3HttpModelStore'));
    this.client = new S3HttpClient(options.client);
  }

  async listModels(): Promise<string[]> {
    const { prefixes } = await this.list(this.key(), true);
    return prefixes.filter(isValidModelName).sort(compareText);
  }

  async listVersions(model: string): Promise<StoredVersion[]> {
    return versionsOf((await this.list(this.key(checkModelName(model)), true)).prefixes);
  }

  async listFiles(model: string, dirName: string): Promise<StoredFile[]> {
    const base = this.key(checkModelName(model), checkVersionDirName(dirName));
    return filesOf((await this.list(base, false)).objects, `s3://${this.bucket}/${base}/`);
  }

  async readFile(model: string, dirName: string, path: string, options: ReadFileOptions = {}): Promise<Uint8Array> {
    const key = this.key(checkModelName(model), checkVersionDirName(dirName), checkRelativePath(path));
    return (await this.send({ method: 'GET', key, ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}) })).body;
  }

  async writeFile(model: string, dirName: string, path: string, bytes: Uint8Array): Promise<void> {
    await this.send({ method: 'PUT', key: this.key(checkModelName(model), checkVersionDirName(dirName), checkRelativePath(path)), body: bytes });
  }

  async readDocument(model: string, name: string, options: ReadDocumentOptions = {}): Promise<StoredDocument | 'not-modified' | null> {
    const key = this.key(checkModelName(model), checkDocumentName(name));
    try {
      const res = await this.send({ method: 'GET', key, ...(options.ifNoneMatch ? { headers: { 'if-none-match': options.ifNoneMatch } } : {}) });
      const etag = res.headers.etag;
      if (!etag) throw new ServingError('UNKNOWN', `s3://${this.bucket}/${key}: the server sent no ETag`);
      return { body: res.body, etag };
    } catch (e) {
      if (isServingError(e) && e.code === 'NOT_FOUND' && (e.cause as { name?: string } | undefined)?.name === 'NoSuchKey') return null;
      if (httpStatusOf(isServingError(e) ? e.cause : e) === 304) return 'not-modified';
      throw e;
    }
  }

  async writeDocument(model: string, name: string, body: Uint8Array, condition: WriteCondition): Promise<{ etag: string }> {
    const key = this.key(checkModelName(model), checkDocumentName(name));
    const what = `s3://${this.bucket}/${key}`;
    const precondition: Record<string, string> = 'ifMatch' in condition ? { 'if-match': condition.ifMatch } : { 'if-none-match': condition.ifNoneMatch };
    try {
      const res = await this.send({ method: 'PUT', key, body, headers: { 'content-type': 'application/json', ...precondition } });
      if (!res.headers.etag) throw new ServingError('UNKNOWN', `${what}: the server sent no ETag`);
      return { etag: res.headers.etag };
    } catch (e) {
      // If-Match on a key that does not exist is 404 NoSuchKey in S3, not 412: still a failed precondition.
      if ('ifMatch' in condition && isServingError(e) && e.code === 'NOT_FOUND') throw new ServingError('ABORTED', `${what} was deleted concurrently; read it again and retry`, { cause: e.cause });
      throw e;
    }
  }

  private key(...segments: string[]): string {
    return objectKey(this.prefix, ...segments);
  }

  /** One request on `key` of this bucket; failures as ServingErrors (s3-errors.ts) with the S3 error as cause. */
  private async send(req: Omit<S3Request, 'bucket' | 'what'>, what = `s3://${this.bucket}/${req.key}`): Promise<Awaited<ReturnType<S3HttpClient['send']>>> {
    try {
      return await this.client.send({ ...req, bucket: this.bucket, what });
    } catch (e) {
      throw s3ServingError(e, what, this.bucket);
    }
  }

  /** All pages of ListObjectsV2 under `dir` + '/'. Names are relative to it (common prefixes without their '/'). */
  private list(dir: string, delimited: boolean): Promise<{ prefixes: string[]; objects: ListedObject[] }> {
    const base = dir === '' ? '' : `${dir}/`;
    return listAllPages(base, async (token) => {
      const query: Record<string, string> = { 'list-type': '2', prefix: base, 'max-keys': String(this.pageSize), 'encoding-type': 'url' };
      if (delimited) query.delimiter = '/';
      if (token) query['continuation-token'] = token;
      const res = await this.send({ method: 'GET', key: '', query }, `s3://${this.bucket}/${base}`);
      return parseListPage(new TextDecoder().decode(res.body));
    });
  }
}
