// Finds out, once per process, whether the optional @tensorflow/tfjs-node can be loaded. The only place that
// imports the package (STYLE.md §15): everything else gets it from loadTfjsNode().
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { ServingError } from '../../errors/index.ts';
import type { TfjsNode } from './tfjs-node-api.ts';

let probe: Promise<TfjsNode | undefined> | undefined;
let reason = '';

/**
 * TF_SERVERLESS_TFJS_NODE: the directory of a tfjs-node package installed outside this project's node_modules
 * (scripts/build-native-engine.sh builds one against TensorFlow 2.21, e.g. /opt/native/node_modules/@tensorflow/tfjs-node).
 * Read here rather than at an edge because every entry point (serve, functions, tests) must see the same engine.
 * Unset: the package is imported from the project's node_modules, as before.
 */
export const TFJS_NODE_PATH_VARIABLE = 'TF_SERVERLESS_TFJS_NODE';

/** The package from TF_SERVERLESS_TFJS_NODE (CommonJS, so createRequire), else from node_modules. */
async function importPackage(): Promise<{ default?: TfjsNode }> {
  const dir = process.env[TFJS_NODE_PATH_VARIABLE]?.trim();
  if (!dir) return (await import('@tensorflow/tfjs-node')) as { default?: TfjsNode };
  try {
    return { default: createRequire(import.meta.url)(dir) as TfjsNode };
  } catch (e) {
    throw new Error(`${TFJS_NODE_PATH_VARIABLE}=${dir}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/**
 * IMPORTANT: importing tfjs-node registers its 'tensorflow' backend in the process-wide tfjs engine and makes
 * it the active backend. Every tfjs-core copy shares that one engine and kernel registry (globalThis._tfengine),
 * even when tfjs-node brings its own copy of tfjs-core, so the portable engine, which picks wasm/cpu once
 * (portable/backend.ts), would silently run on 'tensorflow' afterwards. The previous backend is put back here;
 * the native engine talks to tfjs-node's binding directly and never relies on which backend is active.
 */
async function importTfjsNode(): Promise<TfjsNode | undefined> {
  if (tf.getBackend()) await tf.ready(); // a pending wasm initialisation finishes before the switch
  const previous = tf.getBackend();
  try {
    const mod = await importPackage();
    const tfn = mod.default ?? (mod as unknown as TfjsNode);
    if (typeof tfn.findBackend?.('tensorflow')?.binding?.loadSavedModel !== 'function') {
      throw new Error('the module registered no tensorflow backend with a SavedModel binding');
    }
    // One engine, one kernel registry: two tfjs-core versions sharing them is not a supported combination.
    const theirs = tfn.version['tfjs-core'];
    if (theirs !== tf.version_core) throw new Error(`it uses @tensorflow/tfjs-core ${theirs}, this build ${tf.version_core}`);
    return tfn;
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
    return undefined;
  } finally {
    if (previous && tf.getBackend() !== previous) await tf.setBackend(previous);
  }
}

function probeOnce(): Promise<TfjsNode | undefined> {
  probe ??= importTfjsNode();
  return probe;
}

/**
 * Whether the native engine can run here. Imports the package on the first call only.
 * @example const engine = (await nativeEngineAvailable()) ? 'native' : 'portable';
 */
export async function nativeEngineAvailable(): Promise<boolean> {
  return (await probeOnce()) !== undefined;
}

/** Why the native engine is unavailable (the import's error message); '' when it is available or not yet probed. */
export function nativeEngineUnavailableReason(): string {
  return reason;
}

/** The loaded package; UNAVAILABLE naming the reason when it cannot be loaded. */
export async function loadTfjsNode(): Promise<TfjsNode> {
  const tfn = await probeOnce();
  if (!tfn) {
    throw new ServingError(
      'UNAVAILABLE',
      `the native engine needs the optional package @tensorflow/tfjs-node, which is not installed: ${reason}`,
    );
  }
  return tfn;
}
