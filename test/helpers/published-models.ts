// Publishes committed SavedModels into a ModelStore the way rollout does (DESIGN.md §4): the version's files
// first, then the version in the manifest as AVAILABLE with every file's size and sha256.
import { createHash } from 'node:crypto';
import { readModelDir } from '../../lib/savedmodel/index.ts';
import { type Manifest, type ManifestFile, type ModelStore, updateManifest, type VersionPolicy } from '../../lib/registry/index.ts';


export interface PublishOptions {
  /** The version directory as stored. Default: the version in decimal. */
  dirName?: string;
  /** Set the model's policy in the same manifest write. */
  policy?: VersionPolicy;
  /** Labels to set (label → version) in the same write. */
  labels?: Record<string, bigint>;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Uploads the SavedModel in `fromDir` as `version` of `model` and publishes it. Returns its manifest files. */
export async function publishVersion(store: ModelStore, model: string, version: bigint, fromDir: string, options: PublishOptions = {}): Promise<ManifestFile[]> {
  const dirName = options.dirName ?? String(version);
  const files = await readModelDir(fromDir);
  const listed: ManifestFile[] = [];
  for (const path of files.paths()) {
    const bytes = files.get(path)!;
    await store.writeFile(model, dirName, path, bytes);
    listed.push({ path, size: bytes.byteLength, sha256: sha256(bytes) });
  }
  await updateManifest(store, model, (m) => {
    m.versions.set(version, { dirName, state: 'AVAILABLE', files: listed, publishedAt: new Date(0).toISOString() });
    if (options.policy) m.policy = options.policy;
    for (const [label, v] of Object.entries(options.labels ?? {})) m.labels.set(label, v);
    return m;
  });
  return listed;
}

/** Records a version that failed validation (state FAILED with `error`), as rollout does. */
export async function publishFailed(store: ModelStore, model: string, version: bigint, error: string): Promise<void> {
  await updateManifest(store, model, (m) => {
    m.versions.set(version, { dirName: String(version), state: 'FAILED', error, files: [], publishedAt: new Date(0).toISOString() });
    return m;
  });
}

/** Any other manifest change (policy, labels), written conditionally. */
export async function changeManifest(store: ModelStore, model: string, change: (m: Manifest) => void): Promise<void> {
  await updateManifest(store, model, (m) => {
    change(m);
    return m;
  });
}
