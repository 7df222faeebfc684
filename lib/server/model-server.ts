// A whole model server as `tf-serverless serve` and the container run it: the manager over the configured
// models (local directories now; s3:// through the registry), the REST server, and optionally gRPC (TCP and/or
// a Unix socket). Listeners are bound before any model loads, so a taken port fails at once and leaves nothing
// running; the model config can be reloaded while serving (config-reload.ts).
import { isServingError, ServingError } from '../errors/index.ts';
import { type ChoosingLoadOptions, DirVersionSource, type DirVersionSourceOptions, ModelManager, RegistryVersionSource, type VersionSource } from '../loader/index.ts';
import type { MetricSnapshot } from '../monitoring/index.ts';
import { type ModelConfig, modelConfigsFromMessage } from '../registry/index.ts';
import { ConfigReloader } from './config-reload.ts';
import { type RestServer, startRestServer } from './http-server.ts';
import { createServerLog, type ServerLog } from './server-log.ts';

export interface ModelServerOptions {
  models: ModelConfig[];
  /** REST port; default 8501; 0 picks a free port. */
  restPort?: number;
  /** gRPC port; default undefined = no gRPC TCP listener. 0 picks a free port. */
  grpcPort?: number;
  /** gRPC on this Unix domain socket too (--grpc_socket_path); alone when grpcPort is undefined. */
  grpcSocketPath?: string;
  /** TF Serving's --grpc_channel_arguments text ("key=value,…"); those grpc-js lacks are logged as ignored. */
  grpcChannelArguments?: string;
  /** Bind address; default '0.0.0.0'. */
  host?: string;
  /** Seconds between scans of the model directories; default 1; 0 = scan once at start. */
  pollSeconds?: number;
  /** A local version incomplete with unchanged files this long fails (END with the reason), in ms; default max(10 s, 5 polls). */
  incompleteTimeoutMs?: number;
  /** The --model_config_file the models came from, re-read every `configPollSeconds` (> 0). */
  configFile?: string;
  configPollSeconds?: number;
  /** Loading options (engine, backend, tags, warm-up). */
  load?: ChoosingLoadOptions;
  /** REST request deadline in ms; default 30000. */
  restTimeoutMs?: number;
  /** Largest REST body in bytes; default 64 MiB. */
  maxBodyBytes?: number;
  /** Bytes of REST bodies held at once; default 4 × maxBodyBytes (429 past it). */
  maxInflightBodyBytes?: number;
  /** On close(), how long in-flight requests may take, in ms; default 10000. */
  shutdownGraceMs?: number;
  /** Decoded bytes of one gRPC Predict request's inputs; default the engine's tensor limit. */
  maxRequestTensorBytes?: number;
  /** CORS headers and OPTIONS preflights (--rest_api_enable_cors_support); default false. */
  cors?: boolean;
  /** gRPC Predict outputs as tensor_content instead of typed fields; default false (TF Serving's default). */
  grpcTensorContent?: boolean;
  /** One log line per REST request and gRPC call, with its request id (--access_log); default false. */
  accessLog?: boolean;
  /** Log sink; default TF-style lines (server-log.ts). */
  log?: ServerLog;
  /** The metrics the Prometheus page shows; default this process's (a server worker: every worker's sum). */
  metrics?: () => Promise<MetricSnapshot[]>;
  /** Called with the models a HandleReloadConfigRequest applied (a server worker tells the others). */
  onReloaded?: (models: ModelConfig[]) => void;
  /** The Prometheus page's path on the REST port (--monitoring_config_file); default /monitoring/prometheus/metrics; null = none. */
  prometheusPath?: string | null;
  /** Makes the source for a base path; default: local directories only. */
  sourceFor?: (config: ModelConfig) => VersionSource;
}

export interface ModelServer {
  readonly manager: ModelManager;
  readonly rest: RestServer;
  readonly grpcPort: number | undefined;
  readonly grpcSocketPath: string | undefined;
  /** Resolves when the first scan-and-load pass is done. */
  readonly loaded: Promise<void>;
  /** Serves `models` from now on (what a reloaded config file and HandleReloadConfigRequest do). */
  reload(models: ModelConfig[]): Promise<void>;
  close(): Promise<void>;
}

/** A listener that could not be bound: which one, and where; `serve` words it with the flag's name. */
export class ListenError extends ServingError {
  constructor(readonly listener: 'rest' | 'grpc' | 'grpc_socket', readonly address: string, cause: unknown) {
    super('UNAVAILABLE', `cannot listen on ${address}: ${reasonOf(cause)}`, { cause });
  }
}

function reasonOf(e: unknown): string {
  const code = (e as { code?: unknown; cause?: { code?: unknown } })?.code ?? (e as { cause?: { code?: unknown } })?.cause?.code;
  if (code === 'EADDRINUSE') return 'address already in use';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EADDRNOTAVAIL') return 'address not available';
  const message = e instanceof Error ? e.message : String(e);
  return /EADDRINUSE|address already in use/i.test(message) ? 'address already in use' : message;
}

/** 'OK', 'NOT_FOUND', … for a gRPC status number. */
function grpcCodeName(table: Readonly<Record<string, number>>, code: number): string {
  return code === 0 ? 'OK' : (Object.entries(table).find(([, n]) => n === code)?.[0] ?? String(code));
}

/** s3:// base paths are served from the registry's manifest; local ones are polled like TF Serving. */
export function localSourceFor(config: ModelConfig, options: DirVersionSourceOptions = {}): VersionSource {
  if (config.basePath.startsWith('s3://')) return RegistryVersionSource.fromBasePath(config.basePath);
  if (config.basePath.includes('://')) throw new ServingError('UNIMPLEMENTED', `Model ${config.name}: only local paths and s3:// URLs are supported, got ${config.basePath}`);
  return new DirVersionSource(config.basePath, options);
}

/** @example const server = await startModelServer({ models: [singleModelConfig('m', '/models/m')], restPort: 8501 }); */
export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  // A version incomplete with no change to its files for a few polls fails (it is retried when its files change).
  const incompleteTimeoutMs = options.incompleteTimeoutMs ?? Math.max(10, 5 * (options.pollSeconds ?? 1)) * 1000;
  const sourceFor = options.sourceFor ?? ((config: ModelConfig) => localSourceFor(config, { incompleteTimeoutMs }));
  const log = options.log ?? createServerLog();
  const manager = new ModelManager(
    options.models.map((config) => ({ config, source: sourceFor(config) })),
    { load: options.load, log },
  );
  const reloader = new ConfigReloader(manager, sourceFor, log);
  const host = options.host ?? '0.0.0.0';
  const wantsGrpc = options.grpcPort !== undefined || options.grpcSocketPath !== undefined;
  // gRPC's module and flags are checked before anything is bound: a bad flag leaves nothing to clean up.
  const grpcModule = wantsGrpc ? await import('../grpc/index.ts') : undefined;
  grpcModule?.routeGrpcLogs(log);
  const channel = grpcModule?.parseChannelArguments(options.grpcChannelArguments ?? '');
  if (channel?.ignored.length) log(`--grpc_channel_arguments: grpc-js has no equivalent of ${channel.ignored.join(', ')}; ignored`, 'warning');
  const rest = await startRestServer({
    provider: manager,
    port: options.restPort,
    host,
    timeoutMs: options.restTimeoutMs,
    maxBodyBytes: options.maxBodyBytes,
    maxInflightBodyBytes: options.maxInflightBodyBytes,
    shutdownGraceMs: options.shutdownGraceMs,
    isReady: () => manager.isReady(),
    cors: options.cors,
    log,
    accessLog: options.accessLog,
    prometheusPath: options.prometheusPath,
    metrics: options.metrics,
  }).catch((e: unknown) => {
    throw new ListenError('rest', `${host}:${options.restPort ?? 8501}`, e);
  });
  let grpc: { port: number | undefined; close(graceMs?: number): Promise<void> } | undefined;
  if (grpcModule) {
    try {
      grpc = await grpcModule.startGrpcServer({
        provider: manager,
        port: options.grpcPort,
        socketPath: options.grpcSocketPath,
        host,
        channelOptions: channel?.applied,
        tensorEncoding: options.grpcTensorContent ? 'content' : 'field',
        maxRequestTensorBytes: options.maxRequestTensorBytes,
        reloadConfig: async (message) => {
          const models = modelConfigsFromMessage(message, 'HandleReloadConfigRequest');
          await reloader.apply(models);
          options.onReloaded?.(models);
        },
        onCall: options.accessLog ? (method, code, ms, requestId) => log(`gRPC ${method} ${grpcCodeName(grpcModule.GRPC_STATUS_OF, code)} ${ms.toFixed(1)}ms`, 'info', { request_id: requestId }) : undefined,
        onInternalError: (error, method, requestId) => log(`internal error in gRPC ${method}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 'error', { request_id: requestId }),
      });
    } catch (e) {
      await rest.close();
      const socket = isServingError(e) && e.message.includes('unix:');
      throw new ListenError(socket ? 'grpc_socket' : 'grpc', socket ? `unix:${options.grpcSocketPath}` : `${host}:${options.grpcPort}`, e);
    }
  }
  const loaded = manager.reconcile();
  manager.startPolling((options.pollSeconds ?? 1) * 1000);
  if (options.configFile && options.configPollSeconds) reloader.watch(options.configFile, options.configPollSeconds, options.models);
  return {
    manager,
    rest,
    grpcPort: grpc?.port || undefined,
    grpcSocketPath: grpc ? options.grpcSocketPath : undefined,
    loaded,
    reload: (models) => reloader.apply(models),
    async close() {
      reloader.stop();
      const grace = options.shutdownGraceMs ?? 10_000;
      await Promise.all([rest.close(), grpc?.close(grace)]);
      // A load still in progress is not waited for past the grace period (the process is ending).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([manager.close(), new Promise<void>((resolve) => (timer = setTimeout(resolve, grace)).unref())]);
      clearTimeout(timer);
    },
  };
}
