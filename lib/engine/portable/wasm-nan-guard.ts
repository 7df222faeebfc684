// tfjs-backend-wasm 4.22's convolution and pooling kernels (XNNPACK) clamp their output with min/max, which
// turns NaN into -inf, and MaxPool over a window holding NaN answers -inf where TF answers the window's
// maximum (op sweep, scripts/op_sweep/group_nn.py). These kernels refuse a float input that holds NaN
// (UNIMPLEMENTED, pointing at --backend cpu, which computes them as TF) rather than answer another number.
// Cost: one pass over each convolution's input, in WebAssembly SIMD over a view of the wasm heap (no copy):
// ~0.2 ns per element (wasm-nan-scan.ts), where the JavaScript loop it replaced was a third of MobileNetV2's call.
import * as tf from '@tensorflow/tfjs-core';
import { ServingError } from '../../errors/index.ts';
import { wrapWasmKernels } from './wasm-kernel-wrap.ts';
import { type NaNScan, nanScanner } from './wasm-nan-scan.ts';

const KERNELS = ['Conv2D', 'DepthwiseConv2dNative', 'FusedConv2D', 'FusedDepthwiseConv2D', 'Conv3D', 'MaxPool', 'AvgPool', 'MaxPool3D', 'AvgPool3D'];

/** The parts of tfjs-backend-wasm's BackendWasm the guard reads (`wasm.asm.memory`: the Emscripten module's memory). */
interface WasmBackendView {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  wasm?: { asm?: { memory?: WebAssembly.Memory } };
}

function hasNaN(scan: NaNScan, backend: unknown, t: tf.TensorInfo): boolean {
  return t.dtype === 'float32' && scan((backend as WasmBackendView).typedArrayFromHeap(t));
}

let installed = false;

/** Wraps the wasm convolution / pooling kernels once (after the wasm backend is ready, after fixWasmConvPadding). */
export function guardWasmNaN(): void {
  if (installed) return;
  installed = true;
  const scan = nanScanner((tf.findBackend('wasm') as unknown as WasmBackendView | null)?.wasm?.asm?.memory);
  wrapWasmKernels(KERNELS, (name, inner) => (args) => {
    const { x, input } = args.inputs as Record<string, tf.TensorInfo>;
    if (hasNaN(scan, args.backend, x ?? input)) {
      throw new ServingError('UNIMPLEMENTED', `${name} over NaN values is not supported on the wasm backend (XNNPACK turns NaN into -inf); --backend cpu computes it`);
    }
    return inner(args);
  });
}
