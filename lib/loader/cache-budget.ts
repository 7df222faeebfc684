// The per-container cache's byte budget inside a Lambda function's memory (DESIGN.md §5). Pure: the
// caller reads AWS_LAMBDA_FUNCTION_MEMORY_SIZE at the edge (STYLE.md §9) and passes the number in.
import { ServingError } from '../errors/index.ts';

/**
 * MiB the process needs besides the cached servables: Node 20, our code, TensorFlow.js with its wasm
 * backend and the AWS SDK. Measured: ~145 MiB RSS after importing lib/loader + lib/registry under tsx
 * (a bundled function is smaller); rounded up for request buffers.
 */
export const RUNTIME_RESERVE_MB = 160;

/**
 * The share of the remaining memory the cache may fill with servables. A load holds the downloaded files
 * and the servable being built at the same time (about twice its memoryBytes at peak), so half is left
 * for the load in progress and for the garbage collector's slack.
 */
export const CACHE_SHARE = 0.5;

const MIB = 1024 * 1024;

/**
 * Bytes of servables (Servable.memoryBytes) the cache keeps within a function of `memoryMb` MiB:
 * (memoryMb − RUNTIME_RESERVE_MB) × CACHE_SHARE, never below 0 (then each version is served alone).
 * INVALID_ARGUMENT unless `memoryMb` is a positive finite number.
 * @example budgetFromMemoryMb(Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE)) // 1024 → 432 MiB
 */
export function budgetFromMemoryMb(memoryMb: number): number {
  if (typeof memoryMb !== 'number' || !Number.isFinite(memoryMb) || memoryMb <= 0) {
    throw new ServingError('INVALID_ARGUMENT', `function memory must be a positive number of MiB, got ${memoryMb}`);
  }
  return Math.floor(Math.max(0, memoryMb - RUNTIME_RESERVE_MB) * CACHE_SHARE * MIB);
}
