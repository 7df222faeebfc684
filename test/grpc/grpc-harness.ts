// Test harness: a real gRPC server on a loopback port over a DirProvider, and clients built from the same
// hand-made service definitions (grpc.makeGenericClientConstructor), with promise-returning calls.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll } from 'vitest';
import {
  MODEL_SERVICE, MODEL_SERVICE_NAME, PREDICTION_SERVICE, PREDICTION_SERVICE_NAME, startGrpcServer, type GrpcServer, type GrpcServerOptions,
} from '../../lib/grpc/index.ts';
import { DirProvider, type DirProviderOptions } from '../helpers/dir-provider.ts';

export type Message = any;

export interface GrpcHarness {
  provider: DirProvider;
  server: GrpcServer;
  /** Calls a PredictionService or ModelService method; rejects with the grpc ServiceError. */
  call(method: string, request: object): Promise<Message>;
  /** The ServiceError of a call that must fail. */
  errorOf(method: string, request: object): Promise<grpc.ServiceError>;
  /** Errors the server reported as internal (bugs). */
  internalErrors: unknown[];
}

const ModelServiceClient = grpc.makeGenericClientConstructor(MODEL_SERVICE, MODEL_SERVICE_NAME);
const PredictionServiceClient = grpc.makeGenericClientConstructor(PREDICTION_SERVICE, PREDICTION_SERVICE_NAME);

/** Starts a server in beforeAll and stops it (and the clients, and the provider's servables) in afterAll. */
export function useGrpcServer(models: DirProviderOptions, options: Partial<GrpcServerOptions> = {}): GrpcHarness {
  const harness = { internalErrors: [] as unknown[] } as GrpcHarness;
  let clients: grpc.Client[] = [];
  beforeAll(async () => {
    harness.provider = new DirProvider(models);
    harness.server = await startGrpcServer({
      provider: harness.provider,
      port: 0,
      host: '127.0.0.1',
      onInternalError: (e) => harness.internalErrors.push(e),
      ...options,
    });
    const address = `127.0.0.1:${harness.server.port}`;
    const prediction = new PredictionServiceClient(address, grpc.credentials.createInsecure());
    const model = new ModelServiceClient(address, grpc.credentials.createInsecure());
    clients = [prediction, model];
    harness.call = (method, request) =>
      new Promise((resolve, reject) => {
        const client = method in MODEL_SERVICE ? model : prediction;
        const fn = client[method] as (req: object, cb: (e: grpc.ServiceError | null, r: Message) => void) => void;
        fn.call(client, request, (e, r) => (e ? reject(e) : resolve(r)));
      });
    harness.errorOf = async (method, request) => {
      try {
        await harness.call(method, request);
      } catch (e) {
        return e as grpc.ServiceError;
      }
      throw new Error(`${method} succeeded, but an error was expected`);
    };
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await harness.server?.close();
    await harness.provider?.dispose();
  });
  return harness;
}
