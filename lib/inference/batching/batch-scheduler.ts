// The batch "threads" shared by every queue of a server, as SharedBatchScheduler: at most num_batch_threads
// batches run at once, and a free slot takes the next schedulable batch round-robin over the queues. Node runs
// JavaScript on one thread, so a slot is a batch in flight (the native engine runs it off the main thread).
/** What the scheduler asks of a queue (batch-queue.ts). */
export interface SchedulableQueue {
  /** Takes the next schedulable batch and starts running it; undefined when the queue has none now. */
  runNext(): Promise<void> | undefined;
  close(): void;
}

export class BatchScheduler {
  private readonly queues: SchedulableQueue[] = [];
  private next = 0;
  private running = 0;
  private pending = false;

  /** @param threads num_batch_threads (≥ 1). */
  constructor(private readonly threads: number) {}

  add(queue: SchedulableQueue): void {
    this.queues.push(queue);
  }

  remove(queue: SchedulableQueue): void {
    const i = this.queues.indexOf(queue);
    if (i < 0) return;
    this.queues.splice(i, 1);
    if (this.next > i) this.next--;
    queue.close();
  }

  /** Batches being run now. */
  inFlight(): number {
    return this.running;
  }

  /**
   * Looks for work soon: after the I/O callbacks of this turn of the event loop (setImmediate), so requests that
   * arrived together are already enqueued when a free slot closes the open batch; TF's threads poll each 1 ms.
   */
  wake(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.running < this.threads) {
      const started = this.startRoundRobin();
      if (!started) return;
      this.running++;
      const done = () => {
        this.running--;
        this.wake();
      };
      // A batch's run settles every task itself and never rejects; a bug there must still free the slot.
      started.then(done, done);
    }
  }

  /** GetNextWorkItem_Locked: ask each queue once, starting after the one served last. */
  private startRoundRobin(): Promise<void> | undefined {
    for (let tried = 0; tried < this.queues.length; tried++) {
      const index = this.next % this.queues.length;
      this.next = index + 1;
      const started = this.queues[index].runNext();
      if (started) return started;
    }
    return undefined;
  }
}
