// Concurrent rollouts against moto: the conditional manifest write keeps every update (no lost update),
// and concurrent runs for one version write once.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestCache, S3ModelStore } from '../../lib/registry/index.ts';
import { rolloutVersion } from '../../lib/rollout/index.ts';
import { LOCAL_FIXTURES } from '../helpers/fixtures.ts';
import { RacingStore } from '../helpers/racing-store.ts';
import { useTestBucket } from '../helpers/s3.ts';
import { putVersion } from '../helpers/version-upload.ts';
import { HALF_PLUS_TWO_V1 } from '../helpers/model-dirs.ts';

const testBucket = useTestBucket();
const newStore = (): S3ModelStore => testBucket.store();

describe('concurrent rollouts', () => {
  it('keeps both versions when two versions publish at the same moment (both create the manifest; one create is refused and retried)', async () => {
    const s3 = newStore();
    await putVersion(s3, 'm', '1', HALF_PLUS_TWO_V1, { marker: true });
    await putVersion(s3, 'm', '2', join(LOCAL_FIXTURES, 'dtypes_model/1'), { marker: true });
    const racing = new RacingStore(s3, 2);
    const results = await Promise.all([
      rolloutVersion(racing, 'm', '1', { config: { autoLabels: { canary: 'latest' } } }),
      rolloutVersion(racing, 'm', '2', { config: { autoLabels: { canary: 'latest' } } }),
    ]);
    expect(results.map((r) => r.state)).toEqual(['AVAILABLE', 'AVAILABLE']);
    expect(racing.aborted).toBe(1);
    const manifest = (await new ManifestCache(s3, { ttlMs: 0 }).get('m'))!;
    expect([...manifest.versions.keys()].sort()).toEqual([1n, 2n]);
    expect(manifest.generation).toBe(2);
    expect(manifest.labels.get('canary')).toBe(2n);

    // The same race on an existing manifest (If-Match the same etag).
    await putVersion(s3, 'm', '3', HALF_PLUS_TWO_V1, { marker: true });
    await putVersion(s3, 'm', '4', HALF_PLUS_TWO_V1, { marker: true });
    const again = new RacingStore(s3, 2);
    await Promise.all([rolloutVersion(again, 'm', '3'), rolloutVersion(again, 'm', '4')]);
    expect(again.aborted).toBe(1);
    const after = (await new ManifestCache(s3, { ttlMs: 0 }).get('m'))!;
    expect([...after.versions.keys()].sort()).toEqual([1n, 2n, 3n, 4n]);
    expect(after.generation).toBe(4);
  });

  it('writes once when the same version is rolled out by several invocations at once', async () => {
    const store = newStore();
    await putVersion(store, 'm', '3', HALF_PLUS_TWO_V1, { marker: true });
    const results = await Promise.all(Array.from({ length: 4 }, () => rolloutVersion(store, 'm', '3')));
    expect(results.map((r) => r.state).sort()).toEqual(['AVAILABLE', 'UNCHANGED', 'UNCHANGED', 'UNCHANGED']);
    expect((await new ManifestCache(store, { ttlMs: 0 }).get('m'))!.generation).toBe(1);
  });
});
