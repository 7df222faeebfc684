// Calls inside library functions (While / If bodies) are expanded in FunctionDef body syntax: callee nodes
// under "<call>/", arguments substituted, the call itself an IdentityN whose "<call>:output:k" refs stay valid.
import { describe, expect, it } from 'vitest';
import { copyFunction } from '../../../lib/engine/graph/function-body.ts';
import { inlineBodyCalls } from '../../../lib/engine/graph/inline-function-bodies.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { DT_FLOAT, DT_RESOURCE, fn, func, node, registry, snapshot, types } from './function-defs.ts';

const step = fn('step', [['acc', DT_FLOAT], ['w', DT_RESOURCE]], [['identity', DT_FLOAT]], [
  node('read', 'ReadVariableOp', ['w'], { dtype: { type: DT_FLOAT } }),
  node('add', 'AddV2', ['acc', 'read:value:0']),
  node('Identity', 'Identity', ['add:z:0', '^NoOp']),
  node('NoOp', 'NoOp', ['^read']),
], { identity: 'Identity:output:0' }, { NoOp: 'NoOp' });

const square = fn('square', [['v', DT_FLOAT]], [['identity', DT_FLOAT]], [node('mul', 'Mul', ['v', 'v'])], { identity: 'mul:z:0' });

const body = fn('body', [['i', DT_FLOAT], ['res', DT_RESOURCE]], [['out', DT_FLOAT], ['res_out', DT_RESOURCE]], [
  node('call', 'StatefulPartitionedCall', ['i', 'res', '^ctl'], { f: func('step'), Tin: types(DT_FLOAT, DT_RESOURCE), Tout: types(DT_FLOAT) }),
  node('sq', 'PartitionedCall', ['call:output:0'], { f: func('square'), Tin: types(DT_FLOAT), Tout: types(DT_FLOAT) }),
  node('ctl', 'NoOp'),
  node('half', 'Mul', ['sq:output:0', 'call:output:0']),
], { out: 'half:z:0', res_out: 'res' });

function inlined(f = body, fns = [step, square]) {
  const copy = copyFunction(f);
  inlineBodyCalls(copy, registry([f, ...fns]));
  return copy;
}

describe('inlineBodyCalls', () => {
  it('puts callee nodes under "<call>/" with body-syntax refs and substitutes the arguments', () => {
    const byName = new Map(inlined().node_def!.map((n) => [n.name, n]));
    expect(byName.get('call/read')?.input).toEqual(['res']);
    expect(byName.get('call/add')?.input).toEqual(['i', 'call/read:value:0']);
    expect(byName.get('call/Identity')?.input).toEqual(['call/add:z:0', '^call/NoOp']);
    expect(byName.get('call/NoOp')?.input).toEqual(['^call/read']);
  });

  it('turns each call into an IdentityN over the callee outputs, so "<call>:output:k" refs stay as they are', () => {
    const f = inlined();
    const byName = new Map(f.node_def!.map((n) => [n.name, n]));
    expect(byName.get('call')).toEqual({ name: 'call', op: 'IdentityN', input: ['call/Identity:output:0', '^ctl'], attr: { T: types(DT_FLOAT) } });
    expect(byName.get('sq')).toEqual({ name: 'sq', op: 'IdentityN', input: ['sq/mul:z:0'], attr: { T: types(DT_FLOAT) } });
    expect(byName.get('sq/mul')?.input).toEqual(['call:output:0', 'call:output:0']);
    expect(byName.get('half')?.input).toEqual(['sq:output:0', 'call:output:0']);
    expect(f.ret).toEqual({ out: 'half:z:0', res_out: 'res' });
    expect(f.node_def!.some((n) => n.op.endsWith('PartitionedCall'))).toBe(false);
  });

  it('expands calls made inside callees, recursively', () => {
    const outer = fn('outer', [['v', DT_FLOAT]], [['y', DT_FLOAT]], [
      node('inner', 'PartitionedCall', ['v'], { f: func('square'), Tin: types(DT_FLOAT), Tout: types(DT_FLOAT) }),
    ], { y: 'inner:output:0' });
    const loop = fn('loop', [['x', DT_FLOAT]], [['y', DT_FLOAT]], [
      node('c', 'PartitionedCall', ['x'], { f: func('outer'), Tin: types(DT_FLOAT), Tout: types(DT_FLOAT) }),
    ], { y: 'c:output:0' });
    const f = inlined(loop, [outer, square]);
    expect(f.node_def!.map((n) => [n.name, n.op, n.input])).toEqual([
      ['c/inner/mul', 'Mul', ['x', 'x']],
      ['c/inner', 'IdentityN', ['c/inner/mul:z:0']],
      ['c', 'IdentityN', ['c/inner:output:0']],
    ]);
  });

  it('rewrites refs to a direct function call ("op: <function>") to IdentityN outputs', () => {
    const loop = fn('loop', [['x', DT_FLOAT]], [['y', DT_FLOAT]], [node('d', 'square', ['x']), node('neg', 'Neg', ['d:identity:0'])], { y: 'd:identity:0' });
    const f = inlined(loop, [square]);
    expect(f.node_def!.find((n) => n.name === 'neg')?.input).toEqual(['d:output:0']);
    expect(f.ret).toEqual({ y: 'd:output:0' });
  });

  it('leaves the library function itself untouched', () => {
    const before = snapshot(body);
    inlined();
    expect(body).toEqual(before);
  });

  it.each([
    ['a call with the wrong number of inputs', fn('bad', [['x', DT_FLOAT]], [], [node('c', 'PartitionedCall', ['x', 'x'], { f: func('square') })], {}), 'INVALID_ARGUMENT', "function 'bad': function 'square' called by 'c': expects 1 inputs, got 2"],
    ['a call to a function the library lacks', fn('bad', [['x', DT_FLOAT]], [], [node('c', 'PartitionedCall', ['x'], { f: func('nope') })], {}), 'INVALID_ARGUMENT', "function 'bad': node 'c' calls unknown function 'nope'"],
  ])('refuses %s', (_label, f, code, message) => {
    const err = (() => { try { inlined(f); } catch (e) { return e; } })();
    expect(isServingError(err) && [err.code, err.message]).toEqual([code, message]);
  });

  it('refuses a function that calls itself, naming the chain', () => {
    const rec = fn('rec', [['x', DT_FLOAT]], [['y', DT_FLOAT]], [node('again', 'PartitionedCall', ['x'], { f: func('rec') })], { y: 'again:output:0' });
    const loop = fn('loop', [['x', DT_FLOAT]], [['y', DT_FLOAT]], [node('c', 'PartitionedCall', ['x'], { f: func('rec') })], { y: 'c:output:0' });
    const err = (() => { try { inlined(loop, [rec]); } catch (e) { return e; } })();
    expect(isServingError(err) && [err.code, err.message]).toEqual(['INVALID_ARGUMENT', "function 'loop': function 'rec' calls itself (loop → rec → rec)"]);
  });
});
