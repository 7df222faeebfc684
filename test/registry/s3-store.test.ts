// S3ModelStore against a real S3-protocol server (moto, started by test/global-setup.ts): the store
// contract, plus what only S3 has (URLs, pagination, folder placeholder keys, bucket and network errors).
import { createServer } from 'node:net';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ModelStore } from '../../lib/registry/index.ts';
import { describeStoreContract } from '../contract/store.contract.ts';
import { freshBucket, s3TestClient } from '../helpers/s3.ts';

let client: S3Client;
let bucket: string;

beforeAll(async () => {
  client = s3TestClient();
  bucket = await freshBucket(client);
});
afterAll(() => client.destroy());

/** A store over an unused prefix; a small page size makes every listing span several pages. */
const makeStore = async (): Promise<S3ModelStore> =>
  new S3ModelStore({ bucket, prefix: `contract/${randomBytes(4).toString('hex')}`, client, pageSize: 7 });

describeStoreContract('S3ModelStore (moto)', makeStore);

/** Counts the requests of one operation (e.g. ListObjectsV2Command) a client sends. */
function countRequests(c: S3Client, commandName: string): { count: number } {
  const counter = { count: 0 };
  c.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName === commandName) counter.count++;
    return next(args);
  }, { step: 'initialize', name: `count-${commandName}-${randomBytes(3).toString('hex')}` });
  return counter;
}

describe('S3ModelStore', () => {
  it.each([
    ['a bucket and prefix', 's3://models-bucket/serving/models', 'models-bucket', 'serving/models', 's3://models-bucket/serving/models'],
    ['a trailing slash', 's3://models-bucket/models/', 'models-bucket', 'models', 's3://models-bucket/models'],
    ['only a bucket', 's3://models-bucket', 'models-bucket', '', 's3://models-bucket'],
  ])('parses a URL with %s', (_scenario, url, b, prefix, normalized) => {
    const store = S3ModelStore.fromUrl(url, { client });
    expect([store.bucket, store.prefix, store.url]).toEqual([b, prefix, normalized]);
  });

  it.each([
    ['another scheme', () => S3ModelStore.fromUrl('gs://b/models', { client })],
    ['an invalid bucket', () => S3ModelStore.fromUrl('s3://B_/models', { client })],
    ['a prefix with ".."', () => new S3ModelStore({ bucket: 'bkt', prefix: 'a/../b', client })],
    ['an empty segment in the URL', () => S3ModelStore.fromUrl('s3://bkt/models//abs', { client })],
    ['an empty segment after the bucket', () => S3ModelStore.fromUrl('s3://bkt//models', { client })],
    ['an unknown option', () => new S3ModelStore({ bucket: 'bkt', client, pagesize: 3 } as never)],
    ['a page size of 0', () => new S3ModelStore({ bucket: 'bkt', client, pageSize: 0 })],
  ])('refuses %s with INVALID_ARGUMENT', (_scenario, make) => {
    expect(make).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('follows continuation tokens: 23 files at 10 per page take 3 list requests', async () => {
    const c = s3TestClient();
    const counter = countRequests(c, 'ListObjectsV2Command');
    const store = new S3ModelStore({ bucket, prefix: 'paged', client: c, pageSize: 10 });
    await Promise.all(Array.from({ length: 23 }, (_, i) => store.writeFile('m', '1', `f${i}`, new Uint8Array([i]))));
    expect(await store.listFiles('m', '1')).toHaveLength(23);
    expect(counter.count).toBe(3);
    c.destroy();
  });

  it('serves models at the bucket root when the prefix is empty', async () => {
    const own = await freshBucket(client);
    const store = new S3ModelStore({ bucket: own, client });
    await store.writeFile('digits', '1', 'saved_model.pb', new Uint8Array([1]));
    expect(await store.listModels()).toEqual(['digits']);
    expect(await store.listVersions('digits')).toEqual([{ version: 1n, dirName: '1' }]);
  });

  it('skips folder placeholder keys but lists the version they stand for', async () => {
    const store = new S3ModelStore({ bucket, prefix: 'placeholders', client });
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'placeholders/digits/4/', Body: '' }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'placeholders/digits/4/variables/', Body: '' }));
    await store.writeFile('digits', '4', 'variables/variables.index', new Uint8Array(3));
    expect(await store.listVersions('digits')).toEqual([{ version: 4n, dirName: '4' }]);
    expect((await store.listFiles('digits', '4')).map((f) => f.path)).toEqual(['variables/variables.index']);
  });

  it('refuses to list a version holding a key that is not a safe relative path', async () => {
    const store = new S3ModelStore({ bucket, prefix: 'unsafe', client });
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'unsafe/digits/1/variables/../../../x', Body: 'x' }));
    await expect(store.listFiles('digits', '1')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('reports each file with its size and ETag', async () => {
    const store = new S3ModelStore({ bucket, prefix: 'etags', client });
    await store.writeFile('digits', '1', 'saved_model.pb', new TextEncoder().encode('abc'));
    // A single-part upload's ETag is the quoted MD5 of the content.
    expect(await store.listFiles('digits', '1')).toEqual([{ path: 'saved_model.pb', size: 3, etag: '"900150983cd24fb0d6963f7d28e17f72"' }]);
  });

  it('answers NOT_FOUND naming a bucket that does not exist', async () => {
    const store = new S3ModelStore({ bucket: 'no-such-bucket-here', prefix: 'models', client });
    await expect(store.listModels()).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-such-bucket-here') });
    await expect(store.readFile('digits', '1', 'saved_model.pb')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-such-bucket-here') });
  });

  it('answers UNAVAILABLE "store unreachable" when nothing listens at the endpoint', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    server.close();
    await once(server, 'close');
    const c = s3TestClient({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });
    const store = new S3ModelStore({ bucket: 'bkt', client: c });
    await expect(store.listModels()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('store unreachable') });
    c.destroy();
  });
});
