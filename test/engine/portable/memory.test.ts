// memoryBytes() is an upper bound of what a servable holds (STYLE.md §1), and loading holds each weight
// once per signature graph, never an extra copy for variables that serving does not write.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { loadServable } from '../../../lib/engine/index.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { BUNDLED_MODELS, hasSharedFixtures, SHARED_FIXTURES } from '../../helpers/fixtures.ts';

async function heldBytes(dir: string) {
  const model = await SavedModel.fromDir(dir);
  const before = tf.memory().numBytes;
  const servable = await loadServable(model);
  const held = tf.memory().numBytes - before;
  const estimate = servable.memoryBytes();
  servable.dispose();
  return { held, estimate, after: tf.memory().numBytes - before };
}

describe('servable memory', () => {
  beforeAll(() => ensureBackend());

  it('keeps a Keras export\'s weights once per signature and frees everything on dispose', async () => {
    // digits: serve, serving_default and classify share the same 2 layers; Keras also exports initializer
    // assigns for every variable, which must not make the variables mutable state (a third copy).
    const model = await SavedModel.fromDir(join(BUNDLED_MODELS, 'digits/1'));
    const weightBytes = model.variables()!.keys().filter((k) => k.startsWith('variables/')).reduce((n, k) => n + model.variables()!.entry(k).size, 0);
    const { held, estimate, after } = await heldBytes(join(BUNDLED_MODELS, 'digits/1'));
    expect(held).toBeLessThanOrEqual(estimate);
    expect(held).toBeLessThan(weightBytes * 3 + 4096);
    expect(after).toBe(0);
  });

  it.skipIf(!hasSharedFixtures)('counts mutable variable state in the estimate (saved_model_counter)', async () => {
    const { held, estimate, after } = await heldBytes(join(SHARED_FIXTURES, 'tfserving/saved_model_counter/00000123'));
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(estimate);
    expect(after).toBe(0);
  });
});
