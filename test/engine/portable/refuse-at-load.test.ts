// An op the portable engine cannot run makes the signatures that use it unavailable at load, naming the op and
// the node: never a request that fails half-way, never a wrong answer. The other signatures serve; a version
// with no runnable signature fails to load.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServable } from '../../../lib/engine/index.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { BUNDLED_MODELS } from '../../helpers/fixtures.ts';
import { constNode, placeholder, tinyModel } from '../../helpers/tiny-graph-model.ts';

/** half_plus_two with AddV2 renamed to an op nobody implements, in one serving function or in all of them. */
async function withUnknownOp(all: boolean): Promise<SavedModel> {
  const model = await SavedModel.fromDir(join(BUNDLED_MODELS, 'half_plus_two/1'));
  const fns = model.metaGraph().def.graph_def!.library!.function!.filter((f) => f.node_def?.some((n) => n.op === 'AddV2'));
  for (const fn of all ? fns : fns.slice(0, 1)) fn.node_def!.find((n) => n.op === 'AddV2')!.op = 'FancyUnknownOp';
  model.metaGraph().def.meta_info_def!.stripped_op_list!.op!.push({ name: 'FancyUnknownOp', output_arg: [{ name: 'z', type: 1 }] });
  return model;
}

describe('load-time refusal', () => {
  it('names an unknown op and its node, and keeps the signatures that do not use it', async () => {
    const servable = await loadServable(await withUnknownOp(false));
    try {
      const status = servable.signatureStatus();
      const broken = status.filter((s) => !s.available);
      expect(broken.length).toBeGreaterThan(0);
      expect(status.some((s) => s.available)).toBe(true);
      expect(broken[0].error).toMatchObject({ code: 'UNIMPLEMENTED', message: expect.stringMatching(/op 'FancyUnknownOp' \(node '.*\/add'\) is not supported by the portable engine/i) });
      // still listed (metadata), refused when called
      expect(servable.signatures().map((s) => s.key)).toEqual(status.map((s) => s.key));
      const x = { dtype: 'DT_FLOAT' as const, shape: [1], data: new Float32Array([1]) };
      await expect(servable.run(broken[0].key, new Map([['x', x]]))).rejects.toMatchObject({ code: 'UNIMPLEMENTED', message: broken[0].error!.message });
    } finally {
      servable.dispose();
    }
  });

  it('fails the load when no signature can run, naming each one', async () => {
    const load = loadServable(await withUnknownOp(true));
    await expect(load).rejects.toMatchObject({ code: 'UNIMPLEMENTED', message: expect.stringMatching(/no signature can run/) });
    const message = await load.catch((e: Error) => e.message);
    for (const key of ['classify_x_to_y', 'regress_x_to_y', 'serving_default']) expect(message).toContain(`signature '${key}'`);
  });

  it('refuses a TensorList op only TensorFlow.js implements (its lists are mutated in place)', async () => {
    const model = tinyModel([
      placeholder('x', 'DT_FLOAT'),
      constNode('shape', 'DT_INT32', [-1], []),
      { name: 'list', op: 'TensorListFromTensor', input: ['x', 'shape'], attr: { element_dtype: 'type: DT_FLOAT', shape_type: 'type: DT_INT32' } },
      { name: 'joined', op: 'TensorListConcat', input: ['list'], attr: { element_dtype: 'type: DT_FLOAT' } },
    ], { x: ['x:0', 'DT_FLOAT'] }, { y: ['joined:0', 'DT_FLOAT'] });
    await expect(loadServable(model)).rejects.toMatchObject({
      code: 'UNIMPLEMENTED',
      // refused by the dtype pass (its int64 `lengths` output) before the TensorList check: named either way
      message: expect.stringMatching(/op 'TensorListConcat' \(node 'joined'\)( on int64)? is not supported by the portable engine/),
    });
  });
});
