// startGrpcServer: options checked up front, message size limits, bugs answered INTERNAL, clean shutdown.
import * as grpc from '@grpc/grpc-js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelProvider } from '../../lib/loader/index.ts';
import { PREDICTION_SERVICE, PREDICTION_SERVICE_NAME, startGrpcServer } from '../../lib/grpc/index.ts';
import { encodeTensorProto } from '../../lib/tensor/index.ts';
import { BUNDLED_MODELS } from '../helpers/fixtures.ts';
import { type Message, useGrpcServer } from './grpc-harness.ts';

const Client = grpc.makeGenericClientConstructor(PREDICTION_SERVICE, PREDICTION_SERVICE_NAME);

function callOnce(port: number, method: string, request: object): Promise<Message> {
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return new Promise<Message>((resolve, reject) => {
    (client[method] as (r: object, cb: (e: unknown, res: Message) => void) => void).call(client, request, (e, res) => (e ? reject(e) : resolve(res)));
  }).finally(() => client.close());
}

const provider: ModelProvider = {
  acquire: async () => {
    throw new TypeError("Cannot read properties of undefined (reading 'shape')");
  },
  status: async () => [],
};

describe('startGrpcServer options', () => {
  it.each([
    ['an unknown option', { provider, prot: 1 }, "unknown option 'prot'"],
    ['a port out of range', { provider, port: 70000 }, 'port must be an integer in 0..65535, got 70000'],
    ['a fractional message size', { provider, maxMessageBytes: 1.5 }, 'maxMessageBytes must be an integer in 1..2147483647, got 1.5'],
    ['an unknown tensor encoding', { provider, tensorEncoding: 'json' }, "tensorEncoding must be one of content, field, got 'json'"],
  ])('refuses %s', async (_scenario, options, message) => {
    await expect(startGrpcServer(options as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: `startGrpcServer: ${message}` });
  });

  it('binds an ephemeral port for port 0 and stops on close()', async () => {
    const server = await startGrpcServer({ provider, port: 0, host: '127.0.0.1' });
    expect(server.port).toBeGreaterThan(0);
    await server.close();
    await expect(callOnce(server.port, 'GetModelMetadata', { model_spec: { name: 'm' }, metadata_field: ['signature_def'] })).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
  });
});

describe('a bug in a provider', () => {
  it('is answered INTERNAL "Internal error" and reported with its stack', async () => {
    const reported: unknown[] = [];
    const server = await startGrpcServer({ provider, port: 0, host: '127.0.0.1', onInternalError: (e) => reported.push(e) });
    try {
      const e = await callOnce(server.port, 'Predict', { model_spec: { name: 'm' } }).catch((err: unknown) => err);
      expect(e).toMatchObject({ code: grpc.status.INTERNAL, details: 'Internal error' });
      expect(reported).toHaveLength(1);
      expect((reported[0] as Error).stack).toMatch(/TypeError: Cannot read properties/);
    } finally {
      await server.close();
    }
  });
});

describe('maxMessageBytes', () => {
  const small = useGrpcServer({ models: { half_plus_two: join(BUNDLED_MODELS, 'half_plus_two') } }, { maxMessageBytes: 1024 });
  const x = (n: number) => encodeTensorProto({ dtype: 'DT_FLOAT', shape: [n], data: new Float32Array(n) });

  it('answers a request under the limit', async () => {
    const res = await small.call('Predict', { model_spec: { name: 'half_plus_two' }, inputs: { x: x(8) } });
    expect(res.outputs.y).toBeDefined();
  });

  it('refuses a larger request with RESOURCE_EXHAUSTED', async () => {
    const e = await small.errorOf('Predict', { model_spec: { name: 'half_plus_two' }, inputs: { x: x(1000) } });
    expect(e.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });
});
