// A Servable that batches concurrent runs of the same signature, as TF Serving's BatchingSession wraps its
// Session: requests whose inputs fit the signature are queued per (signature, outputs, input layout), merged along
// dimension 0, run once and split back. Anything that cannot be batched runs alone, exactly as without batching.
import type { Servable, SignatureStatus } from '../../engine/index.ts';
import type { SignatureInfo } from '../../savedmodel/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import { BatchQueue, type SizedTask } from './batch-queue.ts';
import type { BatchScheduler } from './batch-scheduler.ts';
import { concatRows, padToDims, splitRows } from './batch-tensors.ts';
import { type BatchingOptions, roundToAllowedBatchSize } from './batching-parameters.ts';
import { batchLayout } from './batch-layout.ts';

interface RunTask extends SizedTask {
  readonly inputs: Map<string, HostTensor>;
  resolve(outputs: Map<string, HostTensor>): void;
  reject(error: unknown): void;
}

/** Counters a test or a log line can read: batches run, requests in them, padding rows added, lone fallbacks. */
export interface BatchingStats {
  batches: number;
  tasks: number;
  paddingRows: number;
  /** Requests re-run alone because their batch failed or its outputs had no batch dimension. */
  fallbacks: number;
}

export class BatchingServable implements Servable {
  private readonly queues = new Map<string, BatchQueue<RunTask>>();
  private readonly signatureCache = new Map<string, SignatureInfo | undefined>();

  constructor(
    private readonly inner: Servable,
    private readonly options: BatchingOptions,
    private readonly scheduler: BatchScheduler,
    private readonly stats: BatchingStats,
  ) {}

  get engine() {
    return this.inner.engine;
  }

  signatures(): SignatureInfo[] {
    return this.inner.signatures();
  }

  signatureStatus(): SignatureStatus[] {
    return this.inner.signatureStatus();
  }

  signature(key: string): SignatureInfo {
    return this.inner.signature(key);
  }

  prepare(): Promise<void> {
    return this.inner.prepare?.() ?? Promise.resolve();
  }

  memoryBytes(): number {
    return this.inner.memoryBytes();
  }

  dispose(): void {
    for (const queue of this.queues.values()) this.scheduler.remove(queue);
    this.queues.clear();
    this.inner.dispose();
  }

  run(signatureKey: string, inputs: Map<string, HostTensor>, outputs?: readonly string[]): Promise<Map<string, HostTensor>> {
    const signature = this.runnableSignature(signatureKey);
    const layout = signature && batchLayout(signature, inputs, outputs, this.options.padVariableLengthInputs);
    if (!layout) return this.inner.run(signatureKey, inputs, outputs);
    return new Promise((resolve, reject) => {
      const queue = this.queueFor(`${signatureKey}\u0000${layout.key}`, signatureKey, outputs);
      queue.schedule({ size: layout.rows, inputs, resolve, reject });
    });
  }

  /** The signature when it exists and runs on this engine (otherwise the inner servable's error is the answer). */
  private runnableSignature(key: string): SignatureInfo | undefined {
    if (!this.signatureCache.has(key)) {
      const status = this.inner.signatureStatus().find((s) => s.key === key);
      this.signatureCache.set(key, status?.available ? this.inner.signatures().find((s) => s.key === key) : undefined);
    }
    return this.signatureCache.get(key);
  }

  private queueFor(queueKey: string, signatureKey: string, outputs: readonly string[] | undefined): BatchQueue<RunTask> {
    let queue = this.queues.get(queueKey);
    if (!queue) {
      queue = new BatchQueue<RunTask>(this.options, (tasks) => this.process(signatureKey, outputs, tasks), () => this.scheduler.wake());
      this.queues.set(queueKey, queue);
      this.scheduler.add(queue);
    }
    return queue;
  }

  /** ProcessBatch: merge, run once, split; a failed or unsplittable batch is re-run request by request. */
  private async process(signatureKey: string, outputs: readonly string[] | undefined, tasks: RunTask[]): Promise<void> {
    const rows = tasks.map((t) => t.size);
    const total = rows.reduce((a, b) => a + b, 0);
    const paddingRows = roundToAllowedBatchSize(this.options.allowedBatchSizes, total) - total;
    this.stats.batches++;
    this.stats.tasks += tasks.length;
    this.stats.paddingRows += paddingRows;
    const alone = tasks.length === 1 && paddingRows === 0;
    let result: Map<string, HostTensor>;
    try {
      result = await this.inner.run(signatureKey, alone ? tasks[0].inputs : this.merge(tasks, paddingRows), outputs);
    } catch (e) {
      if (alone) tasks[0].reject(e);
      else await this.runEachAlone(signatureKey, outputs, tasks);
      return;
    }
    const split = alone ? [result] : splitOutputs(result, rows, total + paddingRows);
    if (!split) {
      await this.runEachAlone(signatureKey, outputs, tasks);
      return;
    }
    tasks.forEach((t, i) => t.resolve(split[i]));
  }

  /** MergeInputTensors: per input, the tasks' tensors (padded to common dims when asked) concatenated, then padding rows. */
  private merge(tasks: RunTask[], paddingRows: number): Map<string, HostTensor> {
    const merged = new Map<string, HostTensor>();
    for (const alias of tasks[0].inputs.keys()) {
      let parts = tasks.map((t) => t.inputs.get(alias)!);
      if (this.options.padVariableLengthInputs) {
        const dims = parts[0].shape.map((_, d) => Math.max(...parts.map((p) => p.shape[d])));
        parts = parts.map((p) => padToDims(p, dims));
      }
      merged.set(alias, concatRows(parts, paddingRows));
    }
    return merged;
  }

  /** Each request on its own, so it gets exactly the answer or error it would get without batching. */
  private async runEachAlone(signatureKey: string, outputs: readonly string[] | undefined, tasks: RunTask[]): Promise<void> {
    this.stats.fallbacks += tasks.length;
    for (const task of tasks) {
      try {
        task.resolve(await this.inner.run(signatureKey, task.inputs, outputs));
      } catch (e) {
        task.reject(e);
      }
    }
  }
}

/**
 * SplitOutputTensors: every output must have dim 0 equal to the batch's rows (padding included); undefined when
 * one does not (TF Serving fails the batch with FAILED_PRECONDITION; we re-run its requests alone instead).
 */
function splitOutputs(result: Map<string, HostTensor>, rows: number[], batchRows: number): Map<string, HostTensor>[] | undefined {
  const perTask = rows.map(() => new Map<string, HostTensor>());
  for (const [alias, tensor] of result) {
    if (tensor.shape.length === 0 || tensor.shape[0] !== batchRows) return undefined;
    splitRows(tensor, rows).forEach((piece, i) => perTask[i].set(alias, piece));
  }
  return perTask;
}
