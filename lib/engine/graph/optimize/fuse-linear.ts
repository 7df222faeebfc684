// Conv2D / DepthwiseConv2dNative / MatMul followed by affine steps (BiasAdd, Keras's BatchNorm as Mul/Add,
// inference FusedBatchNorm) and an activation becomes one TensorFlow.js fused node (`_FusedConv2D`,
// `FusedDepthwiseConv2dNative`, `_FusedMatMul`: tfjs-converter op_list/convolution.ts, matrices.ts) with the
// scales folded into a copy of the filter and the shifts into one bias. A step folds only when the value
// before it has no other reader, is float32, NHWC, and is not a fetched or fed node.
import type { AttrValueMessage, NodeDefMessage } from '../../../savedmodel/index.ts';
import type { HostTensor } from '../../../tensor/index.ts';
import { affineStep } from './linear-chain.ts';
import { DT_FLOAT, type OptimizableGraph, stringAttr, typeAttr } from './optimizable-graph.ts';

const FUSED_OP: Record<string, string> = {
  Conv2D: '_FusedConv2D',
  DepthwiseConv2dNative: 'FusedDepthwiseConv2dNative',
  MatMul: '_FusedMatMul',
};

/** Activations TensorFlow.js fuses (tfjs-core fused_util applyActivation), by TensorFlow op name. */
const ACTIVATIONS = new Set(['Relu', 'Relu6', 'Elu', 'Sigmoid', 'LeakyRelu']);

/** The only reader of `name`'s output 0 and the input slot it reads through, when there is exactly one. */
function soleReader(g: OptimizableGraph, name: string): { node: NodeDefMessage; slot: number } | undefined {
  if (g.protect.has(name)) return undefined;
  const uses = g.usesOf(name);
  if (uses.length !== 1 || uses[0].control || uses[0].index !== 0) return undefined;
  return { node: uses[0].node, slot: uses[0].slot };
}

/** Output channels of the filter and the function giving the channel of flat filter element i. */
function channelsOf(op: string, filter: HostTensor, node: NodeDefMessage): { c: number; channel: (i: number) => number } | undefined {
  const s = filter.shape;
  if (op === 'Conv2D' && s.length === 4) return { c: s[3], channel: (i) => i % s[3] };
  // Depthwise filter [h, w, in, multiplier]: output channel in * multiplier + m, i.e. the flat index mod in*mult.
  if (op === 'DepthwiseConv2dNative' && s.length === 4) return { c: s[2] * s[3], channel: (i) => i % (s[2] * s[3]) };
  if (op === 'MatMul' && s.length === 2) {
    const transposed = node.attr?.transpose_b?.b === true;
    return transposed ? { c: s[0], channel: (i) => Math.floor(i / s[1]) } : { c: s[1], channel: (i) => i % s[1] };
  }
  return undefined;
}

/** A row-major [rows, cols] matrix transposed to [cols, rows]. */
function transpose2d(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c];
  return out;
}

function fuseOne(g: OptimizableGraph, conv: NodeDefMessage): boolean {
  const fused = FUSED_OP[conv.op];
  if (!fused || typeAttr(conv) !== DT_FLOAT || g.hasControlInputs(conv) || g.protect.has(conv.name)) return false;
  if (conv.op !== 'MatMul' && (stringAttr(conv, 'data_format') ?? 'NHWC') !== 'NHWC') return false;
  // transpose_a is left to the plain MatMul kernel (not checked against the wasm fused kernel).
  if (conv.op === 'MatMul' && conv.attr?.transpose_a?.b === true) return false;
  const filter = g.constInput(conv, 1);
  if (filter?.dtype !== 'DT_FLOAT') return false;
  const shape = channelsOf(conv.op, filter, conv);
  if (!shape) return false;
  const { c, channel } = shape;
  const scale = new Float32Array(c).fill(1);
  const bias = new Float32Array(c);
  const absorbed: NodeDefMessage[] = [];
  let tip = conv;
  let activation: NodeDefMessage | undefined;
  for (;;) {
    const next = soleReader(g, tip.name);
    if (!next || typeAttr(next.node) !== DT_FLOAT) break;
    if (ACTIVATIONS.has(next.node.op) && !g.hasControlInputs(next.node)) {
      activation = next.node;
      absorbed.push(next.node);
      break;
    }
    const step = affineStep(g, next.node, next.slot, c, conv.op === 'MatMul' ? 2 : 4);
    if (!step) break;
    for (let i = 0; i < c; i++) {
      if (step.scale) {
        scale[i] *= step.scale[i];
        bias[i] *= step.scale[i];
      }
      if (step.shift) bias[i] += step.shift[i];
    }
    absorbed.push(next.node);
    tip = next.node;
  }
  if (absorbed.length === 0) return false;
  const w = filter.data as Float32Array;
  const folded = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) folded[i] = w[i] * scale[channel(i)];
  const last = absorbed[absorbed.length - 1];
  // tfjs-backend-wasm 4.22's _FusedMatMul answers wrongly with transposeB (cpu is right; zoo fusion/
  // fused_batch_norm): the folded copy is stored as [in, out] instead, and the node reads it untransposed.
  const transposed = conv.op === 'MatMul' && conv.attr?.transpose_b?.b === true;
  const stored = transposed ? transpose2d(folded, filter.shape[0], filter.shape[1]) : folded;
  const shapeOut = transposed ? [filter.shape[1], filter.shape[0]] : [...filter.shape];
  const filterName = g.addConst(`${last.name}/fused_filter`, { dtype: 'DT_FLOAT', shape: shapeOut, data: stored });
  const biasName = g.addConst(`${last.name}/fused_bias`, { dtype: 'DT_FLOAT', shape: [c], data: bias });
  const enc = new TextEncoder();
  const ops = ['BiasAdd', ...(activation ? [activation.op] : [])].map((s) => enc.encode(s));
  // The fused node takes the last absorbed node's name, so its readers stay as they are.
  const attr: Record<string, AttrValueMessage> = { ...conv.attr, fused_ops: { list: { s: ops } }, num_args: { i: 1 }, epsilon: { f: 0 } };
  if (transposed) attr.transpose_b = { b: false };
  if (activation?.op === 'LeakyRelu') attr.leakyrelu_alpha = { f: activation.attr?.alpha?.f ?? 0.2 };
  const x = g.dataInputs(conv)[0];
  const replaced: NodeDefMessage = { name: last.name, op: fused, input: [x, filterName, biasName], attr };
  const gone = new Set([conv.name, ...absorbed.map((n) => n.name)]);
  g.nodes = g.nodes.flatMap((n) => (n === last ? [replaced] : gone.has(n.name) ? [] : [n]));
  g.reindex();
  return true;
}

/** Fuses every Conv/MatMul chain it can; returns how many fused nodes it made. */
export function fuseLinear(g: OptimizableGraph): number {
  let fused = 0;
  for (const conv of [...g.nodes]) if (g.byName.get(conv.name) === conv && fuseOne(g, conv)) fused++;
  return fused;
}
