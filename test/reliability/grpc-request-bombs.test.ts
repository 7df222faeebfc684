// gRPC request bombs of a few dozen bytes (issue 10): dims that fill gigabytes from one value, shapes past
// 2^53, all answered with TF Serving's codes before anything big is allocated; other clients keep working.
import { status } from '@grpc/grpc-js';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODELS } from '../helpers/fixtures.ts';
import { useGrpcServer } from '../grpc/grpc-harness.ts';

const grpc = useGrpcServer({ models: { half_plus_two: join(BUNDLED_MODELS, 'half_plus_two') } }, { maxRequestTensorBytes: 64 * 1024 * 1024 });

const dims = (...sizes: (number | string)[]) => ({ dim: sizes.map((size) => ({ size })) });
const predict = (x: object) => ({ model_spec: { name: 'half_plus_two' }, inputs: { x: { dtype: 1, ...x } } });

beforeAll(async () => {
  // The provider loads the model on first use: load it before the timed bombs.
  await grpc.call('Predict', predict({ tensor_shape: dims(1), float_val: [1] }));
});

afterEach(() => {
  expect(grpc.provider.outstanding).toBe(0);
  expect(grpc.internalErrors).toEqual([]);
});


describe('gRPC request bombs', () => {
  it.each([
    ['dims [1e9] with one float_val', { tensor_shape: dims(1e9), float_val: [1] }],
    ['dims [1e9] with no values', { tensor_shape: dims(1e9) }],
    ['dims [1e5, 1e5] with one float_val', { tensor_shape: dims(1e5, 1e5), float_val: [1] }],
    ['dims [2^62]', { tensor_shape: dims('4611686018427387904'), float_val: [1] }],
    ['dims [2^31, 2^31, 2^31] (product past 2^63)', { tensor_shape: dims(2 ** 31, 2 ** 31, 2 ** 31) }],
    ['dims [-1]', { tensor_shape: dims(-1), float_val: [1] }],
    ['dims [3] with 8 bytes of tensor_content', { tensor_shape: dims(3), tensor_content: Buffer.alloc(8) }],
  ])('answers INVALID_ARGUMENT "tensor parsing error" for %s, within bounded memory', async (_, x) => {
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const e = await grpc.errorOf('Predict', predict(x));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    expect(e.code).toBe(status.INVALID_ARGUMENT);
    expect(e.details).toBe('tensor parsing error: x');
  });

  it('answers RESOURCE_EXHAUSTED for full tensor_content over the request tensor limit', async () => {
    const bytes = 65 * 1024 * 1024;
    const e = await grpc.errorOf('Predict', predict({ tensor_shape: dims(bytes / 4), tensor_content: Buffer.alloc(bytes) }));
    expect(e.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(e.details).toContain('the request tensor limit');
  });

  it('still answers a normal request after the bombs', async () => {
    const res = await grpc.call('Predict', predict({ tensor_shape: dims(2), float_val: [1, 2] }));
    expect(res.outputs.y.float_val).toEqual([2.5, 3]);
  });
});
