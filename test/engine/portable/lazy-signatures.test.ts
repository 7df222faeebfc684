// A lazy portable load (the api function's) converts a signature on its first run, once, and answers exactly
// what an eager load answers; metadata lists every signature without converting; a signature that cannot run
// fails its requests with the eager load's error text. Twin signatures (Keras's serve / serving_default) are
// converted once (graph/signature-twins.ts).
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/index.ts';
import { SignatureTwins } from '../../../lib/engine/graph/signature-twins.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { syntheticInputs } from '../../../lib/engine/index.ts';
import { BUNDLED_MODELS, REPO_ROOT } from '../../helpers/fixtures.ts';

const ZOO = join(REPO_ROOT, 'test/fixtures/zoo');
const load = async (dir: string, lazy: boolean) => PortableServable.load(await SavedModel.fromDir(dir), { lazy });

/** The outputs on made-up inputs, or the error's text (a classify signature refuses empty tf.Examples). */
async function answer(s: PortableServable, key: string) {
  const out = await s.run(key, syntheticInputs(s.signature(key))!).catch((e: Error) => e.message);
  if (typeof out === 'string') return out;
  return Object.fromEntries([...out].map(([k, v]) => [k, { dtype: v.dtype, shape: v.shape, data: Array.from(v.data as ArrayLike<number>) }]));
}

describe('lazy signatures', () => {
  beforeAll(() => ensureBackend());

  it('lists every signature without converting any, then converts the one a run names', async () => {
    const s = await load(join(BUNDLED_MODELS, 'half_plus_two/1'), true);
    expect(s.signatures().map((x) => x.key)).toEqual(['classify_x_to_y', 'regress_x_to_y', 'serving_default']);
    expect(s.signatureStatus().every((x) => x.available)).toBe(true);
    expect(() => s.executorOf('regress_x_to_y')).toThrow(/not converted yet/);
    await answer(s, 'regress_x_to_y');
    expect(s.executorOf('regress_x_to_y')).toBe('graph-model');
    expect(() => s.executorOf('serving_default')).toThrow(/not converted yet/);
    s.dispose();
  });

  it('converts every signature that can run on prepare() (a keep-warm), leaving refused ones refused', async () => {
    const s = await load(join(ZOO, 'contract/partial_signatures/1'), true);
    await s.prepare();
    const status = s.signatureStatus();
    expect(status.some((x) => !x.available)).toBe(true);
    for (const { key, available } of status) {
      if (available) expect(['lean', 'graph-model']).toContain(s.executorOf(key));
      else expect(() => s.executorOf(key)).toThrow(/cannot run on the portable engine/);
    }
    s.dispose();
  });

  it.each([
    ['half_plus_two', join(BUNDLED_MODELS, 'half_plus_two/1')],
    ['digits', join(BUNDLED_MODELS, 'digits/1')],
    ['a Keras export (serve and serving_default)', join(ZOO, 'rnn/lstm_last/1')],
  ])('answers what an eager load answers, signature by signature (%s)', async (_scenario, dir) => {
    const [eager, lazy] = [await load(dir, false), await load(dir, true)];
    for (const { key } of eager.signatures()) {
      if (!syntheticInputs(eager.signature(key))) continue;
      expect(await answer(lazy, key)).toEqual(await answer(eager, key));
    }
    eager.dispose();
    lazy.dispose();
  });

  it('shares one conversion between concurrent first runs and frees everything on dispose', async () => {
    const dir = join(BUNDLED_MODELS, 'digits/1');
    const before = tf.memory().numTensors;
    const once = await load(dir, true);
    await answer(once, 'serving_default');
    const oneConversion = tf.memory().numTensors - before;
    once.dispose();
    const s = await load(dir, true);
    const answers = await Promise.all([1, 2, 3, 4].map(() => answer(s, 'serving_default')));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(tf.memory().numTensors - before).toBe(oneConversion);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a signature that cannot run with the eager load\'s error, while the others serve', async () => {
    const dir = join(ZOO, 'contract/partial_signatures/1');
    const [eager, lazy] = [await load(dir, false), await load(dir, true)];
    for (const { key } of eager.signatures()) {
      const inputs = syntheticInputs(eager.signature(key))!;
      const want = await eager.run(key, inputs).then(() => 'ok', (e: Error) => e.message);
      const got = await lazy.run(key, inputs).then(() => 'ok', (e: Error) => e.message);
      expect(got).toBe(want);
    }
    expect(lazy.signatureStatus()).toEqual(eager.signatureStatus());
    expect(eager.signatureStatus().some((x) => !x.available)).toBe(true);
    eager.dispose();
    lazy.dispose();
  });

  it('keeps memoryBytes() an upper bound that does not grow while converting', async () => {
    const dir = join(BUNDLED_MODELS, 'digits/1');
    const before = tf.memory().numBytes;
    const s = await load(dir, true);
    const bound = s.memoryBytes();
    for (const { key } of s.signatures()) {
      await answer(s, key);
      expect(s.memoryBytes()).toBeLessThanOrEqual(bound);
    }
    expect(tf.memory().numBytes - before).toBeLessThanOrEqual(s.memoryBytes());
    s.dispose();
  });
});

describe('signature twins', () => {
  it.each([
    ['digits (Keras export)', join(BUNDLED_MODELS, 'digits/1'), [['serve', 'serving_default']]],
    ['half_plus_two (four different graphs)', join(BUNDLED_MODELS, 'half_plus_two/1'), []],
    ['mlp_model_export', join(ZOO, 'distribute/mlp_model_export/1'), [['serve', 'serving_default']]],
    ['nms_ops (serving_default is v3)', join(ZOO, 'detection/nms_ops/1'), [['serving_default', 'v3']]],
  ])('finds the signatures that compute one graph (%s)', async (_scenario, dir, groups) => {
    const meta = (await SavedModel.fromDir(dir)).metaGraph();
    const twins = new SignatureTwins(meta);
    const byPrint = new Map<string, string[]>();
    for (const key of meta.signatureKeys().filter((k) => k !== '__saved_model_init_op')) {
      const print = twins.fingerprint(key)!;
      byPrint.set(print, [...(byPrint.get(print) ?? []), key]);
    }
    expect([...byPrint.values()].filter((g) => g.length > 1)).toEqual(groups);
  });

  it('converts twins once: an eager Keras load holds the weights of one graph', async () => {
    const dir = join(ZOO, 'rnn/lstm_last/1');
    const before = tf.memory().numBytes;
    const s = await load(dir, false);
    const both = tf.memory().numBytes - before;
    s.dispose();
    const lazy = await load(dir, true);
    await answer(lazy, 'serving_default');
    const one = tf.memory().numBytes - before;
    await answer(lazy, 'serve');
    expect(tf.memory().numBytes - before).toBe(one);
    expect(both).toBe(one);
    lazy.dispose();
  });
});
