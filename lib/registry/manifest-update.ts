// Read → mutate → conditional write of a model's manifest, retried when another writer got there first.
// The conditional write (If-Match the etag read, or If-None-Match "*" when creating) is what keeps two
// concurrent rollouts from losing each other's update (DESIGN.md §4); optimistic concurrency, no locks.
import { checkOptionKeys, isServingError, ServingError } from '../errors/index.ts';
import { cloneManifest, emptyManifest, MANIFEST_DOCUMENT, parseManifest, serializeManifest, type Manifest } from './manifest.ts';
import { readManifestDocument } from './read-manifest.ts';
import type { ModelStore } from './store.ts';

export interface UpdateManifestOptions {
  /** Read-mutate-write attempts before giving up with ABORTED. Integer ≥ 1. Default 10. */
  maxAttempts?: number;
  /** Backoff before retry k (1-based) is uniform in [0, min(maxDelayMs, baseDelayMs · 2^(k-1))] ms ("full jitter"). Default 20. */
  baseDelayMs?: number;
  /** Upper bound of one backoff, ms. Default 1000. */
  maxDelayMs?: number;
  /** Waits `ms` milliseconds. Default: a setTimeout promise. Tests inject their own. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). Default Math.random. */
  random?: () => number;
}

const OPTION_KEYS = new Set(['maxAttempts', 'baseDelayMs', 'maxDelayMs', 'sleep', 'random']);

/**
 * Applies `mutate` to the model's current manifest (an empty generation-0 one when there is none) and
 * writes the result conditionally, incrementing `generation`. On a lost race (ABORTED) it re-reads and
 * calls `mutate` again, so `mutate` must be a pure function of its argument: it may run several times.
 * IMPORTANT: make `mutate` idempotent (return undefined when its change is already there). A write can
 * be reported lost although it was applied (the SDK retries a PUT whose response was lost; the retry
 * then fails its own precondition), so `mutate` may be handed a manifest that already holds its change.
 * `mutate` receives a private copy (change it in place and return it, or return a new manifest);
 * returning undefined means "nothing to change": nothing is written and the current manifest is returned.
 * Returns the manifest as written.
 * @example
 * await updateManifest(store, 'digits', (m) => {
 *   if (m.labels.get('stable') === 3n) return undefined; // idempotent
 *   m.labels.set('stable', 3n);
 *   return m;
 * });
 */
export async function updateManifest(
  store: ModelStore,
  model: string,
  mutate: (m: Manifest) => Manifest | undefined,
  options: UpdateManifestOptions = {},
): Promise<Manifest> {
  checkOptionKeys(options, OPTION_KEYS, 'updateManifest');
  const maxAttempts = options.maxAttempts ?? 10;
  const baseDelayMs = options.baseDelayMs ?? 20;
  const maxDelayMs = options.maxDelayMs ?? 1000;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new ServingError('INVALID_ARGUMENT', `updateManifest: maxAttempts must be an integer ≥ 1, got ${maxAttempts}`);
  if (!(baseDelayMs >= 0) || !(maxDelayMs >= 0)) throw new ServingError('INVALID_ARGUMENT', 'updateManifest: delays must be non-negative');
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;

  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await sleep(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 2)));
    const doc = await readManifestDocument(store, model);
    const current = doc ? doc.manifest : emptyManifest(model);
    const next = mutate(cloneManifest(current));
    if (next === undefined) return current;
    if (next.model !== model) throw new ServingError('INVALID_ARGUMENT', `updateManifest: mutate renamed the manifest of ${model} to ${next.model}`);
    const body = serializeManifest({ ...next, generation: current.generation + 1 });
    try {
      await store.writeDocument(model, MANIFEST_DOCUMENT, body, doc ? { ifMatch: doc.etag } : { ifNoneMatch: '*' });
      return parseManifest(body, model);
    } catch (e) {
      if (!isServingError(e) || e.code !== 'ABORTED') throw e;
      lastError = e;
    }
  }
  throw new ServingError('ABORTED', `The manifest of model ${model} changed concurrently ${maxAttempts} times in a row; giving up`, { cause: lastError });
}
