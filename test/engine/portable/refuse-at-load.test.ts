// An op the portable engine cannot run fails the load, naming the op and the node: never a request,
// never a wrong answer.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServable } from '../../../lib/engine/index.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { BUNDLED_MODELS } from '../../helpers/fixtures.ts';
import { constNode, placeholder, tinyModel } from '../../helpers/tiny-graph-model.ts';

describe('load-time refusal', () => {
  it('names an unknown op and its node', async () => {
    const model = await SavedModel.fromDir(join(BUNDLED_MODELS, 'half_plus_two/1'));
    // Turn one inference op inside the serving function into an op nobody implements.
    const fn = model.metaGraph().def.graph_def!.library!.function!.find((f) => f.node_def?.some((n) => n.op === 'AddV2'))!;
    const node = fn.node_def!.find((n) => n.op === 'AddV2')!;
    node.op = 'FancyUnknownOp';
    model.metaGraph().def.meta_info_def!.stripped_op_list!.op!.push({ name: 'FancyUnknownOp', output_arg: [{ name: 'z', type: 1 }] });
    await expect(loadServable(model)).rejects.toMatchObject({
      code: 'UNIMPLEMENTED',
      message: expect.stringMatching(/op 'FancyUnknownOp' \(node '.*\/add'\) is not supported by the portable engine/i),
    });
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
      message: expect.stringMatching(/op 'TensorListConcat' \(node 'joined'\) is not supported by the portable engine/),
    });
  });
});
