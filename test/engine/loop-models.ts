// The zoo's loop families (rnn: Keras LSTM/GRU/SimpleRNN/Bidirectional/masked; loops: map_fn, scan, TensorArray,
// while_loop) beyond their golden answers (zoo.ts checks those): every case leaves the tensor count where it was,
// long sequences run without growing memory, and a kernel error inside a loop is an INVALID_ARGUMENT answer
// that leaves the servable serving.
// Defined once, run on each backend (loop-models.test.ts: wasm, loop-models-cpu.test.ts: cpu).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnServable } from '../../lib/api/rest/run-inference.ts';
import { type BackendName, ensureBackend } from '../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../lib/engine/portable/portable-servable.ts';
import { isServingError } from '../../lib/errors/index.ts';
import { SavedModel } from '../../lib/savedmodel/index.ts';
import { versionDir } from '../helpers/fixtures.ts';
import { zooGoldens } from './zoo.ts';

const GOLDENS = [...zooGoldens('rnn'), ...zooGoldens('loops')];

async function load(id: string): Promise<PortableServable> {
  const g = GOLDENS.find((x) => x.id === id)!;
  return PortableServable.load(await SavedModel.fromDir(versionDir(g.modelDir, '1')));
}

export function defineLoopModelSuites(backend: BackendName): void {
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
  });

  describe.each(GOLDENS.map((g) => [g.id, g] as const))(`%s leaves no tensor behind (${backend})`, (id, g) => {
    let servable: PortableServable;
    beforeAll(async () => {
      servable = await load(id);
    });
    afterAll(() => servable?.dispose());

    it('after every golden case, twice', async () => {
      const bodies = JSON.parse(readFileSync(g.file, 'utf8')).cases.map((c: { request_body: string }) => c.request_body);
      await runOnServable(servable, 'predict', bodies[0]); // first run compiles
      const before = tf.memory().numTensors;
      for (const body of [...bodies, ...bodies]) await runOnServable(servable, 'predict', body);
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  describe(`long and failing loops (${backend})`, () => {
    let lstm: PortableServable;
    let arrays: PortableServable;
    beforeAll(async () => {
      [lstm, arrays] = await Promise.all([load('rnn/lstm_last'), load('loops/tensor_array')]);
    });
    afterAll(() => [lstm, arrays].forEach((s) => s?.dispose()));

    it('runs a 300-step LSTM and frees its 300 list elements', async () => {
      const seq = Array.from({ length: 300 }, (_, t) => [Math.sin(t), Math.cos(t), 0.1]);
      const before = tf.memory().numTensors;
      const out = JSON.parse(await runOnServable(lstm, 'predict', JSON.stringify({ instances: [seq, seq] })));
      expect(out.predictions).toHaveLength(2);
      expect(out.predictions[0]).toEqual(out.predictions[1]);
      expect(out.predictions[0].every((v: number) => Number.isFinite(v))).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('answers a read outside the list as INVALID_ARGUMENT and keeps serving', async () => {
      // n = 0 writes nothing, then reads element n - 1 = -1 (TensorFlow fails this request too)
      const err = await runOnServable(arrays, 'predict', '{"inputs":{"x":[1.0],"n":0}}').catch((e: unknown) => e);
      expect(isServingError(err) && err.code).toBe('INVALID_ARGUMENT');
      expect(await runOnServable(arrays, 'predict', '{"inputs":{"x":[3.0],"n":1}}')).toContain('"size":1');
    });
  });
}
