// The lean executor's convolution and reduction steps (lean-ops.ts has the rest): Conv2D and
// DepthwiseConv2dNative, `_FusedConv2D` and `FusedDepthwiseConv2dNative` as the graph optimizer writes them
// (fuse-linear.ts: BiasAdd plus at most one activation), each the kernel tfjs-converter 4.22's executor reaches
// for (executors/convolution_executor.js → tfjs-core conv2d / depthwiseConv2d / fused.*) with the attrs those op
// functions pass; and `Mean` over constant axes as our empty-reduce.ts op runs it for a tensor that is not empty.
// The registered wasm kernels are the wrapped ones (wasm-conv-padding.ts, wasm-nan-guard.ts), so the SAME-padding
// fix and the NaN refusal apply here too.
import type { NodeDefMessage } from '../../savedmodel/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import type { LeanOp, Prepare } from './lean-ops.ts';

const DT_FLOAT = 1;

/** The converter's fused activation names (op_list fused_ops, lower-cased) the fused kernels take; not prelu. */
const ACTIVATIONS: Record<string, string> = { relu: 'relu', relu6: 'relu6', elu: 'elu', sigmoid: 'sigmoid', leakyrelu: 'leakyrelu' };

const text = (s: Uint8Array | undefined): string | undefined => (s === undefined ? undefined : new TextDecoder().decode(s));
const ints = (node: NodeDefMessage, name: string): number[] | undefined => node.attr?.[name]?.list?.i?.map(Number);

/**
 * The kernel attrs of a convolution node (strides, pad, dilations as the converter's getPadding and the op
 * functions pass them), with the converter's defaults for the attrs TensorFlow strips when they hold their
 * default (op_list/convolution.js: data_format NHWC, explicit_paddings [], dilations 1 for the fused ops only:
 * a Conv2D / DepthwiseConv2dNative without dilations fails in the converter, so it stays there); undefined for
 * NCHW, strides and dilations both above 1 (conv_util.eitherStridesOrDilationsAreOne), or another dtype.
 */
function convAttrs(node: NodeDefMessage, defaultDilations?: number[]): Record<string, unknown> | undefined {
  if (node.attr?.T?.type !== DT_FLOAT || (text(node.attr?.data_format?.s) ?? 'NHWC') !== 'NHWC') return undefined;
  const strides = ints(node, 'strides');
  const dilations = ints(node, 'dilations') ?? defaultDilations;
  if (strides?.length !== 4 || dilations?.length !== 4) return undefined;
  if ((strides[1] !== 1 || strides[2] !== 1) && (dilations[1] !== 1 || dilations[2] !== 1)) return undefined;
  const padding = text(node.attr?.padding?.s)?.toLowerCase();
  let pad: unknown = padding;
  if (padding === 'explicit') {
    const p = ints(node, 'explicit_paddings') ?? [];
    if (p.length !== 8) return undefined;
    pad = [[p[0], p[1]], [p[2], p[3]], [p[4], p[5]], [p[6], p[7]]];
  } else if (padding !== 'same' && padding !== 'valid') {
    return undefined;
  }
  return { strides: [strides[1], strides[2]], pad, dataFormat: 'NHWC', dilations: [dilations[1], dilations[2]], dimRoundingMode: undefined };
}

/**
 * The kernel attrs of a fused convolution node: convAttrs plus the activation (leakyrelu_alpha defaults to 0.2);
 * undefined unless it is BiasAdd plus at most one activation the fused kernels take (not prelu).
 */
function fusedConvAttrs(node: NodeDefMessage): Record<string, unknown> | undefined {
  const ops = (node.attr?.fused_ops?.list?.s ?? []).map((s) => text(s)!.toLowerCase());
  const activation = ops.length === 1 ? 'linear' : ACTIVATIONS[ops[1]];
  if (ops[0] !== 'biasadd' || ops.length > 2 || !activation || Number(node.attr?.num_args?.i ?? 0) !== 1) return undefined;
  const conv = convAttrs(node, [1, 1, 1, 1]);
  return conv && { ...conv, activation, leakyreluAlpha: node.attr?.leakyrelu_alpha?.f ?? 0.2 };
}

/**
 * What the op functions check before the kernel: float32 rank-4 input and filter, the filter's input depth
 * equal to the input's channels (and for the fused ones a float32 rank-1 bias). Rank-3 inputs (the op function
 * views them as a batch of one) and empty inputs go to the GraphModel.
 */
const convInputs: Prepare = ({ inputs: { x, filter, bias } }) =>
  x!.dtype === 'float32' && filter!.dtype === 'float32' && x!.shape.length === 4 && filter!.shape.length === 4 &&
  filter!.shape[2] === x!.shape[3] && !x!.shape.includes(0) && (bias === undefined || (bias.dtype === 'float32' && bias.shape.length === 1));

const conv = (kernel: string): LeanOp => ({ kernel, inputs: ['x', 'filter'], attrs: (node) => convAttrs(node), prepare: convInputs });
const fusedConv = (kernel: string): LeanOp => ({ kernel, inputs: ['x', 'filter', 'bias'], attrs: fusedConvAttrs, prepare: convInputs });

/** Per-call scratch of Mean: the constant axes as written, and the kernel's `axis` (counted from 0). */
interface MeanAttrs { axes: number[]; axis: number[]; keepDims: boolean }

/**
 * Mean over constant axes (int32 or int64, scalar or 1-D) of a float32 tensor that is not empty, as
 * empty-reduce.ts runs it: each axis in [-rank, rank) and none twice, else the GraphModel answers its error.
 */
const mean: LeanOp = {
  kernel: 'Mean',
  inputs: ['x'],
  attrs: (node, constant) => {
    const axes: HostTensor | undefined = constant(1);
    if (node.attr?.T?.type !== DT_FLOAT || !axes || (axes.dtype !== 'DT_INT32' && axes.dtype !== 'DT_INT64') || axes.shape.length > 1) return undefined;
    return { axes: Array.from(axes.data as ArrayLike<number | bigint>, Number), axis: [], keepDims: node.attr?.keep_dims?.b === true } satisfies MeanAttrs;
  },
  prepare: ({ inputs: { x }, attrs }) => {
    const rank = x!.shape.length;
    if (x!.dtype !== 'float32' || rank === 0 || x!.shape.includes(0)) return false;
    const a = attrs as unknown as MeanAttrs;
    a.axis.length = 0;
    for (const axis of a.axes) {
      const k = axis < 0 ? axis + rank : axis;
      if (k < 0 || k >= rank || a.axis.includes(k)) return false;
      a.axis.push(k);
    }
    return true;
  },
};

export const LEAN_CONV_OPS: Readonly<Record<string, LeanOp>> = {
  Conv2D: conv('Conv2D'),
  DepthwiseConv2dNative: conv('DepthwiseConv2dNative'),
  _FusedConv2D: fusedConv('FusedConv2D'),
  FusedDepthwiseConv2dNative: fusedConv('FusedDepthwiseConv2D'),
  Mean: mean,
};
