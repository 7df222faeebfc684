// The serving artifact end to end against moto: the rollout (SDK store, as the rollout function) writes it beside
// the manifest; the api function's store (S3HttpModelStore, SigV4 over node:http) reads it and serves from it; a
// missing, stale, corrupt or truncated artifact falls back to the SavedModel with the same answers, and says so.
import { randomBytes } from 'node:crypto';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { buildServingArtifact, type HostTensor } from '../../lib/engine/index.ts';
import { servingArtifactKey, servingArtifactName } from '../../lib/loader/index.ts';
import { S3HttpModelStore, S3ModelStore } from '../../lib/registry/index.ts';
import { rolloutVersion } from '../../lib/rollout/index.ts';
import { SavedModel } from '../../lib/savedmodel/index.ts';
import { cacheHarness } from '../helpers/cache-harness.ts';
import { DIGITS_V1, HALF_PLUS_TWO_V1 } from '../helpers/model-dirs.ts';
import { useTestBucket } from '../helpers/s3.ts';
import { putVersion } from '../helpers/version-upload.ts';

const testBucket = useTestBucket();
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A version rolled out by rolloutVersion, and the api function's view of the same prefix. */
async function rolledOut(dir: string) {
  const prefix = `models-${randomBytes(4).toString('hex')}`;
  const rolloutStore = new S3ModelStore({ bucket: testBucket.bucket, client: testBucket.client, prefix });
  await putVersion(rolloutStore, 'm', '1', dir, { marker: true });
  const logs: string[] = [];
  expect((await rolloutVersion(rolloutStore, 'm', '1', { log: (l) => logs.push(l) })).state).toBe('AVAILABLE');
  const apiStore = new S3HttpModelStore({ bucket: testBucket.bucket, prefix, client: { region: 'us-east-1', credentials, endpoint: inject('s3Endpoint') } });
  return { prefix, rolloutStore, apiStore, logs };
}

/** Every signature's answer on fixed inputs, as text (or its error), through a CachingManager over `store`. */
async function answers(store: S3HttpModelStore) {
  const h = cacheHarness(store);
  const handle = await h.cache.acquire({ name: 'm' });
  const out: Record<string, string> = {};
  try {
    for (const sig of handle.servable.signatures()) {
      const inputs = new Map<string, HostTensor>();
      for (const [alias, spec] of Object.entries(sig.inputs)) {
        const shape = (spec.shape ?? [1]).map((d) => (d < 0 ? 2 : d));
        const n = shape.reduce((a, b) => a * b, 1);
        if (spec.dtype !== 'DT_FLOAT') continue;
        inputs.set(alias, { dtype: 'DT_FLOAT', shape, data: Float32Array.from({ length: n }, (_, i) => (i % 7) * 0.25 - 0.5) });
      }
      out[sig.key] = await handle.servable.run(sig.key, inputs).then(
        (r) => JSON.stringify([...r].map(([k, v]) => [k, v.dtype, v.shape, Array.from(v.data as Float32Array)])),
        (e: Error) => e.message,
      );
    }
  } finally {
    handle.release();
  }
  return { out, logs: h.logs };
}

describe('serving artifact (moto)', () => {
  it.each([['half_plus_two', HALF_PLUS_TWO_V1], ['digits (Keras export)', DIGITS_V1]])('is written by the rollout and read by the api store (%s)', async (_name, dir) => {
    const { rolloutStore, apiStore, logs } = await rolledOut(dir);
    expect(logs.some((l) => /wrote its serving artifact \(\d+ bytes\)/.test(l))).toBe(true);
    const doc = await apiStore.readDocument('m', servingArtifactName('1'));
    expect(doc).not.toBeNull();
    const fromArtifact = await answers(apiStore);
    expect(fromArtifact.logs.some((l) => l.includes('loaded from its serving artifact'))).toBe(true);
    // The same version with its artifact gone: the SavedModel's answers.
    await testBucket.client.send(new DeleteObjectCommand({ Bucket: testBucket.bucket, Key: `${apiStore.prefix}/m/${servingArtifactName('1')}` }));
    const fromSavedModel = await answers(apiStore);
    expect(fromSavedModel.logs.some((l) => l.includes('serving artifact missing; loading the SavedModel'))).toBe(true);
    expect(fromArtifact.out).toEqual(fromSavedModel.out);
    expect(Object.keys(fromArtifact.out).length).toBeGreaterThan(0);
    expect(await rolloutStore.readDocument('m', servingArtifactName('1'))).toBeNull();
  });

  type Spoil = (bytes: Uint8Array, dir: string) => Promise<Uint8Array>;
  const cases: [string, Spoil, RegExp][] = [
    ['a corrupt one (a flipped byte in its weights)', async (b) => {
      const c = b.slice();
      c[c.length - 3] ^= 0xff;
      return c;
    }, /serving artifact unusable \(serving artifact: sha256 .* the header says/],
    ['a truncated one', async (b) => b.slice(0, Math.floor(b.length * 0.6)), /serving artifact unusable \(serving artifact: (truncated|sha256)/],
    ['a stale one (made for other files)', async (_b, dir) => (await buildServingArtifact(await SavedModel.fromDir(dir), servingArtifactKey([], 'wasm'))).bytes!, /serving artifact stale/],
    ['one that is no artifact at all', async () => new TextEncoder().encode('{"not": "an artifact"}'), /serving artifact not an artifact/],
  ];
  it.each(cases)('falls back to the SavedModel, with its answers, for %s', async (_scenario, spoil, logged) => {
    const { rolloutStore, apiStore } = await rolledOut(HALF_PLUS_TWO_V1);
    const good = await answers(apiStore);
    const name = servingArtifactName('1');
    const current = (await rolloutStore.readDocument('m', name)) as { body: Uint8Array; etag: string };
    await rolloutStore.writeDocument('m', name, await spoil(current.body, HALF_PLUS_TWO_V1), { ifMatch: current.etag });
    const spoiled = await answers(apiStore);
    expect(spoiled.logs.some((l) => logged.test(l)), spoiled.logs.join('\n')).toBe(true);
    expect(spoiled.out).toEqual(good.out);
    expect(good.logs.some((l) => l.includes('loaded from its serving artifact'))).toBe(true);
    expect(spoiled.out.serving_default).toContain('1.75'); // x / 2 + 2 for x = -0.5
  });
});
