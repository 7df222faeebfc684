// Rollback against moto: a label moves back to the previous AVAILABLE version; without labels the newest
// version is withdrawn so the version policy serves the one before, and stays withdrawn until re-pushed.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestCache, S3ModelStore, selectVersions, type Manifest } from '../../lib/registry/index.ts';
import { ROLLBACK_ERROR_PREFIX, rollback, rolloutVersion, setLabel } from '../../lib/rollout/index.ts';
import { LOCAL_FIXTURES } from '../helpers/fixtures.ts';
import { useTestBucket } from '../helpers/s3.ts';
import { putVersion } from '../helpers/version-upload.ts';
import { HALF_PLUS_TWO_V1 } from '../helpers/model-dirs.ts';

const testBucket = useTestBucket();
const newStore = (): S3ModelStore => testBucket.store();
const manifestOf = async (store: S3ModelStore): Promise<Manifest> => (await new ManifestCache(store, { ttlMs: 0 }).get('m'))!;
/** What the latest policy serves: selectVersions over the manifest's AVAILABLE versions. */
const served = (m: Manifest): bigint[] => selectVersions(m.policy, [...m.versions].filter(([, e]) => e.state === 'AVAILABLE').map(([v]) => v));

async function publish(store: S3ModelStore, version: string, dir = HALF_PLUS_TWO_V1): Promise<string> {
  await putVersion(store, 'm', version, dir, { marker: true });
  return (await rolloutVersion(store, 'm', version)).state;
}

describe('rollback', () => {
  it('moves stable to the highest AVAILABLE version below it, skipping FAILED ones', async () => {
    const store = newStore();
    await publish(store, '1');
    await putVersion(store, 'm', '2', HALF_PLUS_TWO_V1, { keep: (p) => p !== 'saved_model.pb' });
    await store.writeFile('m', '2', 'saved_model.pb', new TextEncoder().encode('garbage'));
    expect((await rolloutVersion(store, 'm', '2')).state).toBe('FAILED');
    await publish(store, '3');
    await setLabel(store, 'm', 'stable', 3n);
    expect(await rollback(store, 'm')).toEqual({ model: 'm', kind: 'label', label: 'stable', from: 3n, to: 1n });
    expect((await manifestOf(store)).labels.get('stable')).toBe(1n);
    await expect(rollback(store, 'm')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: 'Model m has no AVAILABLE version below 1 to move label "stable" back to' });
  });

  it('moves a named label back', async () => {
    const store = newStore();
    await publish(store, '1');
    await publish(store, '2');
    await setLabel(store, 'm', 'canary', 2n);
    expect(await rollback(store, 'm', { label: 'canary' })).toMatchObject({ kind: 'label', label: 'canary', from: 2n, to: 1n });
    await expect(rollback(store, 'm', { label: 'blue' })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: 'Model m has no label "blue" to roll back' });
  });

  it('without labels withdraws the newest version so the latest policy serves the previous one', async () => {
    const store = newStore();
    await publish(store, '1');
    await publish(store, '2');
    expect(served(await manifestOf(store))).toEqual([2n]);
    expect(await rollback(store, 'm')).toEqual({ model: 'm', kind: 'version', from: 2n, to: 1n, movedLabels: [] });
    const m = await manifestOf(store);
    expect(served(m)).toEqual([1n]);
    expect(m.versions.get(2n)).toMatchObject({ state: 'FAILED', error: expect.stringMatching(new RegExp(`^${ROLLBACK_ERROR_PREFIX}\\d{4}-\\d\\d-\\d\\dT`)) });

    // A late duplicate event for version 2 does not publish it again…
    expect((await rolloutVersion(store, 'm', '2')).state).toBe('UNCHANGED');
    expect(served(await manifestOf(store))).toEqual([1n]);
    // …a re-push with different files does.
    expect(await publish(store, '2', join(LOCAL_FIXTURES, 'dtypes_model/1'))).toBe('AVAILABLE');
    expect(served(await manifestOf(store))).toEqual([2n]);
  });

  it('moves labels that pointed at the withdrawn version', async () => {
    const store = newStore();
    await publish(store, '1');
    await publish(store, '2');
    await setLabel(store, 'm', 'canary', 2n);
    expect(await rollback(store, 'm')).toMatchObject({ kind: 'version', from: 2n, to: 1n, movedLabels: ['canary'] });
    expect((await manifestOf(store)).labels.get('canary')).toBe(1n);
  });

  it.each([
    ['a model with no manifest', [], 'Model m has no manifest: nothing was published, nothing to roll back'],
    ['a model with one AVAILABLE version', ['1'], 'Model m has only one AVAILABLE version: nothing earlier to roll back to'],
  ])('refuses %s with FAILED_PRECONDITION', async (_scenario, versions, message) => {
    const store = newStore();
    for (const v of versions) await publish(store, v);
    await expect(rollback(store, 'm')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message });
  });
});
