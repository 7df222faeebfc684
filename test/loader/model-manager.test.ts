// The manager over real version directories: versions appear when complete, half-copied ones are ignored,
// new versions serve before old ones go, failed loads show END while others keep serving, handles pin
// a version through its unload. Scans are driven by reconcile() (no timers).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostTensor } from '../../lib/engine/index.ts';
import { DirVersionSource, ModelManager } from '../../lib/loader/index.ts';
import { type ModelConfig, singleModelConfig, type VersionPolicy } from '../../lib/registry/index.ts';
import { copyVersion, corruptFile, HALF_PLUS_TWO_V1, removeDir, tempBase } from '../helpers/model-dirs.ts';

const managers: ModelManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});

function manage(base: string, policy?: VersionPolicy, labels: [string, bigint][] = []): ModelManager {
  const config: ModelConfig = { ...singleModelConfig('m', base), labels: new Map(labels), ...(policy ? { policy } : {}) };
  const m = new ModelManager([{ config, source: new DirVersionSource(base) }], { log: () => {} });
  managers.push(m);
  return m;
}

const states = async (m: ModelManager) => (await m.status({ name: 'm' })).map((s) => `${s.version}:${s.state}${s.errorCode === 'OK' ? '' : `:${s.errorCode}`}`);

async function predictVersion(m: ModelManager, spec: { version?: bigint; label?: string } = {}): Promise<bigint> {
  const h = await m.acquire({ name: 'm', ...spec });
  try {
    const out = await h.servable.run('serving_default', new Map<string, HostTensor>([['x', { dtype: 'DT_FLOAT', shape: [1], data: new Float32Array([2]) }]]));
    expect([...(out.get('y')!.data as Float32Array)]).toEqual([3]);
    return h.version;
  } finally {
    h.release();
  }
}

describe('ModelManager over a polled directory', () => {
  it('serves the versions on disk at the first scan', async () => {
    const base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
    const m = manage(base);
    await m.reconcile();
    expect(await states(m)).toEqual(['1:AVAILABLE']);
    expect(m.isReady()).toBe(true);
    expect(await predictVersion(m)).toBe(1n);
  });

  it('ignores a half-copied version, then serves it once complete and unloads the old one', async () => {
    const base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
    const m = manage(base);
    await m.reconcile();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '2'), (p) => !p.includes('.data-'));
    await m.reconcile();
    await m.reconcile();
    expect(await states(m)).toEqual(['1:AVAILABLE']);
    expect(await predictVersion(m)).toBe(1n);
    copyVersion(HALF_PLUS_TWO_V1, join(base, '2'));
    await m.reconcile(); // complete, but first seen complete in this scan: wait one more
    expect(await states(m)).toEqual(['1:AVAILABLE']);
    await m.reconcile();
    expect(await states(m)).toEqual(['2:AVAILABLE', '1:END']);
    expect(await predictVersion(m)).toBe(2n);
  });

  it('shows a failed load as END with its error while the other version keeps serving, and retries when the files change', async () => {
    const base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
    const m = manage(base);
    await m.reconcile();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '2'));
    corruptFile(join(base, '2'), 'saved_model.pb');
    await m.reconcile();
    await m.reconcile();
    const [v2, v1] = await m.status({ name: 'm' });
    expect(v2).toMatchObject({ version: 2n, state: 'END', errorCode: 'DATA_LOSS' });
    expect(v2.errorMessage).toMatch(/saved_model\.pb/);
    expect(v1.state).toBe('AVAILABLE');
    expect(await predictVersion(m)).toBe(1n);
    await m.reconcile();
    expect((await m.status({ name: 'm', version: 2n }))[0].state).toBe('END'); // same files: not retried
    copyVersion(HALF_PLUS_TWO_V1, join(base, '2'));
    await m.reconcile();
    await m.reconcile();
    expect(await states(m)).toEqual(['2:AVAILABLE', '1:END']);
  });

  it('goes back to the previous version when the newest is removed from disk', async () => {
    const base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
    copyVersion(HALF_PLUS_TWO_V1, join(base, '2'));
    const m = manage(base);
    await m.reconcile();
    expect(await states(m)).toEqual(['2:AVAILABLE']);
    removeDir(join(base, '2'));
    await m.reconcile();
    expect(await states(m)).toEqual(['2:END', '1:AVAILABLE']);
    expect(await predictVersion(m)).toBe(1n);
  });

  it('keeps a version a request holds until it is released', async () => {
    const base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
    const m = manage(base);
    await m.reconcile();
    const held = await m.acquire({ name: 'm' });
    copyVersion(HALF_PLUS_TWO_V1, join(base, '2'));
    await m.reconcile();
    await m.reconcile();
    expect(await states(m)).toEqual(['2:AVAILABLE', '1:UNLOADING']);
    const out = await held.servable.run('serving_default', new Map<string, HostTensor>([['x', { dtype: 'DT_FLOAT', shape: [1], data: new Float32Array([0]) }]]));
    expect([...(out.get('y')!.data as Float32Array)]).toEqual([2]);
    held.release();
    held.release(); // a second release is harmless
    expect(await states(m)).toEqual(['2:AVAILABLE', '1:END']);
  });
});

describe('version policy and labels', () => {
  async function threeVersions(policy: VersionPolicy, labels: [string, bigint][] = []): Promise<ModelManager> {
    const base = tempBase();
    for (const v of ['1', '2', '003']) copyVersion(HALF_PLUS_TWO_V1, join(base, v));
    const m = manage(base, policy, labels);
    await m.reconcile();
    return m;
  }

  it.each([
    ['latest 1 serves the newest', { kind: 'latest', numVersions: 1 } as const, ['3:AVAILABLE']],
    ['latest 2 serves the two newest', { kind: 'latest', numVersions: 2 } as const, ['3:AVAILABLE', '2:AVAILABLE']],
    ['all serves every version', { kind: 'all' } as const, ['3:AVAILABLE', '2:AVAILABLE', '1:AVAILABLE']],
    ['specific serves the listed versions that exist', { kind: 'specific', versions: [1n, 3n, 9n] } as VersionPolicy, ['3:AVAILABLE', '1:AVAILABLE']],
  ])('%s', async (_s, policy, want) => {
    expect(await states(await threeVersions(policy))).toEqual(want);
  });

  it('routes labels to their versions, and Latest to the newest', async () => {
    const m = await threeVersions({ kind: 'all' }, [['stable', 1n], ['canary', 3n]]);
    expect(await predictVersion(m, { label: 'stable' })).toBe(1n);
    expect(await predictVersion(m, { label: 'canary' })).toBe(3n);
    expect(await predictVersion(m)).toBe(3n);
    expect(await predictVersion(m, { version: 2n })).toBe(2n);
    await expect(m.acquire({ name: 'm', label: 'beta' })).rejects.toThrow('Unrecognized servable version label: beta');
  });

  it('answers NOT_FOUND for a label whose version is not served', async () => {
    const m = await threeVersions({ kind: 'latest', numVersions: 1 }, [['stable', 1n]]);
    await expect(m.acquire({ name: 'm', label: 'stable' })).rejects.toThrow('Servable not found for request: Specific(m, 1)');
  });
});
