// A job module for test/io/worker-pool.test.ts: echoes, fails with a ServingError or a bug, busy-waits, or
// kills its thread.
import { ServingError } from '../../lib/errors/index.ts';

export type PoolTestJob = { kind: 'echo'; bytes: Uint8Array } | { kind: 'serving-error' } | { kind: 'bug' } | { kind: 'busy'; ms: number } | { kind: 'exit' };

export function handleJob(job: PoolTestJob): { value: unknown; transfer?: ArrayBuffer[] } {
  if (job.kind === 'echo') return { value: job.bytes, transfer: [job.bytes.buffer as ArrayBuffer] };
  if (job.kind === 'serving-error') throw new ServingError('INVALID_ARGUMENT', 'JSON Parse error: Invalid value. at offset: 0');
  if (job.kind === 'bug') throw new TypeError('not a function');
  if (job.kind === 'exit') process.exit(3);
  const until = performance.now() + job.ms;
  while (performance.now() < until);
  return { value: 'done' };
}
