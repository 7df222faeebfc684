// Bounded concurrency for I/O: reading a version's files from a store, hashing and uploading them.

/**
 * Runs `fn` over `items` with at most `limit` calls in flight; after the first failure no new call starts,
 * and it rejects with that failure.
 * @example await forEachLimit(paths, 8, async (p) => { bytes.set(p, await store.readFile(model, dir, p)); });
 */
export async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      try {
        await fn(items[next++]);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
