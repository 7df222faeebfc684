// Labels against moto: automatic labels follow new versions on publish, `stable` moves only by setLabel,
// and a label never points at a version that is not AVAILABLE.
import { describe, expect, it } from 'vitest';
import { ManifestCache, S3ModelStore } from '../../lib/registry/index.ts';
import { rolloutVersion, setLabel, type RolloutConfig } from '../../lib/rollout/index.ts';
import { useTestBucket } from '../helpers/s3.ts';
import { putVersion } from '../helpers/version-upload.ts';
import { HALF_PLUS_TWO_V1 } from '../helpers/model-dirs.ts';

const CONFIG: RolloutConfig = { autoLabels: { canary: 'latest' } };

const testBucket = useTestBucket();
const newStore = (): S3ModelStore => testBucket.store();
const labelsOf = async (store: S3ModelStore): Promise<Record<string, bigint>> =>
  Object.fromEntries((await new ManifestCache(store, { ttlMs: 0 }).get('m'))!.labels);

/** Uploads half_plus_two as `version` and rolls it out; a corrupt one when `corrupt`. */
async function publish(store: S3ModelStore, version: string, corrupt = false): Promise<string> {
  await putVersion(store, 'm', version, HALF_PLUS_TWO_V1, { keep: (p) => !corrupt || p !== 'saved_model.pb' });
  if (corrupt) await store.writeFile('m', version, 'saved_model.pb', new TextEncoder().encode('garbage'));
  return (await rolloutVersion(store, 'm', version, { config: CONFIG })).state;
}

describe('labels', () => {
  it('moves canary to each new AVAILABLE version, but not to a FAILED one, and leaves stable alone', async () => {
    const store = newStore();
    expect(await publish(store, '1')).toBe('AVAILABLE');
    expect(await labelsOf(store)).toEqual({ canary: 1n });
    expect(await setLabel(store, 'm', 'stable', 1n)).toEqual({ model: 'm', label: 'stable', version: 1n });
    expect(await publish(store, '2')).toBe('AVAILABLE');
    expect(await labelsOf(store)).toEqual({ canary: 2n, stable: 1n });
    expect(await publish(store, '3', true)).toBe('FAILED');
    expect(await labelsOf(store)).toEqual({ canary: 2n, stable: 1n });
  });

  it('points stable at a version by explicit command, reporting where it was', async () => {
    const store = newStore();
    await publish(store, '1');
    await publish(store, '2');
    await setLabel(store, 'm', 'stable', '1');
    expect(await setLabel(store, 'm', 'stable', 2)).toEqual({ model: 'm', label: 'stable', version: 2n, previous: 1n });
    const generation = (await new ManifestCache(store, { ttlMs: 0 }).get('m'))!.generation;
    await setLabel(store, 'm', 'stable', 2n); // already there: nothing written
    expect((await new ManifestCache(store, { ttlMs: 0 }).get('m'))!.generation).toBe(generation);
  });

  it.each([
    ['a FAILED version', '2', 'version 2 is FAILED: DATA_LOSS'],
    ['a version the manifest does not have', '9', 'version 9 is not in the manifest of m (not published by rollout)'],
  ])('refuses to point a label at %s with FAILED_PRECONDITION', async (_scenario, version, why) => {
    const store = newStore();
    await publish(store, '1');
    await publish(store, '2', true);
    const refused = setLabel(store, 'm', 'stable', version);
    await expect(refused).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await expect(refused).rejects.toThrow(`Request to assign label to version ${version} of model m, which is not currently available for inference (label "stable": ${why}`);
    expect(await labelsOf(store)).toEqual({ canary: 1n });
  });

  it.each([
    ['a label that is only digits', 'm', '12', 1n],
    ['a label with a slash', 'm', 'a/b', 1n],
    ['a hostile model name', '../m', 'stable', 1n],
    ['a negative version', 'm', 'stable', -1],
  ])('refuses %s with INVALID_ARGUMENT', async (_scenario, model, label, version) => {
    await expect(setLabel(newStore(), model, label, version)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
