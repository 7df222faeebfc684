// Library functions made ready for tfjs's function executor: control edges that only order stateless work
// dropped, bodies pruned to their outputs, and body Consts' values moved to weights under unique names.
import { describe, expect, it } from 'vitest';
import { moveBodyConsts, tidyBody } from '../../../lib/engine/graph/function-weights.ts';
import type { HostTensor } from '../../../lib/tensor/host-tensor.ts';
import { DT_FLOAT, fn, node, types } from './function-defs.ts';

const scalar = (v: number): HostTensor => ({ dtype: 'DT_FLOAT', shape: [], data: new Float32Array([v]) });
const constNode = (name: string, v: number) => node(name, 'Const', [], { dtype: { type: DT_FLOAT }, value: { tensor: { dtype: DT_FLOAT, tensor_shape: {}, float_val: [v] } } });

describe('tidyBody', () => {
  it('drops control inputs on NoOp / IdentityN / Const targets and on variadic ops, then keeps what ret needs', () => {
    const f = fn('body', [['x', DT_FLOAT]], [['y', DT_FLOAT]], [
      node('c', 'Const'),
      node('call', 'IdentityN', ['x', '^c'], { T: types(DT_FLOAT) }),
      node('noop', 'NoOp', ['^call']),
      node('check', 'Assert', ['x']),
      node('y', 'Identity', ['call:output:0', '^noop', '^check']),
      node('unused', 'Neg', ['x']),
    ], { y: 'y:output:0' }, { noop: 'noop' });
    tidyBody(f);
    expect(f.node_def!.map((n) => [n.name, n.input])).toEqual([['call', ['x']], ['check', ['x']], ['y', ['call:output:0', '^check']]]);
    expect(f.control_ret).toEqual({});
  });
});

describe('moveBodyConsts', () => {
  it('names each body Const "<function>/<node>", unique in the model, and points its consumers at it', () => {
    const a = fn('a', [['x', DT_FLOAT]], [['y', DT_FLOAT]], [constNode('k', 2), node('m', 'Mul', ['x', 'k:output:0'])], { y: 'm:z:0' });
    const b = fn('b', [['x', DT_FLOAT]], [['y', DT_FLOAT]], [constNode('k', 3)], { y: 'k:output:0' });
    const weights = new Map([['a/k', scalar(9)]]);
    moveBodyConsts([a, b], [node('a/k', 'Const')], weights);
    expect(a.node_def!.map((n) => [n.name, n.input, n.attr])).toEqual([['a/k_1', [], { dtype: { type: DT_FLOAT } }], ['m', ['x', 'a/k_1:output:0'], {}]]);
    expect(b.ret).toEqual({ y: 'b/k:output:0' });
    expect([...weights].map(([k, v]) => [k, Array.from(v.data as Float32Array)])).toEqual([['a/k', [9]], ['a/k_1', [2]], ['b/k', [3]]]);
  });

  it('renames a body node that shares its name with a weight (tfjs would take the weight instead of running it)', () => {
    const f = fn('f', [['x', DT_FLOAT]], [['y', DT_FLOAT]], [node('w', 'Neg', ['x'])], { y: 'w:y:0' });
    moveBodyConsts([f], [node('w', 'Const')], new Map([['w', scalar(1)]]));
    expect([f.node_def![0].name, f.ret]).toEqual(['f/w', { y: 'f/w:y:0' }]);
  });
});
