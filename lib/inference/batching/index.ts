// Server-side batching (TF Serving's --enable_batching): a Batcher wraps servables so that concurrent runs of
// a signature are merged along dimension 0. Entry point of the sub-folder; lib/inference/index.ts re-exports it.
export { Batcher } from './batcher.ts';
export { type BatchingOptions, defaultBatchingOptions, parseBatchingParameters } from './batching-parameters.ts';
export type { BatchingStats } from './batching-servable.ts';
