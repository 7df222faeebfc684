// int64 inside While / If bodies (dtype-pass-bodies.ts): bodies get the dtype pass with int64 arguments and
// results wide (uint64 / float64 / 16-bit bodies stay refused: dtype-pass.test.ts).
// The values themselves are checked against TensorFlow by the detection zoo (int64_loop, mapfn_nms).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertSignature } from '../../../lib/engine/graph/convert.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { registerCustomOps } from '../../../lib/engine/ops/index.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { ZOO_ROOT } from '../zoo.ts';

const DETECTION = join(ZOO_ROOT, 'detection');

beforeAll(async () => {
  await ensureBackend('wasm');
  registerCustomOps();
});

describe('int64 loop bodies', () => {
  it('declares int64 body arguments and results wide (string) and widens int32-carried While operands', async () => {
    const model = await SavedModel.fromDir(join(DETECTION, 'int64_loop/1'));
    const g = convertSignature(model, model.metaGraph(), 'serving_default');
    const body = g.functions.find((f) => f.signature.name.startsWith('while_body'))!;
    const types = (args: { name: string; type?: number }[] | undefined) => (args ?? []).map((a) => a.type);
    // loop vars (i, acc, h, total) + captured (n, x, size): int64 ones travel as DT_STRING (7)
    expect(types(body.signature.input_arg)).toContain(7);
    expect(types(body.signature.input_arg)).not.toContain(9);
    expect(types(body.signature.output_arg)).not.toContain(9);
    const loop = g.nodes.find((n) => n.op === 'StatelessWhile')!;
    const widened = loop.input!.filter((i) => i.endsWith('/__tfs_widen'));
    expect(widened.length).toBeGreaterThan(0);
    expect(widened.every((w) => g.nodes.find((n) => n.name === w)!.op === 'Tfs64>Widen')).toBe(true);
  });

  it('rewrites body refs to flat node:index form that the pass and tfjs both read', async () => {
    const model = await SavedModel.fromDir(join(DETECTION, 'int64_loop/1'));
    const g = convertSignature(model, model.metaGraph(), 'serving_default');
    const body = g.functions.find((f) => f.signature.name.startsWith('while_body'))!;
    const refs = (body.node_def ?? []).flatMap((n) => n.input ?? []).filter((r) => !r.startsWith('^'));
    expect(refs.every((r) => r.split(':').length <= 2)).toBe(true);
    expect(body.node_def!.some((n) => n.op.startsWith('Tfs64>'))).toBe(true);
  });
});
