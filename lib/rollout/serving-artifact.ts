// The rollout's last step before publishing a version: derive its serving artifact from the validated SavedModel
// and write it beside the manifest (lib/loader serving-artifact-files.ts). Optional by design: a version with no
// artifact, or whose artifact cannot be written, is still published (the api function then loads the SavedModel).
import { buildServingArtifact } from '../engine/index.ts';
import { isServingError } from '../errors/index.ts';
import { noArtifactReason, servingArtifactKey, writeServingArtifact } from '../loader/index.ts';
import type { ManifestFile, ModelStore } from '../registry/index.ts';
import { type ModelFiles, SavedModel } from '../savedmodel/index.ts';
import type { RolloutConfig } from './rollout-config.ts';

/**
 * Builds and writes the artifact of an AVAILABLE version served by the api function; logs what it did.
 * Store errors other than UNAVAILABLE are logged, not thrown (PERMISSION_DENIED: the role may not write it).
 */
export async function publishServingArtifact(
  store: ModelStore, model: string, dirName: string, files: ModelFiles, manifestFiles: readonly ManifestFile[], config: RolloutConfig, log: (m: string) => void,
): Promise<void> {
  const where = `${store.url}/${model}/${dirName}`;
  const none = noArtifactReason(manifestFiles, config.engine);
  if (none) {
    log(`rollout ${where}: no serving artifact: ${none}`);
    return;
  }
  const backend = config.backend ?? 'wasm';
  let bytes: Uint8Array | undefined;
  try {
    const built = await buildServingArtifact(await SavedModel.decode(files, where), servingArtifactKey(manifestFiles, backend, config.tags), { backend, tags: config.tags });
    if (!built.bytes) {
      log(`rollout ${where}: no serving artifact: ${built.reason}`);
      return;
    }
    bytes = built.bytes;
    await writeServingArtifact(store, model, dirName, bytes);
  } catch (e) {
    if (isServingError(e) && e.code === 'UNAVAILABLE') throw e;
    log(`rollout ${where}: no serving artifact: ${isServingError(e) ? `${e.code}: ${e.message}` : String(e)}`);
    return;
  }
  log(`rollout ${where}: wrote its serving artifact (${bytes.byteLength} bytes)`);
}
