// The load-time dtype pass: 64-bit and 16-bit dtypes made exact by rewriting the graph, or refused at load
// naming op and node (never a silent narrowing at request time).
import { beforeAll, describe, expect, it } from 'vitest';
import { applyBodyDtypePass } from '../../../lib/engine/graph/dtype-pass-bodies.ts';
import { convertSignature } from '../../../lib/engine/graph/convert.ts';
import { OpDefs } from '../../../lib/engine/graph/op-defs.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { registerCustomOps } from '../../../lib/engine/ops/index.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import type { MetaGraphDefMessage, SavedModel } from '../../../lib/savedmodel/index.ts';
import { constNode, placeholder, tinyModel, type TinyNode } from '../../helpers/tiny-graph-model.ts';

beforeAll(async () => {
  await ensureBackend('wasm');
  registerCustomOps();
});

const T = (dtype: string) => ({ T: `type: ${dtype}` });

/** The load's error, with the reason of the model's one signature (a version with none runnable names each one's). */
async function loadError(model: SavedModel): Promise<{ code: string; message: string }> {
  const err = await PortableServable.load(model).then((s) => (s.dispose(), undefined), (e: unknown) => e);
  if (!isServingError(err)) throw new Error(`expected a ServingError, got ${String(err)}`);
  const [head, reason, ...more] = err.message.split('\n');
  expect(head).toMatch(/: no signature can run on the portable engine \((wasm|cpu) backend\):$/);
  expect(more).toEqual([]);
  return { code: err.code, message: reason.replace(/^signature 'serving_default' cannot run on the portable engine \((wasm|cpu) backend\): /, '') };
}

const convert = (m: SavedModel) => convertSignature(m, m.metaGraph(), 'serving_default');

describe('refusal at load', () => {
  it.each([
    // (This row was Cumsum, which now runs on int64: ops/int64-scan.ts.)
    ['Pow on int64', 'DT_INT64', 'Pow', "op 'Pow' (node 'y') on int64 is not supported by the portable engine"],
    ['Tanh on float64', 'DT_DOUBLE', 'Tanh', "op 'Tanh' (node 'y') on float64 is not supported by the portable engine"],
    ['Tanh on half', 'DT_HALF', 'Tanh', "op 'Tanh' (node 'y') on float16 is not supported by the portable engine"],
    // (ops TensorFlow has a CPU kernel for: others are refused earlier, by ops/tf-cpu-kernels.ts)
    ['Exp on float64', 'DT_DOUBLE', 'Exp', "op 'Exp' (node 'y') on float64 is not supported by the portable engine"],
    // uint8 / int8 / uint16 / int16: ops that can leave the range and are not wrapped (ops/narrow-int.ts).
    ['Pow on int8', 'DT_INT8', 'Pow', "op 'Pow' (node 'y') on int8 is not supported by the portable engine"],
    ['Pow on int16', 'DT_INT16', 'Pow', "op 'Pow' (node 'y') on int16 is not supported by the portable engine"],
  ])('refuses %s with UNIMPLEMENTED naming op and node', async (_label, dtype, op, want) => {
    const second = op === 'Pow' ? ['x'] : [];
    const nodes: TinyNode[] = [placeholder('x', dtype), { name: 'y', op, input: ['x', ...second], attr: T(dtype) }];
    expect(await loadError(tinyModel(nodes, { x: ['x:0', dtype] }, { y: ['y:0', dtype] }))).toEqual({ code: 'UNIMPLEMENTED', message: want });
  });

  it('refuses NonMaxSuppressionV3 on half boxes (TF computes IoU in half; ours is float32)', async () => {
    const nodes: TinyNode[] = [
      placeholder('b', 'DT_HALF'), placeholder('s', 'DT_HALF'), constNode('m', 'DT_INT32', [2], []),
      constNode('iou', 'DT_HALF', [0.5], []), constNode('st', 'DT_HALF', [0], []),
      { name: 'nms', op: 'NonMaxSuppressionV3', input: ['b', 's', 'm', 'iou', 'st'], attr: T('DT_HALF') },
    ];
    expect(await loadError(tinyModel(nodes, { b: ['b:0', 'DT_HALF'], s: ['s:0', 'DT_HALF'] }, { y: ['nms:0', 'DT_INT32'] }))).toEqual({
      code: 'UNIMPLEMENTED', message: "op 'NonMaxSuppressionV3' (node 'nms') on float16 is not supported by the portable engine",
    });
  });

  it('finds an int64 output from the OpDef even when the node has no dtype attr', async () => {
    const opDefs = 'op { name: "MakeIds" output_arg { name: "ids" type: DT_INT64 } }';
    const nodes: TinyNode[] = [{ name: 'm', op: 'MakeIds' }];
    expect(await loadError(tinyModel(nodes, {}, { y: ['m:0', 'DT_INT64'] }, opDefs))).toEqual({
      code: 'UNIMPLEMENTED', message: "op 'MakeIds' (node 'm') on int64 is not supported by the portable engine",
    });
  });

  it.each([
    [23, 'uint64'],
    [2, 'float64'],
    [19, 'float16'],
  ])('refuses library functions (While / If bodies run by tfjs) that carry DataType %i (%s): only int64 is verified there', (type, word) => {
    const reg = new OpDefs({} as MetaGraphDefMessage);
    const body = { signature: { name: 'body', input_arg: [{ name: 'i', type }] } };
    expect(() => applyBodyDtypePass([body], new Map(), reg)).toThrow(`op 'body' (node 'body/i') on ${word} is not supported by the portable engine`);
  });
});

describe('rewrites', () => {
  const nodes: TinyNode[] = [
    placeholder('ids', 'DT_INT64'),
    constNode('big', 'DT_INT64', [2n ** 53n + 1n], []),
    constNode('small', 'DT_INT64', [1000], []),
    { name: 'mod', op: 'FloorMod', input: ['ids', 'small'], attr: T('DT_INT64') },
    { name: 'add', op: 'AddV2', input: ['mod', 'big'], attr: T('DT_INT64') },
    { name: 'f', op: 'Cast', input: ['add'], attr: { SrcT: 'type: DT_INT64', DstT: 'type: DT_FLOAT' } },
    { name: 'r', op: 'Reshape', input: ['add', 'small'], attr: { ...T('DT_INT64'), Tshape: 'type: DT_INT64' } },
  ];
  const g = convert(tinyModel(nodes, { ids: ['ids:0', 'DT_INT64'] }, { f: ['f:0', 'DT_FLOAT'], r: ['r:0', 'DT_INT64'] }));
  const byName = new Map(g.nodes.map((n) => [n.name, n]));

  it('hands int64 arithmetic and casts to our exact kernels, annotated with their TF dtypes', () => {
    expect(['mod', 'add', 'f'].map((n) => byName.get(n)!.op)).toEqual(['Tfs64>FloorMod', 'Tfs64>AddV2', 'Tfs64>Cast']);
    expect(byName.get('f')!.attr!._tfs_in.list!.i).toEqual([9]);
    expect(byName.get('f')!.attr!._tfs_out.list!.i).toEqual([1]);
  });

  it('feeds int64 placeholders wide and keeps constants as int32 only when every value fits', () => {
    expect(byName.get('ids')!.attr!.dtype.type).toBe(7);
    expect(g.weights.get('big')!.dtype).toBe('DT_STRING');
    expect(g.weights.get('small')).toEqual({ dtype: 'DT_INT32', shape: [], data: Int32Array.of(1000) });
  });

  it('runs an element mover on a wide value through Iota → the tfjs op → Take', () => {
    expect(byName.get('r')!.op).toBe('Tfs64>Take');
    expect(byName.get('r/__tfs_index')!.op).toBe('Reshape');
    expect(byName.get('r/__tfs_index')!.input).toEqual(['r/__tfs_iota', 'small']);
    expect(byName.get('r/__tfs_iota')!.op).toBe('Tfs64>Iota');
  });

  it('leaves a graph without 64-bit or 16-bit dtypes as it was', () => {
    const plain = convert(tinyModel([placeholder('x', 'DT_FLOAT'), { name: 'y', op: 'Tanh', input: ['x'], attr: T('DT_FLOAT') }], { x: ['x:0', 'DT_FLOAT'] }, { y: ['y:0', 'DT_FLOAT'] }));
    expect(plain.nodes.map((n) => [n.name, n.op])).toEqual([['x', 'Placeholder'], ['y', 'Tanh']]);
    expect(plain.nodes[0].attr!.dtype.type).toBe(1);
  });
});
