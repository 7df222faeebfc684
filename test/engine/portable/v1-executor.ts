// The synchronous executor for TensorFlow 1 control flow (lib/engine/portable/v1-executor.ts) end to end through
// the portable engine: every v1 graph of the fixtures runs on it (no Identity kernel copies a control-flow value),
// gives TensorFlow's answers (zoo.ts checks those for the v1_control family), leaves the tensor count where it
// was after many calls, and a kernel error inside a loop is INVALID_ARGUMENT with nothing leaked.
// Defined once, run on each backend (v1-executor-wasm.test.ts, v1-executor-cpu.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnServable } from '../../../lib/api/rest/run-inference.ts';
import { type BackendName, ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { SHARED_FIXTURES, versionDir } from '../../helpers/fixtures.ts';
import { ZOO_ROOT } from '../zoo.ts';

const DKT = join(SHARED_FIXTURES, 'models/tf1_dkt_lstm');
const MODELS = [['v1_control/loops', join(ZOO_ROOT, 'v1_control/loops')], ['v1_control/branches', join(ZOO_ROOT, 'v1_control/branches')],
  ['v1_control/arrays', join(ZOO_ROOT, 'v1_control/arrays')], ['tf1_dkt_lstm', DKT]] as const;

const bodies = (dir: string): string[] => JSON.parse(readFileSync(`${dir}.golden.json`, 'utf8')).cases.map((c: { request_body: string }) => c.request_body);

export function defineV1ExecutorSuites(backend: BackendName): void {
  const servables = new Map<string, PortableServable>();
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
    for (const [id, dir] of MODELS) servables.set(id, await PortableServable.load(await SavedModel.fromDir(versionDir(dir, '1'))));
  });
  afterAll(() => servables.forEach((s) => s.dispose()));

  describe.each(MODELS)(`%s on the synchronous executor (${backend})`, (id, dir) => {
    it('leaves no tensor behind after every golden case, three times over', async () => {
      const s = servables.get(id)!;
      await runOnServable(s, 'predict', bodies(dir)[0]);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) for (const body of bodies(dir)) await runOnServable(s, 'predict', body);
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  it(`answers the DKT like TensorFlow.js's executeAsync with no Identity copy per control-flow op (${backend})`, async () => {
    const s = servables.get('tf1_dkt_lstm')!;
    // the same servable with the executor taken away runs TensorFlow.js's executeAsync (the fallback path)
    const compiled = (s as unknown as { compiled: Map<string, { v1?: unknown }> }).compiled.get('predict')!;
    const v1 = compiled.v1;
    expect(v1).toBeDefined();
    const body = bodies(DKT)[1];
    const run = async () => {
      let out = '';
      const p = await tf.profile(async () => void (out = await runOnServable(s, 'predict', body)));
      return { out, identities: p.kernels.filter((k) => k.name === 'Identity').length, kernels: p.kernels.length };
    };
    const ours = await run();
    compiled.v1 = undefined;
    const theirs = await run().finally(() => (compiled.v1 = v1));
    expect(ours.out).toBe(theirs.out);
    // tfjs-converter copies every Enter/Exit/Switch/Merge/NextIteration value with an Identity kernel (138 on this call
    // of 5 steps); ours are the few the ops' own code makes (tf.where broadcasting its operands)
    expect(theirs.identities - ours.identities).toBeGreaterThan(100);
    expect(ours.kernels).toBeLessThan(theirs.kernels);
  });

  it.each(MODELS)(`answers every golden case of %s as with every op through tfjs's per-op code (${backend})`, async (_id, dir) => {
    // the same model with the direct kernel calls off (v1-kernels.ts): every op through tfjs-converter's executeOp
    const plain = await PortableServable.load(await SavedModel.fromDir(versionDir(dir, '1')), { v1Kernels: false });
    const direct = servables.get(_id)!;
    try {
      for (const body of bodies(dir)) {
        const [ours, theirs] = [await runOnServable(direct, 'predict', body).catch(String), await runOnServable(plain, 'predict', body).catch(String)];
        expect(ours).toBe(theirs);
      }
    } finally {
      plain.dispose();
    }
  });

  it(`runs every op of the DKT without tfjs-converter's per-op code (${backend})`, async () => {
    const s = servables.get('tf1_dkt_lstm')!;
    const plan = (s as unknown as { compiled: Map<string, { v1: { plan: { runner: { run: unknown } } } }> }).compiled.get('predict')!.v1.plan;
    const run = plan.runner.run;
    let calls = 0;
    plan.runner.run = (...args: unknown[]) => (calls++, (run as (...a: unknown[]) => unknown).apply(plan.runner, args));
    try {
      expect(await runOnServable(s, 'predict', bodies(DKT)[1])).toContain('outputs');
    } finally {
      plan.runner.run = run;
    }
    expect(calls).toBe(0);
  });

  it(`keeps the tensor count flat over 200 DKT calls (${backend})`, async () => {
    const s = servables.get('tf1_dkt_lstm')!;
    const body = bodies(DKT)[1];
    await runOnServable(s, 'predict', body);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) await runOnServable(s, 'predict', body);
    expect(tf.memory().numTensors).toBe(before);
  });

  it(`answers a kernel error inside a loop as INVALID_ARGUMENT, frees the run's tensors and keeps serving (${backend})`, async () => {
    const s = servables.get('v1_control/arrays')!;
    const ok = bodies(join(ZOO_ROOT, 'v1_control/arrays')).find((b) => b.includes('"gru"'))!;
    await runOnServable(s, 'predict', ok);
    const before = tf.memory().numTensors;
    // 4 features where the GRU's weights expect 3: the MatMul in the loop body fails at step 0
    const bad = JSON.stringify({ signature_name: 'gru', inputs: { x: [[[1, 2, 3, 4], [5, 6, 7, 8]]] } });
    const err = await runOnServable(s, 'predict', bad).catch((e: unknown) => e);
    expect(isServingError(err) && err.code).toBe('INVALID_ARGUMENT');
    expect(tf.memory().numTensors).toBe(before);
    expect(await runOnServable(s, 'predict', ok)).toContain('"last"');
    expect(tf.memory().numTensors).toBe(before);
  });

  it(`answers a TensorArray misuse with TensorFlow's words and leaks nothing (${backend})`, async () => {
    const s = servables.get('v1_control/arrays')!;
    const before = tf.memory().numTensors;
    // double_rows gathers index rows - 1 = -1 when no row is given (TensorFlow fails the same request)
    const err = await runOnServable(s, 'predict', JSON.stringify({ signature_name: 'double_rows', inputs: { x: [[1, 2, 3]].slice(0, 0) } })).catch((e: unknown) => e);
    expect(isServingError(err) && err.code).toBe('INVALID_ARGUMENT');
    expect(tf.memory().numTensors).toBe(before);
  });
}
