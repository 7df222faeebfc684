// A whole model server as `tf-serverless serve` and the container run it: the manager over the configured
// models (local directories now; s3:// through the registry), the REST server, and optionally gRPC.
import { ServingError } from '../errors/index.ts';
import { DirVersionSource, type DirVersionSourceOptions, ModelManager, RegistryVersionSource, type VersionLoadOptions, type VersionSource } from '../loader/index.ts';
import type { ModelConfig } from '../registry/index.ts';
import { type RestServer, startRestServer } from './http-server.ts';

export interface ModelServerOptions {
  models: ModelConfig[];
  /** REST port; default 8501; 0 picks a free port. */
  restPort?: number;
  /** gRPC port; default undefined = no gRPC server. 0 picks a free port. */
  grpcPort?: number;
  /** Bind address; default '0.0.0.0'. */
  host?: string;
  /** Seconds between scans of the model directories; default 1; 0 = scan once at start. */
  pollSeconds?: number;
  /** A local version incomplete with unchanged files this long fails (END with the reason), in ms; default max(10 s, 5 polls). */
  incompleteTimeoutMs?: number;
  /** Loading options (engine, backend, tags, warm-up). */
  load?: VersionLoadOptions;
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
  /** Log sink; default console.log. */
  log?: (line: string) => void;
  /** Makes the source for a base path; default: local directories only. */
  sourceFor?: (config: ModelConfig) => VersionSource;
}

export interface ModelServer {
  readonly manager: ModelManager;
  readonly rest: RestServer;
  readonly grpcPort: number | undefined;
  /** Resolves when the first scan-and-load pass is done. */
  readonly loaded: Promise<void>;
  close(): Promise<void>;
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
  const manager = new ModelManager(
    options.models.map((config) => ({ config, source: sourceFor(config) })),
    { load: options.load, log: options.log },
  );
  const loaded = manager.reconcile();
  manager.startPolling((options.pollSeconds ?? 1) * 1000);
  const rest = await startRestServer({
    provider: manager,
    port: options.restPort,
    host: options.host,
    timeoutMs: options.restTimeoutMs,
    maxBodyBytes: options.maxBodyBytes,
    maxInflightBodyBytes: options.maxInflightBodyBytes,
    shutdownGraceMs: options.shutdownGraceMs,
    isReady: () => manager.isReady(),
    cors: options.cors,
  });
  let grpc: { port: number; close(graceMs?: number): Promise<void> } | undefined;
  if (options.grpcPort !== undefined) {
    const { startGrpcServer } = await import('../grpc/index.ts');
    grpc = await startGrpcServer({ provider: manager, port: options.grpcPort, host: options.host, tensorEncoding: options.grpcTensorContent ? 'content' : 'field', maxRequestTensorBytes: options.maxRequestTensorBytes });
  }
  return {
    manager,
    rest,
    grpcPort: grpc?.port,
    loaded,
    async close() {
      const grace = options.shutdownGraceMs ?? 10_000;
      await Promise.all([rest.close(), grpc?.close(grace)]);
      // A load still in progress is not waited for past the grace period (the process is ending).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([manager.close(), new Promise<void>((resolve) => (timer = setTimeout(resolve, grace)).unref())]);
      clearTimeout(timer);
    },
  };
}
