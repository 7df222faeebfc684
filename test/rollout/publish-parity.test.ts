// The CLI's `push --publish` and the rollout function publish the same manifest for the same version and the
// same rollout.json: both go through lib/rollout's rolloutVersions, which reads rollout.json (autoLabels,
// policy, requiredSignatures) for every caller. Two local registries, one per path, compared field by field.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRolloutHandler } from '../../functions/rollout.ts';
import { push } from '../../lib/cli/push.ts';
import { LocalModelStore, type Manifest, readManifest } from '../../lib/registry/index.ts';
import { ROLLOUT_CONFIG_DOCUMENT } from '../../lib/rollout/index.ts';
import { lambdaContext } from '../helpers/apigw-event.ts';
import { HALF_PLUS_TWO_V1, removeDir, tempBase } from '../helpers/model-dirs.ts';
import { putVersion } from '../helpers/version-upload.ts';

const ROLLOUT_JSON = { autoLabels: { canary: 'latest' }, policy: { kind: 'latest', numVersions: 2 }, requiredSignatures: ['serving_default'] };

let tmp: string;
beforeAll(() => {
  tmp = tempBase('tfs-parity-');
  vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterAll(() => {
  removeDir(tmp);
  vi.restoreAllMocks();
});

async function registry(name: string): Promise<LocalModelStore> {
  const store = new LocalModelStore({ root: join(tmp, name) });
  await store.writeDocument('m', ROLLOUT_CONFIG_DOCUMENT, new TextEncoder().encode(JSON.stringify(ROLLOUT_JSON)), { ifNoneMatch: '*' });
  return store;
}

/** What a publish decides: versions (without who and when), labels, policy. */
function decided(m: Manifest | null) {
  return {
    versions: [...(m?.versions ?? [])].map(([v, { publishedAt: _at, validatedBy: _by, ...rest }]) => [v, rest]),
    labels: [...(m?.labels ?? [])],
    policy: m?.policy,
  };
}

describe('push --publish and the rollout function', () => {
  it('publish the same manifest, rollout.json applied by both', async () => {
    const viaCli = await registry('cli');
    await push([HALF_PLUS_TWO_V1, join(viaCli.url, 'm', '1'), '--publish']);

    const viaLambda = await registry('lambda');
    const files = await putVersion(viaLambda, 'm', '1', HALF_PLUS_TWO_V1, { marker: true });
    const event = { Records: files.map((f) => ({ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key: `models/m/1/${f.path}`, size: f.size } } })) };
    const handler = createRolloutHandler({ store: viaLambda, prefix: 'models' }) as unknown as (e: unknown, c: unknown) => Promise<unknown>;
    await handler(event, lambdaContext());

    const cli = decided(await readManifest(viaCli, 'm'));
    const lambda = decided(await readManifest(viaLambda, 'm'));
    expect(cli).toEqual(lambda);
    expect(cli.labels).toEqual([['canary', 1n]]);
    expect(cli.policy).toEqual({ kind: 'latest', numVersions: 2 });
    expect(cli.versions).toEqual([[1n, expect.objectContaining({ dirName: '1', state: 'AVAILABLE' })]]);
  });

  it('both refuse a version that lacks a signature rollout.json requires', async () => {
    const strict = { ...ROLLOUT_JSON, requiredSignatures: ['nope'] };
    const viaCli = new LocalModelStore({ root: join(tmp, 'cli-strict') });
    await viaCli.writeDocument('m', ROLLOUT_CONFIG_DOCUMENT, new TextEncoder().encode(JSON.stringify(strict)), { ifNoneMatch: '*' });
    await expect(push([HALF_PLUS_TWO_V1, join(viaCli.url, 'm', '1'), '--publish'])).rejects.toThrow(/required signature\(s\) nope not found/);
    expect((await readManifest(viaCli, 'm'))?.versions.get(1n)?.state).toBe('FAILED');
  });
});
