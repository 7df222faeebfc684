// ModelManager.setModels, the core of a config reload: added models load, removed ones unload only after the
// requests holding them finish, changed labels and policies apply to the kept models, a new base path starts over.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostTensor } from '../../lib/engine/index.ts';
import { DirVersionSource, type ManagedModel, ModelManager } from '../../lib/loader/index.ts';
import { type ModelConfig, singleModelConfig, type VersionPolicy } from '../../lib/registry/index.ts';
import { copyVersion, HALF_PLUS_TWO_V1, tempBase } from '../helpers/model-dirs.ts';

const managers: ModelManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});

function model(name: string, base: string, policy?: VersionPolicy, labels: [string, bigint][] = []): ManagedModel {
  const config: ModelConfig = { ...singleModelConfig(name, base), labels: new Map(labels), ...(policy ? { policy } : {}) };
  return { config, source: new DirVersionSource(base) };
}

function baseWith(...versions: string[]): string {
  const base = tempBase();
  for (const v of versions) copyVersion(HALF_PLUS_TWO_V1, join(base, v));
  return base;
}

const x = new Map<string, HostTensor>([['x', { dtype: 'DT_FLOAT', shape: [1], data: new Float32Array([2]) }]]);
const states = async (m: ModelManager, name: string) => (await m.status({ name })).map((s) => `${s.version}:${s.state}`);

describe('ModelManager.setModels', () => {
  it('loads an added model and unloads a removed one once its in-flight request releases it', async () => {
    const lines: string[] = [];
    const m = new ModelManager([model('a', baseWith('1'))], { log: (l) => lines.push(l) });
    managers.push(m);
    await m.reconcile();
    const held = await m.acquire({ name: 'a' });
    await m.setModels([model('b', baseWith('3'))]);
    expect(m.modelNames()).toEqual(['b']);
    expect((await m.acquire({ name: 'b' })).version).toBe(3n);
    await expect(m.acquire({ name: 'a' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Servable not found for request: Latest(a)' });
    // the request that held a's version still runs on it
    expect([...((await held.servable.run('serving_default', x)).get('y')!.data as Float32Array)]).toEqual([3]);
    held.release();
    await expect(held.servable.run('serving_default', x)).rejects.toThrow(); // disposed after the last release
    expect(lines).toContain('model a: removed from the configuration; unloading it');
  });

  it('applies a changed policy and labels to a kept model without reloading its serving version', async () => {
    const base = baseWith('1', '2');
    const m = new ModelManager([model('a', base, undefined, [['stable', 2n]])], { log: () => {} });
    managers.push(m);
    await m.reconcile();
    expect(await states(m, 'a')).toEqual(['2:AVAILABLE']);
    const before = await m.acquire({ name: 'a', version: 2n });
    before.release();
    await m.setModels([model('a', base, { kind: 'all' }, [['stable', 1n], ['canary', 2n]])]);
    expect(await states(m, 'a')).toEqual(['2:AVAILABLE', '1:AVAILABLE']);
    expect((await m.acquire({ name: 'a', label: 'stable' })).version).toBe(1n);
    const after = await m.acquire({ name: 'a', label: 'canary' });
    expect(after.servable).toBe(before.servable); // the same loaded version, not a reload
    after.release();
  });

  it('starts a model over when its base path changes', async () => {
    const m = new ModelManager([model('a', baseWith('1'))], { log: () => {} });
    managers.push(m);
    await m.reconcile();
    await m.setModels([model('a', baseWith('5'))]);
    expect(await states(m, 'a')).toEqual(['5:AVAILABLE']);
  });

  it('refuses a model named twice and changes nothing', async () => {
    const m = new ModelManager([model('a', baseWith('1'))], { log: () => {} });
    managers.push(m);
    await m.reconcile();
    await expect(m.setModels([model('b', baseWith('1')), model('b', baseWith('2'))])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(m.modelNames()).toEqual(['a']);
  });
});
