import { describe, expect, it } from 'vitest';
import { TinyGraph } from './optimize-graph-builder.ts';

describe('pass-through removal', () => {
  it('bypasses Identity, IdentityN outputs and x * 1.0 but keeps fetched ones', () => {
    const g = new TinyGraph();
    const x = g.placeholder('x');
    g.op('id', 'Identity', [x]);
    g.op('idn', 'IdentityN', ['id', x]);
    g.op('one', 'Mul', [g.const('c1', [], [1]), 'idn:1']);
    g.op('y', 'AddV2', ['idn:0', 'one']);
    g.op('out', 'Identity', ['y']);
    const r = g.optimize(['x', 'out']);
    expect(r.byName.get('y')!.input).toEqual(['x', 'x']);
    expect(r.ops).toEqual(['AddV2', 'Identity', 'Placeholder']);
  });

  it('keeps Identity nodes in graphs with v1 control flow and ones read through a control edge', () => {
    const g = new TinyGraph();
    const x = g.placeholder('x');
    g.op('id', 'Identity', [x]);
    g.op('y', 'Neg', [x, '^id']);
    const r = g.optimize(['x', 'y']);
    expect(r.byName.get('id')!.op).toBe('Identity');
    const h = new TinyGraph();
    h.op('sw', 'Switch', [h.placeholder('x'), h.placeholder('p')]);
    h.op('id', 'Identity', ['sw:1']);
    h.op('y', 'Neg', ['id']);
    expect(h.optimize(['x', 'p', 'y']).byName.get('id')!.op).toBe('Identity');
  });
});
