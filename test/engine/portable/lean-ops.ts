// Each lean-ops.ts adapter against the GraphModel on small hand-made graphs (the fixtures exercise MatMul,
// BiasAdd, Relu, Softmax, Sigmoid, Mul, AddV2 and Reshape; these add _FusedMatMul with each activation and
// transpose_b, Cast, and the elementwise ops no fixture has): same values, dtype and shape, or a hand-back.
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

const CASES: [string, ConvertedGraph, HostTensor][] = [
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
