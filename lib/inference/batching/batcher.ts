// Server-side batching for a whole server (--enable_batching): one set of options and one scheduler shared by
// every model version it wraps, as TF Serving shares one SharedBatchScheduler across its sessions.
import type { Servable } from '../../engine/index.ts';
import { checkOptionKeys } from '../../errors/index.ts';
import { BatchScheduler } from './batch-scheduler.ts';
import { type BatchingOptions, checkBatchingOptions, defaultBatchingOptions } from './batching-parameters.ts';
import { BatchingServable, type BatchingStats } from './batching-servable.ts';

export class Batcher {
  readonly options: BatchingOptions;
  private readonly scheduler: BatchScheduler;
  private readonly counters: BatchingStats = { batches: 0, tasks: 0, paddingRows: 0, fallbacks: 0 };

  /** @param options BatchingParameters resolved (parseBatchingParameters); unset fields take TF Serving's defaults. */
  constructor(options: Partial<BatchingOptions> = {}) {
    checkOptionKeys(options, Object.keys(defaultBatchingOptions()), 'Batcher');
    this.options = checkBatchingOptions({ ...defaultBatchingOptions(), ...options });
    this.scheduler = new BatchScheduler(this.options.numBatchThreads);
  }

  /**
   * The servable with its runs batched; dispose() of the result disposes `servable`.
   * @example const batched = new Batcher({ maxBatchSize: 32, batchTimeoutMicros: 2000 }).wrap(servable);
   */
  wrap(servable: Servable): Servable {
    return new BatchingServable(servable, this.options, this.scheduler, this.counters);
  }

  /** Totals since start: batches run, requests in them, padding rows, requests re-run alone. */
  stats(): Readonly<BatchingStats> {
    return { ...this.counters };
  }
}
