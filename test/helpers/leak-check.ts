// Per-test tensor leak check for op tests: starts the backend once, and after every test disposes the
// tensors the test registered in the returned list and checks that nothing else stayed behind.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { type BackendName, ensureBackend } from '../../lib/engine/portable/backend.ts';

export function trackTensors(backend: BackendName = 'cpu'): tf.Tensor[] {
  const live: tf.Tensor[] = [];
  let start = 0;
  beforeAll(() => ensureBackend(backend));
  beforeEach(() => {
    start = tf.memory().numTensors;
  });
  afterEach(() => {
    tf.dispose(live.splice(0));
    expect(tf.memory().numTensors).toBe(start);
  });
  return live;
}
