// Writing and reading a serving artifact (serving-artifact.ts) from and into a portable servable.
import type { SavedModel } from '../../savedmodel/index.ts';
import { PortableServable, type PortableOptions } from './portable-servable.ts';
import { decodeServingArtifact, encodeServingArtifact } from './serving-artifact.ts';

/**
 * Converts every signature of `model` (probing each, as an eager load does) and writes the artifact, keyed by `key`
 * (the caller's staleness key). `reason` instead of bytes when the model cannot have one (stateful signatures).
 * @example const { bytes } = await buildServingArtifact(await SavedModel.fromDir('models/digits/1'), key);
 */
export async function buildServingArtifact(model: SavedModel, key: string, options: PortableOptions = {}): Promise<{ bytes?: Uint8Array; reason?: string }> {
  const servable = await PortableServable.load(model, { ...options, lazy: false, keepWeights: true });
  try {
    const { contents, reason } = servable.artifactContents(key, model.metaGraph(options.tags));
    return contents ? { bytes: encodeServingArtifact(contents) } : { reason };
  } finally {
    servable.dispose();
  }
}

/**
 * A servable from an artifact's bytes (verify their sha256 and key first); DATA_LOSS when they are not one.
 * @example const servable = await loadServingArtifact(bytes, 's3://bucket/models/digits/1', { lazy: true });
 */
export async function loadServingArtifact(bytes: Uint8Array, source: string, options: PortableOptions = {}): Promise<PortableServable> {
  return PortableServable.fromArtifact(decodeServingArtifact(bytes), source, options);
}
