// tfjs-backend-wasm 4.22's convolution and pooling kernels (XNNPACK) clamp their output with min/max, which
// turns NaN into -inf, and MaxPool over a window holding NaN answers -inf where TF answers the window's
// maximum (op sweep, scripts/op_sweep/group_nn.py). These kernels refuse a float input that holds NaN
// (UNIMPLEMENTED, pointing at --backend cpu, which computes them as TF) rather than answer another number.
// Cost: one pass over each convolution's input in JavaScript (a view of the wasm heap, no copy).
import * as tf from '@tensorflow/tfjs-core';
import { ServingError } from '../../errors/index.ts';

const KERNELS = ['Conv2D', 'DepthwiseConv2dNative', 'FusedConv2D', 'FusedDepthwiseConv2D', 'Conv3D', 'MaxPool', 'AvgPool', 'MaxPool3D', 'AvgPool3D'];

interface WasmHeapView { typedArrayFromHeap(t: tf.TensorInfo): ArrayLike<number> }

function hasNaN(backend: unknown, t: tf.TensorInfo): boolean {
  if (t.dtype !== 'float32') return false;
  const v = (backend as WasmHeapView).typedArrayFromHeap(t);
  for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) return true;
  return false;
}

let installed = false;

/** Wraps the wasm convolution / pooling kernels once (after the wasm backend is ready, after fixWasmConvPadding). */
export function guardWasmNaN(): void {
  if (installed) return;
  installed = true;
  for (const name of KERNELS) {
    const config = tf.getKernel(name, 'wasm');
    if (!config) continue;
    const inner = config.kernelFunc;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({
      ...config,
      setupFunc: undefined, // already run for the original when the backend initialised
      kernelFunc: (args) => {
        const { x, input } = args.inputs as Record<string, tf.TensorInfo>;
        if (hasNaN(args.backend, x ?? input)) {
          throw new ServingError('UNIMPLEMENTED', `${name} over NaN values is not supported on the wasm backend (XNNPACK turns NaN into -inf); --backend cpu computes it`);
        }
        return inner(args);
      },
    });
  }
}
