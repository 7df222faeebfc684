// One TensorFlow.js backend per process: wasm (SIMD, XNNPACK) by default, cpu as the fallback.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'wasm' | 'cpu';

let ready: Promise<BackendName> | undefined;

/** Initialises the backend once; later calls return the same choice. Falls back to cpu if wasm fails. */
export function ensureBackend(preferred: BackendName = 'wasm'): Promise<BackendName> {
  ready ??= (async () => {
    // Production mode: no debug-only checks on the hot path, and no "install tfjs-node" banner on stderr.
    tf.enableProdMode();
    try {
      if (await tf.setBackend(preferred)) {
        await tf.ready();
        return preferred;
      }
    } catch {
      // fall through to cpu
    }
    await tf.setBackend('cpu');
    await tf.ready();
    return 'cpu';
  })();
  return ready;
}
