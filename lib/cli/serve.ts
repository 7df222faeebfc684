// `tf-serverless serve`: a drop-in `tensorflow_model_server` (same flags) over the REST API, plus gRPC.
// Runs until SIGTERM/SIGINT, then stops accepting, finishes in-flight requests and unloads the models; a second
// signal exits at once. A port or socket that cannot be bound is one line naming the flag, exit 1.
import { availableParallelism } from 'node:os';
import { ServingError } from '../errors/index.ts';
import { type MonitoringConfig, readMonitoringConfigFile } from '../monitoring/index.ts';
import { type ModelConfig, readModelConfigFile, singleModelConfig } from '../registry/index.ts';
import { connectWorker, createServerLog, ListenError, LOG_FORMATS, type LogFormat, routeConsoleToLog, type ServerLog, startModelServer } from '../server/index.ts';
import { batcherFromFlags, describeBatcher } from './batching-flags.ts';
import { curlExamples } from './curl-examples.ts';
import { serveWithWorkers } from './serve-workers.ts';
import { parseServeFlags, type ServeFlags, serveFlagsHelp } from './server-flags.ts';
import { onShutdownSignal } from './shutdown-signal.ts';

export const SERVE_USAGE = `Usage: tf-serverless serve --model_base_path=DIR [--model_name=NAME] [--rest_api_port=8501] [flags]
       tf-serverless serve --model_config_file=models.config [flags]

${serveFlagsHelp()}`;

/** The flag a listener comes from, for "--port=8500: cannot listen on 0.0.0.0:8500: address already in use". */
const LISTENER_FLAG = { rest: 'rest_api_port', grpc: 'port', grpc_socket: 'grpc_socket_path' } as const;

/** Serves until a termination signal; returns the closing line. */
export async function serve(argv: string[]): Promise<string> {
  const { values: f, ignored } = parseServeFlags(argv);
  if (!(LOG_FORMATS as readonly string[]).includes(f.log_format!)) throw new ServingError('INVALID_ARGUMENT', `--log_format must be one of ${LOG_FORMATS.join(', ')}`);
  if (f.workers < 0) throw new ServingError('INVALID_ARGUMENT', '--workers must not be negative');
  const workers = f.workers === 0 ? availableParallelism() : f.workers;
  // In a server worker (--workers > 1) every line says which one wrote it; the primary has its own path.
  const link = connectWorker();
  const log = link ? workerLog(createServerLog(f.log_format as LogFormat), link.id) : createServerLog(f.log_format as LogFormat);
  // Libraries' console lines (tfjs's warnings, the engine's notes) become log lines with a timestamp and level.
  const unrouteConsole = routeConsoleToLog(log);
  if (!link && workers > 1) return serveWithWorkers(workers, f, ignored, log, () => checkedConfig(f)).finally(unrouteConsole);
  // Listen for the signals first: one that arrives while starting or loading still ends the process.
  const signal = onShutdownSignal((line) => log(line, 'warning'), undefined, link ? { also: link.shutdown, repeat: 'ignore' } : {});
  try {
    if (ignored.length && !link) log(`ignoring TF Serving flags with no effect here: ${ignored.map((n) => `--${n}`).join(' ')}`, 'warning');
    const { models, monitoring, batcher } = await checkedConfig(f);
    if (batcher) log(describeBatcher(batcher));
    const starting = startModelServer({
      models,
      restPort: f.rest_api_port,
      grpcPort: f.port > 0 ? f.port : undefined,
      grpcSocketPath: f.grpc_socket_path || undefined,
      grpcChannelArguments: f.grpc_channel_arguments,
      host: f.host,
      pollSeconds: f.file_system_poll_wait_seconds,
      configFile: f.model_config_file,
      configPollSeconds: f.model_config_file_poll_wait_seconds,
      restTimeoutMs: f.rest_api_timeout_in_ms,
      maxBodyBytes: f.rest_api_max_body_bytes,
      cors: f.rest_api_enable_cors_support,
      grpcTensorContent: f.grpc_tensor_content,
      accessLog: f.access_log,
      log,
      prometheusPath: monitoring ? (monitoring.prometheusPath ?? null) : undefined,
      metrics: link?.metrics,
      onReloaded: link?.shareReload,
      maxInflightBodyBytes: f.rest_api_max_inflight_body_bytes || undefined,
      shutdownGraceMs: f.shutdown_grace_seconds * 1000,
      incompleteTimeoutMs: f.incomplete_version_timeout_seconds ? f.incomplete_version_timeout_seconds * 1000 : undefined,
      maxRequestTensorBytes: f.max_tensor_bytes || undefined,
      load: {
        limits: { maxModelBytes: f.max_model_bytes || undefined, maxTensorBytes: f.max_tensor_bytes || undefined },
        engine: f.engine as 'portable' | 'native' | 'auto' | 'per-model',
        backend: f.backend as 'wasm' | 'cpu',
        tags: f.saved_model_tags!.split(',').filter(Boolean),
        warmup: f.enable_model_warmup,
        batcher,
      },
    }).catch((e: unknown) => {
      if (e instanceof ListenError) throw new ServingError(e.code, `--${LISTENER_FLAG[e.listener]}=${flagValue(f, e.listener)}: ${e.message}`, { cause: e });
      throw e;
    });
    const early = await Promise.race([starting, signal.received]);
    if (typeof early === 'string') {
      await starting.then((s) => s.close(), () => undefined);
      return `${early}: stopped before serving`;
    }
    const server = early;
    link?.onReload((models) => void server.reload(models).catch((e: unknown) => log(`Reloading the models another worker got failed: ${e instanceof Error ? e.message : String(e)}`, 'error')));
    link?.ready();
    if (server.grpcPort !== undefined) log(`Running gRPC ModelServer at ${f.host}:${server.grpcPort} ...`);
    if (server.grpcSocketPath !== undefined) log(`Running gRPC ModelServer at UNIX socket ${server.grpcSocketPath} ...`);
    log(`Exporting HTTP/REST API at:${f.host}:${server.rest.port} ...`);
    if ((await Promise.race([server.loaded.then(() => undefined), signal.received])) === undefined) {
      log(server.manager.isReady() ? `Serving ${server.manager.modelNames().join(', ')} at ${server.rest.url}` : 'Not every model has a version serving yet: see the log above', server.manager.isReady() ? 'info' : 'warning');
      if (f.print_examples && (link?.id ?? 1) === 1) await printExamples(server.rest.url, server.manager);
    }
    log(`${await signal.received}: finishing in-flight requests and shutting down`);
    await server.close();
    return 'stopped';
  } finally {
    signal.dispose();
    link?.close();
    unrouteConsole();
  }
}

/** The model and monitoring configs, and the flags' values checked: what the primary checks before forking, too. */
async function checkedConfig(f: ServeFlags): Promise<{ models: ModelConfig[]; monitoring: MonitoringConfig | undefined; batcher: Awaited<ReturnType<typeof batcherFromFlags>> }> {
  const models = await modelConfigs(f.model_config_file, f.model_name, f.model_base_path);
  // server.cc parses --monitoring_config_file before starting the HTTP server; a bad one fails the start.
  const monitoring = f.monitoring_config_file ? await readMonitoringConfigFile(f.monitoring_config_file) : undefined;
  if (!['portable', 'native', 'auto', 'per-model'].includes(f.engine!)) throw new ServingError('INVALID_ARGUMENT', '--engine must be portable, native, auto or per-model');
  if (!['wasm', 'cpu'].includes(f.backend!)) throw new ServingError('INVALID_ARGUMENT', '--backend must be wasm or cpu');
  for (const flag of ['rest_api_max_inflight_body_bytes', 'shutdown_grace_seconds', 'incomplete_version_timeout_seconds', 'max_model_bytes', 'max_tensor_bytes'] as const) {
    if (f[flag] < 0) throw new ServingError('INVALID_ARGUMENT', `--${flag} must not be negative`);
  }
  const batcher = await batcherFromFlags(f.enable_batching, f.batching_parameters_file);
  return { models, monitoring, batcher };
}

function workerLog(log: ServerLog, id: number): ServerLog {
  return (message, level, fields) => log(message, level, { worker: id, ...fields });
}

function flagValue(f: ServeFlags, listener: ListenError['listener']): string {
  return String(listener === 'rest' ? f.rest_api_port : listener === 'grpc' ? f.port : f.grpc_socket_path);
}

async function modelConfigs(configFile: string | undefined, name: string | undefined, basePath: string | undefined): Promise<ModelConfig[]> {
  if (configFile && basePath) throw new ServingError('INVALID_ARGUMENT', 'Give either --model_config_file or --model_base_path, not both');
  if (configFile) return readModelConfigFile(configFile);
  if (!basePath) throw new ServingError('INVALID_ARGUMENT', `Both --model_base_path and --model_config_file are empty\n\n${SERVE_USAGE}`);
  return [singleModelConfig(name ?? 'default', basePath)];
}

async function printExamples(url: string, manager: import('../loader/index.ts').ModelManager): Promise<void> {
  // Paste-able lines for the user, not log lines: straight to stdout (console goes through the log while serving).
  process.stdout.write('\nTry:\n');
  for (const name of manager.modelNames()) {
    try {
      const handle = await manager.acquire({ name });
      try {
        for (const line of curlExamples(url, handle)) process.stdout.write(`  ${line}\n`);
      } finally {
        handle.release();
      }
    } catch {
      // not serving: its load error is in the log above
    }
  }
}
