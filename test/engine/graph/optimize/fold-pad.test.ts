// Zero padding folds into the next convolution's explicit padding only where the numbers cannot change
// (TensorFlow checks: test/fixtures/zoo/fusion/pad_conv and keras_zero_padding goldens).
import { describe, expect, it } from 'vitest';
import { DT_INT32, TinyGraph } from './optimize-graph-builder.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** x → Pad(x, pads) → conv (padding VALID unless `explicit`) → fetched. */
function padConv(op: 'Conv2D' | 'DepthwiseConv2dNative', pads: number[], opts: { padOp?: string; value?: number; explicit?: number[]; padding?: string } = {}) {
  const g = new TinyGraph();
  const x = g.placeholder('x');
  const p = g.intConst('paddings', [4, 2], pads);
  const inputs = opts.padOp?.endsWith('PadV2') ? [x, p, g.const('value', [], [opts.value ?? 0])] : [x, p];
  g.op('pad', opts.padOp ?? 'Pad', inputs, { Tpaddings: { type: DT_INT32 } });
  const padding = opts.padding ?? (opts.explicit ? 'EXPLICIT' : 'VALID');
  g.op('conv', op, ['pad', g.const('w', [1, 1, 1, 1], [2])], {
    strides: { list: { i: [1, 2, 2, 1] } }, padding: { s: enc.encode(padding) }, data_format: { s: enc.encode('NHWC') },
    ...(opts.explicit ? { explicit_paddings: { list: { i: opts.explicit } } } : {}),
  });
  return g;
}

const padsOf = (n: { attr?: Record<string, { s?: Uint8Array; list?: { i?: unknown[] } }> } | undefined) => ({
  padding: dec.decode(n?.attr?.padding?.s),
  explicit: (n?.attr?.explicit_paddings?.list?.i ?? []).map(Number),
});

describe('foldPadIntoConv', () => {
  it.each([
    ['Conv2D after Pad (ZeroPadding2D + VALID)', 'Conv2D' as const, {}],
    ['DepthwiseConv2dNative after PadV2 with constant 0', 'DepthwiseConv2dNative' as const, { padOp: 'PadV2' }],
    ['Conv2D after a Pad routed to the exact kernel (TfsExact>Pad, as convert.ts hands it over)', 'Conv2D' as const, { padOp: 'TfsExact>Pad' }],
  ])('moves the pads of %s into explicit padding and drops the Pad', (_label, op, opts) => {
    const r = padConv(op, [0, 0, 0, 1, 2, 3, 0, 0], opts).optimize(['x', 'conv']);
    expect(r.byName.get('pad')).toBeUndefined();
    expect(r.byName.get('conv')!.input![0]).toBe('x');
    expect(padsOf(r.byName.get('conv'))).toEqual({ padding: 'EXPLICIT', explicit: [0, 0, 0, 1, 2, 3, 0, 0] });
    expect(r.stats.pads).toBe(1);
  });

  it('adds the pads to a convolution that already has explicit padding', () => {
    const r = padConv('Conv2D', [0, 0, 1, 0, 0, 2, 0, 0], { explicit: [0, 0, 0, 1, 1, 1, 0, 0] }).optimize(['x', 'conv']);
    expect(padsOf(r.byName.get('conv'))).toEqual({ padding: 'EXPLICIT', explicit: [0, 0, 1, 1, 1, 3, 0, 0] });
  });

  it.each([
    ['a PadV2 constant that is not 0', [0, 0, 1, 1, 1, 1, 0, 0], { padOp: 'PadV2', value: 0.5 }, []],
    ['a PadV2 constant of -0 (the border sums could change sign)', [0, 0, 1, 1, 1, 1, 0, 0], { padOp: 'PadV2', value: -0 }, []],
    ['channel padding (the filter expects the padded depth)', [0, 0, 0, 0, 0, 0, 0, 1], {}, []],
    ['batch padding', [1, 0, 0, 0, 0, 0, 0, 0], {}, []],
    ['a SAME convolution (its own padding depends on the padded size)', [0, 0, 1, 1, 1, 1, 0, 0], { padding: 'SAME' }, []],
    ['a padded tensor that is also fetched', [0, 0, 1, 1, 1, 1, 0, 0], {}, ['pad']],
  ])('leaves %s alone', (_label, pads, opts, alsoFetched) => {
    const r = padConv('Conv2D', pads, opts).optimize(['x', 'conv', ...alsoFetched]);
    expect(r.byName.get('pad')).toBeDefined();
    expect(r.byName.get('conv')!.input![0]).toBe('pad');
    expect(r.stats.pads).toBe(0);
  });

  it('leaves a padded tensor with a second reader alone', () => {
    const g = padConv('Conv2D', [0, 0, 1, 1, 1, 1, 0, 0]);
    g.op('other', 'Relu', ['pad']);
    const r = g.optimize(['x', 'conv', 'other']);
    expect(r.byName.get('conv')!.input![0]).toBe('pad');
  });
});
