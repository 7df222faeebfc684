import { describe, expect, it } from 'vitest';
import { MAX_FOLD_ELEMENTS } from '../../../../lib/engine/graph/optimize/fold-constants.ts';
import { DT_INT32, TinyGraph } from './optimize-graph-builder.ts';

describe('foldConstants', () => {
  it('folds a chain of float elementwise ops over constants into one Const (Keras BatchNorm scale)', () => {
    const g = new TinyGraph();
    g.op('add', 'AddV2', [g.const('var', [2], [3, 15]), g.const('eps', [], [1])]);
    g.op('rsqrt', 'Rsqrt', ['add']);
    g.op('scale', 'Mul', ['rsqrt', g.const('gamma', [2], [2, 4])]);
    g.op('y', 'Mul', [g.placeholder('x'), 'scale']);
    const r = g.optimize(['x', 'y']);
    expect(r.byName.get('scale')!.op).toBe('Const');
    expect(r.values('scale')).toEqual([1, 1]);
    expect(r.ops).toEqual(['Const', 'Mul', 'Placeholder']);
    expect(r.stats.folded).toBe(3);
  });

  it('broadcasts like TensorFlow ([2,1] + [3] → [2,3]) when the result is no larger than an input', () => {
    const g = new TinyGraph();
    g.op('sum', 'AddV2', [g.const('a', [2, 1], [10, 20]), g.const('b', [3], [1, 2, 3])]);
    g.op('y', 'Mul', [g.placeholder('x'), 'sum']);
    // [2,3] has 6 elements, more than either input: growing the weights is not folded.
    expect(g.optimize(['x', 'y']).byName.get('sum')!.op).toBe('AddV2');
    const h = new TinyGraph();
    h.op('sum', 'AddV2', [h.const('a', [2, 3], [0, 0, 0, 1, 1, 1]), h.const('b', [3], [1, 2, 3])]);
    h.op('y', 'Mul', [h.placeholder('x'), 'sum']);
    const r = h.optimize(['x', 'y']);
    expect(r.values('sum')).toEqual([1, 2, 3, 2, 3, 4]);
  });

  it('folds Reshape and Squeeze of a constant (a Keras Conv2D bias) into the same values under a new shape', () => {
    const g = new TinyGraph();
    g.op('r', 'Reshape', [g.const('b', [3], [1, 2, 3]), g.intConst('shape', [4], [1, 1, 1, -1])]);
    g.op('s', 'Squeeze', ['r']);
    g.op('y', 'AddV2', [g.placeholder('x'), 's']);
    const r = g.optimize(['x', 'y']);
    expect(r.byName.get('s')!.op).toBe('Const');
    expect(g.weights.get('s')!.shape).toEqual([3]);
  });

  it('does not fold integer arithmetic, nodes with control inputs, or fetched nodes', () => {
    const g = new TinyGraph();
    g.op('iadd', 'AddV2', [g.intConst('i', [1], [1]), g.intConst('j', [1], [2])], {}, DT_INT32);
    g.op('ctl', 'Neg', [g.const('c', [1], [1]), '^x']);
    g.op('fetched', 'Neg', [g.const('d', [1], [1])]);
    g.placeholder('x');
    const r = g.optimize(['x', 'iadd', 'ctl', 'fetched']);
    expect(r.byName.get('iadd')!.op).toBe('AddV2');
    expect(r.byName.get('ctl')!.op).toBe('Neg');
    expect(r.byName.get('fetched')!.op).toBe('Neg');
  });

  it(`does not fold results over ${MAX_FOLD_ELEMENTS} elements`, () => {
    const g = new TinyGraph();
    const n = MAX_FOLD_ELEMENTS + 1;
    g.op('neg', 'Neg', [g.const('big', [n], new Array<number>(n).fill(1))]);
    g.op('sum', 'AddV2', ['neg', g.const('z', [n], new Array<number>(n).fill(0))]);
    g.op('y', 'Mul', [g.placeholder('x'), 'sum']);
    const r = g.optimize(['x', 'y']);
    expect(r.byName.get('sum')!.op).toBe('AddV2');
  });
});
