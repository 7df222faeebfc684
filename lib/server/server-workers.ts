// --workers=N: N server processes (node:cluster) sharing the REST and gRPC ports, so the single-threaded wasm
// engine uses N cores. The primary forks them one at a time (each binds before the next starts, so a taken port
// fails once), sums their metrics for the Prometheus page, passes a HandleReloadConfigRequest on to the others,
// replaces a worker that dies while serving, and on SIGTERM/SIGINT asks every worker to drain and waits for them.
// Each worker loads every model: memory is N times one server's.
import cluster, { type Worker } from 'node:cluster';
import { unlinkSocketAt } from '../grpc/index.ts';
import { mergeSnapshots, type MetricSnapshot } from '../monitoring/index.ts';
import type { ModelConfig } from '../registry/index.ts';
import type { ServerLog } from './server-log.ts';
import { isTfsMessage, type PrimaryMessage, type WorkerMessage } from './worker-messages.ts';

export interface ServerWorkersOptions {
  /** Worker processes, ≥ 1. */
  count: number;
  log: ServerLog;
  /** Resolves with the signal's name on the first SIGTERM/SIGINT. */
  shutdown: Promise<string>;
  /** After the shutdown, how long workers may take to exit before they are killed, in ms. */
  stopTimeoutMs: number;
  /** How long a scrape waits for each worker's metrics, in ms; default 2000 (a busy worker's are left out). */
  collectTimeoutMs?: number;
  /** --grpc_socket_path: unlinked here once, before forking, as gRPC C-core would (workers do not: they share one handle). */
  socketPath?: string;
}

export interface ServerWorkers {
  /** 0 once every worker stopped after the shutdown; a worker's exit code when one could not start. */
  readonly done: Promise<number>;
  /** Kills every worker at once (a second signal). */
  kill(): void;
}

/** @example const { done } = runServerWorkers({ count: 2, log, shutdown: signal.received, stopTimeoutMs: 15000 }); */
export function runServerWorkers(options: ServerWorkersOptions): ServerWorkers {
  cluster.setupPrimary({ serialization: 'advanced' });
  const live = new Set<Worker>();
  const collects = new Map<number, (m: MetricSnapshot[] | undefined) => void>();
  let stopping = false;
  let nextCollect = 1;

  /** The models of the latest HandleReloadConfigRequest a worker applied, for workers started after it. */
  let lastReload: ModelConfig[] | undefined;
  const send = (w: Worker, m: PrimaryMessage) => {
    if (w.isConnected()) w.send(m);
  };

  /** Every live worker's metrics, summed; a worker that does not answer in time is left out. */
  const collect = async (): Promise<MetricSnapshot[]> => {
    const parts = await Promise.all([...live].map((w) => new Promise<MetricSnapshot[] | undefined>((resolve) => {
      const id = nextCollect++;
      const timer = setTimeout(() => done(undefined), options.collectTimeoutMs ?? 2000);
      const done = (m: MetricSnapshot[] | undefined) => {
        clearTimeout(timer);
        collects.delete(id);
        resolve(m);
      };
      collects.set(id, done);
      send(w, { type: 'tfs:collect', id });
    })));
    return mergeSnapshots(parts.filter((p): p is MetricSnapshot[] => p !== undefined));
  };

  const onMessage = (from: Worker, m: unknown) => {
    if (!isTfsMessage(m)) return;
    const message = m as WorkerMessage;
    if (message.type === 'tfs:snapshot') collects.get(message.id)?.(message.metrics);
    else if (message.type === 'tfs:metrics?') void collect().then((metrics) => send(from, { type: 'tfs:metrics', id: message.id, metrics }));
    else if (message.type === 'tfs:reload') {
      lastReload = message.models;
      for (const w of live) if (w !== from) send(w, { type: 'tfs:reload', models: message.models });
    }
  };

  /** Forks one worker; resolves 'ready' once its listeners are bound, or its exit code if it ends first. */
  const start = () =>
    new Promise<'ready' | number>((resolve) => {
      const w = cluster.fork();
      live.add(w);
      w.on('message', (m: unknown) => {
        if (isTfsMessage(m) && m.type === 'tfs:ready') {
          // A worker starts from the flags; one started after a HandleReloadConfigRequest (a replacement) serves
          // what the others serve since.
          if (lastReload) send(w, { type: 'tfs:reload', models: lastReload });
          resolve('ready');
        }
        onMessage(w, m);
      });
      w.once('exit', (code, signal) => {
        live.delete(w);
        resolve(code ?? 1);
        if (stopping || !started) return;
        options.log(`Server worker ${w.id} exited (${signal ?? `code ${code}`}); starting another`, 'error');
        setTimeout(() => void start(), 1000).unref();
      });
    });

  let started = false;
  const stopAll = (signal: string) =>
    new Promise<void>((resolve) => {
      stopping = true;
      if (live.size === 0) return resolve();
      options.log(`${signal}: asking ${live.size} server workers to finish in-flight requests and stop`);
      const timer = setTimeout(() => {
        options.log(`Server workers still running ${options.stopTimeoutMs} ms after ${signal}: killing them`, 'warning');
        for (const w of live) w.process.kill('SIGKILL');
      }, options.stopTimeoutMs);
      timer.unref();
      cluster.on('exit', () => {
        if (live.size > 0) return;
        clearTimeout(timer);
        resolve();
      });
      for (const w of live) send(w, { type: 'tfs:shutdown', signal });
    });

  const done = (async () => {
    if (options.socketPath !== undefined) await unlinkSocketAt(options.socketPath);
    for (let i = 0; i < options.count; i++) {
      const first = await Promise.race([start(), options.shutdown]);
      if (typeof first === 'number') {
        // It printed why (one line); the ones already running stop too.
        await stopAll('a worker that could not start');
        return first || 1;
      }
      if (first !== 'ready') {
        await stopAll(first);
        return 0;
      }
    }
    started = true;
    options.log(`${options.count} server workers serving`);
    await stopAll(await options.shutdown);
    return 0;
  })();
  return {
    done,
    kill: () => {
      stopping = true;
      for (const w of live) w.process.kill('SIGKILL');
    },
  };
}
