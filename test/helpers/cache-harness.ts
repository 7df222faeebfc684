// A CachingManager under test: over a temp-dir LocalModelStore (or any store) wrapped in a CountingStore,
// with its log lines and metric events recorded and an injected clock. Managers are closed after each test.
import { afterEach, expect } from 'vitest';
import type { ServableHandle } from '../../lib/loader/manager.ts';
import type { HostTensor } from '../../lib/engine/index.ts';
import { CachingManager, type CachingManagerOptions, type LoaderMetric } from '../../lib/loader/index.ts';
import { LocalModelStore, type ModelStore } from '../../lib/registry/index.ts';
import { CountingStore } from './counting-store.ts';
import { tempBase } from './model-dirs.ts';

export interface CacheHarness {
  cache: CachingManager;
  store: CountingStore;
  events: LoaderMetric[];
  logs: string[];
  /** The injected clock, ms: advance `clock.t` to expire manifests. */
  clock: { t: number };
  /** Events of one kind, as `model@version` (or `model` when the event has no version). */
  seen(kind: LoaderMetric['kind']): string[];
}

const open: CachingManager[] = [];
afterEach(() => {
  for (const cache of open.splice(0)) cache.close();
});

/** A fresh store in a temp dir, counted. */
export function localStore(): CountingStore {
  return new CountingStore(new LocalModelStore({ root: tempBase('tfs-cache-') }));
}

export function cacheHarness(store: ModelStore | CountingStore = localStore(), options: Omit<CachingManagerOptions, 'store'> = {}): CacheHarness {
  const counting = store instanceof CountingStore ? store : new CountingStore(store);
  const events: LoaderMetric[] = [];
  const logs: string[] = [];
  const clock = { t: 1_000_000 };
  const cache = new CachingManager({
    store: counting, log: (line) => logs.push(line), metrics: (e) => events.push(e), now: () => clock.t, ...options,
  });
  open.push(cache);
  const seen = (kind: LoaderMetric['kind']) => events.filter((e) => e.kind === kind).map((e) => (e.version === undefined ? e.model : `${e.model}@${e.version}`));
  return { cache, store: counting, events, logs, clock, seen };
}

/** Runs half_plus_two's serving_default on one x and returns y (x / 2 + 2). */
export async function halfPlusTwo(handle: ServableHandle, x: number): Promise<number> {
  const out = await handle.servable.run('serving_default', new Map<string, HostTensor>([['x', { dtype: 'DT_FLOAT', shape: [1], data: new Float32Array([x]) }]]));
  return (out.get('y')!.data as Float32Array)[0];
}

/** Acquires, checks that the version answers like half_plus_two, releases; returns the version served. */
export async function servedVersion(cache: CachingManager, spec: { name: string; version?: bigint; label?: string }): Promise<bigint> {
  const handle = await cache.acquire(spec);
  try {
    expect(await halfPlusTwo(handle, 2)).toBe(3);
    return handle.version;
  } finally {
    handle.release();
  }
}
