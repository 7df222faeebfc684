// A server worker's side of the cluster channel (--workers): the Prometheus page shows the sum over every worker
// (TF Serving is one process, so one set of counters is what its dashboards expect), a HandleReloadConfigRequest
// reaches the other workers, and the primary's shutdown reaches this one.
import cluster from 'node:cluster';
import { type MetricSnapshot, servingMetricsSnapshot } from '../monitoring/index.ts';
import type { ModelConfig } from '../registry/index.ts';
import { isTfsMessage, type PrimaryMessage, type WorkerMessage } from './worker-messages.ts';

export interface WorkerLink {
  /** This worker's number (1-based), for log lines. */
  readonly id: number;
  /** Tells the primary the listeners are bound. */
  ready(): void;
  /** Every worker's metrics summed (the primary collects them). */
  metrics(): Promise<MetricSnapshot[]>;
  /** Tells the other workers to serve `models` too. */
  shareReload(models: ModelConfig[]): void;
  /** Calls `apply` when another worker's reload arrives. */
  onReload(apply: (models: ModelConfig[]) => void): void;
  /** Resolves with the signal's name when the primary asks this worker to stop, or 'disconnect' when the primary is gone. */
  readonly shutdown: Promise<string>;
  /** Closes the channel, so the worker process can end. */
  close(): void;
}

/** Undefined in a process that is not a cluster worker. */
export function connectWorker(): WorkerLink | undefined {
  if (!cluster.isWorker || !process.send) return undefined;
  const send = (m: WorkerMessage) => process.send!(m);
  const pending = new Map<number, (m: MetricSnapshot[]) => void>();
  let nextId = 1;
  let reload: ((models: ModelConfig[]) => void) | undefined;
  let stop!: (why: string) => void;
  const shutdown = new Promise<string>((resolve) => (stop = resolve));
  const onMessage = (m: unknown) => {
    if (!isTfsMessage(m)) return;
    const message = m as PrimaryMessage;
    if (message.type === 'tfs:collect') send({ type: 'tfs:snapshot', id: message.id, metrics: servingMetricsSnapshot() });
    else if (message.type === 'tfs:metrics') pending.get(message.id)?.(message.metrics);
    else if (message.type === 'tfs:reload') reload?.(message.models);
    else if (message.type === 'tfs:shutdown') stop(message.signal);
  };
  process.on('message', onMessage);
  process.once('disconnect', () => stop('disconnect'));
  return {
    id: cluster.worker?.id ?? 0,
    ready: () => send({ type: 'tfs:ready' }),
    metrics: () =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, (metrics) => {
          pending.delete(id);
          resolve(metrics);
        });
        send({ type: 'tfs:metrics?', id });
      }),
    shareReload: (models) => send({ type: 'tfs:reload', models }),
    onReload: (apply) => (reload = apply),
    shutdown,
    close: () => {
      process.off('message', onMessage);
      if (process.connected) process.disconnect();
    },
  };
}
