// `tf-serverless serve`: a drop-in `tensorflow_model_server` (same flags) over the REST API, plus gRPC.
// Runs until SIGTERM/SIGINT, then stops accepting, finishes in-flight requests and unloads the models.
import { ServingError } from '../errors/index.ts';
import { type ModelConfig, readModelConfigFile, singleModelConfig } from '../registry/index.ts';
import { startModelServer } from '../server/index.ts';
import { curlExamples } from './curl-examples.ts';
import { parseServeFlags, serveFlagsHelp } from './server-flags.ts';

export const SERVE_USAGE = `Usage: tf-serverless serve --model_base_path=DIR [--model_name=NAME] [--rest_api_port=8501] [flags]
       tf-serverless serve --model_config_file=models.config [flags]

${serveFlagsHelp()}`;

/** Serves until a termination signal; returns the closing line. */
export async function serve(argv: string[]): Promise<string> {
  const { values: f, ignored } = parseServeFlags(argv);
  // Listen for the signals first: one that arrives while models load still shuts down cleanly.
  const signal = new Promise<string>((resolve) => {
    for (const s of ['SIGTERM', 'SIGINT'] as const) process.once(s, () => resolve(s));
  });
  if (ignored.length) process.stderr.write(`tf-serverless serve: ignoring TF Serving flags with no effect here: ${ignored.map((n) => `--${n}`).join(' ')}\n`);
  const models = await modelConfigs(f.model_config_file, f.model_name, f.model_base_path);
  if (!['portable', 'native', 'auto'].includes(f.engine!)) throw new ServingError('INVALID_ARGUMENT', '--engine must be portable, native or auto');
  if (!['wasm', 'cpu'].includes(f.backend!)) throw new ServingError('INVALID_ARGUMENT', '--backend must be wasm or cpu');
  for (const flag of ['rest_api_max_inflight_body_bytes', 'shutdown_grace_seconds', 'incomplete_version_timeout_seconds', 'max_model_bytes', 'max_tensor_bytes'] as const) {
    if (f[flag] < 0) throw new ServingError('INVALID_ARGUMENT', `--${flag} must not be negative`);
  }
  const server = await startModelServer({
    models,
    restPort: f.rest_api_port,
    grpcPort: f.port > 0 ? f.port : undefined,
    host: f.host,
    pollSeconds: f.file_system_poll_wait_seconds,
    restTimeoutMs: f.rest_api_timeout_in_ms,
    maxBodyBytes: f.rest_api_max_body_bytes,
    cors: f.rest_api_enable_cors_support,
    grpcTensorContent: f.grpc_tensor_content,
    maxInflightBodyBytes: f.rest_api_max_inflight_body_bytes || undefined,
    shutdownGraceMs: f.shutdown_grace_seconds * 1000,
    incompleteTimeoutMs: f.incomplete_version_timeout_seconds ? f.incomplete_version_timeout_seconds * 1000 : undefined,
    maxRequestTensorBytes: f.max_tensor_bytes || undefined,
    load: {
      limits: { maxModelBytes: f.max_model_bytes || undefined, maxTensorBytes: f.max_tensor_bytes || undefined },
      engine: f.engine as 'portable' | 'native' | 'auto',
      backend: f.backend as 'wasm' | 'cpu',
      tags: f.saved_model_tags!.split(',').filter(Boolean),
      warmup: f.enable_model_warmup,
    },
  }).catch((e: unknown) => {
    throw listenError(e, f.rest_api_port, f.port);
  });
  if (server.grpcPort !== undefined) console.log(`Running gRPC ModelServer at ${f.host}:${server.grpcPort} ...`);
  console.log(`Exporting HTTP/REST API at:${f.host}:${server.rest.port} ...`);
  await server.loaded;
  console.log(server.manager.isReady() ? `Serving ${models.map((m) => m.name).join(', ')} at ${server.rest.url}` : 'Not every model has a version serving yet: see the log above');
  if (f.print_examples) await printExamples(server.rest.url, server.manager);
  console.log(`${await signal}: finishing in-flight requests and shutting down`);
  await server.close();
  return 'stopped';
}

/**
 * A port that is taken, as one line naming the flag that chose it (the process then exits: main.ts's caller).
 * REST: Node's EADDRINUSE error; gRPC: grpc-js's bind failure, wrapped by lib/grpc as "gRPC server cannot listen".
 */
function listenError(e: unknown, restPort: number, grpcPort: number): unknown {
  const code = (e as { code?: string } | null)?.code;
  if (code === 'EADDRINUSE') {
    return new ServingError('UNAVAILABLE', `REST port ${restPort} is already in use (another tf-serverless serve or tensorflow_model_server?): stop it, or pick another port with --rest_api_port=N (0 picks a free one)`);
  }
  if (e instanceof Error && /gRPC server cannot listen/.test(e.message)) {
    return new ServingError('UNAVAILABLE', `gRPC port ${grpcPort} is already in use or cannot be bound: stop the process holding it, or pick another port with --port=N (0 turns gRPC off)`);
  }
  return e;
}

async function modelConfigs(configFile: string | undefined, name: string | undefined, basePath: string | undefined): Promise<ModelConfig[]> {
  if (configFile && basePath) throw new ServingError('INVALID_ARGUMENT', 'Give either --model_config_file or --model_base_path, not both');
  if (configFile) return readModelConfigFile(configFile);
  if (!basePath) throw new ServingError('INVALID_ARGUMENT', `Both --model_base_path and --model_config_file are empty\n\n${SERVE_USAGE}`);
  return [singleModelConfig(name ?? 'default', basePath)];
}

async function printExamples(url: string, manager: import('../loader/index.ts').ModelManager): Promise<void> {
  console.log('\nTry:');
  for (const name of manager.modelNames()) {
    try {
      const handle = await manager.acquire({ name });
      try {
        for (const line of curlExamples(url, handle)) console.log(`  ${line}`);
      } finally {
        handle.release();
      }
    } catch {
      // not serving: its load error is in the log above
    }
  }
}
