// The string op vectors as a suite for one backend (string-op-vectors-cpu/-wasm.test.ts; the cases and the
// runner are in string-op-vectors.ts).
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BackendName, ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { cases, normalized, runCase } from './string-op-vectors.ts';

export function defineVectorSuite(backend: BackendName): void {
  describe(`string op vectors (${backend})`, () => {
  let start = 0;
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
  });
  beforeEach(() => {
    start = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(start);
  });

  it.each(cases.map((c, i) => [`${c.op} #${i} ${c.note.slice(0, 60)}`, c] as const))('%s', (_label, c) => {
    if (c.error !== undefined) {
      let thrown: unknown;
      try {
        runCase(c);
      } catch (e) {
        thrown = e;
      }
      expect(isServingError(thrown), `expected an error like TF's: ${c.error}`).toBe(true);
      return;
    }
    expect(runCase(c)).toEqual(c.outputs!.map(normalized));
  });
});
}
