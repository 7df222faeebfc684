// The per-container manifest cache (DESIGN.md §5): the last manifest and etag per model, trusted for
// `ttlMs`, then revalidated with a conditional read (If-None-Match → 304 keeps the same object).
// Nothing runs on a timer: entries are revalidated on demand, when `get` finds them expired (STYLE.md §2).
import { checkOptionKeys, ServingError } from '../errors/index.ts';
import { MANIFEST_DOCUMENT, parseManifest, type Manifest } from './manifest.ts';
import type { ModelStore } from './store.ts';

export interface ManifestCacheOptions {
  /** How long a read (or a revalidation) is trusted, ms. ≥ 0. Default 1000. */
  ttlMs?: number;
  /** The clock, ms. Default Date.now. Tests inject their own. */
  now?: () => number;
}

interface Entry {
  /** null: the model has no manifest (absence is cached too). */
  manifest: Manifest | null;
  etag?: string;
  /** When the read that confirmed this entry was issued. */
  checkedAt: number;
}

const OPTION_KEYS = new Set(['ttlMs', 'now']);

/**
 * IMPORTANT: returned manifests are shared between callers; treat them as read-only.
 * Concurrent `get`s of one model share one store request. A failed revalidation throws (the stale
 * entry is kept for the next try); deciding to keep serving what is loaded is the caller's business.
 * @example
 * const cache = new ManifestCache(store, { ttlMs: 1000 });
 * const manifest = await cache.get('digits'); // null when the model has no manifest
 */
/** How many "this model has no manifest" answers are remembered. */
const MAX_ABSENT = 1000;

export class ManifestCache {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Manifest | null>>();
  /** Bumped by invalidate(), so a read that started before it does not store its result. */
  private epoch = 0;
  /** Entries that remember a model has no manifest (bounded by MAX_ABSENT). */
  private absent = 0;

  constructor(private readonly store: ModelStore, options: ManifestCacheOptions = {}) {
    checkOptionKeys(options, OPTION_KEYS, 'ManifestCache');
    this.ttlMs = options.ttlMs ?? 1000;
    if (!Number.isFinite(this.ttlMs) || this.ttlMs < 0) throw new ServingError('INVALID_ARGUMENT', `ManifestCache: ttlMs must be a non-negative number, got ${options.ttlMs}`);
    this.now = options.now ?? Date.now;
  }

  /** The model's manifest, at most `ttlMs` old; null when it has none. */
  get(model: string): Promise<Manifest | null> {
    const entry = this.entries.get(model);
    if (entry && this.now() - entry.checkedAt < this.ttlMs) return Promise.resolve(entry.manifest);
    const shared = this.pending.get(model);
    if (shared) return shared;
    const p: Promise<Manifest | null> = this.revalidate(model, entry).finally(() => {
      if (this.pending.get(model) === p) this.pending.delete(model);
    });
    this.pending.set(model, p);
    return p;
  }

  /** Forgets one model (e.g. after this process updated it) or all of them; the next `get` reads the store. */
  invalidate(model?: string): void {
    this.epoch++;
    if (model === undefined) {
      this.entries.clear();
      this.absent = 0;
      this.pending.clear();
    } else {
      this.forget(model);
      this.pending.delete(model);
    }
  }

  private async revalidate(model: string, entry: Entry | undefined): Promise<Manifest | null> {
    const epoch = this.epoch;
    const checkedAt = this.now();
    const res = await this.store.readDocument(model, MANIFEST_DOCUMENT, entry?.etag ? { ifNoneMatch: entry.etag } : {});
    let next: Entry;
    if (res === 'not-modified') {
      if (!entry) throw new ServingError('INTERNAL', 'store answered not-modified to an unconditional read');
      next = { ...entry, checkedAt };
    } else if (res === null) {
      next = { manifest: null, checkedAt };
    } else {
      next = { manifest: parseManifest(res.body, model), etag: res.etag, checkedAt };
    }
    if (epoch === this.epoch) this.setEntry(model, next);
    return next.manifest;
  }

  /**
   * Absence is remembered for at most MAX_ABSENT names, so requests for random model names cannot grow the
   * cache without bound; the oldest remembered absence is forgotten first (a Map keeps insertion order).
   */
  private setEntry(model: string, next: Entry): void {
    this.forget(model);
    this.entries.set(model, next);
    if (next.manifest === null && ++this.absent > MAX_ABSENT) {
      for (const [name, e] of this.entries) {
        if (e.manifest === null) {
          this.forget(name);
          break;
        }
      }
    }
  }

  private forget(model: string): void {
    if (this.entries.get(model)?.manifest === null) this.absent--;
    this.entries.delete(model);
  }

  /** How many models it holds an answer for (present or absent); for tests and introspection. */
  size(): number {
    return this.entries.size;
  }
}
