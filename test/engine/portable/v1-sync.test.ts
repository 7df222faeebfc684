// Which signatures take the synchronous v1 control-flow executor (lib/engine/portable/v1-sync.ts), why the others
// stay on TensorFlow.js's executeAsync, and that both answer: a tf.cond written by hand as Switch/Merge, with and
// without an op TensorFlow.js only runs asynchronously.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runOnServable } from '../../../lib/api/rest/run-inference.ts';
import { convertSignature } from '../../../lib/engine/graph/convert.ts';
import { registerCustomOps } from '../../../lib/engine/ops/index.ts';
import { buildGraphModel } from '../../../lib/engine/portable/artifacts.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { v1SyncExecutor } from '../../../lib/engine/portable/v1-sync.ts';
import type { SavedModel } from '../../../lib/savedmodel/index.ts';
import { placeholder, tinyModel, type TinyNode } from '../../helpers/tiny-graph-model.ts';

const T = { T: 'type: DT_FLOAT' };

/** y = p ? -x : x as Switch/Merge; `extra` adds an op on the true branch before the Merge. */
function condModel(extra?: TinyNode): SavedModel {
  const negInput = extra ? extra.name : 'sw:1';
  return tinyModel([
    placeholder('x', 'DT_FLOAT'), placeholder('p', 'DT_BOOL'),
    { name: 'sw', op: 'Switch', input: ['x', 'p'], attr: T },
    ...(extra ? [extra] : []),
    { name: 'neg', op: 'Neg', input: [negInput], attr: T },
    { name: 'y', op: 'Merge', input: ['sw:0', 'neg'], attr: { ...T, N: 'i: 2' } },
  ], { x: ['x:0', 'DT_FLOAT'], p: ['p:0', 'DT_BOOL'] }, { y: ['y:0', 'DT_FLOAT'] });
}

async function choice(model: SavedModel) {
  const meta = model.metaGraph(['serve']);
  const g = convertSignature(model, meta, 'serving_default');
  const { model: gm } = await buildGraphModel(g, 'test');
  try {
    const r = v1SyncExecutor(g, gm, 'cpu');
    return { sync: r.executor !== undefined, reason: r.reason };
  } finally {
    gm.dispose();
  }
}

describe('choosing the synchronous v1 executor', () => {
  beforeAll(async () => {
    await ensureBackend('cpu');
    registerCustomOps();
  });

  it('takes a Switch/Merge graph whose ops all run synchronously', async () => {
    expect(await choice(condModel())).toEqual({ sync: true, reason: undefined });
  });

  // Where was tfjs's dynamic-shape op (executeAsync only); the op sweep moved it to the project's own host kernel
  // (ops/array-checks.ts), which is synchronous, so such a graph now runs on the synchronous executor.
  it('runs a branch holding Where (the project\'s synchronous host kernel) on the synchronous executor; it answers', async () => {
    const where: TinyNode = { name: 'w', op: 'Where', input: ['sw:1'], attr: T };
    const cast: TinyNode = { name: 'c', op: 'Cast', input: ['w'], attr: { SrcT: 'type: DT_INT64', DstT: 'type: DT_FLOAT' } };
    const model = tinyModel([
      placeholder('x', 'DT_FLOAT'), placeholder('p', 'DT_BOOL'),
      { name: 'sw', op: 'Switch', input: ['x', 'p'], attr: T }, where, cast,
      { name: 'y', op: 'Merge', input: ['sw:0', 'c'], attr: { ...T, N: 'i: 2' } },
    ], { x: ['x:0', 'DT_FLOAT'], p: ['p:0', 'DT_BOOL'] }, { y: ['y:0', 'DT_FLOAT'] });
    const r = await choice(model);
    expect(r).toEqual({ sync: true, reason: undefined });
    const servable = await PortableServable.load(model);
    expect(JSON.parse(await runOnServable(servable, 'predict', JSON.stringify({ inputs: { x: [1, -2], p: false } }))).outputs).toEqual([1, -2]);
    // p = true: Where([1, -2]) = [[0], [1]] → Cast → the Merge's other input
    expect(JSON.parse(await runOnServable(servable, 'predict', JSON.stringify({ inputs: { x: [1, -2], p: true } }))).outputs).toEqual([[0], [1]]);
    servable.dispose();
  });

  it('says nothing for a graph without v1 control flow (it runs on model.execute)', async () => {
    const model = tinyModel([placeholder('x', 'DT_FLOAT'), { name: 'y', op: 'Neg', input: ['x'], attr: T }], { x: ['x:0', 'DT_FLOAT'] }, { y: ['y:0', 'DT_FLOAT'] });
    expect(await choice(model)).toEqual({ sync: false, reason: undefined });
  });

  it.each([[true, [-1, 2]], [false, [1, -2]]] as const)('answers p=%s on both paths with no tensor left', async (p, want) => {
    const body = JSON.stringify({ inputs: { x: [1, -2], p } });
    const sync = await PortableServable.load(condModel());
    const before = tf.memory().numTensors;
    expect(JSON.parse(await runOnServable(sync, 'predict', body)).outputs).toEqual(want);
    expect(tf.memory().numTensors).toBe(before);
    sync.dispose();
  });
});
