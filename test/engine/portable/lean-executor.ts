// The lean executor (lib/engine/portable/lean-*.ts) on one backend: which signatures it runs, that it answers
// exactly what the GraphModel answers, that it leaves no tensor behind over many calls, and that anything it
// does not take (an empty batch, a wrong shape, a subset of outputs) goes to the GraphModel with its answer or
// error. Run per backend: lean-executor-{wasm,cpu}.test.ts.
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostTensor } from '../../../lib/engine/index.ts';
import { type BackendName, ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { BUNDLED_MODELS, LOCAL_FIXTURES } from '../../helpers/fixtures.ts';

const ZOO = join(BUNDLED_MODELS, '../test/fixtures/zoo');

/** Model directory, signature, input alias, one row's shape; every one of these must run lean. */
const LEAN_CASES = [
  ['half_plus_two', join(BUNDLED_MODELS, 'half_plus_two/1'), 'serving_default', 'x', [1]],
  ['digits (MatMul, BiasAdd, Relu, Softmax)', join(BUNDLED_MODELS, 'digits/1'), 'serving_default', 'pixels', [64]],
  ['Keras Sequential MLP', join(ZOO, 'distribute/sequential_dense/1'), 'serving_default', undefined, undefined],
  ['fused MatMul + BatchNorm + sigmoid', join(ZOO, 'fusion/fused_batch_norm/1'), 'sigmoid_head', undefined, undefined],
  ['residual CNN (fused Conv2D, Add + Relu, Mean)', join(ZOO, 'fusion/keras_resnet_blocks/1'), 'serving_default', undefined, undefined],
  ['sharded checkpoint', join(LOCAL_FIXTURES, 'sharded_model/1'), 'serving_default', undefined, undefined],
] as const;

function rows(shape: readonly number[], batch: number, seed: number): HostTensor {
  const dims = [batch, ...shape];
  const n = dims.reduce((a, b) => a * b, 1);
  return { dtype: 'DT_FLOAT', shape: dims, data: Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 31 + i) * 3) };
}

/** Inputs for a signature: its declared shapes with the batch dimension set. */
function inputsFor(s: PortableServable, key: string, batch: number, seed: number): Map<string, HostTensor> {
  const info = s.signature(key);
  return new Map(Object.entries(info.inputs).map(([alias, spec]) => [alias, rows((spec.shape ?? [-1, 1]).slice(1).map((d) => (d < 0 ? 2 : d)), batch, seed)]));
}

const numDataIds = () => tf.engine().backend.numDataIds();

export function defineLeanSuite(backend: BackendName): void {
  const lean = new Map<string, PortableServable>();
  const graph = new Map<string, PortableServable>();
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
    for (const [, dir] of LEAN_CASES) {
      if (lean.has(dir)) continue;
      const model = await SavedModel.fromDir(dir);
      lean.set(dir, await PortableServable.load(model, { backend }));
      graph.set(dir, await PortableServable.load(model, { backend, lean: false }));
    }
  });
  afterAll(() => [...lean.values(), ...graph.values()].forEach((s) => s.dispose()));

  describe(`lean executor on ${backend}`, () => {
    it.each(LEAN_CASES)('runs %s lean and answers exactly as the GraphModel', async (_name, dir, key) => {
      const [s, g] = [lean.get(dir)!, graph.get(dir)!];
      expect(s.executorOf(key)).toBe('lean');
      expect(g.executorOf(key)).toBe('graph-model');
      const before = s.leanStats(key)!.runs;
      for (const batch of [1, 3, 32]) {
        const x = inputsFor(s, key, batch, batch);
        const [got, want] = [await s.run(key, x), await g.run(key, x)];
        expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
        for (const [alias, t] of want) {
          expect(got.get(alias)!.dtype).toBe(t.dtype);
          expect(got.get(alias)!.shape).toEqual(t.shape);
          expect(Array.from(got.get(alias)!.data as Float32Array)).toEqual(Array.from(t.data as Float32Array));
        }
      }
      expect(s.leanStats(key)!.runs - before).toBe(3);
    });

    it('leaves the GraphModel to signatures with ops it does not run (ParseExample)', () => {
      expect(lean.get(join(BUNDLED_MODELS, 'digits/1'))!.executorOf('classify')).toBe('graph-model');
      expect(lean.get(join(BUNDLED_MODELS, 'half_plus_two/1'))!.executorOf('regress_x_to_y')).toBe('graph-model');
    });

    it.each(LEAN_CASES)('keeps backend memory flat over 2,000 calls of %s', async (_name, dir, key) => {
      const s = lean.get(dir)!;
      const x = inputsFor(s, key, 1, 7);
      await s.run(key, x);
      const [ids, tensors, stats] = [numDataIds(), tf.memory().numTensors, { ...s.leanStats(key)! }];
      for (let i = 0; i < 2000; i++) await s.run(key, x);
      expect(numDataIds()).toBe(ids);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(s.leanStats(key)).toEqual({ runs: stats.runs + 2000, fallbacks: stats.fallbacks });
    });

    it('hands an empty batch to the GraphModel, which answers it', async () => {
      const dir = join(BUNDLED_MODELS, 'half_plus_two/1');
      const [s, g] = [lean.get(dir)!, graph.get(dir)!];
      const x = new Map([['x', rows([1], 0, 1)]]);
      const fallbacks = s.leanStats('serving_default')!.fallbacks;
      const ids = numDataIds();
      expect(await s.run('serving_default', x)).toEqual(await g.run('serving_default', x));
      expect(s.leanStats('serving_default')!.fallbacks).toBe(fallbacks + 1);
      expect(numDataIds()).toBe(ids);
    });

    it('fails a wrong inner dimension with the GraphModel\'s error and frees what it made', async () => {
      const dir = join(BUNDLED_MODELS, 'digits/1');
      const [s, g] = [lean.get(dir)!, graph.get(dir)!];
      const x = new Map([['pixels', rows([63], 2, 1)]]);
      const ids = numDataIds();
      const [got, want] = await Promise.all([s.run('serving_default', x).catch((e) => e), g.run('serving_default', x).catch((e) => e)]);
      expect(got).toBeInstanceOf(Error);
      expect({ code: got.code, message: got.message }).toEqual({ code: want.code, message: want.message });
      expect(numDataIds()).toBe(ids);
    });

    it('treats a NaN reaching a convolution as the GraphModel does (wasm refuses it, cpu computes it) and frees what it made', async () => {
      const dir = join(ZOO, 'fusion/keras_resnet_blocks/1');
      const [s, g] = [lean.get(dir)!, graph.get(dir)!];
      const x = inputsFor(s, 'serving_default', 2, 5);
      const [alias] = [...x.keys()];
      (x.get(alias)!.data as Float32Array)[37] = NaN;
      const ids = numDataIds();
      const [got, want] = await Promise.all([s.run('serving_default', x).catch((e) => e), g.run('serving_default', x).catch((e) => e)]);
      if (want instanceof Error) {
        expect(backend).toBe('wasm');
        const [e, w] = [got as { code?: string; message?: string }, want as Error & { code?: string }];
        expect({ code: e.code, message: e.message }).toEqual({ code: w.code, message: w.message });
      } else {
        expect(backend).toBe('cpu');
        const [a, b] = [[...got.values()][0], [...want.values()][0]];
        expect(Array.from(a.data as Float32Array)).toEqual(Array.from(b.data as Float32Array));
      }
      expect(numDataIds()).toBe(ids);
    });

    it('answers a subset of the outputs', async () => {
      const dir = join(LOCAL_FIXTURES, 'sharded_model/1');
      const s = lean.get(dir)!;
      const x = inputsFor(s, 'serving_default', 2, 3);
      const all = await s.run('serving_default', x);
      const [first] = [...all.keys()];
      expect([...(await s.run('serving_default', x, [first])).keys()]).toEqual([first]);
    });
  });
}
