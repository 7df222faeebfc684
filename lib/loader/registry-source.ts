// A model's versions as the registry publishes them (the manifest, DESIGN.md §4), for the long-running
// server (`serve --model_base_path s3://bucket/prefix/name`): only versions rollout validated are ready,
// FAILED ones are failed, and the manifest's policy and labels apply. Files are read and checked against
// the manifest's sizes and sha256s. Never a bare listing: a half-uploaded version is simply not there.
import { ServingError } from '../errors/index.ts';
import { type Manifest, ManifestCache, type ModelStore, openModelStore } from '../registry/index.ts';
import type { ModelFiles } from '../savedmodel/index.ts';
import { filesFingerprint } from './manifest-view.ts';
import { readVerifiedFiles } from './verified-files.ts';
import type { VersionScan, VersionSource } from './version-source.ts';

export class RegistryVersionSource implements VersionSource {
  private readonly cache: ManifestCache;
  private manifest: Manifest | null = null;

  constructor(private readonly store: ModelStore, private readonly model: string) {
    // The poll interval is the TTL that matters here: revalidate on every scan (a 304 when nothing changed).
    this.cache = new ManifestCache(store, { ttlMs: 0 });
  }

  /** `s3://bucket/prefix/name` (or a local registry directory) → the store at its parent and the model name. */
  static fromBasePath(basePath: string): RegistryVersionSource {
    const m = /^(.*[^/])\/([^/]+)\/*$/.exec(basePath);
    if (!m) throw new ServingError('INVALID_ARGUMENT', `A registry base path ends with the model name, e.g. s3://bucket/models/digits; got ${basePath}`);
    return new RegistryVersionSource(openModelStore(m[1]), m[2]);
  }

  get url(): string {
    return `${this.store.url}/${this.model}`;
  }

  async scan(): Promise<VersionScan> {
    const manifest = await this.cache.get(this.model);
    this.manifest = manifest;
    const scan: VersionScan = { ready: new Map(), pending: new Map(), failed: new Map() };
    if (!manifest) return scan;
    for (const [version, entry] of manifest.versions) {
      if (entry.state === 'AVAILABLE') scan.ready.set(version, filesFingerprint(entry));
      else scan.failed!.set(version, entry.error ?? 'validation failed');
    }
    scan.policy = manifest.policy;
    scan.labels = manifest.labels;
    return scan;
  }

  async read(version: bigint): Promise<ModelFiles> {
    const entry = this.manifest?.versions.get(version);
    if (!entry || entry.state !== 'AVAILABLE') throw new ServingError('NOT_FOUND', `Version ${version} of ${this.model} is not published in ${this.store.url}`);
    return (await readVerifiedFiles(this.store, this.model, version, entry)).files;
  }
}
