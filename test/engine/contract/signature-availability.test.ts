// The engine contract seen by clients (issue 9 items 2-4): a signature that cannot run answers UNIMPLEMENTED
// naming op and node (501 over REST, UNIMPLEMENTED over gRPC) while the model's other signatures serve and its
// metadata still lists it; a request the model cannot take is INVALID_ARGUMENT (400), never 500 or a wrong
// number. The same cases in-process (lib/api), over HTTP (lib/server) and over gRPC (lib/grpc).
import { status as grpcStatus } from '@grpc/grpc-js';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handleRestRequest } from '../../../lib/api/index.ts';
import { decodeTensorProto, encodeTensorProto, type HostTensor } from '../../../lib/tensor/index.ts';
import { type RestServer, startRestServer } from '../../../lib/server/index.ts';
import { DirProvider } from '../../helpers/dir-provider.ts';
import { BUNDLED_MODELS, REPO_ROOT } from '../../helpers/fixtures.ts';
import { useGrpcServer } from '../../grpc/grpc-harness.ts';

const MODELS = {
  partial: join(REPO_ROOT, 'test/fixtures/zoo/contract/partial_signatures'),
  digits: join(BUNDLED_MODELS, 'digits'),
  half_plus_two: join(BUNDLED_MODELS, 'half_plus_two'),
};

interface Case { scenario: string; path: string; body: string; status: number; error?: RegExp; answer?: unknown }

const row = '[1.0, 2.0, 3.0, 4.0]';
const CASES: Case[] = [
  { scenario: 'the runnable signature of a partly runnable model serves', path: '/v1/models/partial:predict', body: `{"instances": [${row}]}`, status: 200, answer: { predictions: [[3, 5, 7, 9]] } },
  {
    scenario: 'a signature using an op nobody implements is 501 naming op and node',
    path: '/v1/models/partial:predict', body: `{"signature_name": "log_gamma", "instances": [${row}]}`, status: 501,
    error: /signature 'log_gamma' cannot run on the portable engine \(wasm backend\): op 'Lgamma' \(node '[^']*Lgamma'\)/,
  },
  {
    scenario: 'a signature needing kernels the wasm backend lacks is 501 naming the kernel',
    path: '/v1/models/partial:predict', body: `{"signature_name": "spectrum", "instances": [${row}]}`, status: 501,
    error: /op 'RFFT' \(node '[^']*rfft'\) is not supported by the portable engine: TensorFlow.js kernel 'FFT' is not registered for backend 'wasm'/,
  },
  {
    scenario: 'a wrong-shape input ({"instances": [1.0]} to a [-1,64] model) is 400 with the kernel text and the shapes',
    path: '/v1/models/digits:predict', body: '{"instances": [1.0]}', status: 400,
    error: /matMul.*\(input 'pixels' has shape \[1\] where the signature declares \[-1,64\]\)/,
  },
  {
    scenario: 'a rank-7 input the wasm kernels would compute wrongly is 400, not 200 with garbage',
    path: '/v1/models/half_plus_two:predict', body: '{"instances": [[[[[[[1.0]]]]]]]}', status: 400,
    error: /input 'x' has rank 7 .*wasm backend computes tensors of rank at most 6/,
  },
  { scenario: 'rank 6 is computed correctly', path: '/v1/models/half_plus_two:predict', body: '{"instances": [[[[[[1.0]]]]]]}', status: 200, answer: { predictions: [[[[[[2.5]]]]]] } },
];

function expectAnswer(c: Case, status: number, body: string): void {
  expect({ status, body }).toMatchObject({ status: c.status });
  const json = JSON.parse(body);
  if (c.error) expect(json.error).toMatch(c.error);
  if (c.answer) expect(json).toEqual(c.answer);
}

const provider = new DirProvider({ models: MODELS });
const internalErrors: unknown[] = [];
afterAll(() => provider.dispose());

describe('in-process REST (lib/api)', () => {
  it.each(CASES.map((c) => [c.scenario, c] as const))('%s', async (_s, c) => {
    const res = await handleRestRequest({ method: 'POST', path: c.path, body: c.body }, provider, { onInternalError: (e) => internalErrors.push(e) });
    expectAnswer(c, res.status, res.body);
    expect(internalErrors).toEqual([]);
  });

  it('lists an unavailable signature in the metadata', async () => {
    const res = await handleRestRequest({ method: 'GET', path: '/v1/models/partial/metadata', body: '' }, provider);
    expect(res.status).toBe(200);
    const sigs = JSON.parse(res.body).metadata.signature_def.signature_def;
    expect(Object.keys(sigs)).toEqual(expect.arrayContaining(['serving_default', 'spectrum', 'log_gamma']));
  });
});

describe('REST over HTTP (lib/server)', () => {
  let server: RestServer;
  beforeAll(async () => {
    server = await startRestServer({ provider, port: 0, host: '127.0.0.1' });
  });
  afterAll(() => server.close());
  it.each(CASES.map((c) => [c.scenario, c] as const))('%s', async (_s, c) => {
    const res = await fetch(server.url + c.path, { method: 'POST', body: c.body });
    expectAnswer(c, res.status, await res.text());
  });
});

describe('gRPC Predict (lib/grpc)', () => {
  const grpc = useGrpcServer({ models: MODELS });
  afterEach(() => expect(grpc.internalErrors).toEqual([]));
  const floats = (shape: number[], values: number[]): HostTensor => ({ dtype: 'DT_FLOAT', shape, data: Float32Array.from(values) });

  it('serves the runnable signature', async () => {
    const res = await grpc.call('Predict', { model_spec: { name: 'partial' }, inputs: { x: encodeTensorProto(floats([1, 4], [1, 2, 3, 4])) } });
    expect(Array.from(decodeTensorProto(res.outputs.y, 'y').data as Float32Array)).toEqual([3, 5, 7, 9]);
  });

  it('answers UNIMPLEMENTED naming op and node for the unrunnable one', async () => {
    const e = await grpc.errorOf('Predict', { model_spec: { name: 'partial', signature_name: 'log_gamma' }, inputs: { x: encodeTensorProto(floats([1, 4], [1, 2, 3, 4])) } });
    expect(e.code).toBe(grpcStatus.UNIMPLEMENTED);
    expect(e.details).toMatch(/op 'Lgamma' \(node '[^']*Lgamma'\)/);
  });

  it('answers INVALID_ARGUMENT for a wrong-shape input', async () => {
    const e = await grpc.errorOf('Predict', { model_spec: { name: 'digits' }, inputs: { pixels: encodeTensorProto(floats([1], [1])) } });
    expect(e.code).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(e.details).toMatch(/input 'pixels' has shape \[1\] where the signature declares \[-1,64\]/);
  });

  it("answers INVALID_ARGUMENT in TensorFlow's words for a dtype the graph does not take", async () => {
    const x = { dtype: 2, tensor_shape: { dim: [{ size: 1 }] }, double_val: [1] };
    const e = await grpc.errorOf('Predict', { model_spec: { name: 'half_plus_two' }, inputs: { x } });
    expect(e.code).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(e.details).toBe('Expects arg[0] to be float but double is provided');
  });

  it('answers INVALID_ARGUMENT for a rank the wasm kernels cannot compute', async () => {
    const e = await grpc.errorOf('Predict', { model_spec: { name: 'half_plus_two' }, inputs: { x: encodeTensorProto(floats([1, 1, 1, 1, 1, 1, 1], [1])) } });
    expect(e.code).toBe(grpcStatus.INVALID_ARGUMENT);
  });
});
