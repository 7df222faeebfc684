// ManifestCache against a real S3-protocol server (moto): trusted for ttlMs, then revalidated with
// If-None-Match (a 304 keeps the same object). The clock is injected: no real timers.
import { randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MANIFEST_DOCUMENT, ManifestCache, S3ModelStore, updateManifest, type Manifest, type ModelStore, type ReadDocumentOptions,
} from '../../lib/registry/index.ts';
import { freshBucket, s3TestClient } from '../helpers/s3.ts';

let client: S3Client;
let bucket: string;

beforeAll(async () => {
  client = s3TestClient();
  bucket = await freshBucket(client);
});
afterAll(() => client.destroy());

/** Forwards to a real store and records every readDocument: its condition and what came back. */
class RecordingStore {
  readonly reads: { ifNoneMatch?: string; result: 'body' | 'not-modified' | 'absent' }[] = [];
  constructor(readonly inner: ModelStore) {}
  asStore(): ModelStore {
    return Object.assign(Object.create(this.inner) as ModelStore, {
      readDocument: async (model: string, name: string, options?: ReadDocumentOptions) => {
        const res = await this.inner.readDocument(model, name, options);
        this.reads.push({ ifNoneMatch: options?.ifNoneMatch, result: res === null ? 'absent' : res === 'not-modified' ? res : 'body' });
        return res;
      },
    });
  }
}

const addVersion = (v: bigint) => (m: Manifest): Manifest => {
  m.versions.set(v, { dirName: String(v), state: 'AVAILABLE', files: [], publishedAt: new Date(0).toISOString() });
  return m;
};

function setup(ttlMs = 1000) {
  const store = new S3ModelStore({ bucket, prefix: randomBytes(4).toString('hex'), client });
  const recording = new RecordingStore(store);
  const clock = { t: 10_000 };
  const cache = new ManifestCache(recording.asStore(), { ttlMs, now: () => clock.t });
  return { store, reads: recording.reads, clock, cache };
}

describe('ManifestCache', () => {
  it('sends no request within the TTL', async () => {
    const { store, reads, clock, cache } = setup();
    await updateManifest(store, 'digits', addVersion(1n));
    const first = await cache.get('digits');
    clock.t += 999;
    expect(await cache.get('digits')).toBe(first);
    expect(reads).toHaveLength(1);
  });

  it('revalidates after the TTL with If-None-Match, and a 304 keeps the same object', async () => {
    const { store, reads, clock, cache } = setup();
    await updateManifest(store, 'digits', addVersion(1n));
    const first = await cache.get('digits');
    clock.t += 1000;
    expect(await cache.get('digits')).toBe(first);
    expect(reads.map((r) => r.result)).toEqual(['body', 'not-modified']);
    expect(reads[1].ifNoneMatch).toMatch(/^".+"$/);
    clock.t += 999; // the revalidation restarted the TTL
    await cache.get('digits');
    expect(reads).toHaveLength(2);
  });

  it('picks up a change after the TTL, not before', async () => {
    const { store, clock, cache } = setup();
    await updateManifest(store, 'digits', addVersion(1n));
    const first = await cache.get('digits');
    await updateManifest(store, 'digits', addVersion(2n));
    expect(await cache.get('digits')).toBe(first);
    clock.t += 1000;
    const second = await cache.get('digits');
    expect([...second!.versions.keys()]).toEqual([1n, 2n]);
    expect(second!.generation).toBe(2);
  });

  it('caches the absence of a manifest for the TTL too', async () => {
    const { store, reads, clock, cache } = setup();
    expect(await cache.get('digits')).toBeNull();
    await updateManifest(store, 'digits', addVersion(1n));
    expect(await cache.get('digits')).toBeNull();
    clock.t += 1000;
    expect((await cache.get('digits'))?.generation).toBe(1);
    expect(reads.map((r) => r.result)).toEqual(['absent', 'body']);
  });

  it('shares one request between concurrent callers', async () => {
    const { store, reads, cache } = setup();
    await updateManifest(store, 'digits', addVersion(1n));
    const all = await Promise.all([cache.get('digits'), cache.get('digits'), cache.get('digits')]);
    expect(new Set(all).size).toBe(1);
    expect(reads).toHaveLength(1);
  });

  it('reads the store again after invalidate', async () => {
    const { store, reads, cache } = setup();
    await updateManifest(store, 'digits', addVersion(1n));
    await cache.get('digits');
    await updateManifest(store, 'digits', addVersion(2n));
    cache.invalidate('digits');
    expect((await cache.get('digits'))?.generation).toBe(2);
    expect(reads.map((r) => r.ifNoneMatch)).toEqual([undefined, undefined]);
  });

  it('throws DATA_LOSS for a corrupt manifest, and recovers once it is repaired', async () => {
    const { store, clock, cache } = setup();
    await updateManifest(store, 'digits', addVersion(1n));
    await cache.get('digits');
    const current = await store.readDocument('digits', MANIFEST_DOCUMENT);
    if (!current || current === 'not-modified') throw new Error('expected a manifest');
    const broken = await store.writeDocument('digits', MANIFEST_DOCUMENT, new TextEncoder().encode('{"format":1'), { ifMatch: current.etag });
    clock.t += 1000;
    await expect(cache.get('digits')).rejects.toMatchObject({ code: 'DATA_LOSS' });
    await store.writeDocument('digits', MANIFEST_DOCUMENT, current.body, { ifMatch: broken.etag });
    expect((await cache.get('digits'))?.generation).toBe(1);
  });

  it.each([
    ['an unknown option', { ttl: 5 }],
    ['a negative TTL', { ttlMs: -1 }],
  ])('refuses %s', (_scenario, options) => {
    expect(() => new ManifestCache(setup().store, options as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
