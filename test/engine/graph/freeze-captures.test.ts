// Variables captured by While / If bodies (DT_RESOURCE arguments read by ReadVariableOp) are frozen: once the
// variable outside is a Const, the argument carries its value, and T / Tin and the functions follow.
import { describe, expect, it } from 'vitest';
import { CaptureFreezer } from '../../../lib/engine/graph/freeze-captures.ts';
import type { FunctionDefMessage } from '../../../lib/savedmodel/index.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { DT_FLOAT, DT_INT32, DT_RESOURCE, fn, func, node, types } from './function-defs.ts';

const read = (name: string, arg: string) => node(name, 'ReadVariableOp', [arg], { dtype: { type: DT_FLOAT } });

const cond = () => fn('cond', [['i', DT_INT32], ['acc', DT_FLOAT], ['w', DT_RESOURCE]], [['ok', 10]], [node('less', 'Less', ['i', 'i'])], { ok: 'less:z:0' });
const body = () => fn('body', [['i', DT_INT32], ['acc', DT_FLOAT], ['w', DT_RESOURCE]], [['i_out', DT_INT32], ['acc_out', DT_FLOAT], ['w_out', DT_RESOURCE]], [
  read('r', 'w'),
  node('mul', 'Mul', ['acc', 'r:value:0']),
  node('out', 'Identity', ['mul:z:0', '^NoOp']),
  node('NoOp', 'NoOp', ['^r']),
], { i_out: 'i', acc_out: 'out:output:0', w_out: 'w' }, { NoOp: 'NoOp' });
const shapes = (...s: object[]) => ({ list: { shape: s } });
const whileNode = () => node('loop', 'While', ['i0', 'acc0', 'w'], {
  T: types(DT_INT32, DT_FLOAT, DT_RESOURCE), cond: func('cond'), body: func('body'),
  output_shapes: shapes({}, { dim: [{ size: -1 }] }, {}), _read_only_resource_inputs: { list: { i: [2] } },
});

function freeze(fns: FunctionDefMessage[], n = whileNode(), dtype = DT_FLOAT) {
  const lib = new Map(fns.map((f) => [f.signature.name, f]));
  const changes = new CaptureFreezer(lib).freezeNode(n, 'graph', () => dtype);
  return { lib, node: n, changes };
}

function error(f: () => unknown) {
  try {
    f();
  } catch (e) {
    return isServingError(e) ? [e.code, e.message] : e;
  }
  return undefined;
}

describe('CaptureFreezer on a While', () => {
  it('retypes the loop var in T and in both functions, and reads the value where ReadVariableOp was', () => {
    const { lib, node: n, changes } = freeze([cond(), body()]);
    expect([...changes]).toEqual([[2, DT_FLOAT]]);
    expect(n.attr!.T).toEqual(types(DT_INT32, DT_FLOAT, DT_FLOAT));
    expect(n.attr!.output_shapes).toEqual(shapes({}, { dim: [{ size: -1 }] }, { unknown_rank: true }));
    expect(n.attr!._read_only_resource_inputs).toBeUndefined();
    const b = lib.get('body')!;
    expect(b.signature.input_arg!.map((a) => a.type)).toEqual([DT_INT32, DT_FLOAT, DT_FLOAT]);
    expect(b.signature.output_arg!.map((a) => a.type)).toEqual([DT_INT32, DT_FLOAT, DT_FLOAT]);
    expect(b.node_def!.map((x) => [x.name, x.input])).toEqual([['mul', ['acc', 'w']], ['out', ['mul:z:0', '^NoOp']], ['NoOp', []]]);
    expect(lib.get('cond')!.signature.input_arg!.map((a) => a.type)).toEqual([DT_INT32, DT_FLOAT, DT_FLOAT]);
  });

  it('follows the value through an Identity and into a nested If, whose Tin and branches change too', () => {
    const inner = (name: string, op: string) => fn(name, [['x', DT_FLOAT], ['v', DT_RESOURCE]], [['y', DT_FLOAT]], [read('rv', 'v'), node('o', op, ['x', 'rv:value:0'])], { y: 'o:z:0' });
    const b = fn('body', [['i', DT_INT32], ['acc', DT_FLOAT], ['w', DT_RESOURCE]], [['i_out', DT_INT32], ['acc_out', DT_FLOAT], ['w_out', DT_RESOURCE]], [
      node('wid', 'Identity', ['w'], { T: { type: DT_RESOURCE } }),
      node('pos', 'Greater', ['acc', 'acc']),
      node('if', 'If', ['pos:z:0', 'acc', 'wid:output:0'], { Tin: types(DT_FLOAT, DT_RESOURCE), Tout: types(DT_FLOAT), then_branch: func('then'), else_branch: func('else') }),
    ], { i_out: 'i', acc_out: 'if:output:0', w_out: 'w' });
    const { lib } = freeze([cond(), b, inner('then', 'AddV2'), inner('else', 'Sub')]);
    const nested = lib.get('body')!.node_def!.find((x) => x.name === 'if')!;
    expect(nested.attr!.Tin).toEqual(types(DT_FLOAT, DT_FLOAT));
    expect(lib.get('body')!.node_def!.find((x) => x.name === 'wid')!.attr!.T).toEqual({ type: DT_FLOAT });
    for (const [name, op] of [['then', 'AddV2'], ['else', 'Sub']]) {
      expect(lib.get(name)!.signature.input_arg!.map((a) => a.type)).toEqual([DT_FLOAT, DT_FLOAT]);
      expect(lib.get(name)!.node_def!.map((x) => [x.op, x.input])).toEqual([[op, ['x', 'v']]]);
    }
  });

  it('leaves a While without resource loop vars alone', () => {
    const n = node('loop', 'While', ['i0'], { T: types(DT_INT32), cond: func('cond'), body: func('body') });
    const { changes, node: after } = freeze([], n);
    expect([changes.size, after.attr!.T]).toEqual([0, types(DT_INT32)]);
  });

  it.each([
    ['a body that writes the variable', [read('r', 'w'), node('assign', 'AssignAddVariableOp', ['w', 'acc'])], 'w',
      "op 'AssignAddVariableOp' (node 'body/assign') on a captured variable is not supported by the portable engine"],
    ['a body that returns something else for the resource loop var', [node('other', 'VarHandleOp', [], { dtype: { type: DT_FLOAT } })], 'other:resource:0',
      "op 'While' (node 'loop') whose function 'body' returns captured variable 'w_out' is not supported by the portable engine"],
  ])('refuses %s (UNIMPLEMENTED naming op and node)', (_label, nodes, wOut, message) => {
    const b = fn('body', [['i', DT_INT32], ['acc', DT_FLOAT], ['w', DT_RESOURCE]], [['i_out', DT_INT32], ['acc_out', DT_FLOAT], ['w_out', DT_RESOURCE]], nodes, { i_out: 'i', acc_out: 'acc', w_out: wOut });
    expect(error(() => freeze([cond(), b]))).toEqual(['UNIMPLEMENTED', message]);
  });

  it('refuses a function reached with different captured variables from two places', () => {
    const lib = new Map([cond(), body()].map((f) => [f.signature.name, f]));
    const freezer = new CaptureFreezer(lib);
    freezer.freezeNode(whileNode(), 'graph', () => DT_FLOAT);
    expect(error(() => freezer.freezeNode(whileNode(), 'graph', () => DT_INT32))).toEqual([
      'UNIMPLEMENTED', "function 'cond' called with different captured variables (graph: node 'loop') is not supported by the portable engine",
    ]);
  });

  it('passes on the refusal of a resource that is not a frozen variable', () => {
    const lib = new Map([cond(), body()].map((f) => [f.signature.name, f]));
    const refuse = () => {
      throw new Error('not frozen');
    };
    expect(() => new CaptureFreezer(lib).freezeNode(whileNode(), 'graph', refuse)).toThrow('not frozen');
  });
});

describe('CaptureFreezer on an If', () => {
  it('retypes Tin (the arguments after the condition) and both branches', () => {
    const branch = (name: string) => fn(name, [['v', DT_RESOURCE], ['x', DT_FLOAT]], [['y', DT_FLOAT]], [read('r', 'v'), node('o', 'Mul', ['x', 'r:value:0'])], { y: 'o:z:0' });
    const n = node('if', 'If', ['c', 'w', 'x'], { Tin: types(DT_RESOURCE, DT_FLOAT), Tout: types(DT_FLOAT), then_branch: func('t'), else_branch: func('e') });
    const { lib, changes } = freeze([branch('t'), branch('e')], n);
    expect([[...changes], n.attr!.Tin]).toEqual([[[0, DT_FLOAT]], types(DT_FLOAT, DT_FLOAT)]);
    expect(lib.get('e')!.node_def!.map((x) => x.input)).toEqual([['x', 'v']]);
  });
});
