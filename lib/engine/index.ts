// lib/engine: the Servable interface and the engines behind it. Public entry point of the module.
import { ServingError } from '../errors/index.ts';
import type { SavedModel } from '../savedmodel/index.ts';
import { type BackendName } from './portable/backend.ts';
import { PortableServable } from './portable/portable-servable.ts';
import type { Servable } from './servable.ts';

export type { EngineName, Servable } from './servable.ts';
export type { DType, HostTensor, TensorData } from './tensor.ts';
export { numElements } from './tensor.ts';
export { PortableServable } from './portable/portable-servable.ts';
export type { BackendName } from './portable/backend.ts';

export interface LoadOptions {
  /** 'portable' (TensorFlow.js, default), 'native' (tfjs-node, optional dependency), or 'auto' (native when installed). */
  engine?: 'portable' | 'native' | 'auto';
  /** Portable engine backend; default 'wasm' with cpu fallback. */
  backend?: BackendName;
  /** MetaGraph tag set; default ['serve']. */
  tags?: string[];
}

/**
 * Turns a SavedModel version into a Servable with the chosen engine.
 * @example const servable = await loadServable(await SavedModel.fromDir('models/half_plus_two/1'));
 */
export async function loadServable(model: SavedModel, options: LoadOptions = {}): Promise<Servable> {
  const engine = options.engine ?? 'portable';
  if (engine === 'native' || engine === 'auto') {
    // The native engine is not built yet; say so instead of silently using another engine.
    if (engine === 'native') {
      throw new ServingError('UNIMPLEMENTED', 'the native engine (@tensorflow/tfjs-node) is not available in this build');
    }
  }
  return PortableServable.load(model, { backend: options.backend, tags: options.tags });
}
