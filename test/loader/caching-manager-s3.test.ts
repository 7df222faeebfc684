// End to end against a real S3-protocol server (moto, started by test/global-setup.ts): versions published
// in S3 with their manifest are loaded, verified and served by the Lambda cache; concurrent requests share one
// download; a new version is picked up after the TTL; a corrupted object is never served.
import { randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ModelStore } from '../../lib/registry/index.ts';
import { cacheHarness, servedVersion } from '../helpers/cache-harness.ts';
import { CountingStore } from '../helpers/counting-store.ts';
import { publishVersion } from '../helpers/published-models.ts';
import { freshBucket, s3TestClient } from '../helpers/s3.ts';
import { HALF_PLUS_TWO_V1, DIGITS_V1 } from '../helpers/model-dirs.ts';

let client: S3Client;
let bucket: string;

beforeAll(async () => {
  client = s3TestClient();
  bucket = await freshBucket(client);
});
afterAll(() => client.destroy());

/** A store under its own prefix of the file's bucket, counted. */
function s3Store(): CountingStore {
  return new CountingStore(new S3ModelStore({ bucket, prefix: `models-${randomBytes(4).toString('hex')}`, client }));
}

describe('CachingManager over S3', () => {
  it('serves published models, each file downloaded once for concurrent requests', async () => {
    const store = s3Store();
    await publishVersion(store, 'half_plus_two', 1n, HALF_PLUS_TWO_V1, { dirName: '00000001' });
    await publishVersion(store, 'digits', 1n, DIGITS_V1);
    const h = cacheHarness(store);
    const handles = await Promise.all(Array.from({ length: 10 }, () => h.cache.acquire({ name: 'half_plus_two' })));
    for (const handle of handles) handle.release();
    expect(store.reads('half_plus_two', '00000001', 'saved_model.pb')).toBe(1);
    expect(await servedVersion(h.cache, { name: 'half_plus_two' })).toBe(1n);
    const digits = await h.cache.acquire({ name: 'digits' });
    digits.release();
    expect(digits.servable.signatures().map((s) => s.key)).toEqual(['classify', 'serve', 'serving_default']);
    expect(h.seen('load')).toEqual(['half_plus_two@1', 'digits@1']);
  });

  it('preloads the hot models and serves a new version after the TTL', async () => {
    const store = s3Store();
    await publishVersion(store, 'm', 1n, HALF_PLUS_TWO_V1);
    const h = cacheHarness(store);
    expect(await h.cache.preload(['m'])).toEqual({ failed: [], forwarded: [] });
    expect(h.cache.cachedVersions().map((c) => `${c.name}@${c.version}`)).toEqual(['m@1']);
    await publishVersion(store, 'm', 2n, HALF_PLUS_TWO_V1);
    expect(await servedVersion(h.cache, { name: 'm' })).toBe(1n);
    h.clock.t += 1000;
    expect(await servedVersion(h.cache, { name: 'm' })).toBe(2n);
    expect(h.cache.cachedVersions().map((c) => `${c.name}@${c.version}`)).toEqual(['m@2']);
  });

  it('never serves an object overwritten after publication', async () => {
    const store = s3Store();
    await publishVersion(store, 'm', 1n, HALF_PLUS_TWO_V1);
    await store.writeFile('m', '1', 'saved_model.pb', new TextEncoder().encode('not a protobuf at all'));
    const h = cacheHarness(store);
    await expect(h.cache.acquire({ name: 'm' })).rejects.toMatchObject({ code: 'DATA_LOSS', message: expect.stringContaining('File saved_model.pb of version 1 of model m') });
    expect((await h.cache.preload(['m'])).failed).toMatchObject([{ model: 'm', error: { code: 'DATA_LOSS' } }]);
  });
});
