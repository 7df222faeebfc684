// One version from files to a serving-ready Servable: SavedModel → MetaGraph → engine → warm-up replay.
// Anything that fails disposes what was built, so a half-loaded model is never kept.
import { loadServable, type LoadOptions, type Servable } from '../engine/index.ts';
import type { Batcher } from '../inference/index.ts';
import { type MetaGraph, type ModelFiles, SavedModel, SERVE_TAG } from '../savedmodel/index.ts';
import { replayWarmup } from './model-warmup.ts';

export interface VersionLoadOptions {
  /** Engine choice, default 'portable' (see lib/engine LoadOptions). */
  engine?: LoadOptions['engine'];
  /** Portable engine backend, default 'wasm'. */
  backend?: LoadOptions['backend'];
  /** MetaGraph tag set, default ['serve']. */
  tags?: string[];
  /** Bounds on a version's weights and graph, checked before allocating (default: from the process's memory). */
  limits?: LoadOptions['limits'];
  /** Replay assets.extra/tf_serving_warmup_requests before serving (--enable_model_warmup), default true. */
  warmup?: boolean;
  /** Server-side batching (--enable_batching): the servable's runs go through it, warm-up included; default none. */
  batcher?: Batcher;
}

export interface LoadedVersion {
  servable: Servable;
  metaGraph: MetaGraph;
  warmupRecords: number;
}

/** @example const { servable } = await loadVersion(await readModelDir('models/half_plus_two/1'), 'models/half_plus_two/1') */
export async function loadVersion(files: ModelFiles, source: string, options: VersionLoadOptions = {}): Promise<LoadedVersion> {
  const tags = options.tags ?? [SERVE_TAG];
  const model = await SavedModel.decode(files, source);
  const metaGraph = model.metaGraph(tags);
  const loaded = await loadServable(model, { engine: options.engine, backend: options.backend, tags, limits: options.limits });
  // TF Serving wraps the bundle's Session before warm-up, so warm-up requests are batched too.
  const servable = options.batcher ? options.batcher.wrap(loaded) : loaded;
  try {
    const warmupRecords = options.warmup === false ? 0 : (await replayWarmup({ servable, metaGraph }, files)).records;
    return { servable, metaGraph, warmupRecords };
  } catch (e) {
    servable.dispose();
    throw e;
  }
}
