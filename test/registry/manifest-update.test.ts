// updateManifest: read → mutate → conditional write, against a real S3-protocol server (moto) and a
// local directory. The concurrency case is the point: no update may be lost.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingError } from '../../lib/errors/index.ts';
import {
  LocalModelStore, MANIFEST_DOCUMENT, S3ModelStore, updateManifest, type Manifest, type ManifestVersion, type ModelStore,
} from '../../lib/registry/index.ts';
import { freshBucket, s3TestClient } from '../helpers/s3.ts';

let client: S3Client;
let bucket: string;
let localRoot: string;

beforeAll(async () => {
  client = s3TestClient();
  bucket = await freshBucket(client);
  localRoot = await mkdtemp(join(tmpdir(), 'tfs-manifest-update-'));
});
afterAll(async () => {
  client.destroy();
  await rm(localRoot, { recursive: true, force: true });
});

const stores: [string, () => ModelStore][] = [
  ['S3ModelStore (moto)', () => new S3ModelStore({ bucket, prefix: randomBytes(4).toString('hex'), client })],
  ['LocalModelStore', () => new LocalModelStore({ root: join(localRoot, randomBytes(4).toString('hex')) })],
];

function entry(version: bigint): ManifestVersion {
  return { dirName: String(version), state: 'AVAILABLE', files: [], publishedAt: new Date(0).toISOString() };
}

const addVersion = (v: bigint) => (m: Manifest): Manifest | undefined => {
  if (m.versions.has(v)) return undefined;
  m.versions.set(v, entry(v));
  return m;
};

describe.each(stores)('updateManifest on %s', (_name, makeStore) => {
  it('creates the manifest at generation 1 and increments it on every write', async () => {
    const store = makeStore();
    const first = await updateManifest(store, 'digits', addVersion(1n));
    expect([first.generation, [...first.versions.keys()]]).toEqual([1, [1n]]);
    const second = await updateManifest(store, 'digits', addVersion(2n));
    expect([second.generation, [...second.versions.keys()]]).toEqual([2, [1n, 2n]]);
  });

  it('loses no update when 20 writers add a version each at once', async () => {
    const store = makeStore();
    const versions = Array.from({ length: 20 }, (_, i) => BigInt(i + 1));
    await Promise.all(versions.map((v) => updateManifest(store, 'digits', addVersion(v), { maxAttempts: 100, baseDelayMs: 2, maxDelayMs: 50 })));
    const doc = await store.readDocument('digits', MANIFEST_DOCUMENT);
    const m = await updateManifest(store, 'digits', () => undefined);
    expect(doc).not.toBeNull();
    expect([...m.versions.keys()]).toEqual(versions);
    expect(m.generation).toBe(20);
  });

  it('writes nothing when mutate reports no change', async () => {
    const store = makeStore();
    await updateManifest(store, 'digits', addVersion(1n));
    const before = await store.readDocument('digits', MANIFEST_DOCUMENT);
    const again = await updateManifest(store, 'digits', addVersion(1n));
    const after = await store.readDocument('digits', MANIFEST_DOCUMENT);
    expect(again.generation).toBe(1);
    expect(after).toEqual(before);
  });

  it('writes nothing when mutate throws, even after changing its copy', async () => {
    const store = makeStore();
    await expect(updateManifest(store, 'digits', (m) => {
      m.versions.set(1n, entry(1n));
      throw new ServingError('FAILED_PRECONDITION', 'validation failed');
    })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(await store.readDocument('digits', MANIFEST_DOCUMENT)).toBeNull();
  });

  it('refuses to rename the model and to overwrite a corrupt manifest', async () => {
    const store = makeStore();
    await expect(updateManifest(store, 'digits', (m) => ({ ...m, model: 'other' }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await store.writeDocument('broken', MANIFEST_DOCUMENT, new TextEncoder().encode('{"format": 1'), { ifNoneMatch: '*' });
    await expect(updateManifest(store, 'broken', addVersion(1n))).rejects.toMatchObject({ code: 'DATA_LOSS' });
  });
});

describe('updateManifest retries', () => {
  /** A store whose conditional writes always lose; counts the writes. */
  function alwaysLosing(): ModelStore & { writes: number } {
    const inner = new LocalModelStore({ root: join(localRoot, randomBytes(4).toString('hex')) });
    const store = Object.create(inner) as ModelStore & { writes: number };
    store.writes = 0;
    store.writeDocument = async () => {
      store.writes++;
      throw new ServingError('ABORTED', 'lost the race');
    };
    return store;
  }

  it('gives up with ABORTED after maxAttempts, backing off with full jitter between attempts', async () => {
    const store = alwaysLosing();
    const delays: number[] = [];
    const sleep = async (ms: number) => { delays.push(ms); };
    await expect(updateManifest(store, 'digits', addVersion(1n), { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 30, sleep, random: () => 0.5 }))
      .rejects.toMatchObject({ code: 'ABORTED', message: expect.stringContaining('5 times') });
    expect(store.writes).toBe(5);
    expect(delays).toEqual([5, 10, 15, 15]); // 0.5 × min(30, 10·2^k)
  });

  it('refuses unknown options', async () => {
    await expect(updateManifest(alwaysLosing(), 'digits', addVersion(1n), { retries: 3 } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
