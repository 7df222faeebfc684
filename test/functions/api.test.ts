// functions/api.ts, the deployed handler, driven with real API Gateway v2 event objects over models published
// in S3 (moto on loopback): the REST contract table a third time, plus warm-up, health, payload limits.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { S3ModelStore } from '../../lib/registry/index.ts';
import { expectAnswer, REST_CASES } from '../api/rest-cases.ts';
import { httpApiEvent, lambdaContext } from '../helpers/apigw-event.ts';
import { publishVersion } from '../helpers/published-models.ts';
import { freshBucket, s3TestClient } from '../helpers/s3.ts';
import { inject } from 'vitest';
import { HALF_PLUS_TWO_V1, DIGITS_V1 } from '../helpers/model-dirs.ts';

let handler: (event: unknown, context: unknown) => Promise<any>; // the middy handler, called as Lambda calls it
const logs: string[] = [];

beforeAll(async () => {
  const client = s3TestClient();
  const bucket = await freshBucket(client);
  const store = new S3ModelStore({ bucket, prefix: 'models', client });
  await publishVersion(store, 'half_plus_two', 1n, HALF_PLUS_TWO_V1, { labels: { stable: 1n } });
  await publishVersion(store, 'digits', 1n, DIGITS_V1);
  Object.assign(process.env, {
    MODELS_BUCKET: bucket,
    MODELS_PREFIX: 'models',
    AWS_ENDPOINT_URL_S3: inject('s3Endpoint'),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    HOT_MODELS: 'digits',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1769',
  });
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logs.push(String(line)));
  handler = (await import('../../functions/api.ts')).handler as unknown as typeof handler;
});
afterAll(() => vi.restoreAllMocks());

describe('functions/api.ts with API Gateway v2 events', () => {
  it('answers a warm-up event before any REST logic, loading the hot models', async () => {
    const reply = await handler({ warmer: true, models: [] }, lambdaContext());
    expect(reply).toEqual({ warmed: true, coldStart: true, loaded: ['digits'], forwarded: [], failed: [] });
    const again = await handler({ warmer: true, models: ['half_plus_two', 'nope'] }, lambdaContext());
    expect(again.coldStart).toBe(false);
    expect(again.loaded).toEqual(['half_plus_two']);
    expect(again.failed).toEqual([{ model: 'nope', message: 'Servable not found for request: Latest(nope)' }]);
  });

  it.each(REST_CASES.map((c) => [c.scenario, c] as const))('%s', async (_s, c) => {
    const result = await handler(httpApiEvent(c.method, c.path, c.method === 'GET' ? undefined : (c.body ?? '')), lambdaContext());
    expectAnswer(c, result.statusCode, result.headers['Content-Type'], result.body);
  });

  it('refuses a request body over Lambda\'s 6 MB limit with 413', async () => {
    const result = await handler(httpApiEvent('POST', '/v1/models/half_plus_two:predict', ' '.repeat(7 * 1024 * 1024)), lambdaContext());
    expect(result.statusCode).toBe(413);
    expect(JSON.parse(result.body).error).toMatch(/Request body of \d+ bytes is over AWS Lambda's 6 MB payload limit/);
  });

  it('decodes a base64 body', async () => {
    const result = await handler(httpApiEvent('POST', '/v1/models/half_plus_two:predict', '{"instances": [1.0]}', { base64: true }), lambdaContext());
    expect(JSON.parse(result.body)).toEqual({ predictions: [2.5] });
  });

  it('answers /healthz', async () => {
    const result = await handler(httpApiEvent('GET', '/healthz'), lambdaContext());
    expect(result.statusCode).toBe(200);
  });

  it('answers a response over Lambda\'s 6 MB limit with 413, not a broken invocation', async () => {
    const body = `{"instances": [${Array(1_800_000).fill('1').join(',')}]}`; // 3.6 MB in, "2.5," × 1.8M = 7.2 MB out
    const result = await handler(httpApiEvent('POST', '/v1/models/half_plus_two:predict', body), lambdaContext());
    expect(result.statusCode).toBe(413);
    expect(JSON.parse(result.body).error).toMatch(/6 MB payload limit: send fewer instances/);
  });

  it('emits CloudWatch EMF lines for cold start and cache events', () => {
    const emf = logs.filter((l) => l.startsWith('{"_aws"')).map((l) => JSON.parse(l));
    const kinds = new Set(emf.map((e) => e._aws.CloudWatchMetrics[0].Metrics[0].Name));
    expect(kinds).toContain('cold_start');
    expect(kinds).toContain('load');
    expect(kinds).toContain('cache_hit');
  });
});
