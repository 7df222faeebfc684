// One TensorFlow.js backend per process: wasm (SIMD, XNNPACK) by default, cpu as the fallback.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fixWasmConvPadding } from './wasm-conv-padding.ts';

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

const PROCESS_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * The wasm backend's emscripten module installs process handlers while it initialises that re-throw
 * (`process.on('uncaughtException', ex => { throw ex })`, `process.on('unhandledRejection', r => { throw r })`):
 * any stray error then kills the process with exit code 7, printing the module's one-line 30 KB minified source
 * as the "stack". Removes the handlers `init` added, so Node's own handling (and the application's) stays.
 */
async function withoutNewProcessHandlers<T>(init: () => Promise<T>): Promise<T> {
  type Listener = (...args: unknown[]) => void;
  const listeners = (e: string) => process.listeners(e as 'exit') as Listener[];
  const before = new Map(PROCESS_EVENTS.map((e) => [e, new Set(listeners(e))]));
  try {
    return await init();
  } finally {
    for (const e of PROCESS_EVENTS) {
      for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e as 'exit', l);
    }
  }
}

/** Initialises the backend once; later calls return the same choice. Falls back to cpu if wasm fails. */
export function ensureBackend(preferred: BackendName = 'wasm'): Promise<BackendName> {
  ready ??= withoutNewProcessHandlers(async () => {
    // Production mode: no debug-only checks on the hot path, and no "install tfjs-node" banner on stderr.
    tf.enableProdMode();
    try {
      if (await tf.setBackend(preferred)) {
        await tf.ready();
        if (preferred === 'wasm') fixWasmConvPadding();
        return preferred;
      }
    } catch {
      // fall through to cpu
    }
    await tf.setBackend('cpu');
    await tf.ready();
    return 'cpu';
  });
  return ready;
}
