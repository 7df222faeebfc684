// The worker pool behind big-body parsing and big pbtxt loads: buffers move both ways, a ServingError keeps
// its code and text, a bug stays a bug, the wait queue is bounded, and a thread that dies is replaced.
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../lib/io/index.ts';
import type { PoolTestJob } from '../helpers/pool-job.ts';

const MODULE = new URL('../helpers/pool-job.ts', import.meta.url);
let pool: WorkerPool<PoolTestJob, unknown>;
afterEach(() => pool.close());

describe('WorkerPool', () => {
  it('moves a buffer to the worker and back', async () => {
    pool = new WorkerPool({ module: MODULE });
    const bytes = Uint8Array.of(1, 2, 3);
    const back = await pool.run({ kind: 'echo', bytes }, [bytes.buffer]);
    expect(bytes.byteLength).toBe(0); // moved, not copied
    expect([...(back as Uint8Array)]).toEqual([1, 2, 3]);
  }, 60_000);

  it('rethrows a ServingError with its code and message, and a bug as a plain Error', async () => {
    pool = new WorkerPool({ module: MODULE });
    await expect(pool.run({ kind: 'serving-error' })).rejects.toMatchObject({ name: 'ServingError', code: 'INVALID_ARGUMENT', message: 'JSON Parse error: Invalid value. at offset: 0' });
    const bug = await pool.run({ kind: 'bug' }).catch((e: Error) => e);
    expect(bug).toBeInstanceOf(Error);
    expect((bug as Error & { code?: string }).code).toBeUndefined();
    expect((bug as Error).message).toBe('not a function');
  }, 60_000);

  it('refuses a job beyond the wait queue with RESOURCE_EXHAUSTED', async () => {
    pool = new WorkerPool({ module: MODULE, size: 1, maxQueued: 1 });
    const running = pool.run({ kind: 'busy', ms: 300 });
    const queued = pool.run({ kind: 'busy', ms: 1 });
    await expect(pool.run({ kind: 'busy', ms: 1 })).rejects.toMatchObject({ code: 'RESOURCE_EXHAUSTED' });
    await expect(Promise.all([running, queued])).resolves.toEqual(['done', 'done']);
  }, 60_000);

  it('fails the job of a thread that exits and runs the next job on a new one', async () => {
    pool = new WorkerPool({ module: MODULE });
    await expect(pool.run({ kind: 'exit' })).rejects.toThrow(/exited/);
    await expect(pool.run({ kind: 'busy', ms: 1 })).resolves.toBe('done');
  }, 60_000);
});
