// A small fixed pool of worker threads for CPU-heavy work that must not hold the event loop (issue 10 item 4:
// parsing a 30 MB request body or a 38 MB pbtxt). Jobs queue FIFO; the queue is bounded. Workers start on the
// first job and are unref'd, yet close() every pool when done: on Node 20 an idle worker that registered tsx's
// hooks kept `serve` alive after SIGTERM. A worker that dies fails its job and is replaced.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TransferListItem, Worker } from 'node:worker_threads';
import { ServingError } from '../errors/index.ts';

export interface WorkerPoolOptions {
  /** The job module (a .ts file URL) exporting `handleJob(job): { value, transfer? } | Promise<…>`. */
  module: URL;
  /** Worker threads; default 1. */
  size?: number;
  /** Jobs waiting for a worker (running ones not counted); default 16. One more is RESOURCE_EXHAUSTED. */
  maxQueued?: number;
}

interface Pending {
  job: unknown;
  transfer: TransferListItem[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  job?: Pending;
}

/** The worker-side failure, as worker-entry.mjs sends it. */
interface WireError {
  name?: string;
  code?: string;
  message: string;
  stack?: string;
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/**
 * @example const pool = new WorkerPool<Job, Answer>({ module: new URL('./decode-job.ts', import.meta.url) });
 *   const answer = await pool.run(job, [job.bytes.buffer]);
 */
export class WorkerPool<Job, Value> {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly size: number;
  private readonly maxQueued: number;
  private nextId = 0;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.size = options.size ?? 1;
    this.maxQueued = options.maxQueued ?? 16;
    if (!(this.size >= 1) || !(this.maxQueued >= 0)) throw new ServingError('INVALID_ARGUMENT', 'WorkerPool: size must be ≥ 1 and maxQueued ≥ 0');
  }

  /** Runs `job` in a worker; `transfer` lists buffers moved (not copied) to it. */
  run(job: Job, transfer: TransferListItem[] = []): Promise<Value> {
    if (this.closed) return Promise.reject(new ServingError('UNAVAILABLE', 'The worker pool is closed'));
    if (this.queue.length >= this.maxQueued && this.slots.length >= this.size && this.slots.every((s) => s.job)) {
      return Promise.reject(new ServingError('RESOURCE_EXHAUSTED', `More than ${this.maxQueued} jobs are waiting for a worker thread; retry later`));
    }
    return new Promise<Value>((resolve, reject) => {
      this.queue.push({ job, transfer, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Stops every worker; queued and running jobs fail with UNAVAILABLE. */
  async close(): Promise<void> {
    this.closed = true;
    const gone = new ServingError('UNAVAILABLE', 'The worker pool is closed');
    for (const p of this.queue.splice(0)) p.reject(gone);
    await Promise.all(this.slots.splice(0).map((s) => (s.job?.reject(gone), s.worker.terminate())));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.start();
      }
      const pending = this.queue.shift()!;
      slot.job = pending;
      const id = this.nextId++;
      const target = slot;
      void target.ready.then(() => {
        if (target.job === pending) target.worker.postMessage({ id, job: pending.job }, pending.transfer);
      });
    }
  }

  private start(): Slot {
    // Taken when the first worker starts, not imported: node:worker_threads costs a cold start ~5 ms to load.
    const { Worker } = process.getBuiltinModule('node:worker_threads');
    const worker = new Worker(ENTRY, { workerData: { module: this.options.module.href } });
    worker.unref();
    let markReady!: () => void;
    const slot: Slot = { worker, ready: new Promise<void>((r) => (markReady = r)) };
    worker.on('message', (m: { ready?: true; value?: unknown; error?: WireError }) => {
      if (m.ready) return markReady();
      const done = slot.job;
      slot.job = undefined;
      if (m.error) done?.reject(rebuild(m.error));
      else done?.resolve(m.value);
      this.pump();
    });
    const fail = (e: Error) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      slot.job?.reject(e);
      slot.job = undefined;
      markReady();
      if (!this.closed) this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a worker thread exited (code ${code}) during a job`)));
    this.slots.push(slot);
    return slot;
  }
}

/**
 * True when worker threads can run `module` here: its source and the entry are files beside this one (not so in
 * an esbuild bundle, where callers keep to the calling thread).
 */
export function workersCanRun(module: URL): boolean {
  return module.protocol === 'file:' && existsSync(fileURLToPath(ENTRY)) && existsSync(fileURLToPath(module));
}

/** A ServingError keeps its code and message byte for byte; anything else is a bug, with the worker's stack. */
function rebuild(e: WireError): Error {
  if (e.name === 'ServingError' && e.code) return new ServingError(e.code as ServingError['code'], e.message);
  const error = new Error(e.message);
  if (e.stack) error.stack = e.stack;
  return error;
}
