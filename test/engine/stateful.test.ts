// Stateful graphs: TF Serving's saved_model_counter keeps a variable that signatures read and write.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadServable, type HostTensor, type Servable } from '../../lib/engine/index.ts';
import { SavedModel } from '../../lib/savedmodel/index.ts';
import { hasSharedFixtures, SHARED_FIXTURES } from '../helpers/fixtures.ts';

const COUNTER = join(SHARED_FIXTURES, 'tfserving/saved_model_counter/00000123');

async function value(s: Servable, signature: string, inputs: [string, HostTensor][] = []): Promise<number> {
  const out = await s.run(signature, new Map(inputs));
  return (out.values().next().value as HostTensor<'DT_FLOAT'>).data[0];
}

describe.skipIf(!hasSharedFixtures)('saved_model_counter (variables written by signatures)', () => {
  const servables: Servable[] = [];
  afterAll(() => servables.forEach((s) => s.dispose()));
  const load = async () => {
    const s = await loadServable(await SavedModel.fromDir(COUNTER));
    servables.push(s);
    return s;
  };

  it('starts from the checkpoint value and keeps increments across calls and signatures', async () => {
    const s = await load();
    expect(await value(s, 'get_counter')).toBe(0);
    expect(await value(s, 'incr_counter')).toBe(1);
    expect(await value(s, 'incr_counter')).toBe(2);
    expect(await value(s, 'get_counter')).toBe(2);
    const delta: HostTensor = { dtype: 'DT_FLOAT', shape: [], data: Float32Array.of(5) };
    expect(await value(s, 'incr_counter_by', [['delta', delta]])).toBe(7);
    expect(await value(s, 'reset_counter')).toBe(0);
    expect(await value(s, 'get_counter')).toBe(0);
  });

  it('gives each loaded servable its own state', async () => {
    const a = await load();
    const b = await load();
    await value(a, 'incr_counter');
    await value(a, 'incr_counter');
    expect(await value(a, 'get_counter')).toBe(2);
    expect(await value(b, 'get_counter')).toBe(0);
  });

  it('refuses to run after dispose instead of reading freed state', async () => {
    const s = await load();
    s.dispose();
    await expect(s.run('get_counter', new Map())).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
