// keras_digits_mlp.testset.json: all 450 held-out digits. Accuracy through our engine must equal the
// accuracy TensorFlow itself measured (python_accuracy), exactly, for both versions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServable } from '../../lib/engine/index.ts';
import { SavedModel } from '../../lib/savedmodel/index.ts';
import { hasSharedFixtures, SHARED_FIXTURES } from '../helpers/fixtures.ts';

const MODEL = join(SHARED_FIXTURES, 'models/keras_digits_mlp');

describe.skipIf(!hasSharedFixtures)('keras_digits_mlp test set', () => {
  it.each(['1', '2'])('version %s: accuracy equals TensorFlow\'s', async (version) => {
    const testset = JSON.parse(readFileSync(`${MODEL}.testset.json`, 'utf8')) as {
      features: number[][]; labels: number[]; python_accuracy: Record<string, number>;
    };
    const servable = await loadServable(await SavedModel.fromDir(join(MODEL, version)));
    try {
      const n = testset.features.length;
      const pixels = { dtype: 'DT_FLOAT' as const, shape: [n, 64], data: Float32Array.from(testset.features.flat()) };
      const out = await servable.run('serving_default', new Map([['pixels', pixels]]));
      const probs = out.get('output_0')!.data as Float32Array;
      let correct = 0;
      for (let i = 0; i < n; i++) {
        const row = probs.subarray(i * 10, i * 10 + 10);
        if (row.indexOf(Math.max(...row)) === testset.labels[i]) correct++;
      }
      expect(correct / n).toBe(testset.python_accuracy[version]);
    } finally {
      servable.dispose();
    }
  });
});
