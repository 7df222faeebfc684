// The CachingManager's options, its metric events and what it returns: the types a Lambda function wires
// together, and the one place the options are checked (STYLE.md §9: unknown keys and bad values throw).
import { totalmem } from 'node:os';
import { checkOptionKeys, ServingError } from '../errors/index.ts';
import type { ModelStore } from '../registry/index.ts';
import { budgetFromMemoryMb } from './cache-budget.ts';
import type { ChoosingLoadOptions } from './target-choice.ts';

/**
 * One cache event, for metrics (the Lambda function turns them into CloudWatch EMF).
 * cache_hit / cache_miss: a request found its version loaded / had to load it or wait for a load in flight;
 * load: a version finished loading (ms, bytes = its memoryBytes); evict: a version left the cache, over
 * budget or no longer served (bytes); manifest_revalidate: one manifest read from the store (ms).
 */
export interface LoaderMetric {
  kind: 'cache_hit' | 'cache_miss' | 'load' | 'evict' | 'manifest_revalidate';
  model: string;
  version?: bigint;
  ms?: number;
  bytes?: number;
}

export interface CachingManagerOptions {
  /** Where manifests and version files live (S3 in Lambda). Required. */
  store: ModelStore;
  /** How long a manifest read is trusted before it is revalidated, ms, ≥ 0. Default 1000. */
  manifestTtlMs?: number;
  /** Bytes of servables (memoryBytes) kept loaded, ≥ 0. Default budgetFromMemoryMb(os.totalmem() in MiB); Lambda callers pass budgetFromMemoryMb(AWS_LAMBDA_FUNCTION_MEMORY_SIZE). */
  budgetBytes?: number;
  /** How versions are loaded (engine, backend, tags, warm-up); lazySignatures defaults to true here. */
  load?: ChoosingLoadOptions;
  /** Refuse (RESOURCE_EXHAUSTED) a version with a file larger than this, bytes, > 0. Default: no limit. */
  maxFileBytes?: number;
  /** Log sink for one-line events. Default console.log. */
  log?: (line: string) => void;
  /** Metrics sink. Default: none. */
  metrics?: (event: LoaderMetric) => void;
  /** The clock for manifest TTLs, ms. Default Date.now. */
  now?: () => number;
}

/** A model preload could not load. */
export interface PreloadError {
  model: string;
  error: Error;
}

/** What a preload did: the models it could not load, and those it left to the heavy target (not loaded here). */
export interface PreloadResult {
  failed: PreloadError[];
  /** Models whose served version is on the heavy target (manifest target 'heavy'): requests are forwarded there. */
  forwarded: string[];
}

/** One version in the cache, for introspection. */
export interface CachedVersionInfo {
  name: string;
  version: bigint;
  bytes: number;
  /** A request holds it (or waits for it). */
  pinned: boolean;
}

/** The options with defaults applied. */
export interface ResolvedCachingOptions {
  store: ModelStore;
  manifestTtlMs: number;
  budgetBytes: number;
  load: ChoosingLoadOptions;
  maxFileBytes: number | undefined;
  log: (line: string) => void;
  metrics: (event: LoaderMetric) => void;
  now: () => number;
}

const OPTION_KEYS = new Set(['store', 'manifestTtlMs', 'budgetBytes', 'load', 'maxFileBytes', 'log', 'metrics', 'now']);

/** Checks `options` (INVALID_ARGUMENT naming the bad key or value) and applies the defaults. */
export function resolveCachingOptions(options: CachingManagerOptions): ResolvedCachingOptions {
  const bad = (message: string) => new ServingError('INVALID_ARGUMENT', `CachingManager: ${message}`);
  checkOptionKeys(options ?? {}, OPTION_KEYS, 'CachingManager');
  if (!options?.store) throw bad('store is required');
  const ttl = options.manifestTtlMs ?? 1000;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) throw bad(`manifestTtlMs must be a non-negative number, got ${options.manifestTtlMs}`);
  const budget = options.budgetBytes ?? budgetFromMemoryMb(totalmem() / (1024 * 1024));
  if (typeof budget !== 'number' || !(budget >= 0)) throw bad(`budgetBytes must be a non-negative number, got ${options.budgetBytes}`);
  const max = options.maxFileBytes;
  if (max !== undefined && !(Number.isInteger(max) && max > 0)) throw bad(`maxFileBytes must be a positive integer, got ${max}`);
  for (const key of ['log', 'metrics', 'now'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') throw bad(`${key} must be a function`);
  }
  return {
    store: options.store,
    manifestTtlMs: ttl,
    budgetBytes: budget,
    // A cold container converts only the signatures its requests name (the rollout converted every one).
    load: { lazySignatures: true, ...options.load },
    maxFileBytes: max,
    log: options.log ?? ((line) => console.log(line)),
    metrics: options.metrics ?? (() => {}),
    now: options.now ?? Date.now,
  };
}
