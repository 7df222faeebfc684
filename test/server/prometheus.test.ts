// The Prometheus page of a real model server, scraped over HTTP and read with a Prometheus text parser: TF
// Serving's request_count / request_latency move with real REST and gRPC requests (OK and error statuses), the
// SavedModel load and warm-up metrics count the loads, and the page sits where the monitoring config says.
import * as grpc from '@grpc/grpc-js';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREDICTION_SERVICE, PREDICTION_SERVICE_NAME } from '../../lib/grpc/index.ts';
import { singleModelConfig } from '../../lib/registry/index.ts';
import { type ModelServer, startModelServer } from '../../lib/server/index.ts';
import { copyVersion, HALF_PLUS_TWO_V1, tempBase } from '../helpers/model-dirs.ts';
import { LOCAL_FIXTURES } from '../helpers/fixtures.ts';

const WARMUP_MODEL = join(LOCAL_FIXTURES, 'assets_extra_model/1');

let server: ModelServer;
let hptPath: string;
let warmPath: string;
let client: grpc.Client;

beforeAll(async () => {
  const hpt = tempBase();
  copyVersion(HALF_PLUS_TWO_V1, join(hpt, '1'));
  const warm = tempBase();
  copyVersion(WARMUP_MODEL, join(warm, '1'));
  hptPath = `${hpt}/1`;
  warmPath = `${warm}/1`;
  server = await startModelServer({
    models: [singleModelConfig('hpt', hpt), singleModelConfig('warm', warm)],
    restPort: 0, grpcPort: 0, host: '127.0.0.1', pollSeconds: 0, log: () => undefined,
  });
  await server.loaded;
  const Prediction = grpc.makeGenericClientConstructor(PREDICTION_SERVICE, PREDICTION_SERVICE_NAME);
  client = new Prediction(`127.0.0.1:${server.grpcPort}`, grpc.credentials.createInsecure());
});
afterAll(async () => {
  client?.close();
  await server?.close();
});

const scrape = async (path = '/monitoring/prometheus/metrics') => {
  const res = await fetch(server.rest.url + path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
};

/** A counter's value for exactly these labels (0 when the cell does not exist yet). */
function counter(text: string, name: string, labels: Record<string, string>): number {
  const family = parsePrometheusTextFormat(text).find((f) => f.name === name);
  expect(family?.type).toBe('COUNTER');
  const cell = family!.metrics.find((m) => JSON.stringify(m.labels) === JSON.stringify(labels));
  return Number(cell?.value ?? 0);
}

/** A histogram cell's _count (the parser merges labelled histograms, so its lines are read directly). */
function histogramCount(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}_count{${labels}} `));
  return Number(line?.split(' ')[1] ?? 0);
}

const rest = (path: string, body?: string) => fetch(server.rest.url + path, body === undefined ? {} : { method: 'POST', body });
const predict = (request: object) =>
  new Promise<grpc.ServiceError | null>((resolve) => (client as unknown as Record<string, Function>).Predict(request, (e: grpc.ServiceError | null) => resolve(e)));
const floatX = { dtype: 1, tensor_shape: { dim: [{ size: 1 }] }, float_val: [1] };
const REQUEST_COUNT = ':tensorflow:serving:request_count';
const LATENCY = ':tensorflow:serving:request_latency';

describe('the Prometheus page of a model server', () => {
  it('is valid exposition text with TF Serving\'s metric families', async () => {
    const text = await scrape();
    const families = parsePrometheusTextFormat(text).map((f) => `${f.name} ${f.type}`);
    expect(families).toEqual(expect.arrayContaining([
      ':tensorflow:cc:saved_model:load_attempt_count COUNTER',
      ':tensorflow:cc:saved_model:load_latency COUNTER',
      ':tensorflow:serving:request_count COUNTER',
      ':tensorflow:serving:request_latency HISTOGRAM',
      ':tensorflow:serving:request_example_counts HISTOGRAM',
      ':tensorflow:serving:request_example_count_total COUNTER',
      ':tensorflow:serving:model_warmup_latency HISTOGRAM',
      ':tensorflow:serving:model_warmup_records_read COUNTER',
    ]));
  });

  it('counts REST requests by model and status, and times the OK ones per API', async () => {
    const before = await scrape();
    for (let i = 0; i < 3; i++) expect((await rest('/v1/models/hpt:predict', '{"instances": [1.0]}')).status).toBe(200);
    expect((await rest('/v1/models/hpt:predict', '{"instances": "nope"}')).status).toBe(400);
    expect((await rest('/v1/models/missing:predict', '{"instances": [1.0]}')).status).toBe(404);
    expect((await rest('/v1/models/hpt:classify', '{"examples": [{"x": 1.0}]}')).status).toBe(400); // serving_default is a predict signature
    expect((await rest('/v1/models/hpt')).status).toBe(200);
    const after = await scrape();
    const delta = (labels: Record<string, string>) => counter(after, REQUEST_COUNT, labels) - counter(before, REQUEST_COUNT, labels);
    expect(delta({ model_name: 'hpt', status: 'OK' })).toBe(4);
    expect(delta({ model_name: 'hpt', status: 'INVALID_ARGUMENT' })).toBe(2);
    expect(delta({ model_name: 'missing', status: 'NOT_FOUND' })).toBe(1);
    const latency = (text: string, api: string) => histogramCount(text, LATENCY, `model_name="hpt",API="${api}",entrypoint="REST"`);
    expect(latency(after, 'predict') - latency(before, 'predict')).toBe(3);
    // A GET (model status) is timed with an empty API label: TF Serving's REST handler sets no method for GETs.
    expect(latency(after, '') - latency(before, '')).toBe(1);
    expect(after).toMatch(/:tensorflow:serving:request_latency_bucket\{model_name="hpt",API="predict",entrypoint="REST",le="\+Inf"\} \d+/);
  });

  it('counts gRPC Predict calls with entrypoint GRPC, errors by their code', async () => {
    const before = await scrape();
    expect(await predict({ model_spec: { name: 'hpt' }, inputs: { x: floatX } })).toBeNull();
    expect((await predict({ model_spec: { name: 'missing' }, inputs: { x: floatX } }))?.code).toBe(grpc.status.NOT_FOUND);
    expect((await predict({ model_spec: { name: 'hpt' }, inputs: { nope: floatX } }))?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect((await predict({ model_spec: { name: 'hpt', signature_name: 'nope' }, inputs: { x: floatX } }))?.code).toBe(grpc.status.FAILED_PRECONDITION);
    const after = await scrape();
    const delta = (labels: Record<string, string>) => counter(after, REQUEST_COUNT, labels) - counter(before, REQUEST_COUNT, labels);
    expect(delta({ model_name: 'hpt', status: 'OK' })).toBe(1);
    expect(delta({ model_name: 'missing', status: 'NOT_FOUND' })).toBe(1);
    expect(delta({ model_name: 'hpt', status: 'INVALID_ARGUMENT' })).toBe(1);
    expect(delta({ model_name: 'hpt', status: 'FAILED_PRECONDITION' })).toBe(1);
    const grpcLatency = (text: string) => histogramCount(text, LATENCY, 'model_name="hpt",API="Predict",entrypoint="GRPC"');
    expect(grpcLatency(after) - grpcLatency(before)).toBe(1);
  });

  it('counts each SavedModel load by its version directory, and the warm-up replay', async () => {
    const text = await scrape();
    expect(counter(text, ':tensorflow:cc:saved_model:load_attempt_count', { model_path: hptPath, status: 'success' })).toBe(1);
    expect(counter(text, ':tensorflow:cc:saved_model:load_latency', { model_path: hptPath })).toBeGreaterThan(0);
    // assets_extra_model has 3 PredictionLog records in assets.extra/tf_serving_warmup_requests.
    expect(counter(text, ':tensorflow:serving:model_warmup_records_read', { model_path: warmPath, status: 'OK' })).toBe(3);
    expect(histogramCount(text, ':tensorflow:serving:model_warmup_latency', `model_path="${warmPath}",status="OK"`)).toBe(1);
  });
});

describe('where the page is', () => {
  it('serves it at prometheus_config.path only, and not at all when disabled', async () => {
    const custom = await startModelServer({ models: [], restPort: 0, host: '127.0.0.1', pollSeconds: 0, log: () => undefined, prometheusPath: '/metrics' });
    const off = await startModelServer({ models: [], restPort: 0, host: '127.0.0.1', pollSeconds: 0, log: () => undefined, prometheusPath: null });
    try {
      expect((await fetch(`${custom.rest.url}/metrics`)).status).toBe(200);
      expect(await (await fetch(`${custom.rest.url}/metrics`)).text()).toContain('# TYPE :tensorflow:serving:request_count counter');
      expect((await fetch(`${custom.rest.url}/monitoring/prometheus/metrics`)).status).toBe(404);
      expect((await fetch(`${off.rest.url}/monitoring/prometheus/metrics`)).status).toBe(404);
    } finally {
      await Promise.all([custom.close(), off.close()]);
    }
  });
});
