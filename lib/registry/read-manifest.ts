// Reading a model's manifest once, now (no cache): what rollout, rollback and the CLI do before deciding.
// Serving containers read it through ManifestCache instead (a TTL and ETag revalidation).
import { ServingError } from '../errors/index.ts';
import { MANIFEST_DOCUMENT, parseManifest, type Manifest } from './manifest.ts';
import type { ModelStore } from './store.ts';

/** The manifest as stored, with the etag a conditional write must match. */
export interface StoredManifest {
  manifest: Manifest;
  etag: string;
}

/** The model's manifest and its etag, read now; null when the model has none. */
export async function readManifestDocument(store: ModelStore, model: string): Promise<StoredManifest | null> {
  const doc = await store.readDocument(model, MANIFEST_DOCUMENT);
  if (doc === 'not-modified') throw new ServingError('INTERNAL', 'store answered not-modified to an unconditional read');
  return doc ? { manifest: parseManifest(doc.body, model), etag: doc.etag } : null;
}

/**
 * The model's manifest, read now; null when the model has none.
 * @example const recorded = (await readManifest(store, 'digits'))?.versions.get(3n);
 */
export async function readManifest(store: ModelStore, model: string): Promise<Manifest | null> {
  return (await readManifestDocument(store, model))?.manifest ?? null;
}
