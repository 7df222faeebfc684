// Each lean-ops.ts adapter against the GraphModel on small hand-made graphs (the fixtures exercise MatMul,
// BiasAdd, Relu, Softmax, Sigmoid, Mul, AddV2 and Reshape; these add _FusedMatMul with each activation and
// transpose_b, Cast, the elementwise ops no fixture has, and lean-conv-ops.ts's convolutions over their
// padding / stride / dilation / activation space and Mean): same values, dtype and shape, or a hand-back.
// Run per backend: lean-ops-{wasm,cpu}.test.ts.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConvertedGraph } from '../../../lib/engine/graph/convert.ts';
import { buildGraphModel } from '../../../lib/engine/portable/artifacts.ts';
import { type BackendName, ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { LeanExecutor } from '../../../lib/engine/portable/lean-executor.ts';
import { compileLeanPlan, type LeanPlan } from '../../../lib/engine/portable/lean-plan.ts';
import type { AttrValueMessage, NodeDefMessage } from '../../../lib/savedmodel/index.ts';
import type { HostTensor } from '../../../lib/tensor/index.ts';
import { EXACT_PREFIX } from '../../../lib/engine/ops/exact-arith.ts';
import { registerCustomOps } from '../../../lib/engine/ops/index.ts';

const F = 1, I = 3, B = 10;
const DT: Record<number, string> = { [F]: 'DT_FLOAT', [I]: 'DT_INT32', [B]: 'DT_BOOL' };
const enc = new TextEncoder();

const floats = (shape: number[], seed: number): HostTensor => ({ dtype: 'DT_FLOAT', shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(seed + i * 1.7) * 2) });
const node = (name: string, op: string, input: string[], attr: Record<string, AttrValueMessage> = {}): NodeDefMessage => ({ name, op, input, attr });

/** x (a feed of `dtype`) → `body` nodes → output 'y' read from node `out`; `weights` are Consts. */
function graph(dtype: number, weights: Record<string, HostTensor>, body: NodeDefMessage[], outDtype = F): ConvertedGraph {
  const consts = Object.entries(weights).map(([name, t]) => node(name, 'Const', [], { dtype: { type: t.dtype === 'DT_INT32' ? I : F } }));
  return {
    signature: { key: 'serving_default', methodName: 'tensorflow/serving/predict', inputs: { x: { name: 'x:0', dtype: DT[dtype], shape: null } }, outputs: { y: { name: 'y:0', dtype: DT[outDtype], shape: null } } },
    nodes: [node('x', 'Placeholder', [], { dtype: { type: dtype } }), ...consts, ...body],
    weights: new Map(Object.entries(weights)),
    feeds: [{ alias: 'x', node: 'x', dtype }],
    fetches: { y: `${body[body.length - 1].name}:0` },
    functions: [],
  };
}

const fused = (ops: string[], extra: Record<string, AttrValueMessage> = {}) =>
  node('y', '_FusedMatMul', ['x', 'w', 'b'], { T: { type: F }, fused_ops: { list: { s: ops.map((o) => enc.encode(o)) } }, num_args: { i: 1 }, epsilon: { f: 0 }, transpose_a: { b: false }, transpose_b: { b: false }, ...extra });

const ints = (...i: number[]): AttrValueMessage => ({ list: { i } });
/** A convolution node reading x, filter `w` (and bias `b` when fused); attrs left out take TF's defaults. */
const conv = (op: string, attrs: Record<string, AttrValueMessage>, ops?: string[]) =>
  node('y', op, ops ? ['x', 'w', 'b'] : ['x', 'w'], {
    T: { type: F }, strides: ints(1, 1, 1, 1), padding: { s: enc.encode('SAME') }, ...attrs,
    ...(ops ? { fused_ops: { list: { s: ops.map((o) => enc.encode(o)) } }, num_args: { i: 1 } } : {}),
  });
const convGraph = (op: string, filter: number[], attrs: Record<string, AttrValueMessage>, ops?: string[]) =>
  graph(F, { w: floats(filter, 1), ...(ops ? { b: floats([op.includes('Depthwise') ? filter[2] * filter[3] : filter[3]], 2) } : {}) }, [conv(op, attrs, ops)]);
const meanGraph = (axes: number[], keep: boolean) =>
  graph(F, { a: { dtype: 'DT_INT32', shape: [axes.length], data: Int32Array.from(axes) } }, [node('y', 'Mean', ['x', 'a'], { T: { type: F }, Tidx: { type: I }, keep_dims: { b: keep } })]);

const CONV_CASES: [string, ConvertedGraph, HostTensor][] = [
  ['Conv2D SAME, no data_format attr (TF strips defaults)', convGraph('Conv2D', [3, 3, 3, 4], { dilations: ints(1, 1, 1, 1) }), floats([2, 5, 5, 3], 1)],
  ['Conv2D VALID stride 2', convGraph('Conv2D', [3, 3, 3, 4], { padding: { s: enc.encode('VALID') }, strides: ints(1, 2, 2, 1), data_format: { s: enc.encode('NHWC') }, dilations: ints(1, 1, 1, 1) }), floats([1, 7, 6, 3], 2)],
  ['Conv2D EXPLICIT padding, dilation 2', convGraph('Conv2D', [2, 3, 3, 2], { padding: { s: enc.encode('EXPLICIT') }, explicit_paddings: ints(0, 0, 1, 2, 0, 3, 0, 0), dilations: ints(1, 2, 2, 1) }), floats([1, 6, 6, 3], 3)],
  ['Conv2D SAME 3×3 stride 4 on 9×9 (the wasm padding fix)', convGraph('Conv2D', [3, 3, 2, 2], { strides: ints(1, 4, 4, 1), dilations: ints(1, 1, 1, 1) }), floats([1, 9, 9, 2], 4)],
  ['DepthwiseConv2dNative VALID, multiplier 2', convGraph('DepthwiseConv2dNative', [3, 3, 3, 2], { padding: { s: enc.encode('VALID') }, dilations: ints(1, 1, 1, 1) }), floats([2, 5, 6, 3], 5)],
  ['_FusedConv2D BiasAdd', convGraph('_FusedConv2D', [3, 3, 3, 4], {}, ['BiasAdd']), floats([1, 6, 6, 3], 6)],
  ['_FusedConv2D BiasAdd + Relu, stride 2', convGraph('_FusedConv2D', [3, 3, 3, 4], { strides: ints(1, 2, 2, 1) }, ['BiasAdd', 'Relu']), floats([2, 7, 7, 3], 7)],
  ['_FusedConv2D BiasAdd + Relu6', convGraph('_FusedConv2D', [1, 1, 3, 5], {}, ['BiasAdd', 'Relu6']), floats([1, 4, 4, 3], 8)],
  ['_FusedConv2D BiasAdd + Elu, EXPLICIT padding', convGraph('_FusedConv2D', [3, 2, 3, 4], { padding: { s: enc.encode('EXPLICIT') }, explicit_paddings: ints(0, 0, 2, 0, 1, 1, 0, 0) }, ['BiasAdd', 'Elu']), floats([1, 5, 5, 3], 9)],
  ['_FusedConv2D BiasAdd + Sigmoid', convGraph('_FusedConv2D', [3, 3, 3, 4], {}, ['BiasAdd', 'Sigmoid']), floats([1, 5, 5, 3], 10)],
  ['_FusedConv2D BiasAdd + LeakyRelu(0.3)', convGraph('_FusedConv2D', [3, 3, 3, 4], { leakyrelu_alpha: { f: 0.3 } }, ['BiasAdd', 'LeakyRelu']), floats([1, 5, 5, 3], 11)],
  ['FusedDepthwiseConv2dNative BiasAdd + Relu6, stride 2, multiplier 2', convGraph('FusedDepthwiseConv2dNative', [3, 3, 3, 2], { strides: ints(1, 2, 2, 1) }, ['BiasAdd', 'Relu6']), floats([2, 7, 7, 3], 12)],
  ['FusedDepthwiseConv2dNative BiasAdd, VALID', convGraph('FusedDepthwiseConv2dNative', [2, 2, 3, 1], { padding: { s: enc.encode('VALID') } }, ['BiasAdd']), floats([1, 5, 5, 3], 13)],
  ['Mean over H and W (global average pooling)', meanGraph([1, 2], false), floats([2, 4, 5, 3], 14)],
  ['Mean over the last axis, negative, keep_dims', meanGraph([-1], true), floats([2, 4, 5, 3], 15)],
  ['_FusedConv2D with prelu (two extra args) is not lean', graph(F, { w: floats([1, 1, 3, 3], 1), b: floats([3], 2), alpha: floats([3], 3) }, [
    { ...conv('_FusedConv2D', {}, ['BiasAdd', 'Prelu']), input: ['x', 'w', 'b', 'alpha'] },
  ].map((n) => ({ ...n, attr: { ...n.attr, num_args: { i: 2 } } }))), floats([1, 3, 3, 3], 16)],
];

const CASES: [string, ConvertedGraph, HostTensor][] = [
  ...CONV_CASES,
  ['_FusedMatMul BiasAdd', graph(F, { w: floats([3, 4], 1), b: floats([4], 2) }, [fused(['BiasAdd'])]), floats([2, 3], 3)],
  ['_FusedMatMul BiasAdd + Relu', graph(F, { w: floats([3, 4], 1), b: floats([4], 2) }, [fused(['BiasAdd', 'Relu'])]), floats([5, 3], 4)],
  ['_FusedMatMul BiasAdd + Relu6', graph(F, { w: floats([3, 4], 1), b: floats([4], 2) }, [fused(['BiasAdd', 'Relu6'])]), floats([1, 3], 5)],
  ['_FusedMatMul BiasAdd + Sigmoid', graph(F, { w: floats([3, 4], 1), b: floats([4], 2) }, [fused(['BiasAdd', 'Sigmoid'])]), floats([2, 3], 6)],
  ['_FusedMatMul BiasAdd + Elu', graph(F, { w: floats([3, 4], 1), b: floats([4], 2) }, [fused(['BiasAdd', 'Elu'])]), floats([2, 3], 7)],
  ['_FusedMatMul BiasAdd + LeakyRelu(0.3)', graph(F, { w: floats([3, 4], 1), b: floats([4], 2) }, [fused(['BiasAdd', 'LeakyRelu'], { leakyrelu_alpha: { f: 0.3 } })]), floats([2, 3], 8)],
  ['_FusedMatMul transpose_b', graph(F, { w: floats([4, 3], 1), b: floats([4], 2) }, [fused(['BiasAdd', 'Relu'], { transpose_b: { b: true } })]), floats([2, 3], 9)],
  ['Cast int32 → float32', graph(I, { k: floats([1], 1) }, [node('c', 'Cast', ['x'], { SrcT: { type: I }, DstT: { type: F } }), node('y', 'Mul', ['c', 'k'], { T: { type: F } })]), { dtype: 'DT_INT32', shape: [4], data: Int32Array.from([-3, 0, 7, 1 << 20]) }],
  ['Cast bool → int32 → float32', graph(B, {}, [node('i', 'Cast', ['x'], { SrcT: { type: B }, DstT: { type: I } }), node('y', 'Cast', ['i'], { SrcT: { type: I }, DstT: { type: F } })]), { dtype: 'DT_BOOL', shape: [2, 2], data: Uint8Array.from([1, 0, 0, 1]) }],
  ['Cast float32 → bool is not lean (exact-arith)', graph(F, {}, [node('y', 'Cast', ['x'], { SrcT: { type: F }, DstT: { type: B } })], B), floats([3], 1)],
  ['Cast float32 → int32 is not lean (exact-arith)', graph(F, {}, [node('y', 'Cast', ['x'], { SrcT: { type: F }, DstT: { type: I } })], I), floats([3], 1)],
  ['Sub, RealDiv, Tanh, Exp, Square, Sqrt, Rsqrt', graph(F, { k: floats([3], 2) }, [
    node('a', 'Sub', ['x', 'k'], { T: { type: F } }), node('b', 'Square', ['a'], { T: { type: F } }), node('c', 'Sqrt', ['b'], { T: { type: F } }),
    node('d', 'Tanh', ['c'], { T: { type: F } }), node('e', 'Exp', ['d'], { T: { type: F } }), node('f', 'Rsqrt', ['e'], { T: { type: F } }),
    node('y', 'RealDiv', ['f', 'k'], { T: { type: F } }),
  ]), floats([2, 3], 3)],
  ['MatMul with transpose_a and transpose_b', graph(F, { w: floats([4, 3], 1) }, [node('y', `${EXACT_PREFIX}MatMul`, ['x', 'w'], { T: { type: F }, transpose_a: { b: true }, transpose_b: { b: true } })]), floats([3, 2], 2)],
  ['MatMul then MatMul (the second reads the first output)', graph(F, { w: floats([3, 4], 1), v: floats([4, 2], 3) }, [
    node('h', `${EXACT_PREFIX}MatMul`, ['x', 'w'], { T: { type: F } }), node('y', `${EXACT_PREFIX}MatMul`, ['h', 'v'], { T: { type: F } }),
  ]), floats([5, 3], 4)],
  ['AddV2 int32 broadcasting [2,1] against [3]', graph(I, { k: { dtype: 'DT_INT32', shape: [3], data: Int32Array.from([10, -20, 1 << 30]) } }, [node('y', 'AddV2', ['x', 'k'], { T: { type: I } })], I), { dtype: 'DT_INT32', shape: [2, 1], data: Int32Array.from([5, -7]) }],
  ['Mul with the constant first, scalar against [2,3]', graph(F, { k: { dtype: 'DT_FLOAT', shape: [], data: Float32Array.of(0.5) } }, [node('y', 'Mul', ['k', 'x'], { T: { type: F } })]), floats([2, 3], 4)],
  ['Sub rank 1 from rank 3, then Add of the two broadcast results', graph(F, { k: floats([4], 5) }, [
    node('a', 'Sub', ['x', 'k'], { T: { type: F } }), node('y', 'AddV2', ['a', 'x'], { T: { type: F } }),
  ]), floats([2, 1, 4], 6)],
  ['Reshape to a constant shape with -1, then Identity', graph(F, { s: { dtype: 'DT_INT32', shape: [2], data: Int32Array.from([-1, 2]) } }, [
    node('r', 'Reshape', ['x', 's'], { T: { type: F } }), node('y', 'Identity', ['r'], { T: { type: F } }),
  ]), floats([3, 4], 2)],
];

export function defineLeanOpsSuite(backend: BackendName): void {
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
    registerCustomOps(); // the GraphModel runs TfsExact>MatMul as our op
  });

  describe(`lean ops on ${backend}`, () => {
    it.each(CASES)('%s: the same answer as the GraphModel', async (name, g, x) => {
      const { model } = await buildGraphModel(g, name);
      try {
        const compiled = compileLeanPlan(g, model, backend);
        const dtype = ({ DT_INT32: 'int32', DT_BOOL: 'bool' } as const)[x.dtype as 'DT_INT32' | 'DT_BOOL'] ?? 'float32';
        const want = model.execute({ x: tf.tensor(x.data as Float32Array, x.shape, dtype) }, g.fetches.y) as tf.Tensor;
        const values = Array.from(want.dataSync());
        const shape = want.shape;
        want.dispose();
        if (name.includes('is not lean')) {
          expect('reason' in compiled).toBe(true);
          return;
        }
        expect('plan' in compiled ? 'plan' : compiled.reason).toBe('plan');
        const lean = new LeanExecutor((compiled as { plan: LeanPlan }).plan);
        const ids = tf.engine().backend.numDataIds();
        const got = lean.run(new Map([['x', x]]), ['y'])!.get('y')!;
        expect(lean.stats).toEqual({ runs: 1, fallbacks: 0 });
        expect(got.shape).toEqual(shape);
        expect(Array.from(got.data as Float32Array)).toEqual(values);
        expect(tf.engine().backend.numDataIds()).toBe(ids);
      } finally {
        model.dispose();
      }
    });

    it('recomputes a broadcast when the input shape changes, and hands back shapes that do not broadcast', async () => {
      const g = graph(F, { k: floats([1, 3], 1) }, [node('y', 'AddV2', ['x', 'k'], { T: { type: F } })]);
      const { model } = await buildGraphModel(g, 'broadcast');
      try {
        const { plan } = compileLeanPlan(g, model, backend) as { plan: LeanPlan };
        // on wasm the Add goes straight to the WebAssembly function (lean-wasm-direct.ts)
        expect(plan.resources.length).toBe(backend === 'wasm' ? 1 : 0);
        const lean = new LeanExecutor(plan);
        for (const shape of [[2, 3], [4, 1], [2, 3], [3]]) {
          const x = floats(shape, shape.length);
          const want = model.execute({ x: tf.tensor(x.data as Float32Array, shape) }, g.fetches.y) as tf.Tensor;
          const got = lean.run(new Map([['x', x]]), ['y'])!.get('y')!;
          expect([got.shape, Array.from(got.data as Float32Array)]).toEqual([want.shape, Array.from(want.dataSync())]);
          want.dispose();
        }
        const ids = tf.engine().backend.numDataIds();
        expect(lean.run(new Map([['x', floats([2, 2], 1)]]), ['y'])).toBeUndefined();
        expect(lean.stats).toEqual({ runs: 4, fallbacks: 1 });
        expect(tf.engine().backend.numDataIds()).toBe(ids);
        lean.dispose();
      } finally {
        model.dispose();
      }
    });
  });
}
