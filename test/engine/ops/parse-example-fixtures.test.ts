// The classify/regress goldens end to end on the default (wasm) backend, and bad Examples through a real graph.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServingError } from '../../../lib/errors/index.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import type { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { hasSharedFixtures, SHARED_FIXTURES } from '../../helpers/fixtures.ts';
import { defineGoldenSuite, loadSignature, runExamples } from './parse-example-golden.ts';

beforeAll(async () => {
  await ensureBackend('wasm');
});

// tf1_builder_multi's classify tiles its string label list: the wasm backend's own Tile aborts on strings,
// so this also checks the string-safe Tile in lib/engine/ops/string-tensors.ts.
defineGoldenSuite('wasm');

async function errorOf(s: PortableServable, method: 'classify' | 'regress', body: string): Promise<{ code: string; message: string }> {
  try {
    await runExamples(s, method, body);
  } catch (e) {
    if (isServingError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a ServingError');
}

describe.skipIf(!hasSharedFixtures)('bad Examples through a real graph', () => {
  const tf1 = `${SHARED_FIXTURES}/tfserving/saved_model_half_plus_two_cpu/00000123`;
  const tf2 = `${SHARED_FIXTURES}/tfserving/saved_model_half_plus_two_tf2_cpu/00000123`;
  let v1: PortableServable;
  let v2: PortableServable;
  beforeAll(async () => {
    v1 = await loadSignature(tf1, 'regress_x_to_y');
    v2 = await loadSignature(tf2, 'regress_x_to_y');
  });
  afterAll(() => {
    v1?.dispose();
    v2?.dispose();
  });

  it.each([
    ['a missing required feature', '{"signature_name": "regress_x_to_y", "examples": [{"x2": 1.0}]}', 'Name: <unknown>, Feature: x (data type: float) is required but could not be found.'],
    ['an int64 value for a float feature', '{"signature_name": "regress_x_to_y", "examples": [{"x": 1.0}, {"x": 2}]}', "Name: <unknown>, Key: x, Index: 1.  Data types don't match. Data type: int64 but expected type: float"],
    ['two values for a [1] feature', '{"signature_name": "regress_x_to_y", "examples": [{"x": [1.0, 2.0]}]}', 'Name: <unknown>, Key: x, Index: 0.  Number of float values != expected.  Values size: 2 but output shape: [1]'],
  ])('fails ParseExample (V1) and ParseExampleV2 on %s with INVALID_ARGUMENT, leaking nothing', async (_, body, message) => {
    for (const s of [v1, v2]) {
      const before = tf.memory().numTensors;
      expect(await errorOf(s, 'regress', body)).toEqual({ code: 'INVALID_ARGUMENT', message });
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('reports bytes that are not an Example with TF message', async () => {
    const before = tf.memory().numTensors;
    const garbage = { dtype: 'DT_STRING' as const, shape: [1], data: [new TextEncoder().encode('garbage')] };
    for (const s of [v1, v2]) {
      const alias = Object.keys(s.signature('regress_x_to_y').inputs)[0];
      const e = await s.run('regress_x_to_y', new Map([[alias, garbage]])).catch((err: unknown) => err);
      expect(isServingError(e) && [e.code, e.message]).toEqual(['INVALID_ARGUMENT', "Could not parse example input, value: 'garbage'"]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns to the same tensor count after many runs', async () => {
    const body = '{"signature_name": "regress_x_to_y", "examples": [{"x": 1.0}, {"x": 3.0}]}';
    await runExamples(v2, 'regress', body);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await runExamples(i % 2 ? v1 : v2, 'regress', body);
    expect(tf.memory().numTensors).toBe(before);
  });
});
