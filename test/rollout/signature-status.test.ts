// Rollout validation loads the version as a server would, which runs every signature once: the manifest records
// the signatures that cannot run (AVAILABLE version, unavailableSignatures with the reason naming op and node),
// and a required signature that cannot run fails the version.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestCache } from '../../lib/registry/index.ts';
import { rolloutVersion } from '../../lib/rollout/index.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { useTestBucket } from '../helpers/s3.ts';
import { putVersion } from '../helpers/version-upload.ts';

const PARTIAL = join(REPO_ROOT, 'test/fixtures/zoo/contract/partial_signatures/1');
const testBucket = useTestBucket();

describe('per-signature status in the rollout', () => {
  it('publishes a model whose other signatures run, recording the ones that cannot', async () => {
    const store = testBucket.store();
    await putVersion(store, 'p', '1', PARTIAL, { marker: true });
    expect((await rolloutVersion(store, 'p', '1')).state).toBe('AVAILABLE');
    const entry = (await new ManifestCache(store, { ttlMs: 0 }).get('p'))!.versions.get(1n)!;
    expect(Object.keys(entry.unavailableSignatures ?? {}).sort()).toEqual(['log_gamma', 'spectrum']);
    expect(entry.unavailableSignatures!.log_gamma).toMatch(/^UNIMPLEMENTED: .*op 'Lgamma' \(node '[^']*Lgamma'\)/);
    expect(entry.unavailableSignatures!.spectrum).toMatch(/kernel 'FFT' is not registered for backend 'wasm'/);
  });

  it('fails the version when a required signature cannot run', async () => {
    const store = testBucket.store();
    await putVersion(store, 'q', '1', PARTIAL, { marker: true });
    const r = await rolloutVersion(store, 'q', '1', { config: { requiredSignatures: ['serving_default', 'log_gamma'] } });
    expect(r.state).toBe('FAILED');
    const entry = (await new ManifestCache(store, { ttlMs: 0 }).get('q'))!.versions.get(1n)!;
    expect(entry.error).toMatch(/^UNIMPLEMENTED: required signature\(s\) cannot run: signature 'log_gamma'/);
  });
});
