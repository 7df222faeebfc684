// tfjs-backend-wasm 4.22 computes wrong convolutions (zeros or garbage) for padding SAME when a window is
// larger than 1 and the stride exceeds it so that TF's total padding (out - 1) * stride + window - in is
// negative in a dimension (e.g. a 3x3 kernel with stride 4 on 16x16 gives all zeros; cpu is right). The
// result is what TF computes with that padding clamped to 0, i.e. explicit padding: so those calls get TF's
// SAME pads as explicit pads (which the wasm kernels run correctly), and every other call is unchanged.
// Found by the detection zoo (scripts/zoo/gen_detection.py); checked over sizes 7..17, windows 1..5, strides 1..6.
import * as tf from '@tensorflow/tfjs-core';
import { wrapWasmKernels } from './wasm-kernel-wrap.ts';

const KERNELS = ['Conv2D', 'DepthwiseConv2dNative', 'FusedConv2D', 'FusedDepthwiseConv2D'];

type Pads = [[0, 0], [number, number], [number, number], [0, 0]];

/** TF's SAME pads for an NHWC input and [h, w, …] filter, when the wasm kernel would get them wrong. */
export function explicitSamePads(x: readonly number[], filter: readonly number[], strides: number | number[], dilations: number | number[] = 1): Pads | undefined {
  const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
  const [dh, dw] = typeof dilations === 'number' ? [dilations, dilations] : dilations;
  const dims = [[x[1], (filter[0] - 1) * dh + 1, sh], [x[2], (filter[1] - 1) * dw + 1, sw]];
  const totals = dims.map(([n, k, s]) => (Math.ceil(n / s) - 1) * s + k - n);
  const broken = dims.some(([, k], i) => k > 1 && totals[i] < 0);
  if (!broken) return undefined;
  const [h, w] = totals.map((t) => Math.max(t, 0));
  return [[0, 0], [Math.floor(h / 2), h - Math.floor(h / 2)], [Math.floor(w / 2), w - Math.floor(w / 2)], [0, 0]];
}

let installed = false;

/** Wraps the wasm convolution kernels once (call after the wasm backend is ready). */
export function fixWasmConvPadding(): void {
  if (installed) return;
  installed = true;
  wrapWasmKernels(KERNELS, (_name, original) => (args) => {
    const attrs = args.attrs as { pad?: unknown; strides: number | number[]; dilations?: number | number[]; dataFormat?: string };
    const { x, input, filter } = args.inputs as Record<string, tf.TensorInfo>;
    const pads = attrs.pad === 'same' && (attrs.dataFormat ?? 'NHWC') === 'NHWC' ? explicitSamePads((x ?? input).shape, filter.shape, attrs.strides, attrs.dilations) : undefined;
    return original(pads ? { ...args, attrs: { ...args.attrs, pad: pads as unknown as tf.NamedAttrMap[string] } } : args);
  });
}
