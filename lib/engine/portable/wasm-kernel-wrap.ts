// Wraps registered wasm kernels (TensorFlow.js has no kernel decorator: unregister the kernel, then register it
// again around the original function). Used by the padding fix and the NaN guard, each installed once.
import * as tf from '@tensorflow/tfjs-core';

/** Replaces each wasm kernel of `names` that is registered with `wrap(name, original)`. */
export function wrapWasmKernels(names: readonly string[], wrap: (name: string, original: tf.KernelFunc) => tf.KernelFunc): void {
  for (const name of names) {
    const config = tf.getKernel(name, 'wasm');
    if (!config) continue;
    tf.unregisterKernel(name, 'wasm');
    // setupFunc already ran for the original when the backend initialised
    tf.registerKernel({ ...config, setupFunc: undefined, kernelFunc: wrap(name, config.kernelFunc) });
  }
}
