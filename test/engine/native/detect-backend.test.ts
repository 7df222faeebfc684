// The portable and native engines in one process. tfjs-node shares the process-wide tfjs engine with the
// portable engine's tfjs-core (even as a separate module copy) and activates its own backend on import;
// detect.ts puts the portable engine's backend back, and the native engine works whichever is active.
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadServable, nativeEngineAvailable, type HostTensor } from '../../../lib/engine/index.ts';
import { loadTfjsNode } from '../../../lib/engine/native/detect.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { HALF_PLUS_TWO_V1 } from '../../helpers/model-dirs.ts';

/** Resolving does not import: this file must load tfjs-node only after the portable engine has picked wasm. */
const installed = (() => {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();
if (!installed) console.log('skipped: @tensorflow/tfjs-node is not installed (optional native engine)');

const x = (...values: number[]): Map<string, HostTensor> => new Map([['x', { dtype: 'DT_FLOAT', shape: [values.length], data: Float32Array.from(values) }]]);

describe.skipIf(!installed)('the portable and native engines in one process', () => {
  it('keeps the portable engine on wasm when tfjs-node is loaded after it, and both answer', async (ctx) => {
    const model = await SavedModel.fromDir(HALF_PLUS_TWO_V1);
    const portable = await loadServable(model, { engine: 'portable' });
    expect(tf.getBackend()).toBe('wasm');
    if (!(await nativeEngineAvailable())) ctx.skip(); // the import activates 'tensorflow' and is undone
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.engine().registryFactory).toHaveProperty('tensorflow');

    const native = await loadServable(model, { engine: 'native' });
    expect(native.engine).toBe('native');
    expect(tf.getBackend()).toBe('wasm');
    const tensorsBefore = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      expect([...(await native.run('serving_default', x(1, 2))).get('y')!.data as Float32Array]).toEqual([2.5, 3]);
      expect([...(await portable.run('serving_default', x(4))).get('y')!.data as Float32Array]).toEqual([4]);
    }
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    native.dispose();
    portable.dispose();
  });

  it('shares one tfjs engine between our tfjs-core and the one tfjs-node brings', async (ctx) => {
    if (!(await nativeEngineAvailable())) ctx.skip();
    const tfn = (await loadTfjsNode()) as unknown as { engine(): unknown };
    expect(tfn.engine()).toBe(tf.engine());
  });

  it('loads natively while the tensorflow backend is not the active one', async (ctx) => {
    if (!(await nativeEngineAvailable())) ctx.skip();
    await tf.setBackend('cpu');
    const native = await loadServable(await SavedModel.fromDir(HALF_PLUS_TWO_V1), { engine: 'native' });
    expect(tf.getBackend()).toBe('cpu');
    expect([...(await native.run('serving_default', x(0))).get('y')!.data as Float32Array]).toEqual([2]);
    native.dispose();
    await tf.setBackend('wasm');
  });
});
