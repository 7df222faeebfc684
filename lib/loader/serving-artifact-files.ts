// Where a version's serving artifact (lib/engine serving-artifact.ts) lives in the store, which key makes it
// current, and reading/writing it. It sits beside the manifest as a model-level document,
// `<prefix>/<model>/serving-artifact-<dirName>.tfsa`, not inside `<model>/<dirName>/`: the version directory is
// what users upload and what the commit marker, the completeness check and the manifest's file list describe.
// The key binds it to the version's exact files (their sha256s, as the manifest records them), the artifact
// format, the TensorFlow.js packages and the backend; any change makes it stale and the SavedModel is used.
import { createHash } from 'node:crypto';
import { ARTIFACT_ENGINE, ARTIFACT_FORMAT, type BackendName, peekServingArtifact } from '../engine/index.ts';
import { isServingError } from '../errors/index.ts';
import type { ManifestFile, ModelStore } from '../registry/index.ts';
import { WARMUP_REQUESTS_PATH } from './model-warmup.ts';

/** The document name of a version's artifact. */
export function servingArtifactName(dirName: string): string {
  return `serving-artifact-${dirName}.tfsa`;
}

/** The key an artifact of these files must carry to be used (sha256 hex); `tags` default ['serve']. */
export function servingArtifactKey(files: readonly ManifestFile[], backend: BackendName, tags: readonly string[] = ['serve']): string {
  const what = { format: ARTIFACT_FORMAT, engine: ARTIFACT_ENGINE, backend, tags: [...tags].sort(), files: files.map((f) => [f.path, f.size, f.sha256]) };
  return createHash('sha256').update(JSON.stringify(what)).digest('hex');
}

/**
 * Why a version gets no artifact whatever its graph: it replays warm-up requests at load (they need its files),
 * or it is not served by the portable engine. Undefined when it may have one.
 */
export function noArtifactReason(files: readonly ManifestFile[], engine: string | undefined): string | undefined {
  if (engine !== undefined && engine !== 'portable') return `engine '${engine}'`;
  if (files.some((f) => f.path === WARMUP_REQUESTS_PATH)) return `it has ${WARMUP_REQUESTS_PATH} (replayed from its files)`;
  return undefined;
}

/** The artifact's bytes when present and current, else why not ('missing', 'stale', 'not an artifact'). */
export async function readServingArtifact(store: ModelStore, model: string, dirName: string, key: string): Promise<{ bytes?: Uint8Array; reason?: string }> {
  let doc;
  try {
    doc = await store.readDocument(model, servingArtifactName(dirName));
  } catch (e) {
    if (isServingError(e)) return { reason: `unreadable (${e.code}: ${e.message})` };
    throw e;
  }
  if (!doc || doc === 'not-modified') return { reason: 'missing' };
  const peek = peekServingArtifact(doc.body);
  if (!peek) return { reason: 'not an artifact' };
  if (peek.format !== ARTIFACT_FORMAT || peek.key !== key) return { reason: 'stale (written for other files, format or engine)' };
  return { bytes: doc.body };
}

/** Writes (or replaces) a version's artifact. */
export async function writeServingArtifact(store: ModelStore, model: string, dirName: string, bytes: Uint8Array): Promise<void> {
  const name = servingArtifactName(dirName);
  try {
    await store.writeDocument(model, name, bytes, { ifNoneMatch: '*' });
  } catch (e) {
    if (!isServingError(e) || e.code !== 'ABORTED') throw e;
    const current = await store.readDocument(model, name);
    if (current && current !== 'not-modified') await store.writeDocument(model, name, bytes, { ifMatch: current.etag });
  }
}
