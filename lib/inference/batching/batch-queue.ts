// One batching queue (one model version + signature + input layout), as SharedBatchScheduler's internal::Queue:
// a deque of batches whose last one is open; a task that does not fit the open batch closes it and opens the
// next; the open batch becomes schedulable when full or when its first task has waited batch_timeout_micros.
import { ServingError } from '../../errors/index.ts';
import type { SchedulableQueue } from './batch-scheduler.ts';
import type { BatchingOptions } from './batching-parameters.ts';

/** What the queue needs of a task: its rows (dim 0 of its inputs). */
export interface SizedTask {
  readonly size: number;
}

export class BatchQueue<T extends SizedTask> implements SchedulableQueue {
  /** Batches in arrival order; the last one is open. Batches being run are no longer here. */
  private readonly batches: T[][] = [[]];
  private openRows = 0;
  private openSince = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: Pick<BatchingOptions, 'maxBatchSize' | 'batchTimeoutMicros' | 'maxEnqueuedBatches'>,
    /** Runs a batch and settles its tasks; never rejects. */
    private readonly process: (tasks: T[]) => Promise<void>,
    /** Asks the scheduler to look for work (a batch became schedulable). */
    private readonly wake: () => void,
    private readonly nowMicros: () => number = () => performance.now() * 1000,
  ) {}

  /**
   * Queue::Schedule without large-batch splitting, with its errors: INVALID_ARGUMENT "Task size 9 is larger than
   * maximum input batch size 8", UNAVAILABLE "The batch scheduling queue to which this task was submitted is full; …".
   */
  schedule(task: T): void {
    const { maxBatchSize, maxEnqueuedBatches } = this.options;
    if (task.size > maxBatchSize) {
      throw new ServingError('INVALID_ARGUMENT', `Task size ${task.size} is larger than maximum input batch size ${maxBatchSize}`);
    }
    if (this.openRows + task.size > maxBatchSize) {
      if (this.batches.length >= maxEnqueuedBatches) {
        throw new ServingError(
          'UNAVAILABLE',
          `The batch scheduling queue to which this task was submitted is full; currently ${this.batches.length} batches enqueued and max_enqueued_batches is ${maxEnqueuedBatches}`,
        );
      }
      this.closeOpenBatch();
    }
    const open = this.batches[this.batches.length - 1];
    if (open.length === 0) this.openSince = this.nowMicros();
    open.push(task);
    this.openRows += task.size;
    if (this.batches.length > 1 || this.openBatchSchedulable()) this.wake();
    // Also behind closed batches: once they are taken, nothing else would wake the scheduler for this one.
    if (open.length === 1 && this.options.batchTimeoutMicros > 0) this.armTimer();
  }

  /** Queue::ScheduleBatch: the oldest closed batch, or the open one when it is schedulable; undefined otherwise. */
  takeBatch(): T[] | undefined {
    if (this.batches.length === 1 && this.openBatchSchedulable()) this.closeOpenBatch();
    if (this.batches.length < 2) return undefined;
    return this.batches.shift();
  }

  runNext(): Promise<void> | undefined {
    const batch = this.takeBatch();
    return batch && this.process(batch);
  }

  /** No task waiting (batches being run are not counted). */
  isEmpty(): boolean {
    return this.batches.length === 1 && this.batches[0].length === 0;
  }

  /** Stops the timer; the queue must be empty (its servable is being disposed). */
  close(): void {
    clearTimeout(this.timer);
  }

  private openBatchSchedulable(): boolean {
    if (this.openRows === 0) return false;
    return this.openRows >= this.options.maxBatchSize || this.nowMicros() >= this.openSince + this.options.batchTimeoutMicros;
  }

  private closeOpenBatch(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.batches.push([]);
    this.openRows = 0;
  }

  /** Wakes the scheduler when the open batch's first task has waited batch_timeout_micros (TF polls every 1 ms). */
  private armTimer(): void {
    clearTimeout(this.timer);
    const remainingMicros = this.openSince + this.options.batchTimeoutMicros - this.nowMicros();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.openBatchSchedulable()) this.wake();
      else if (this.openRows > 0) this.armTimer();
    }, Math.max(1, Math.ceil(remainingMicros / 1000)));
    this.timer.unref();
  }
}
