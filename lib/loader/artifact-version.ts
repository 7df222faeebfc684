// One version from its serving artifact (serving-artifact-files.ts) instead of its SavedModel: what the api
// function's cold start does when the rollout left a current artifact. Anything wrong with the artifact (missing,
// stale, cut, unreadable) is not the version's fault: the caller loads the SavedModel instead, and says so.
import { decodeServingArtifact, PortableServable } from '../engine/index.ts';
import { recordLoadAttempt } from '../monitoring/index.ts';
import type { ManifestVersion, ModelStore } from '../registry/index.ts';
import { noArtifactReason, readServingArtifact, servingArtifactKey } from './serving-artifact-files.ts';
import type { ChoosingLoadOptions } from './target-choice.ts';
import type { LoadedVersion } from './version-loader.ts';

/**
 * The version loaded from its artifact, or undefined (after logging why) when the SavedModel must be loaded.
 * @example const loaded = (await loadFromArtifact(store, 'digits', entry, source, {}, log)) ?? (await loadChosenVersion(...));
 */
export async function loadFromArtifact(
  store: ModelStore, model: string, entry: ManifestVersion, source: string, options: ChoosingLoadOptions, log: (line: string) => void,
): Promise<LoadedVersion | undefined> {
  if (noArtifactReason(entry.files, options.engine) !== undefined) return undefined;
  const fallback = (why: string) => {
    log(`model ${model} version ${entry.dirName}: serving artifact ${why}; loading the SavedModel`);
    return undefined;
  };
  const { bytes, reason } = await readServingArtifact(store, model, entry.dirName, servingArtifactKey(entry.files, options.backend ?? 'wasm', options.tags));
  if (!bytes) return fallback(reason!);
  const started = performance.now();
  let servable;
  let contents;
  try {
    contents = decodeServingArtifact(bytes);
    servable = await PortableServable.fromArtifact(contents, source, { backend: options.backend, limits: options.limits, lazy: options.lazySignatures });
  } catch (e) {
    return fallback(`unusable (${e instanceof Error ? e.message : String(e)})`);
  }
  recordLoadAttempt(source, true, (performance.now() - started) * 1000);
  log(`model ${model} version ${entry.dirName}: loaded from its serving artifact (${bytes.byteLength} bytes)`);
  return { servable: options.batcher ? options.batcher.wrap(servable) : servable, metaGraph: contents.metaGraph, warmupRecords: 0 };
}
