// One version from files to a serving-ready Servable: SavedModel → MetaGraph → engine → warm-up replay.
// Anything that fails disposes what was built, so a half-loaded model is never kept. Records TF's load metrics
// (load_attempt_count/load_latency by model_path, as cc/saved_model/loader.cc; model_warmup_* as TF Serving).
import { isServingError } from '../errors/index.ts';
import { loadServable, type LoadOptions, type Servable } from '../engine/index.ts';
import type { Batcher } from '../inference/index.ts';
import { recordLoadAttempt, recordWarmup } from '../monitoring/index.ts';
import { type MetaGraph, type ModelFiles, SavedModel, SERVE_TAG } from '../savedmodel/index.ts';
import { replayWarmup, WARMUP_REQUESTS_PATH } from './model-warmup.ts';

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
  /** Portable engine: convert each signature on its first run, not at load (the api function); default false. */
  lazySignatures?: boolean;
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
  const started = performance.now();
  let metaGraph: MetaGraph;
  let servable: Servable;
  try {
    const model = await SavedModel.decode(files, source);
    metaGraph = model.metaGraph(tags);
    const loaded = await loadServable(model, { engine: options.engine, backend: options.backend, tags, limits: options.limits, lazy: options.lazySignatures });
    // TF Serving wraps the bundle's Session before warm-up, so warm-up requests are batched too.
    servable = options.batcher ? options.batcher.wrap(loaded) : loaded;
  } catch (e) {
    recordLoadAttempt(source, false, (performance.now() - started) * 1000);
    throw e;
  }
  recordLoadAttempt(source, true, (performance.now() - started) * 1000);
  try {
    const warmupRecords = options.warmup === false ? 0 : await timedWarmup(servable, metaGraph, files, source);
    // Requests only look up signatures: the graph (converted by now) is not kept (issue 10 item 4).
    return { servable, metaGraph: metaGraph.signaturesOnly(), warmupRecords };
  } catch (e) {
    servable.dispose();
    throw e;
  }
}

/** The warm-up replay with saved_model_warmup_util.cc's metrics (only when the version has a warm-up file). */
async function timedWarmup(servable: Servable, metaGraph: MetaGraph, files: ModelFiles, source: string): Promise<number> {
  if (files.get(WARMUP_REQUESTS_PATH) === undefined) return 0;
  const started = performance.now();
  try {
    const { records } = await replayWarmup({ servable, metaGraph }, files);
    recordWarmup(source, 'OK', (performance.now() - started) * 1000, records);
    return records;
  } catch (e) {
    // absl::Status::ToString: "CODE: message". Records read before the failure are not known here: 0.
    recordWarmup(source, isServingError(e) ? `${e.code}: ${e.message}` : `UNKNOWN: ${String(e)}`, (performance.now() - started) * 1000, 0);
    throw e;
  }
}
