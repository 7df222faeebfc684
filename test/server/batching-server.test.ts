// --enable_batching end to end: two real servers over the same models, one batching, one not. Concurrent REST
// (predict, classify, regress) and gRPC requests to the batching one are merged, and each answer equals the answer
// the plain server gives to the same request; a request that does not fit fails alone; the queue limits answer
// as TF Serving does. Real time is used only where a wait is the behaviour under test (timeouts).
import * as grpc from '@grpc/grpc-js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREDICTION_SERVICE, PREDICTION_SERVICE_NAME } from '../../lib/grpc/index.ts';
import { Batcher, type BatchingOptions } from '../../lib/inference/index.ts';
import { singleModelConfig } from '../../lib/registry/index.ts';
import { type ModelServer, startModelServer } from '../../lib/server/index.ts';
import { encodeTensorProto } from '../../lib/tensor/index.ts';
import { BUNDLED_MODELS } from '../helpers/fixtures.ts';

const MODELS = [singleModelConfig('digits', join(BUNDLED_MODELS, 'digits')), singleModelConfig('half_plus_two', join(BUNDLED_MODELS, 'half_plus_two'))];
const Client = grpc.makeGenericClientConstructor(PREDICTION_SERVICE, PREDICTION_SERVICE_NAME);

interface Served {
  server: ModelServer;
  batcher?: Batcher;
  client?: grpc.Client;
}

async function start(batching?: Partial<BatchingOptions>): Promise<Served> {
  const batcher = batching ? new Batcher({ numBatchThreads: 1, ...batching }) : undefined;
  const server = await startModelServer({ models: MODELS, restPort: 0, grpcPort: 0, host: '127.0.0.1', pollSeconds: 0, log: () => {}, load: { batcher } });
  await server.loaded;
  return { server, batcher, client: new Client(`127.0.0.1:${server.grpcPort}`, grpc.credentials.createInsecure()) };
}

async function stop(s: Served | undefined): Promise<void> {
  s?.client?.close();
  await s?.server.close();
}

/** A row of 64 pixels in (0, 1), different for every seed; never integral (tf.Example JSON reads 1 as int64). */
const pixels = (seed: number) => Array.from({ length: 64 }, (_, i) => (((i * 7 + seed * 13) % 17) + 0.5) / 17);

async function rest(s: Served, path: string, body: object): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${s.server.rest.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

function grpcPredict(s: Served, rows: number[][]): Promise<unknown> {
  const request = {
    model_spec: { name: 'digits' },
    inputs: { pixels: encodeTensorProto({ dtype: 'DT_FLOAT', shape: [rows.length, 64], data: Float32Array.from(rows.flat()) }) },
  };
  return new Promise((resolve, reject) => {
    const client = s.client as unknown as Record<string, (r: object, cb: (e: grpc.ServiceError | null, r: { outputs: Record<string, unknown> }) => void) => void>;
    client.Predict.call(s.client, request, (e, r) => (e ? reject(e) : resolve(r.outputs)));
  });
}

let plain: Served;
beforeAll(async () => {
  plain = await start();
}, 60_000);
afterAll(() => stop(plain));

describe('concurrent requests', () => {
  let batched: Served;
  beforeAll(async () => {
    batched = await start({ maxBatchSize: 64, batchTimeoutMicros: 20_000 });
  }, 60_000);
  afterAll(() => stop(batched));

  it('merges concurrent REST predicts and answers each exactly as the plain server does', async () => {
    const before = batched.batcher!.stats();
    const bodies = Array.from({ length: 24 }, (_, i) => ({ instances: Array.from({ length: 1 + (i % 3) }, (_, r) => pixels(i * 3 + r)) }));
    const got = await Promise.all(bodies.map((b) => rest(batched, '/v1/models/digits:predict', b)));
    const want = await Promise.all(bodies.map((b) => rest(plain, '/v1/models/digits:predict', b)));
    expect(got).toEqual(want);
    expect(got.every((r) => r.status === 200)).toBe(true);
    const after = batched.batcher!.stats();
    expect(after.tasks - before.tasks).toBe(24);
    expect(after.batches - before.batches).toBeLessThan(24);
    expect(after.fallbacks).toBe(before.fallbacks);
  });

  it('merges concurrent gRPC predicts and answers each exactly as the plain server does', async () => {
    const before = batched.batcher!.stats();
    const requests = Array.from({ length: 16 }, (_, i) => [pixels(100 + i), pixels(200 + i)]);
    const got = await Promise.all(requests.map((r) => grpcPredict(batched, r)));
    const want = await Promise.all(requests.map((r) => grpcPredict(plain, r)));
    expect(got).toEqual(want);
    expect(batched.batcher!.stats().batches - before.batches).toBeLessThan(16);
  });

  it('batches classify and regress (serialized tf.Examples) and answers each as the plain server does', async () => {
    const classify = Array.from({ length: 8 }, (_, i) => ({ signature_name: 'classify', examples: [{ pixels: pixels(300 + i) }] }));
    const regress = Array.from({ length: 8 }, (_, i) => ({ signature_name: 'regress_x_to_y', examples: [{ x: i + 0.5 }, { x: i / 4 + 0.125 }] }));
    const send = (s: Served) => Promise.all([
      ...classify.map((b) => rest(s, '/v1/models/digits:classify', b)), ...regress.map((b) => rest(s, '/v1/models/half_plus_two:regress', b)),
    ]);
    const before = batched.batcher!.stats();
    const got = await send(batched);
    expect(got).toEqual(await send(plain));
    expect(got.filter((r) => r.status !== 200)).toEqual([]);
    expect(batched.batcher!.stats().batches - before.batches).toBeLessThan(16);
  });

  it('fails only the request that does not fit, with the error the plain server gives it', async () => {
    const bodies = [
      { instances: [pixels(1)] }, { instances: [pixels(2).slice(0, 63)] }, { instances: [pixels(3), pixels(4)] }, { inputs: { pixels: [[1, 2]] } },
      { instances: [pixels(5)] },
    ];
    const got = await Promise.all(bodies.map((b) => rest(batched, '/v1/models/digits:predict', b)));
    const want = await Promise.all(bodies.map((b) => rest(plain, '/v1/models/digits:predict', b)));
    expect(got).toEqual(want);
    expect(got.map((r) => r.status)).toEqual([200, 400, 200, 400, 200]);
  });
});

describe('batching parameters at work', () => {
  let served: Served | undefined;
  afterAll(() => stop(served));

  it('runs a partial batch once batch_timeout_micros has passed', async () => {
    served = await start({ maxBatchSize: 64, batchTimeoutMicros: 300_000 });
    const before = served.batcher!.stats();
    const started = performance.now();
    const got = await Promise.all([rest(served, '/v1/models/digits:predict', { instances: [pixels(1)] }), rest(served, '/v1/models/digits:predict', { instances: [pixels(2)] })]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(got.map((r) => r.status)).toEqual([200, 200]);
    expect(served.batcher!.stats().batches - before.batches).toBe(1);
    await stop(served);
    served = undefined;
  });

  it('answers 503 UNAVAILABLE with TF Serving\'s text when the queue is full, and serves the rest', async () => {
    // A batch of 4 rows waits up to 10 s to fill; with max_enqueued_batches 1 there is room for that open batch only.
    served = await start({ maxBatchSize: 4, batchTimeoutMicros: 10_000_000, maxEnqueuedBatches: 1 });
    const three = rest(served, '/v1/models/digits:predict', { instances: [pixels(1), pixels(2), pixels(3)] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await rest(served, '/v1/models/digits:predict', { instances: [pixels(4), pixels(5)] });
    expect(refused).toEqual({
      status: 503, body: { error: 'The batch scheduling queue to which this task was submitted is full; currently 1 batches enqueued and max_enqueued_batches is 1' },
    });
    const one = await rest(served, '/v1/models/digits:predict', { instances: [pixels(6)] });
    expect(one).toEqual(await rest(plain, '/v1/models/digits:predict', { instances: [pixels(6)] }));
    expect((await three).status).toBe(200);
    const tooBig = await rest(served, '/v1/models/digits:predict', { instances: [1, 2, 3, 4, 5].map(pixels) });
    expect(tooBig).toEqual({ status: 400, body: { error: 'Task size 5 is larger than maximum input batch size 4' } });
    await stop(served);
    served = undefined;
  });

  it('pads a batch to the next allowed batch size and still answers as the plain server does', async () => {
    served = await start({ maxBatchSize: 8, allowedBatchSizes: [4, 8] });
    const before = served.batcher!.stats();
    const body = { instances: [pixels(7)] };
    expect(await rest(served, '/v1/models/digits:predict', body)).toEqual(await rest(plain, '/v1/models/digits:predict', body));
    expect(served.batcher!.stats().paddingRows - before.paddingRows).toBe(3);
  });
});
