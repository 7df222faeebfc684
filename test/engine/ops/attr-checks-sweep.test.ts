// Load-time refusals the op sweep (test/fixtures/op-sweep, TF 2.21) called for: node attrs TensorFlow has no CPU
// kernel for (ops/tf-cpu-kernels.ts), uint32 anywhere, and combinations where TF's own answer is a bug or
// depends on the machine, or where a tfjs kernel crashes or computes something else.
import { describe, expect, it } from 'vitest';
import { checkOpAttrs } from '../../../lib/engine/ops/index.ts';
import type { AttrValueMessage, NodeDefMessage } from '../../../lib/savedmodel/index.ts';

const utf8 = new TextEncoder();
const node = (op: string, attr: Record<string, AttrValueMessage>): NodeDefMessage => ({ name: 'n', op, input: [], attr });
const t = (type: number): AttrValueMessage => ({ type });
const ints = (...i: number[]): AttrValueMessage => ({ list: { i } }) as AttrValueMessage;

describe('checkOpAttrs after the op sweep', () => {
  it.each([
    ['RealDiv on int32 (no TF CPU kernel)', node('RealDiv', { T: t(3) }), 'T=int32 (no TensorFlow CPU kernel)'],
    ['Reciprocal on int64 (no TF CPU kernel)', node('Reciprocal', { T: t(9) }), 'T=int64 (no TensorFlow CPU kernel)'],
    ['Cast to uint32', node('Cast', { SrcT: t(1), DstT: t(22) }), 'DstT=uint32'],
    ['Round on int32 (TF 2.21 returns 0)', node('Round', { T: t(3) }), 'T=int32'],
    ['Add on strings', node('AddV2', { T: t(7) }), 'T=string'],
    ['Cast half → uint8 (TF depends on length and CPU)', node('Cast', { SrcT: t(19), DstT: t(4) }), 'SrcT=float16, DstT=uint8'],
    ['TopKV2 sorted=false', node('TopKV2', { T: t(1), sorted: { b: false } }), 'sorted=false'],
    ['Conv2D NCHW', node('Conv2D', { T: t(1), data_format: { s: utf8.encode('NCHW') } }), 'data_format=NCHW'],
    ['Conv2D on int32', node('Conv2D', { T: t(3) }), 'T=int32'],
    ['DepthwiseConv2dNative with dilations', node('DepthwiseConv2dNative', { T: t(1), dilations: ints(1, 2, 1, 1) }), 'dilations=[1,2,1,1]'],
    ['DepthwiseConv2dNative with unequal strides', node('DepthwiseConv2dNative', { T: t(1), strides: ints(1, 3, 1, 1) }), 'strides=[1,3,1,1]'],
    ['ReverseV2 on bool (wasm writes out of bounds)', node('ReverseV2', { T: t(10) }), 'T=bool'],
    ['GatherNd on strings (wasm aborts)', node('GatherNd', { Tparams: t(7), Tindices: t(3) }), 'Tparams=string'],
  ])('refuses %s', (_label, n, why) => {
    expect(() => checkOpAttrs(n, 'sig')).toThrow(expect.objectContaining({ code: 'UNIMPLEMENTED' }));
    expect(() => checkOpAttrs(n, 'sig')).toThrow(`sig: op '${n.op}' (node 'n') with ${why} is not supported by the portable engine`);
  });

  it.each([
    ['RealDiv on float32', node('RealDiv', { T: t(1) })],
    ['Round on float32', node('Round', { T: t(1) })],
    ['Cast float32 → uint8', node('Cast', { SrcT: t(1), DstT: t(4) })],
    ['Conv2D NHWC float32', node('Conv2D', { T: t(1), data_format: { s: utf8.encode('NHWC') }, dilations: ints(1, 2, 2, 1) })],
    ['GatherV2 with int64 indices', node('GatherV2', { Tparams: t(1), Tindices: t(9), Taxis: t(3) })],
    ['an op of the project (no TF kernel table entry)', node('TfsVariable', { dtype: t(1) })],
  ])('accepts %s', (_label, n) => {
    expect(() => checkOpAttrs(n, 'sig')).not.toThrow();
  });
});
