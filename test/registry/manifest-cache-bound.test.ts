// ManifestCache under requests for many model names that do not exist: it remembers at most 1000 absences,
// forgetting the oldest, so random-name traffic cannot grow a warm container's memory without bound.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalModelStore, ManifestCache } from '../../lib/registry/index.ts';
import { changeManifest } from '../helpers/published-models.ts';

describe('ManifestCache memory bound', () => {
  it('keeps every present manifest but at most 1000 absent answers', async () => {
    const store = new LocalModelStore({ root: mkdtempSync(join(tmpdir(), 'tfs-mc-')) });
    await changeManifest(store, 'real', () => {});
    const cache = new ManifestCache(store, { ttlMs: 60_000, now: () => 0 });
    expect(await cache.get('real')).not.toBeNull();
    for (let i = 0; i < 1500; i++) expect(await cache.get(`ghost${i}`)).toBeNull();
    expect(cache.size()).toBe(1001);
    expect(await cache.get('real')).not.toBeNull();
    cache.invalidate('ghost1499');
    expect(cache.size()).toBe(1000);
  });
});
