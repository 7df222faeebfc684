// S3HttpModelStore (no AWS SDK) against the same moto_server: the store contract and the S3-only cases that
// S3ModelStore passes, plus what is its own (credentials from the environment, keys that need encoding).
import { createServer } from 'node:net';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { S3HttpModelStore, S3ModelStore, s3HttpStoreFromEnv } from '../../lib/registry/index.ts';
import { describeStoreContract } from '../contract/store.contract.ts';
import { freshBucket, s3TestClient } from '../helpers/s3.ts';

let client: S3Client;
let bucket: string;

beforeAll(async () => {
  client = s3TestClient();
  bucket = await freshBucket(client);
});
afterAll(() => client.destroy());

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const httpStore = (options: { bucket?: string; prefix?: string; pageSize?: number; endpoint?: string; maxAttempts?: number } = {}): S3HttpModelStore =>
  new S3HttpModelStore({
    bucket: options.bucket ?? bucket,
    prefix: options.prefix ?? `p-${randomBytes(4).toString('hex')}`,
    client: { region: 'us-east-1', credentials, endpoint: options.endpoint ?? inject('s3Endpoint'), ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}) },
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });

describeStoreContract('S3HttpModelStore (moto)', async () => httpStore({ pageSize: 7 }));

describe('S3HttpModelStore', () => {
  it('reads what the SDK-backed store wrote, byte for byte, with the same listing and ETags', async () => {
    const prefix = `both-${randomBytes(4).toString('hex')}`;
    const sdkStore = new S3ModelStore({ bucket, prefix, client });
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) & 255);
    await sdkStore.writeFile('digits', '1', 'variables/variables.data-00000-of-00001', bytes);
    await sdkStore.writeDocument('digits', 'manifest.json', new TextEncoder().encode('{"a":1}'), { ifNoneMatch: '*' });
    const store = httpStore({ prefix });
    expect(await store.readFile('digits', '1', 'variables/variables.data-00000-of-00001')).toEqual(bytes);
    expect(await store.listFiles('digits', '1')).toEqual(await sdkStore.listFiles('digits', '1'));
    expect(await store.readDocument('digits', 'manifest.json')).toEqual(await sdkStore.readDocument('digits', 'manifest.json'));
  });

  it('answers not-modified while the manifest keeps its etag, and the new body once it changes', async () => {
    const store = httpStore();
    const { etag } = await store.writeDocument('digits', 'manifest.json', new TextEncoder().encode('v1'), { ifNoneMatch: '*' });
    expect(await store.readDocument('digits', 'manifest.json', { ifNoneMatch: etag })).toBe('not-modified');
    await store.writeDocument('digits', 'manifest.json', new TextEncoder().encode('v2'), { ifMatch: etag });
    const now = await store.readDocument('digits', 'manifest.json', { ifNoneMatch: etag });
    expect(now !== 'not-modified' && now !== null && new TextDecoder().decode(now.body)).toBe('v2');
  });

  it.each([
    ['a space and a plus', 'assets/a b+c.txt'],
    ['non-ASCII letters', 'assets/vocab-ü-日本.txt'],
    ['reserved URL characters', "assets/x=1&y=(2)!*'~;,.txt"],
  ])('writes, lists and reads a file whose name has %s', async (_scenario, path) => {
    const store = httpStore();
    await store.writeFile('m', '1', path, new TextEncoder().encode(path));
    expect((await store.listFiles('m', '1')).map((f) => f.path)).toEqual([path]);
    expect(new TextDecoder().decode(await store.readFile('m', '1', path))).toBe(path);
  });

  it('skips folder placeholder keys but lists the version they stand for', async () => {
    const prefix = `placeholders-${randomBytes(4).toString('hex')}`;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/digits/4/`, Body: '' }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/digits/4/variables/`, Body: '' }));
    const store = httpStore({ prefix });
    await store.writeFile('digits', '4', 'variables/variables.index', new Uint8Array(3));
    expect(await store.listVersions('digits')).toEqual([{ version: 4n, dirName: '4' }]);
    expect((await store.listFiles('digits', '4')).map((f) => f.path)).toEqual(['variables/variables.index']);
  });

  it('refuses to list a version holding a key that is not a safe relative path', async () => {
    const prefix = `unsafe-${randomBytes(4).toString('hex')}`;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/digits/1/variables/../../../x`, Body: 'x' }));
    await expect(httpStore({ prefix }).listFiles('digits', '1')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('reports each file with its size and ETag', async () => {
    const store = httpStore();
    await store.writeFile('digits', '1', 'saved_model.pb', new TextEncoder().encode('abc'));
    expect(await store.listFiles('digits', '1')).toEqual([{ path: 'saved_model.pb', size: 3, etag: '"900150983cd24fb0d6963f7d28e17f72"' }]);
  });

  it('serves models at the bucket root when the prefix is empty', async () => {
    const own = await freshBucket(client);
    const store = httpStore({ bucket: own, prefix: '' });
    await store.writeFile('digits', '1', 'saved_model.pb', new Uint8Array([1]));
    expect(await store.listModels()).toEqual(['digits']);
  });

  it('answers NOT_FOUND naming a bucket that does not exist', async () => {
    const store = httpStore({ bucket: 'no-such-bucket-here', prefix: 'models' });
    await expect(store.listModels()).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-such-bucket-here') });
    await expect(store.readFile('digits', '1', 'saved_model.pb')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-such-bucket-here') });
    await expect(store.readDocument('digits', 'manifest.json')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers UNAVAILABLE "store unreachable" when nothing listens at the endpoint', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    server.close();
    await once(server, 'close');
    const store = httpStore({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });
    await expect(store.listModels()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('store unreachable') });
  });

  it.each([
    ['an invalid bucket', () => new S3HttpModelStore({ bucket: 'B_', client: { region: 'us-east-1', credentials } })],
    ['a prefix with ".."', () => new S3HttpModelStore({ bucket: 'bkt', prefix: 'a/../b', client: { region: 'us-east-1', credentials } })],
    ['an unknown option', () => new S3HttpModelStore({ bucket: 'bkt', client: { region: 'us-east-1', credentials }, pagesize: 3 } as never)],
    ['an empty segment in the URL', () => s3HttpStoreFromEnv('s3://bkt/models//abs', { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'r' })],
  ])('refuses %s with INVALID_ARGUMENT', (_scenario, make) => {
    expect(make).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('s3HttpStoreFromEnv', () => {
  const lambdaEnv = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_SESSION_TOKEN: 'token', AWS_REGION: 'us-east-1' };

  it("reads through Lambda's environment (session token included) from the endpoint AWS_ENDPOINT_URL_S3 names", async () => {
    const prefix = `env-${randomBytes(4).toString('hex')}`;
    await new S3ModelStore({ bucket, prefix, client }).writeFile('digits', '1', 'saved_model.pb', new Uint8Array([7]));
    const store = s3HttpStoreFromEnv(`s3://${bucket}/${prefix}`, { ...lambdaEnv, AWS_ENDPOINT_URL_S3: inject('s3Endpoint') });
    expect(store?.url).toBe(`s3://${bucket}/${prefix}`);
    expect(await store!.readFile('digits', '1', 'saved_model.pb')).toEqual(new Uint8Array([7]));
  });

  it.each([
    ['no access key', { ...lambdaEnv, AWS_ACCESS_KEY_ID: undefined }],
    ['no secret', { ...lambdaEnv, AWS_SECRET_ACCESS_KEY: undefined }],
    ['no region', { ...lambdaEnv, AWS_REGION: undefined }],
  ])('gives no store with %s (the SDK credential chain is needed then)', (_scenario, env) => {
    expect(s3HttpStoreFromEnv('s3://bkt/models', env)).toBeUndefined();
  });
});

describe('S3HttpModelStore retries', () => {
  /** A loopback S3 stand-in that answers 503 SlowDown `failures` times, then 200 with a 3-byte body. */
  async function flakyServer(failures: number): Promise<{ endpoint: string; requests: () => number; close: () => Promise<void> }> {
    const { createServer: createHttpServer } = await import('node:http');
    let n = 0;
    const server = createHttpServer((_req, res) => {
      n++;
      if (n <= failures) {
        res.writeHead(503, { 'content-type': 'application/xml' }).end('<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
      } else {
        res.writeHead(200, { etag: '"x"', 'content-length': '3' }).end('abc');
      }
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    return { endpoint: `http://127.0.0.1:${port}`, requests: () => n, close: () => new Promise((r) => server.close(() => r())) };
  }

  it('retries a 503 SlowDown and answers with the next attempt', async () => {
    const s = await flakyServer(2);
    const store = httpStore({ bucket: 'bkt', endpoint: s.endpoint, maxAttempts: 3 });
    expect(new TextDecoder().decode(await store.readFile('m', '1', 'saved_model.pb'))).toBe('abc');
    expect(s.requests()).toBe(3);
    await s.close();
  });

  it('gives up after maxAttempts with UNAVAILABLE naming S3\'s code', async () => {
    const s = await flakyServer(5);
    const store = httpStore({ bucket: 'bkt', endpoint: s.endpoint, maxAttempts: 2 });
    await expect(store.readFile('m', '1', 'saved_model.pb')).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('SlowDown') });
    expect(s.requests()).toBe(2);
    await s.close();
  });
});
