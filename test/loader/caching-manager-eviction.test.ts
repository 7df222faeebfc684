// The cache's byte budget: least recently used idle versions go first, a version a request holds stays
// usable until its release, a version larger than the whole budget is still served (alone).
// Budgets are sized from the real servables' memoryBytes, loaded as the cache loads them (lazySignatures: the
// bound a lazy servable reports until every signature is converted).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadVersion } from '../../lib/loader/index.ts';
import { readModelDir } from '../../lib/savedmodel/index.ts';
import { cacheHarness, halfPlusTwo, servedVersion } from '../helpers/cache-harness.ts';
import { publishVersion } from '../helpers/published-models.ts';
import { HALF_PLUS_TWO_V1, DIGITS_V1 } from '../helpers/model-dirs.ts';

let halfBytes = 0;
let digitsBytes = 0;

async function measure(dir: string): Promise<number> {
  const { servable } = await loadVersion(await readModelDir(dir), dir, { lazySignatures: true });
  const bytes = servable.memoryBytes();
  servable.dispose();
  return bytes;
}

beforeAll(async () => {
  halfBytes = await measure(HALF_PLUS_TWO_V1);
  digitsBytes = await measure(DIGITS_V1);
  expect(halfBytes).toBeGreaterThan(0);
  expect(digitsBytes).toBeGreaterThan(halfBytes);
});

const names = (h: ReturnType<typeof cacheHarness>) => h.cache.cachedVersions().map((c) => `${c.name}@${c.version}`);

async function harnessWith(budgetBytes: number, models: [string, string][]) {
  const h = cacheHarness(undefined, { budgetBytes });
  for (const [name, dir] of models) await publishVersion(h.store, name, 1n, dir);
  return h;
}

describe('LRU by bytes', () => {
  it('keeps two models that fit and evicts the least recently used one when a third does not', async () => {
    const h = await harnessWith(2.5 * halfBytes, [['a', HALF_PLUS_TWO_V1], ['b', HALF_PLUS_TWO_V1], ['c', HALF_PLUS_TWO_V1]]);
    await servedVersion(h.cache, { name: 'a' });
    await servedVersion(h.cache, { name: 'b' });
    await servedVersion(h.cache, { name: 'a' }); // a is now more recent than b
    expect(h.seen('evict')).toEqual([]);
    await servedVersion(h.cache, { name: 'c' });
    expect(h.seen('evict')).toEqual(['b@1']);
    expect(names(h)).toEqual(['a@1', 'c@1']);
    expect(h.events.find((e) => e.kind === 'evict')!.bytes).toBe(halfBytes);
  });

  it('with a budget that fits one model, each new model disposes the other', async () => {
    const h = await harnessWith(digitsBytes, [['half', HALF_PLUS_TWO_V1], ['digits', DIGITS_V1]]);
    const half = await h.cache.acquire({ name: 'half' });
    half.release();
    (await h.cache.acquire({ name: 'digits' })).release();
    expect(names(h)).toEqual(['digits@1']);
    await expect(halfPlusTwo(half, 1)).rejects.toThrow('servable was unloaded');
    expect(await servedVersion(h.cache, { name: 'half' })).toBe(1n);
    expect(h.seen('evict')).toEqual(['half@1', 'digits@1']);
    expect(h.seen('load')).toEqual(['half@1', 'digits@1', 'half@1']);
  });

  it('keeps a held version usable past its eviction and disposes it at its release', async () => {
    const h = await harnessWith(halfBytes, [['a', HALF_PLUS_TWO_V1], ['b', HALF_PLUS_TWO_V1]]);
    const held = await h.cache.acquire({ name: 'a' });
    const other = await h.cache.acquire({ name: 'b' });
    other.release();
    expect(h.seen('evict')).toEqual([]); // a is pinned, b is the newest
    expect(await halfPlusTwo(held, 4)).toBe(4);
    held.release();
    expect(h.seen('evict')).toEqual(['a@1']);
    expect(names(h)).toEqual(['b@1']);
    await expect(halfPlusTwo(held, 4)).rejects.toThrow('servable was unloaded');
    held.release(); // a second release is harmless
    expect(await servedVersion(h.cache, { name: 'b' })).toBe(1n);
    expect(h.seen('cache_hit')).toEqual(['b@1']);
  });

  it('serves a version larger than the whole budget alone, and keeps it while it is the most recent', async () => {
    const h = await harnessWith(halfBytes, [['half', HALF_PLUS_TWO_V1], ['digits', DIGITS_V1]]);
    await servedVersion(h.cache, { name: 'half' });
    (await h.cache.acquire({ name: 'digits' })).release();
    expect(names(h)).toEqual(['digits@1']);
    expect(h.logs.some((l) => l.includes(`model digits version 1 holds ${digitsBytes} bytes, more than the cache budget of ${halfBytes}`))).toBe(true);
    (await h.cache.acquire({ name: 'digits' })).release();
    expect(h.seen('cache_hit')).toEqual(['digits@1']);
    expect(h.seen('load')).toEqual(['half@1', 'digits@1']);
  });

  it('frees every tensor of the versions it evicts and closes', async () => {
    const h = await harnessWith(digitsBytes, [['half', HALF_PLUS_TWO_V1], ['digits', DIGITS_V1]]);
    const start = tf.memory().numTensors;
    await servedVersion(h.cache, { name: 'half' });
    const withHalf = tf.memory().numTensors;
    expect(withHalf).toBeGreaterThan(start);
    (await h.cache.acquire({ name: 'digits' })).release(); // evicts half
    await servedVersion(h.cache, { name: 'half' }); // evicts digits
    expect(tf.memory().numTensors).toBe(withHalf);
    h.cache.close();
    expect(tf.memory().numTensors).toBe(start);
  });
});
