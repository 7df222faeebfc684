// The Lambda cache over a real LocalModelStore: which version a request gets (TF Serving's resolution and
// messages), what status says, one load for many concurrent requests, options checks and the budget helper.
import { describe, expect, it } from 'vitest';
import { budgetFromMemoryMb, CachingManager } from '../../lib/loader/index.ts';
import { updateManifest } from '../../lib/registry/index.ts';
import { cacheHarness, servedVersion } from '../helpers/cache-harness.ts';
import { publishFailed, publishVersion } from '../helpers/published-models.ts';
import { servingErrorOf } from '../helpers/serving-error.ts';
import { HALF_PLUS_TWO_V1, DIGITS_V1 } from '../helpers/model-dirs.ts';

const MIB = 1024 * 1024;

async function threeVersions(policy: 'all' | 'latest', labels: Record<string, bigint> = {}) {
  const h = cacheHarness();
  for (const v of [1n, 2n]) await publishVersion(h.store, 'm', v, HALF_PLUS_TWO_V1);
  await publishVersion(h.store, 'm', 3n, HALF_PLUS_TWO_V1, {
    dirName: '003', labels, policy: policy === 'all' ? { kind: 'all' } : { kind: 'latest', numVersions: 1 },
  });
  return h;
}

describe('CachingManager.acquire resolves requests like TF Serving', () => {
  it('serves the highest served version, a specific one, and labels', async () => {
    const { cache } = await threeVersions('all', { stable: 1n, canary: 3n });
    expect(await servedVersion(cache, { name: 'm' })).toBe(3n);
    expect(await servedVersion(cache, { name: 'm', version: 2n })).toBe(2n);
    expect(await servedVersion(cache, { name: 'm', label: 'stable' })).toBe(1n);
    expect(await servedVersion(cache, { name: 'm', label: 'canary' })).toBe(3n);
  });

  it.each([
    ['an unknown label', { name: 'm', label: 'beta' }, 'INVALID_ARGUMENT', 'Unrecognized servable version label: beta'],
    ['a version the manifest lacks', { name: 'm', version: 9n }, 'NOT_FOUND', 'Servable not found for request: Specific(m, 9)'],
    ['a version the policy does not serve', { name: 'm', version: 1n }, 'NOT_FOUND', 'Servable not found for request: Specific(m, 1)'],
    ['a label on a version not served', { name: 'm', label: 'stable' }, 'NOT_FOUND', 'Servable not found for request: Specific(m, 1)'],
    ['a model without a manifest', { name: 'nope' }, 'NOT_FOUND', 'Servable not found for request: Latest(nope)'],
    ['a version of a model without a manifest', { name: 'nope', version: 3n }, 'NOT_FOUND', 'Servable not found for request: Specific(nope, 3)'],
  ])('refuses %s', async (_scenario, spec, code, message) => {
    const { cache, store } = await threeVersions('latest', { stable: 1n });
    await expect(cache.acquire(spec)).rejects.toMatchObject({ code, message });
    expect(store.totalFileReads()).toBe(0);
  });

  it('answers Latest NOT_FOUND when every version failed validation', async () => {
    const { cache, store } = cacheHarness();
    await publishFailed(store, 'm', 1n, 'op Foo is not supported');
    await expect(cache.acquire({ name: 'm' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Servable not found for request: Latest(m)' });
  });
});

describe('CachingManager.status', () => {
  it('lists served versions AVAILABLE, failed ones END with the manifest error, unserved ones END OK, newest first', async () => {
    const { cache, store } = cacheHarness();
    await publishVersion(store, 'm', 1n, HALF_PLUS_TWO_V1);
    await publishVersion(store, 'm', 3n, HALF_PLUS_TWO_V1);
    await publishFailed(store, 'm', 2n, 'op Foo (node bar) is not supported by the portable engine');
    expect(await cache.status({ name: 'm' })).toEqual([
      { version: 3n, state: 'AVAILABLE', errorCode: 'OK', errorMessage: '' },
      { version: 2n, state: 'END', errorCode: 'FAILED_PRECONDITION', errorMessage: 'op Foo (node bar) is not supported by the portable engine' },
      { version: 1n, state: 'END', errorCode: 'OK', errorMessage: '' },
    ]);
    expect(await cache.status({ name: 'm', version: 2n })).toMatchObject([{ version: 2n, state: 'END' }]);
    expect(store.totalFileReads()).toBe(0); // status never loads
  });

  it.each([
    ['an unknown model', { name: 'nope' }, 'Could not find any versions of model nope'],
    ['an unknown version', { name: 'm', version: 7n }, 'Could not find version 7 of model m'],
  ])('answers NOT_FOUND for %s', async (_scenario, spec, message) => {
    const { cache, store } = cacheHarness();
    await publishVersion(store, 'm', 1n, HALF_PLUS_TWO_V1);
    await expect(cache.status(spec)).rejects.toMatchObject({ code: 'NOT_FOUND', message });
  });
});

describe('single-flight loading', () => {
  it('loads once for ten concurrent requests, then hits the cache', async () => {
    const { cache, store, seen } = cacheHarness();
    await publishVersion(store, 'm', 1n, HALF_PLUS_TWO_V1);
    const handles = await Promise.all(Array.from({ length: 10 }, () => cache.acquire({ name: 'm' })));
    expect(new Set(handles.map((h) => h.servable)).size).toBe(1);
    expect(store.reads('m', '1', 'saved_model.pb')).toBe(1);
    expect(seen('manifest_revalidate')).toEqual(['m']); // one manifest read too
    expect(seen('load')).toEqual(['m@1']);
    expect(seen('cache_miss')).toHaveLength(10);
    for (const h of handles) h.release();
    expect(await servedVersion(cache, { name: 'm' })).toBe(1n);
    expect(seen('cache_hit')).toEqual(['m@1']);
    expect(store.reads('m', '1', 'saved_model.pb')).toBe(1);
  });

  it('reports the load and the manifest reads as metrics', async () => {
    const { cache, store, events, clock, seen } = cacheHarness();
    await publishVersion(store, 'm', 1n, HALF_PLUS_TWO_V1);
    await servedVersion(cache, { name: 'm' });
    const load = events.find((e) => e.kind === 'load')!;
    expect(load.bytes).toBeGreaterThan(0);
    expect(load.ms).toBeGreaterThanOrEqual(0);
    await servedVersion(cache, { name: 'm' });
    expect(seen('manifest_revalidate')).toEqual(['m']); // within the TTL: no second read
    clock.t += 1000;
    await servedVersion(cache, { name: 'm' });
    expect(seen('manifest_revalidate')).toEqual(['m', 'm']);
  });
});

describe('preload', () => {
  it('loads the latest served version of each model and returns what failed, without throwing', async () => {
    const { cache, store } = cacheHarness();
    await publishVersion(store, 'half', 1n, HALF_PLUS_TWO_V1);
    await publishVersion(store, 'digits', 1n, DIGITS_V1);
    await publishVersion(store, 'digits', 2n, DIGITS_V1);
    const { failed, forwarded } = await cache.preload(['half', 'nope', 'digits']);
    expect(failed.map((e) => [e.model, e.error.message])).toEqual([['nope', 'Servable not found for request: Latest(nope)']]);
    expect(forwarded).toEqual([]);
    expect(cache.cachedVersions().map((c) => `${c.name}@${c.version}:${c.pinned}`)).toEqual(['half@1:false', 'digits@2:false']);
  });

  it('leaves a model whose served version is heavy to the heavy target: not loaded in this container', async () => {
    const { cache, store } = cacheHarness();
    await publishVersion(store, 'half', 1n, HALF_PLUS_TWO_V1);
    await publishVersion(store, 'big', 1n, HALF_PLUS_TWO_V1);
    await updateManifest(store, 'big', (m) => {
      m.versions.get(1n)!.target = 'heavy';
      return m;
    });
    expect(await cache.preload(['big', 'half'])).toEqual({ failed: [], forwarded: ['big'] });
    expect(cache.cachedVersions().map((c) => c.name)).toEqual(['half']);
  });
});

describe('options', () => {
  it.each([
    ['an unknown key', { ttl: 5 }, 'CachingManager: unknown option ttl'],
    ['a negative TTL', { manifestTtlMs: -1 }, 'CachingManager: manifestTtlMs must be a non-negative number, got -1'],
    ['a negative budget', { budgetBytes: -1 }, 'CachingManager: budgetBytes must be a non-negative number, got -1'],
    ['a zero file limit', { maxFileBytes: 0 }, 'CachingManager: maxFileBytes must be a positive integer, got 0'],
  ])('refuses %s', (_scenario, extra, message) => {
    const { store } = cacheHarness();
    const e = servingErrorOf(() => new CachingManager({ store, ...(extra as object) }));
    expect([e.code, e.message]).toEqual(['INVALID_ARGUMENT', message]);
  });

  it('refuses a version with a file over maxFileBytes before reading any file', async () => {
    const { cache, store } = cacheHarness(undefined, { maxFileBytes: 1000 });
    await publishVersion(store, 'm', 1n, HALF_PLUS_TWO_V1);
    await expect(cache.acquire({ name: 'm' })).rejects.toMatchObject({ code: 'RESOURCE_EXHAUSTED', message: expect.stringMatching(/saved_model\.pb .* more than the limit of 1000/) });
    expect(store.totalFileReads()).toBe(0);
  });
});

describe('budgetFromMemoryMb', () => {
  it.each([
    ['a 1 GiB function keeps half of what the runtime leaves', 1024, 432 * MIB],
    ['a 10 GiB function', 10240, 5040 * MIB],
    ['a 128 MiB function has no room: each version is served alone', 128, 0],
  ])('%s', (_scenario, memoryMb, bytes) => {
    expect(budgetFromMemoryMb(memoryMb)).toBe(bytes);
  });

  it.each([[0], [-5], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses %s MiB', (memoryMb) => {
    expect(servingErrorOf(() => budgetFromMemoryMb(memoryMb)).code).toBe('INVALID_ARGUMENT');
  });
});
