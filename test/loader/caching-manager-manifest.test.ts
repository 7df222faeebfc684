// The cache follows the manifest: a new version is served once the cached manifest expires (the clock is
// injected), versions the manifest stops serving are dropped when idle, a store outage keeps the last good
// manifest serving, and files that do not match the manifest's checksums are never served.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheHarness, halfPlusTwo, servedVersion } from '../helpers/cache-harness.ts';
import { changeManifest, publishVersion } from '../helpers/published-models.ts';
import { HALF_PLUS_TWO_V1, DIGITS_V1 } from '../helpers/model-dirs.ts';

describe('a fresher manifest', () => {
  it('serves a newly published version after the TTL, not before, and drops the old one once released', async () => {
    const h = cacheHarness();
    await publishVersion(h.store, 'm', 1n, HALF_PLUS_TWO_V1);
    const held = await h.cache.acquire({ name: 'm' });
    await publishVersion(h.store, 'm', 2n, HALF_PLUS_TWO_V1);
    h.clock.t += 999;
    expect(await servedVersion(h.cache, { name: 'm' })).toBe(1n);
    h.clock.t += 1;
    expect(await servedVersion(h.cache, { name: 'm' })).toBe(2n);
    expect(h.seen('evict')).toEqual(['m@1']);
    expect(h.cache.cachedVersions().map((c) => c.version)).toEqual([2n]);
    expect(await halfPlusTwo(held, 0)).toBe(2); // still usable: a request holds it
    held.release();
    await expect(halfPlusTwo(held, 0)).rejects.toThrow('servable was unloaded');
    expect((await h.cache.status({ name: 'm' })).map((s) => `${s.version}:${s.state}`)).toEqual(['2:AVAILABLE', '1:END']);
  });

  it('drops a version the policy no longer serves, and serves it again when the policy changes back', async () => {
    const h = cacheHarness();
    await publishVersion(h.store, 'm', 1n, HALF_PLUS_TWO_V1);
    await publishVersion(h.store, 'm', 2n, HALF_PLUS_TWO_V1, { policy: { kind: 'all' } });
    expect(await servedVersion(h.cache, { name: 'm', version: 1n })).toBe(1n);
    await changeManifest(h.store, 'm', (m) => (m.policy = { kind: 'specific', versions: [2n] }));
    h.clock.t += 1000;
    await expect(h.cache.acquire({ name: 'm', version: 1n })).rejects.toThrow('Servable not found for request: Specific(m, 1)');
    expect(h.seen('evict')).toEqual(['m@1']);
    await changeManifest(h.store, 'm', (m) => (m.policy = { kind: 'all' }));
    h.clock.t += 1000;
    expect(await servedVersion(h.cache, { name: 'm', version: 1n })).toBe(1n);
    expect(h.seen('load')).toEqual(['m@1', 'm@1']);
  });

  it('reloads a version republished with different files', async () => {
    const h = cacheHarness();
    await publishVersion(h.store, 'm', 1n, HALF_PLUS_TWO_V1);
    await servedVersion(h.cache, { name: 'm' });
    await publishVersion(h.store, 'm', 1n, DIGITS_V1);
    h.clock.t += 1000;
    const handle = await h.cache.acquire({ name: 'm' });
    handle.release();
    expect(handle.servable.signatures().map((s) => s.key)).toContain('classify');
    expect(h.seen('load')).toEqual(['m@1', 'm@1']);
    expect(h.seen('evict')).toEqual(['m@1']);
  });
});

describe('an unreachable store', () => {
  it('keeps serving the last good manifest, asks again only after a TTL, and follows the store once it is back', async () => {
    const h = cacheHarness();
    await publishVersion(h.store, 'm', 1n, HALF_PLUS_TWO_V1);
    expect(await servedVersion(h.cache, { name: 'm' })).toBe(1n);
    h.store.down = true;
    h.clock.t += 1000;
    expect(await servedVersion(h.cache, { name: 'm' })).toBe(1n);
    expect(h.logs.some((l) => l.startsWith('model m: cannot revalidate its manifest (UNAVAILABLE'))).toBe(true);
    const reads = h.store.documentReads;
    expect((await h.cache.status({ name: 'm' }))[0]).toMatchObject({ version: 1n, state: 'AVAILABLE' });
    expect(h.store.documentReads).toBe(reads); // within a TTL of the failure: not asked again
    h.store.down = false;
    await publishVersion(h.store, 'm', 2n, HALF_PLUS_TWO_V1);
    h.clock.t += 1000;
    expect(await servedVersion(h.cache, { name: 'm' })).toBe(2n);
  });

  it('answers UNAVAILABLE for a model it never read', async () => {
    const h = cacheHarness();
    await publishVersion(h.store, 'm', 1n, HALF_PLUS_TWO_V1);
    h.store.down = true;
    await expect(h.cache.acquire({ name: 'm' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(h.cache.status({ name: 'm' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('files that do not match the manifest', () => {
  async function twoVersions() {
    const h = cacheHarness();
    await publishVersion(h.store, 'm', 1n, HALF_PLUS_TWO_V1);
    const files = await publishVersion(h.store, 'm', 2n, HALF_PLUS_TWO_V1, { policy: { kind: 'all' } });
    const index = files.find((f) => f.path === 'variables/variables.index')!;
    return { h, index };
  }

  it.each([
    ['same size, other bytes', (size: number) => new Uint8Array(size).fill(7), /sha256 [0-9a-f]{64}, expected [0-9a-f]{64}/],
    ['shorter', (size: number) => new Uint8Array(size - 1), /\d+ bytes, expected \d+/],
    ['longer', (size: number) => new Uint8Array(size + 1), /larger than \d+ bytes/],
  ])('refuses a file that is %s with DATA_LOSS naming it, while another version keeps serving', async (_scenario, bytes, detail) => {
    const { h, index } = await twoVersions();
    await h.store.writeFile('m', '2', index.path, bytes(index.size));
    const error = await h.cache.acquire({ name: 'm', version: 2n }).catch((e) => e);
    expect(error).toMatchObject({ code: 'DATA_LOSS' });
    expect(error.message).toContain('File variables/variables.index of version 2 of model m does not match the manifest');
    expect(error.message).toMatch(detail);
    expect(await servedVersion(h.cache, { name: 'm', version: 1n })).toBe(1n);
    expect(h.cache.cachedVersions().map((c) => c.version)).toEqual([1n]);
    expect((await h.cache.status({ name: 'm', version: 2n }))[0]).toMatchObject({ state: 'END', errorCode: 'DATA_LOSS' });
  });

  it('refuses a published file missing from the store with DATA_LOSS', async () => {
    const { h } = await twoVersions();
    rmSync(join(h.store.url, 'm', '2', 'variables', 'variables.index'));
    await expect(h.cache.acquire({ name: 'm' })).rejects.toMatchObject({
      code: 'DATA_LOSS', message: 'File variables/variables.index of version 2 of model m is published in the manifest but missing from the store',
    });
  });

  it('shares one failure among concurrent requests, and retries on the next request', async () => {
    const { h, index } = await twoVersions();
    const good = readFileSync(join(HALF_PLUS_TWO_V1, index.path));
    await h.store.writeFile('m', '2', index.path, new Uint8Array(index.size));
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => h.cache.acquire({ name: 'm' })));
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
    expect(h.store.reads('m', '2', index.path)).toBe(1);
    await h.store.writeFile('m', '2', index.path, good);
    expect(await servedVersion(h.cache, { name: 'm' })).toBe(2n);
    expect(h.store.reads('m', '2', index.path)).toBe(2);
    expect((await h.cache.status({ name: 'm', version: 2n }))[0]).toMatchObject({ state: 'AVAILABLE', errorCode: 'OK' });
  });
});
