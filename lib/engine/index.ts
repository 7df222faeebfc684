// lib/engine: the Servable interface and the engines behind it. Public entry point of the module.
import { ServingError } from '../errors/index.ts';
import type { SavedModel } from '../savedmodel/index.ts';
import { nativeEngineAvailable } from './native/detect.ts';
import { NativeServable } from './native/native-servable.ts';
import { type BackendName, ensureBackend } from './portable/backend.ts';
import { PortableServable } from './portable/portable-servable.ts';
import type { Servable } from './servable.ts';
import type { LoadLimits } from '../tensor/index.ts';

export type { EngineName, Servable, SignatureStatus } from './servable.ts';
export { syntheticInputs } from './synthetic-inputs.ts';
export type { DType, HostTensor, TensorData } from '../tensor/index.ts';
export { numElements } from '../tensor/index.ts';
export { decodeTensorProto } from '../tensor/index.ts';
export { ByteBudget, type LoadLimits, modelBytesForMemory, processMemoryBytes, resolveLoadLimits } from '../tensor/index.ts';
export { PortableServable } from './portable/portable-servable.ts';
export { buildServingArtifact, loadServingArtifact } from './portable/artifact-build.ts';
export { ARTIFACT_ENGINE, ARTIFACT_FORMAT, type ArtifactContents, decodeServingArtifact, peekServingArtifact } from './portable/serving-artifact.ts';
export { NativeServable } from './native/native-servable.ts';
export { nativeEngineAvailable, nativeEngineUnavailableReason } from './native/detect.ts';
export type { BackendName } from './portable/backend.ts';

const ENGINES: readonly string[] = ['portable', 'native', 'auto'];

export interface LoadOptions {
  /** 'portable' (TensorFlow.js, default), 'native' (tfjs-node, optional dependency), or 'auto' (native when installed). */
  engine?: 'portable' | 'native' | 'auto';
  /** Portable engine backend; default 'wasm' with cpu fallback. The native engine ignores it. */
  backend?: BackendName;
  /** MetaGraph tag set; default ['serve']. */
  tags?: string[];
  /** Portable engine: bounds on the version's weights and graph size (see limits/load-limits.ts). */
  limits?: LoadLimits;
  /** Portable engine: run the conversion-time graph optimizer (graph/optimize/); default true. */
  optimize?: boolean;
  /** Portable engine: run TF1 control flow on the synchronous executor (portable/v1-sync.ts); default true. */
  v1Executor?: boolean;
  /** Portable engine: on the v1 executor, call backend kernels directly (portable/v1-kernels.ts); default true. */
  v1Kernels?: boolean;
  /** Portable engine: run straight-line graphs with the lean executor (portable/lean-plan.ts); default true. */
  lean?: boolean;
  /** Portable engine: convert each signature on its first run instead of at load (portable-servable.ts); default false. */
  lazy?: boolean;
}

/**
 * Turns a SavedModel version into a Servable with the chosen engine.
 * @example const servable = await loadServable(await SavedModel.fromDir('models/half_plus_two/1'));
 */
export async function loadServable(model: SavedModel, options: LoadOptions = {}): Promise<Servable> {
  const engine = options.engine ?? 'portable';
  if (!ENGINES.includes(engine)) throw new ServingError('INVALID_ARGUMENT', `unknown engine '${String(engine)}': use portable, native or auto`);
  // 'native' without the package fails with UNAVAILABLE (NativeServable.load) rather than falling back.
  if (engine === 'native' || (engine === 'auto' && (await nativeEngineAvailable()))) {
    return NativeServable.load(model, { tags: options.tags });
  }
  return PortableServable.load(model, { backend: options.backend, tags: options.tags, limits: options.limits, optimize: options.optimize, v1Executor: options.v1Executor, v1Kernels: options.v1Kernels, lean: options.lean, lazy: options.lazy });
}
/**
 * Starts the portable engine's backend (reading and compiling the wasm binary) without waiting for it, so that
 * a cold start overlaps it with fetching the model; the first load awaits the same initialisation. A no-op for
 * the native engine. Never rejects: a wasm failure falls back to cpu inside ensureBackend.
 * @example prestartEngine({ engine: 'portable' }); // at module scope, before the first request
 */
export function prestartEngine(options: Pick<LoadOptions, 'engine' | 'backend'> = {}): void {
  if ((options.engine ?? 'portable') !== 'portable') return;
  ensureBackend(options.backend).catch(() => undefined);
}
export { checkModel, type SignatureCheck, type TargetVerdict } from './model-check.ts';
