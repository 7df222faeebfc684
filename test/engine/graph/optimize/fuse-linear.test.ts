import { describe, expect, it } from 'vitest';
import { DT_INT32, fusedOps, TinyGraph } from './optimize-graph-builder.ts';

/** x → Conv2D(W = [1, 2] as [1,1,1,2]) → … : the graph every case starts from. */
function convGraph() {
  const g = new TinyGraph();
  const x = g.placeholder('x');
  const w = g.const('w', [1, 1, 1, 2], [1, 2]);
  return { g, conv: g.conv('conv', x, w) };
}

describe('fuseLinear', () => {
  it('folds Keras BatchNorm arithmetic (Mul then Add) and a Relu into one _FusedConv2D', () => {
    const { g, conv } = convGraph();
    g.op('mul', 'Mul', [conv, g.const('scale', [2], [3, 4])]);
    g.op('add', 'AddV2', [g.const('shift', [2], [5, 6]), 'mul']);
    g.op('relu', 'Relu', ['add']);
    const r = g.optimize(['x', 'relu']);
    const fused = r.byName.get('relu')!;
    expect(fused.op).toBe('_FusedConv2D');
    expect(fusedOps(fused)).toEqual(['BiasAdd', 'Relu']);
    expect(r.values(fused.input![1])).toEqual([3, 8]);
    expect(r.values(fused.input![2])).toEqual([5, 6]);
    expect(r.ops).toEqual(['Const', 'Const', 'Placeholder', '_FusedConv2D']);
  });

  it('folds BiasAdd before a scale into the bias (b * s) and Sub into a negative shift', () => {
    const { g, conv } = convGraph();
    g.op('bias', 'BiasAdd', [conv, g.const('b', [2], [1, 1])]);
    g.op('mul', 'Mul', ['bias', g.const('s', [], [2])]);
    g.op('sub', 'Sub', ['mul', g.const('m', [2], [0.5, 0.25])]);
    const r = g.optimize(['x', 'sub']);
    const fused = r.byName.get('sub')!;
    expect(fusedOps(fused)).toEqual(['BiasAdd']);
    expect(r.values(fused.input![1])).toEqual([2, 4]);
    expect(r.values(fused.input![2])).toEqual([1.5, 1.75]);
  });

  it('folds an inference FusedBatchNormV3: scale = gamma / sqrt(var + eps), shift = beta - mean * scale', () => {
    const { g, conv } = convGraph();
    const p = ['gamma', 'beta', 'mean', 'var'].map((n, i) => g.const(n, [2], [[2, 4], [1, 1], [1, 0], [3, 15]][i]));
    g.op('bn', 'FusedBatchNormV3', [conv, ...p], { is_training: { b: false }, epsilon: { f: 1 }, data_format: { s: new TextEncoder().encode('NHWC') } });
    const r = g.optimize(['x', 'bn']);
    const fused = r.byName.get('bn')!;
    expect(fused.op).toBe('_FusedConv2D');
    expect(r.values(fused.input![1])).toEqual([1, 2]); // scale [1, 1]
    expect(r.values(fused.input![2])).toEqual([0, 1]);
  });

  it('does not fold a training-mode FusedBatchNorm or one whose batch statistics are read', () => {
    for (const [training, extra] of [[true, false], [false, true]]) {
      const { g, conv } = convGraph();
      const p = ['gamma', 'beta', 'mean', 'var'].map((n) => g.const(n, [2], [1, 1]));
      g.op('bn', 'FusedBatchNormV3', [conv, ...p], { is_training: { b: training } });
      const fetch = extra ? ['bn', 'stat'] : ['bn'];
      if (extra) g.op('stat', 'Identity', ['bn:1']);
      const r = g.optimize(['x', ...fetch]);
      expect(r.byName.get('bn')!.op).toBe('FusedBatchNormV3');
      expect(r.byName.get('conv')!.op).toBe('Conv2D');
    }
  });

  it('does not fold a scale when the convolution output has another reader', () => {
    const { g, conv } = convGraph();
    g.op('mul', 'Mul', [conv, g.const('s', [2], [3, 4])]);
    g.op('other', 'Relu', [conv]);
    const r = g.optimize(['x', 'mul', 'other']);
    expect(r.byName.get('conv')!.op).toBe('Conv2D');
    expect(r.byName.get('mul')!.op).toBe('Mul');
  });

  it('does not fold a scale that is not a constant', () => {
    const { g, conv } = convGraph();
    g.op('mul', 'Mul', [conv, g.placeholder('s')]);
    const r = g.optimize(['x', 's', 'mul']);
    expect(r.byName.get('conv')!.op).toBe('Conv2D');
    expect(r.byName.get('mul')!.op).toBe('Mul');
  });

  it('does not fold a constant that would broadcast the output to a new shape', () => {
    const { g, conv } = convGraph();
    g.op('add', 'AddV2', [conv, g.const('big', [1, 1, 1, 1, 2], [1, 2])]);
    const r = g.optimize(['x', 'add']);
    expect(r.byName.get('add')!.op).toBe('AddV2');
  });

  it('fuses the bias but not an activation when the pre-activation value has another reader (swish)', () => {
    const { g, conv } = convGraph();
    g.op('bias', 'BiasAdd', [conv, g.const('b', [2], [1, 1])]);
    g.op('sig', 'Sigmoid', ['bias']);
    g.op('swish', 'Mul', ['bias', 'sig']);
    const r = g.optimize(['x', 'swish']);
    expect(r.byName.get('bias')!.op).toBe('_FusedConv2D');
    expect(fusedOps(r.byName.get('bias'))).toEqual(['BiasAdd']);
    expect(r.byName.get('sig')!.op).toBe('Sigmoid');
  });

  it('leaves NCHW convolutions alone', () => {
    const g = new TinyGraph();
    g.conv('conv', g.placeholder('x'), g.const('w', [1, 1, 1, 2], [1, 2]), 'NCHW');
    g.op('relu', 'Relu', ['conv']);
    const r = g.optimize(['x', 'relu']);
    expect(r.byName.get('conv')!.op).toBe('Conv2D');
  });

  it('leaves integer MatMuls alone and fuses float ones with transpose_b and LeakyRelu alpha', () => {
    const g = new TinyGraph();
    g.op('imm', 'MatMul', [g.placeholder('i', DT_INT32), g.intConst('iw', [1, 2], [1, 2])], {}, DT_INT32);
    g.op('ibias', 'BiasAdd', ['imm', g.intConst('ib', [2], [1, 1])], {}, DT_INT32);
    g.op('mm', 'MatMul', [g.placeholder('x'), g.const('w', [2, 1], [1, 2])], { transpose_b: { b: true } });
    g.op('mul', 'Mul', ['mm', g.const('s', [2], [10, 100])]);
    g.op('lrelu', 'LeakyRelu', ['mul'], { alpha: { f: 0.1 } });
    const r = g.optimize(['i', 'x', 'ibias', 'lrelu']);
    expect(r.byName.get('imm')!.op).toBe('MatMul');
    const fused = r.byName.get('lrelu')!;
    expect(fused.op).toBe('_FusedMatMul');
    expect(fusedOps(fused)).toEqual(['BiasAdd', 'LeakyRelu']);
    expect(fused.attr?.leakyrelu_alpha?.f).toBeCloseTo(0.1);
    // stored as [in, out] and read untransposed (tfjs-backend-wasm's fused kernel is wrong with transposeB)
    expect(fused.attr?.transpose_b?.b).toBe(false);
    expect(r.values(fused.input![1])).toEqual([10, 200]);
  });

  it('stores a transpose_b MatMul weight folded and transposed to [in, out]', () => {
    const g = new TinyGraph();
    g.op('mm', 'MatMul', [g.placeholder('x'), g.const('w', [2, 3], [1, 2, 3, 4, 5, 6])], { transpose_b: { b: true } });
    g.op('mul', 'Mul', ['mm', g.const('s', [2], [1, 10])]);
    const r = g.optimize(['x', 'mul']);
    const fused = r.byName.get('mul')!;
    expect(g.weights.get(fused.input![1])!.shape).toEqual([3, 2]);
    expect(r.values(fused.input![1])).toEqual([1, 40, 2, 50, 3, 60]);
  });

  it('never fuses away a fetched convolution', () => {
    const { g, conv } = convGraph();
    g.op('relu', 'Relu', [conv]);
    const r = g.optimize(['x', 'conv', 'relu']);
    expect(r.byName.get('conv')!.op).toBe('Conv2D');
    expect(r.byName.get('relu')!.op).toBe('Relu');
  });

  it('folds a depthwise filter per output channel (in * multiplier + m)', () => {
    const g = new TinyGraph();
    const w = g.const('w', [1, 1, 2, 2], [1, 1, 1, 1]);
    g.op('dw', 'DepthwiseConv2dNative', [g.placeholder('x'), w], { strides: { list: { i: [1, 1, 1, 1] } }, padding: { s: new TextEncoder().encode('VALID') } });
    g.op('mul', 'Mul', ['dw', g.const('s', [4], [1, 2, 3, 4])]);
    const r = g.optimize(['x', 'mul']);
    const fused = r.byName.get('mul')!;
    expect(fused.op).toBe('FusedDepthwiseConv2dNative');
    expect(r.values(fused.input![1])).toEqual([1, 2, 3, 4]);
  });
});
