// The gRPC server of the container target: TF Serving's PredictionService and ModelService on one port
// (8500 by default, like tensorflow_model_server --port), answering over a ModelProvider.
import { randomUUID } from 'node:crypto';
import { lstat, unlink } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import cluster from 'node:cluster';
import type { ModelProvider } from '../loader/index.ts';
import { checkOptionKeys, ServingError } from '../errors/index.ts';
import { classify, multiInference, predict, regress } from './inference-service.ts';
import { statusCodeName, toGrpcError } from './grpc-status.ts';
import { recordRequest } from '../monitoring/index.ts';
import type { ExamplesRequest, GetModelMetadataRequestMessage, GetModelStatusRequestMessage, MultiInferenceRequest, PredictRequestMessage } from './messages.ts';
import { getModelMetadata } from './model-metadata.ts';
import { getModelStatus, handleReloadConfigRequest, type ReloadConfig } from './model-status.ts';
import { MODEL_SERVICE, PREDICTION_SERVICE } from './service-definitions.ts';
import { TENSOR_ENCODINGS, type TensorEncoding } from '../tensor/index.ts';

export interface GrpcServerOptions {
  /** Where servables and their states come from. Required. */
  provider: ModelProvider;
  /** TCP port; default 8500 (TF Serving's gRPC port) unless `socketPath` is given; 0 picks a free one. */
  port?: number;
  /** Also (or, without `port`, only) listen on this Unix domain socket (TF Serving's --grpc_socket_path). */
  socketPath?: string;
  /** grpc-js server channel options (from --grpc_channel_arguments); applied over the message-size defaults. */
  channelOptions?: Record<string, number | string>;
  /** Interface to listen on; default '0.0.0.0' (all IPv4 interfaces). */
  host?: string;
  /** Largest request and response message, in bytes; default 2147483647 (INT32_MAX, TF Serving's SetMaxMessageSize). */
  maxMessageBytes?: number;
  /** Layout of Predict's output TensorProtos: 'field' (typed *_val fields, TF Serving's default) or 'content' (tensor_content, TF Serving's --enable_serialization_as_tensor_content). */
  tensorEncoding?: TensorEncoding;
  /** Decoded bytes of one Predict request's input tensors (fills expanded), checked before allocating; default the engine's tensor limit. */
  maxRequestTensorBytes?: number;
  /** Applies HandleReloadConfigRequest's ModelServerConfig; absent = UNIMPLEMENTED (the registry owns the models). */
  reloadConfig?: ReloadConfig;
  /** Called once per answered call (an access log): method, gRPC status code, milliseconds, request id (the x-request-id metadata or a new one). */
  onCall?: (method: string, code: grpc.status, ms: number, requestId: string) => void;
  /** Called with every unexpected exception (a bug), which the client sees as INTERNAL "Internal error". Default console.error. */
  onInternalError?: (error: unknown, method: string, requestId: string) => void;
}

export interface GrpcServer {
  /** The TCP port actually bound (the chosen one when `port` was 0); 0 when serving only on a Unix socket. */
  readonly port: number;
  /** The Unix socket path served, if any. */
  readonly socketPath: string | undefined;
  /** Stops accepting calls and resolves once the calls in flight have been answered, or cancelled after `graceMs` (default 10000). */
  close(graceMs?: number): Promise<void>;
}

export const DEFAULT_GRPC_PORT = 8500;
const INT32_MAX = 2 ** 31 - 1;
const OPTION_KEYS: ReadonlySet<string> = new Set(['provider', 'port', 'host', 'maxMessageBytes', 'maxRequestTensorBytes', 'tensorEncoding', 'onInternalError', 'socketPath', 'channelOptions', 'reloadConfig', 'onCall']);

function checkOptions(options: GrpcServerOptions): void {
  const bad = (message: string) => new ServingError('INVALID_ARGUMENT', `startGrpcServer: ${message}`);
  checkOptionKeys(options, OPTION_KEYS, 'startGrpcServer', (key) => `startGrpcServer: unknown option '${key}'`);
  if (!options.provider) throw bad('a provider is required');
  const { port, maxMessageBytes, tensorEncoding } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw bad(`port must be an integer in 0..65535, got ${port}`);
  if (maxMessageBytes !== undefined && !(Number.isInteger(maxMessageBytes) && maxMessageBytes > 0 && maxMessageBytes <= INT32_MAX)) {
    throw bad(`maxMessageBytes must be an integer in 1..${INT32_MAX}, got ${maxMessageBytes}`);
  }
  const { maxRequestTensorBytes } = options;
  if (maxRequestTensorBytes !== undefined && !(Number.isSafeInteger(maxRequestTensorBytes) && maxRequestTensorBytes > 0)) {
    throw bad(`maxRequestTensorBytes must be a positive integer, got ${maxRequestTensorBytes}`);
  }
  if (tensorEncoding !== undefined && !TENSOR_ENCODINGS.includes(tensorEncoding)) {
    throw bad(`tensorEncoding must be one of ${TENSOR_ENCODINGS.join(', ')}, got '${String(tensorEncoding)}'`);
  }
}

function defaultInternalError(error: unknown, method: string, requestId: string): void {
  console.error(`tf-serverless: internal error in gRPC ${method} (request id ${requestId}):`, error);
}

/**
 * PredictionServiceImpl records request_count and (when OK) request_latency for these three only (not for
 * GetModelMetadata, MultiInference or ModelService), labelled with the request's model_spec.name.
 */
const COUNTED_METHODS: ReadonlySet<string> = new Set(['Predict', 'Classify', 'Regress']);

/** A grpc-js unary handler over an async function; every failure goes through toGrpcError. */
function unary<Req, Res>(method: string, run: (request: Req) => Promise<Res>, onInternal: GrpcServerOptions['onInternalError'], onCall?: GrpcServerOptions['onCall']) {
  const counted = COUNTED_METHODS.has(method);
  const handler: grpc.handleUnaryCall<Req, Res> = (call, callback) => {
    const started = performance.now();
    const sent = call.metadata.get('x-request-id')[0];
    const requestId = typeof sent === 'string' && sent ? sent : randomUUID();
    const report = (error: unknown) => (onInternal ?? defaultInternalError)(error, method, requestId);
    const done = (error: grpc.ServerErrorResponse | null, response?: Res) => {
      const code = error ? (error.code ?? grpc.status.UNKNOWN) : grpc.status.OK;
      const ms = performance.now() - started;
      if (counted) recordRequest(modelNameOf(call.request), method, 'GRPC', statusCodeName(code), ms * 1000);
      onCall?.(method, code, ms, requestId);
      callback(error, response);
    };
    Promise.resolve()
      .then(() => run(call.request))
      .then(
        (response) => done(null, response),
        (error: unknown) => done(toGrpcError(error, report)),
      );
  };
  return handler;
}

function modelNameOf(request: unknown): string {
  return (request as { model_spec?: { name?: string | null } | null } | null)?.model_spec?.name ?? '';
}

/**
 * Starts TF Serving's gRPC API over a ModelProvider; clients built from tensorflow-serving-api work unchanged.
 * @example
 * const server = await startGrpcServer({ provider, port: 0 });
 * // python: PredictionServiceStub(grpc.insecure_channel(f'localhost:{server.port}')).Predict(request)
 * await server.close();
 */
export async function startGrpcServer(options: GrpcServerOptions): Promise<GrpcServer> {
  checkOptions(options);
  const { provider, onInternalError } = options;
  const encoding = options.tensorEncoding ?? 'field';
  const maxBytes = options.maxMessageBytes ?? INT32_MAX;
  const server = new grpc.Server({ 'grpc.max_receive_message_length': maxBytes, 'grpc.max_send_message_length': maxBytes, ...options.channelOptions });
  server.addService(PREDICTION_SERVICE, {
    Predict: unary('Predict', (r: PredictRequestMessage) => predict(provider, r, encoding, options.maxRequestTensorBytes), onInternalError, options.onCall),
    Classify: unary('Classify', (r: ExamplesRequest) => classify(provider, r), onInternalError, options.onCall),
    Regress: unary('Regress', (r: ExamplesRequest) => regress(provider, r), onInternalError, options.onCall),
    MultiInference: unary('MultiInference', (r: MultiInferenceRequest) => multiInference(provider, r), onInternalError, options.onCall),
    GetModelMetadata: unary('GetModelMetadata', (r: GetModelMetadataRequestMessage) => getModelMetadata(provider, r), onInternalError, options.onCall),
  });
  server.addService(MODEL_SERVICE, {
    GetModelStatus: unary('GetModelStatus', (r: GetModelStatusRequestMessage) => getModelStatus(provider, r), onInternalError, options.onCall),
    HandleReloadConfigRequest: unary('HandleReloadConfigRequest', (r: { config?: { model_config_list?: object | null } | null }) => handleReloadConfigRequest(options.reloadConfig, r), onInternalError, options.onCall),
  });
  const host = options.host ?? '0.0.0.0';
  const wantsTcp = options.port !== undefined || options.socketPath === undefined;
  try {
    const port = wantsTcp ? await bind(server, `${host.includes(':') ? `[${host}]` : host}:${options.port ?? DEFAULT_GRPC_PORT}`) : 0;
    if (options.socketPath !== undefined) {
      // Under --workers the primary unlinked it before forking: a worker's unlink would remove the file of the
      // handle the primary shares with the workers already bound (node:cluster binds once, in the primary).
      if (!cluster.isWorker) await unlinkSocketAt(options.socketPath);
      await bind(server, `unix:${options.socketPath}`);
    }
    return {
      port,
      socketPath: options.socketPath,
      close: (graceMs = 10_000) =>
        new Promise<void>((resolve) => {
          // In-flight calls finish within the grace period; then they are cancelled (issue 10: bounded shutdown).
          const timer = setTimeout(() => server.forceShutdown(), graceMs);
          timer.unref();
          server.tryShutdown(() => {
            clearTimeout(timer);
            resolve();
          });
        }),
    };
  } catch (e) {
    server.forceShutdown();
    throw e;
  }
}

/**
 * gRPC C-core (and so TF Serving) unlinks whatever socket is at the path before binding, live or stale
 * (grpc_unlink_if_unix_domain_socket in src/core/lib/iomgr/unix_sockets_posix.cc); grpc-js does not, so we do it
 * here. TF Serving's own test harness relies on it: every server it starts uses --grpc_socket_path=/tmp/tf-serving.sock
 * and the newest one takes the path. Anything at the path that is not a socket stays, and the bind fails.
 */
export async function unlinkSocketAt(path: string): Promise<void> {
  const isSocket = await lstat(path).then((s) => s.isSocket(), () => false);
  if (isSocket) await unlink(path).catch(() => undefined);
}

function bind(server: grpc.Server, address: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) reject(new ServingError('UNAVAILABLE', `gRPC server cannot listen on ${address}: ${error.message}`, { cause: error }));
      else resolve(bound);
    });
  });
}
