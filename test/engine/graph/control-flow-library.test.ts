// control_flow_v2_model (TensorFlow-made) through the conversion: the While / If functions handed to
// TensorFlow.js have no calls, no resource arguments and no inline constants left, and the MetaGraph shared
// by all signatures is not touched. Unfrozen captures are refused at load, naming op and node.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertSignature } from '../../../lib/engine/graph/convert.ts';
import { DT_RESOURCE } from '../../../lib/engine/graph/function-body.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { LOCAL_FIXTURES } from '../../helpers/fixtures.ts';
import { placeholder, tinyModel } from '../../helpers/tiny-graph-model.ts';

let model: SavedModel;
beforeAll(async () => {
  model = await SavedModel.fromDir(join(LOCAL_FIXTURES, 'control_flow_v2_model', '1'));
});

const convert = (key: string) => convertSignature(model, model.metaGraph(), key);

describe('control_flow_v2_model conversion', () => {
  it.each(['while_sum', 'cond_branch', 'nested_call'])('%s: functions with no calls, variable reads or resource args', (key) => {
    const g = convert(key);
    expect(g.functions.length).toBeGreaterThan(0);
    const ops = new Set(g.functions.flatMap((f) => (f.node_def ?? []).map((n) => n.op)));
    for (const op of ['PartitionedCall', 'StatefulPartitionedCall', 'ReadVariableOp', 'VarHandleOp', 'If']) expect(ops.has(op)).toBe(false);
    for (const f of g.functions) expect([...(f.signature.input_arg ?? []), ...(f.signature.output_arg ?? [])].filter((a) => a.type === DT_RESOURCE)).toEqual([]);
    for (const n of g.nodes) expect([...(n.attr?.T?.list?.type ?? []), ...(n.attr?.Tin?.list?.type ?? [])]).not.toContain(DT_RESOURCE);
  });

  it('inlines the calls inside the While body as IdentityN nodes, and the variables arrive as loop values', () => {
    const g = convert('nested_call');
    const loop = g.nodes.find((n) => n.op === 'While')!;
    const body = g.functions.find((f) => f.signature.name === loop.attr!.body!.func!.name)!;
    const identityN = (body.node_def ?? []).filter((n) => n.op === 'IdentityN').map((n) => n.name).sort();
    expect(identityN).toEqual(['while/PartitionedCall', 'while/StatefulPartitionedCall']);
    const ws = (loop.input ?? []).filter((i) => g.weights.get(i)?.dtype === 'DT_FLOAT' && g.weights.get(i)!.shape.length === 0);
    expect(ws.map((w) => Array.from(g.weights.get(w)!.data as Float32Array)).sort()).toEqual([[0.25], [1.5]]);
  });

  it('moves body constants into the weights under names unique in the model', () => {
    const g = convert('nested_call');
    const consts = g.functions.flatMap((f) => (f.node_def ?? []).filter((n) => n.op === 'Const').map((n) => [f.signature.name, n] as const));
    expect(consts.length).toBeGreaterThan(0);
    for (const [fnName, n] of consts) {
      expect(n.name.startsWith(`${fnName}/`)).toBe(true);
      expect(g.weights.has(n.name)).toBe(true);
      expect(n.attr?.value).toBeUndefined();
    }
  });

  it('hands TensorFlow.js a StatelessIf, and leaves the MetaGraph as it was', () => {
    const snapshot = () => JSON.stringify(model.metaGraph().def.graph_def);
    const before = snapshot();
    const g = convert('cond_branch');
    expect(g.nodes.filter((n) => n.op.endsWith('If')).map((n) => [n.op, n.attr?.Tin])).toEqual([['StatelessIf', { list: { type: [1, 1, 1] } }]]);
    expect(snapshot()).toBe(before);
  });
});

describe('loop bodies exported with strip_default_attrs (Keras ConvLSTM1D, zoo rnn/conv_lstm1d)', () => {
  it('get their ops\' default attrs back, like the main graph (Conv2D dilations)', async () => {
    const m = await SavedModel.fromDir(join(LOCAL_FIXTURES, '../zoo/rnn/conv_lstm1d/1'));
    const raw = (m.metaGraph().def.graph_def?.library?.function ?? []).flatMap((f) => f.node_def ?? []).filter((n) => n.op === 'Conv2D');
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.every((n) => !n.attr?.dilations)).toBe(true); // what the export holds
    const g = convertSignature(m, m.metaGraph(), 'serving_default');
    const convs = g.functions.flatMap((f) => f.node_def ?? []).filter((n) => n.op === 'Conv2D');
    expect(convs.length).toBeGreaterThan(0);
    for (const n of convs) expect(n.attr?.dilations?.list?.i?.map(Number)).toEqual([1, 1, 1, 1]);
  });
});

describe('refusals at load', () => {
  const lib = `function { signature { name: "cond" input_arg { name: "v" type: DT_RESOURCE } output_arg { name: "ok" type: DT_BOOL } }
      node_def { name: "f" op: "Const" attr { key: "dtype" value { type: DT_BOOL } } attr { key: "value" value { tensor { dtype: DT_BOOL tensor_shape { } bool_val: false } } } }
      ret { key: "ok" value: "f:output:0" } }
    function { signature { name: "body" input_arg { name: "v" type: DT_RESOURCE } output_arg { name: "v_out" type: DT_RESOURCE } } ret { key: "v_out" value: "v" } }`;

  it('refuses a While capturing a resource that is not a frozen variable, naming op and node', () => {
    const m = tinyModel([
      placeholder('x', 'DT_FLOAT'),
      { name: 'v', op: 'VarHandleOp', attr: { dtype: 'type: DT_FLOAT', shape: 'shape { }' } },
      { name: 'loop', op: 'While', input: ['v'], attr: { T: 'list { type: DT_RESOURCE }', cond: 'func { name: "cond" }', body: 'func { name: "body" }' } },
      { name: 'y', op: 'Identity', input: ['x', '^loop'], attr: { T: 'type: DT_FLOAT' } },
    ], { x: ['x:0', 'DT_FLOAT'] }, { y: ['y:0', 'DT_FLOAT'], v: ['loop:0', 'DT_RESOURCE'] }, '', lib);
    const err = (() => { try { convertSignature(m, m.metaGraph(), 'serving_default'); } catch (e) { return e; } })();
    expect(isServingError(err) && [err.code, err.message]).toEqual([
      'UNIMPLEMENTED', "op 'While' (node 'loop') capturing resource 'v' (op 'VarHandleOp') is not supported by the portable engine",
    ]);
  });
});
