// The per-container cache for AWS Lambda (DESIGN.md §5), TF Serving's CachingManager over the registry's
// manifests: a version is loaded by the first request that needs it (single-flight per name@version),
// verified against the manifest, kept within a byte budget (least recently used idle versions are
// evicted), and dropped once a fresher manifest stops serving it. Nothing runs on a timer: a model's
// manifest is revalidated when a request finds it older than its TTL (STYLE.md §2).
// IMPORTANT: handles are pinned; an evicted or dropped version is disposed only after its last release.
import type { ModelProvider, ModelSpec, ServableHandle, VersionStatus } from './manager.ts';
import { isServingError, ServingError } from '../errors/index.ts';
import { isValidModelName, type Manifest, ManifestCache, type ManifestVersion, type ModelStore, type VersionTarget } from '../registry/index.ts';
import { type CachedVersionInfo, type CachingManagerOptions, type PreloadError, type PreloadResult, resolveCachingOptions, type ResolvedCachingOptions } from './caching-options.ts';
import { filesFingerprint, type LoadFailure, manifestStatuses, resolveVersion, servedVersions } from './manifest-view.ts';
import { readVerifiedFiles } from './verified-files.ts';
import { VersionEntry } from './version-entry.ts';
import { loadChosenVersion } from './target-choice.ts';
import { loadFromArtifact } from './artifact-version.ts';
import { meteredStore } from './metered-store.ts';

interface Cached {
  readonly key: string;
  readonly name: string;
  readonly version: bigint;
  readonly fingerprint: string;
  readonly entry: VersionEntry;
  /** Set while the load is in flight; every request for this version awaits the same promise. */
  loading: Promise<void> | undefined;
  /** Recency tick of the last acquire (LRU order). */
  lastUsed: number;
  /** Requests awaiting `loading` or about to pin: never evicted under them. */
  waiters: number;
  /** Left the cache while requests waited; the last waiter unloads it. */
  dropped: boolean;
}

/** The last failed load of a version, kept (for status) until a load succeeds or its files change. */
interface Failure extends LoadFailure {
  name: string;
  version: bigint;
  fingerprint: string;
}

interface LastGood {
  manifest: Manifest;
  /** When revalidating it last failed: the store is not asked again for a TTL. */
  failedAt?: number;
}

/**
 * @example
 * const cache = new CachingManager({ store: S3ModelStore.fromUrl('s3://bucket/models'), budgetBytes: budgetFromMemoryMb(1024) });
 * const handle = await cache.acquire({ name: 'digits' });
 * try { await handle.servable.run('serving_default', inputs); } finally { handle.release(); }
 */
export class CachingManager implements ModelProvider {
  private readonly store: ModelStore;
  private readonly manifests: ManifestCache;
  private readonly options: ResolvedCachingOptions;
  private readonly cache = new Map<string, Cached>();
  /** The manifest each model's cached versions were last reconciled with. */
  private readonly reconciled = new Map<string, Manifest>();
  private readonly lastGood = new Map<string, LastGood>();
  private readonly failures = new Map<string, Failure>();
  private tick = 0;

  constructor(options: CachingManagerOptions) {
    this.options = resolveCachingOptions(options);
    this.store = this.options.store;
    const metered = meteredStore(this.store, (model, ms) => this.options.metrics({ kind: 'manifest_revalidate', model, ms }));
    this.manifests = new ManifestCache(metered, { ttlMs: this.options.manifestTtlMs, now: this.options.now });
  }

  async acquire(spec: ModelSpec): Promise<ServableHandle> {
    const manifest = await this.manifest(spec.name);
    const version = resolveVersion(spec, manifest, servedVersions(manifest));
    return this.pin(spec.name, version, manifest!.versions.get(version)!);
  }

  /**
   * Where the version a request names is served: 'heavy' when its manifest entry says so (the api function then
   * forwards the request), undefined for this container or when the request names no served version (the
   * REST handler answers that with TF Serving's error).
   */
  async targetOf(spec: ModelSpec): Promise<VersionTarget | undefined> {
    let manifest: Manifest | null;
    let version: bigint;
    try {
      manifest = await this.manifest(spec.name);
      version = resolveVersion(spec, manifest, servedVersions(manifest));
    } catch (e) {
      if (isServingError(e)) return undefined;
      throw e;
    }
    return manifest!.versions.get(version)!.target;
  }

  async status(spec: ModelSpec): Promise<VersionStatus[]> {
    const manifest = await this.manifest(spec.name);
    return manifestStatuses(spec, manifest, (version, entry) => {
      const failure = this.failures.get(`${spec.name}@${version}`);
      return failure?.fingerprint === filesFingerprint(entry) ? failure : undefined;
    });
  }

  /** True when a loaded version of the model could answer `spec` (the version it names, if any). */
  isAvailable(spec: ModelSpec): boolean {
    for (const c of this.cache.values()) {
      if (c.name === spec.name && !c.loading && c.entry.state === 'AVAILABLE' && (spec.version === undefined || c.version === spec.version)) return true;
    }
    return false;
  }

  /**
   * Loads the latest served version of each model, one after the other (warm-up). A model whose served version
   * is on the heavy target is not loaded here (its requests are forwarded). Never throws: returns what failed.
   */
  async preload(models: readonly string[]): Promise<PreloadResult> {
    const result: PreloadResult = { failed: [], forwarded: [] };
    for (const model of models) {
      try {
        if ((await this.targetOf({ name: model })) === 'heavy') {
          result.forwarded.push(model);
          continue;
        }
        const handle = await this.acquire({ name: model });
        // A keep-warm leaves nothing to convert for the first request (loads are lazy here: caching-options.ts).
        try {
          await handle.servable.prepare?.();
        } finally {
          handle.release();
        }
      } catch (e) {
        result.failed.push({ model, error: e instanceof Error ? e : new Error(String(e)) });
      }
    }
    return result;
  }

  /** The versions in the cache, least recently used first. */
  cachedVersions(): CachedVersionInfo[] {
    return [...this.cache.values()].sort((a, b) => a.lastUsed - b.lastUsed).map((c) => ({
      name: c.name, version: c.version, bytes: c.entry.memoryBytes(), pinned: c.waiters > 0 || c.entry.busy(),
    }));
  }

  /** Drops every cached version (each is disposed once no request holds it); a later request loads again. */
  close(): void {
    for (const c of [...this.cache.values()]) this.drop(c, 'closing');
  }

  /** The model's manifest, at most a TTL old; the last good one while the store cannot be read. */
  private async manifest(name: string): Promise<Manifest | null> {
    // A name the store could never hold (`../etc`, `a/b`) has no manifest: TF Serving's NOT_FOUND, store untouched.
    if (!isValidModelName(name)) return null;
    const good = this.lastGood.get(name);
    if (good?.failedAt !== undefined && this.options.now() - good.failedAt < this.options.manifestTtlMs) return good.manifest;
    let manifest: Manifest | null;
    try {
      manifest = await this.manifests.get(name);
    } catch (e) {
      if (!good || !isServingError(e) || e.code === 'INVALID_ARGUMENT') throw e;
      good.failedAt = this.options.now();
      this.options.log(`model ${name}: cannot revalidate its manifest (${e.code}: ${e.message}); serving generation ${good.manifest.generation} meanwhile`);
      return good.manifest;
    }
    if (manifest) this.lastGood.set(name, { manifest });
    else this.lastGood.delete(name);
    if (this.reconciled.get(name) !== (manifest ?? undefined)) this.reconcile(name, manifest);
    return manifest;
  }

  /** Drops the cached versions (and remembered failures) of `name` that `manifest` no longer serves with the same files. */
  private reconcile(name: string, manifest: Manifest | null): void {
    if (manifest) this.reconciled.set(name, manifest);
    else this.reconciled.delete(name);
    const served = new Map(servedVersions(manifest).map((v) => [v, filesFingerprint(manifest!.versions.get(v)!)]));
    for (const c of [...this.cache.values()]) {
      if (c.name === name && served.get(c.version) !== c.fingerprint) this.drop(c, 'no longer served');
    }
    for (const [key, f] of this.failures) {
      if (f.name === name && served.get(f.version) !== f.fingerprint) this.failures.delete(key);
    }
  }

  /** A pinned handle on `name@version`, loading it first (single-flight) when it is not cached. */
  private async pin(name: string, version: bigint, entry: ManifestVersion): Promise<ServableHandle> {
    const key = `${name}@${version}`;
    const fingerprint = filesFingerprint(entry);
    let c = this.cache.get(key);
    if (c && c.fingerprint !== fingerprint) { // only while a stale manifest is served during a store outage
      this.drop(c, 'files changed');
      c = undefined;
    }
    this.options.metrics({ kind: c && !c.loading ? 'cache_hit' : 'cache_miss', model: name, version });
    if (!c) {
      const created: Cached = { key, name, version, fingerprint, entry: new VersionEntry(version), loading: undefined, lastUsed: 0, waiters: 0, dropped: false };
      this.cache.set(key, (c = created));
      created.loading = this.load(created, entry).finally(() => (created.loading = undefined));
    }
    c.lastUsed = ++this.tick;
    c.waiters++;
    try {
      await c.loading;
      const handle = c.entry.acquire(name);
      if (!handle) throw new ServingError('INTERNAL', `version ${version} of model ${name} was unloaded while a request waited for it`);
      return { ...handle, release: () => this.release(handle) };
    } finally {
      c.waiters--;
      if (c.dropped && c.waiters === 0) c.entry.unload();
    }
  }

  private release(handle: ServableHandle): void {
    handle.release();
    if (this.totalBytes() > this.options.budgetBytes) this.enforceBudget();
  }

  /** Reads, verifies and loads one version. A failure leaves the cache, so the next request retries. */
  private async load(c: Cached, entry: ManifestVersion): Promise<void> {
    const started = performance.now();
    c.entry.startLoading(c.fingerprint);
    try {
      const source = `${this.store.url}/${c.name}/${entry.dirName}`;
      const fromArtifact = await loadFromArtifact(this.store, c.name, entry, source, this.options.load, this.options.log);
      if (fromArtifact) c.entry.available(fromArtifact);
      else {
        const { files } = await readVerifiedFiles(this.store, c.name, c.version, entry, { maxFileBytes: this.options.maxFileBytes });
        c.entry.available(await loadChosenVersion(files, source, this.options.load));
      }
    } catch (e) {
      const code = isServingError(e) ? e.code : 'UNKNOWN';
      const failure: Failure = { name: c.name, version: c.version, code, message: e instanceof Error ? e.message : String(e), fingerprint: c.fingerprint };
      c.entry.markFailed(failure.code, failure.message, c.fingerprint);
      if (this.cache.get(c.key) === c) {
        this.cache.delete(c.key);
        this.failures.set(c.key, failure);
      }
      this.options.log(`Loading servable {name: ${c.name} version: ${c.version}} failed: ${failure.code}: ${failure.message}`);
      throw e;
    }
    const ms = Math.round(performance.now() - started);
    const bytes = c.entry.memoryBytes();
    this.failures.delete(c.key);
    this.options.metrics({ kind: 'load', model: c.name, version: c.version, ms, bytes });
    this.options.log(`Successfully loaded servable version {name: ${c.name} version: ${c.version}} in ${ms} ms (${bytes} bytes)`);
    if (bytes > this.options.budgetBytes) this.options.log(`model ${c.name} version ${c.version} holds ${bytes} bytes, more than the cache budget of ${this.options.budgetBytes}: serving it alone`);
    if (!c.dropped) this.enforceBudget();
    else this.reportDrop(c, 'no longer served'); // dropped while it loaded: its waiters still get it, then it goes
  }

  /**
   * Evicts idle versions, least recently used first, until the cache fits its budget. Never evicts one a
   * request holds or waits for, nor the most recently used one (a version larger than the budget stays).
   */
  private enforceBudget(): void {
    let total = this.totalBytes();
    if (total <= this.options.budgetBytes) return;
    const all = [...this.cache.values()];
    const newest = all.reduce((a, b) => (b.lastUsed > a.lastUsed ? b : a));
    const idle = all.filter((c) => c !== newest && c.waiters === 0 && !c.entry.busy() && c.entry.state === 'AVAILABLE');
    for (const c of idle.sort((a, b) => a.lastUsed - b.lastUsed)) {
      if (total <= this.options.budgetBytes) break;
      total -= c.entry.memoryBytes();
      this.drop(c, `over the cache budget of ${this.options.budgetBytes} bytes`);
    }
  }

  /** Takes a version out of the cache; it is disposed now when idle, else after its last release. */
  private drop(c: Cached, why: string): void {
    if (this.cache.get(c.key) === c) this.cache.delete(c.key);
    c.dropped = true;
    if (c.entry.state !== 'AVAILABLE') return; // a load in flight: reported when it completes, unloaded by its last waiter
    this.reportDrop(c, why);
    if (c.waiters === 0) c.entry.unload();
  }

  private reportDrop(c: Cached, why: string): void {
    this.options.metrics({ kind: 'evict', model: c.name, version: c.version, bytes: c.entry.memoryBytes() });
    this.options.log(`Unloading servable version {name: ${c.name} version: ${c.version}}: ${why}`);
  }

  private totalBytes(): number {
    let total = 0;
    for (const c of this.cache.values()) total += c.entry.memoryBytes();
    return total;
  }
}
