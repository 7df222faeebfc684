// The ops the lean executor (lean-plan.ts) runs, each as the tfjs kernel that tfjs-converter's executor would
// reach for it, with the attribute and shape work of the tfjs-core op function in front (tfjs-core 4.22
// ops/*.ts: add, mul, matMul, fused/mat_mul, softmax, reshape, cast). A per-call check that meets anything
// the op function would treat differently (another dtype, an empty inner dimension, a scalar softmax) answers
// false, and the whole call goes to the GraphModel instead: the lean path never has its own error or edge case.
import type * as tf from '@tensorflow/tfjs-core';
import type { NodeDefMessage } from '../../savedmodel/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import { EXACT_PREFIX } from '../ops/exact-arith.ts';
import type { WasmDirectKind } from './lean-wasm-direct.ts';
import { LEAN_CONV_OPS } from './lean-conv-ops.ts';

/** One step's kernel call, built once at load and refilled in place on every call. */
export interface KernelArgs {
  inputs: Record<string, tf.TensorInfo | undefined>;
  backend: tf.KernelBackend;
  attrs: Record<string, unknown>;
}

/** Per-call check (and input rewrite) before the kernel; false sends the call to the GraphModel. */
export type Prepare = (args: KernelArgs) => boolean;
/** Per-call rewrite of the kernel's output (e.g. back from rank 3). */
export type Finish = (args: KernelArgs, out: tf.TensorInfo) => tf.TensorInfo;

export interface LeanOp {
  /** tfjs-core kernel name (kernel_names.ts). */
  kernel: string;
  /** Kernel input names for the node's first data inputs, in order; later data inputs must be constants. */
  inputs: readonly string[];
  /** Attrs from the node and its constant inputs; undefined when this node is not one the lean path runs. */
  attrs: (node: NodeDefMessage, constant: (slot: number) => HostTensor | undefined) => Record<string, unknown> | undefined;
  prepare?: Prepare;
  finish?: Finish;
  /** A backend whose kernel differs from TensorFlow for this op: there the node leaves the graph to the GraphModel. */
  notOn?: string;
  /** On wasm, call the kernel's WebAssembly function directly (lean-wasm-direct.ts) instead of tfjs's wrapper. */
  wasmDirect?: WasmDirectKind;
}

const DT_FLOAT = 1;
const DT_INT32 = 3;
const DT_BOOL = 10;
const TFJS_DTYPE: Record<number, tf.DataType> = { [DT_FLOAT]: 'float32', [DT_INT32]: 'int32', [DT_BOOL]: 'bool' };

const typeOf = (node: NodeDefMessage, name = 'T') => node.attr?.[name]?.type;
/** Elementwise ops run only where T is float32 or int32 (tfjs makeTypesMatch never has work to do then). */
const numeric = (node: NodeDefMessage) => (typeOf(node) === DT_FLOAT || typeOf(node) === DT_INT32 ? {} : undefined);
const float = (node: NodeDefMessage) => (typeOf(node) === DT_FLOAT ? {} : undefined);

const sameDtype: Prepare = ({ inputs: { a, b } }) => a!.dtype === b!.dtype && a!.dtype !== 'string';
const float32x: Prepare = ({ inputs: { x } }) => x!.dtype === 'float32';

const binary = (kernel: string, attrs = numeric): LeanOp => ({ kernel, inputs: ['a', 'b'], attrs, prepare: sameDtype, wasmDirect: 'binary' });
const unary = (kernel: string): LeanOp => ({ kernel, inputs: ['x'], attrs: float, prepare: float32x });

/** TfsExact>MatMul (exact-arith.ts) is tf.matMul for float32 unless the inner dimension is empty. */
const matMul: LeanOp = {
  kernel: 'BatchMatMul',
  wasmDirect: 'matmul',
  inputs: ['a', 'b'],
  attrs: (node) => (typeOf(node) === DT_FLOAT ? { transposeA: node.attr?.transpose_a?.b === true, transposeB: node.attr?.transpose_b?.b === true } : undefined),
  prepare: ({ inputs: { a, b }, attrs }) => {
    if (a!.dtype !== 'float32' || b!.dtype !== 'float32' || a!.shape.length !== 2 || b!.shape.length !== 2) return false;
    return a!.shape[attrs.transposeA ? 0 : 1] !== 0 || b!.shape[attrs.transposeB ? 1 : 0] !== 0;
  },
};

/** tfjs-converter's fused activation names (op_list fused_ops, lower-cased) the kernels know. */
const ACTIVATIONS: Record<string, string> = { relu: 'relu', relu6: 'relu6', elu: 'elu', sigmoid: 'sigmoid', leakyrelu: 'leakyrelu' };

/** Per-call scratch of the fused matmul: the 2-D output shape to restore. */
interface FusedAttrs { transposeA: boolean; transposeB: boolean; activation: string; leakyreluAlpha: number; outShape: number[] }

/**
 * _FusedMatMul as tfjs-core's fused.matMul: BiasAdd plus at most one activation, rank-2 operands viewed as
 * [1, rows, cols] (the kernel's rank-3 form; a view is a new shape over the same data) and the bias
 * broadcast against the output. transpose_a is never fused (fuse-linear.ts).
 */
const fusedMatMul: LeanOp = {
  kernel: '_FusedMatMul',
  inputs: ['a', 'b', 'bias'],
  attrs: (node) => {
    const ops = (node.attr?.fused_ops?.list?.s ?? []).map((s) => new TextDecoder().decode(s).toLowerCase());
    const activation = ops.length === 1 ? 'linear' : ACTIVATIONS[ops[1]];
    if (typeOf(node) !== DT_FLOAT || ops[0] !== 'biasadd' || ops.length > 2 || !activation || Number(node.attr?.num_args?.i ?? 0) !== 1) return undefined;
    if (node.attr?.transpose_a?.b === true) return undefined;
    const alpha = node.attr?.leakyrelu_alpha?.f ?? 0.2;
    return { transposeA: false, transposeB: node.attr?.transpose_b?.b === true, activation, leakyreluAlpha: alpha, outShape: [0, 0] } satisfies FusedAttrs;
  },
  prepare: (args) => {
    const { a, b, bias } = args.inputs;
    const attrs = args.attrs as unknown as FusedAttrs;
    if (a!.dtype !== 'float32' || b!.dtype !== 'float32' || bias!.dtype !== 'float32') return false;
    if (a!.shape.length !== 2 || b!.shape.length !== 2 || bias!.shape.length !== 1) return false;
    const [m, k] = a!.shape;
    const [k2, n] = attrs.transposeB ? [b!.shape[1], b!.shape[0]] : b!.shape;
    if (k !== k2 || (bias!.shape[0] !== n && bias!.shape[0] !== 1) || m === 0 || k === 0 || n === 0) return false;
    attrs.outShape[0] = m;
    attrs.outShape[1] = n;
    args.inputs.a = { dataId: a!.dataId, dtype: 'float32', shape: [1, m, k] };
    args.inputs.b = { dataId: b!.dataId, dtype: 'float32', shape: [1, b!.shape[0], b!.shape[1]] };
    return true;
  },
  finish: (args, out) => ({ dataId: out.dataId, dtype: out.dtype, shape: (args.attrs as unknown as FusedAttrs).outShape.slice() }),
};

/** TfsExact>Softmax (guarded-kernels.ts) is tf.softmax over the last axis, of rank ≥ 1 and not empty. */
const softmax: LeanOp = {
  kernel: 'Softmax',
  inputs: ['logits'],
  attrs: (node) => (typeOf(node) === DT_FLOAT ? { dim: -1 } : undefined),
  prepare: ({ inputs: { logits }, attrs }) => {
    const x = logits!;
    if (x.dtype !== 'float32' || x.shape.length < 1 || x.shape.includes(0)) return false;
    attrs.dim = x.shape.length - 1;
    return true;
  },
};

/** Reshape to a constant shape (the common case; a computed shape leaves the graph to the GraphModel). */
const reshape: LeanOp = {
  kernel: 'Reshape',
  inputs: ['x'],
  attrs: (_node, constant) => {
    const shape = constant(1);
    return shape && (shape.dtype === 'DT_INT32' || shape.dtype === 'DT_INT64') && shape.shape.length === 1 ? { shape: Array.from(shape.data as ArrayLike<number | bigint>, Number) } : undefined;
  },
  prepare: ({ inputs: { x } }) => x!.dtype !== 'string',
};

/**
 * Cast int32/bool → float32 and bool → int32, which tfjs computes as TF. Float → int32 and anything → bool are
 * exact-arith's (`TfsExact>CastTo*`: tfjs rounds NaN to 0 and wasm keeps 2 as 2 in a bool), never lean.
 */
const cast: LeanOp = {
  kernel: 'Cast',
  inputs: ['x'],
  attrs: (node) => {
    const [src, dst] = [TFJS_DTYPE[typeOf(node, 'SrcT') ?? -1], TFJS_DTYPE[typeOf(node, 'DstT') ?? -1]];
    const exact = (dst === 'float32' && (src === 'int32' || src === 'bool')) || (dst === 'int32' && src === 'bool');
    return exact ? { dtype: dst, src } : undefined;
  },
  prepare: ({ inputs: { x }, attrs }) => x!.dtype === attrs.src,
};

/** TensorFlow op name (as the converted graph spells it) → how the lean executor runs it. */
export const LEAN_OPS: Readonly<Record<string, LeanOp>> = {
  Add: binary('Add'),
  AddV2: binary('Add'),
  BiasAdd: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Multiply', float),
  RealDiv: binary('RealDiv', float),
  Relu: unary('Relu'),
  // wasm's Relu6 (XNNPACK's clamp) turns NaN into 0; TF keeps NaN (ops/array-checks.ts runs it there).
  Relu6: { ...unary('Relu6'), notOn: 'wasm' },
  Elu: unary('Elu'),
  Sigmoid: unary('Sigmoid'),
  Tanh: unary('Tanh'),
  Exp: unary('Exp'),
  Sqrt: unary('Sqrt'),
  Rsqrt: unary('Rsqrt'),
  Square: unary('Square'),
  [`${EXACT_PREFIX}MatMul`]: matMul,
  _FusedMatMul: fusedMatMul,
  [`${EXACT_PREFIX}Softmax`]: softmax,
  Reshape: reshape,
  Cast: cast,
  ...LEAN_CONV_OPS,
};

/** Ops that pass their inputs through unchanged: output k is data input k (no kernel, no copy). */
export const PASS_THROUGH = new Set(['Identity', 'IdentityN', 'Snapshot', 'StopGradient']);
