// One TensorFlow.js backend per process: wasm (SIMD, XNNPACK) by default, cpu as the fallback.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fixWasmConvPadding } from './wasm-conv-padding.ts';
import { guardWasmNaN } from './wasm-nan-guard.ts';
import { withoutModuleHandlers } from './process-guard.ts';

// Bundled (esbuild, serverless.yml): the three .wasm binaries are copied next to the bundle, which is then
// this module's file. Point tfjs at them by absolute path, before any backend initialises. Unbundled, no
// .wasm sits beside this file and tfjs finds the binaries in its own package directory.
const WASM_DIR = dirname(fileURLToPath(import.meta.url));
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
if (WASM_FILES.every((f) => existsSync(join(WASM_DIR, f)))) {
  setWasmPaths(Object.fromEntries(WASM_FILES.map((f) => [f, join(WASM_DIR, f)])));
}

export type BackendName = 'wasm' | 'cpu';

let ready: Promise<BackendName> | undefined;

/** Initialises the backend once; later calls return the same choice. Falls back to cpu if wasm fails. */
export function ensureBackend(preferred: BackendName = 'wasm'): Promise<BackendName> {
  ready ??= withoutModuleHandlers(async () => {
    // Production mode: no debug-only checks on the hot path, and no "install tfjs-node" banner on stderr.
    tf.enableProdMode();
    try {
      if (preferred === 'cpu') await registerCpu();
      if (await tf.setBackend(preferred)) {
        await tf.ready();
        if (preferred === 'wasm') {
          fixWasmConvPadding();
          guardWasmNaN();
        }
        return preferred;
      }
    } catch {
      // fall through to cpu
    }
    await registerCpu();
    await tf.setBackend('cpu');
    await tf.ready();
    return 'cpu';
  });
  return ready;
}

/**
 * The cpu backend registers itself when imported; imported only when chosen or as the fallback, so a wasm
 * process never compiles its 130 KB (a bundle puts it in a chunk of its own: BENCHMARKS.md, cold start).
 */
export async function registerCpu(): Promise<void> {
  await import('@tensorflow/tfjs-backend-cpu');
}
