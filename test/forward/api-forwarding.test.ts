// The done-when of issue 15, end to end: a version rollout publishes as heavy is answered through the api function
// (functions/api.ts fed API Gateway v2 events, models in S3 = moto) by the heavy target running locally as a
// process (`tf-serverless serve`), with the target's answer returned unchanged. With the native engine built
// (TF_SERVERLESS_TFJS_NODE), the version is one the portable engine refuses (Lgamma, Digamma) and the answers are
// TensorFlow's goldens; without it, half_plus_two made heavy by heavy.maxModelBytes, served by the portable engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { nativeEngineAvailable } from '../../lib/engine/index.ts';
import { S3ModelStore } from '../../lib/registry/index.ts';
import { rolloutVersion } from '../../lib/rollout/index.ts';
import { diffJson } from '../api/golden-cases.ts';
import { parseJson } from '../../lib/api/json/json-parse.ts';
import { httpApiEvent, lambdaContext } from '../helpers/apigw-event.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { HALF_PLUS_TWO_V1 } from '../helpers/model-dirs.ts';
import { publishVersion } from '../helpers/published-models.ts';
import { freshBucket, s3TestClient } from '../helpers/s3.ts';
import { type ServeProcess, startServe } from '../helpers/serve-process.ts';
import { putVersion } from '../helpers/version-upload.ts';

const native = await nativeEngineAvailable();
const HEAVY_DIR = join(REPO_ROOT, 'test/fixtures/heavy/special_functions');
const MODEL = native ? 'special_functions' : 'half_plus_two_big';
const goldens = native ? (JSON.parse(readFileSync(`${HEAVY_DIR}.golden.json`, 'utf8')).cases as { request_body: string; response: unknown; atol: number; rtol: number }[]) : [];

let target: ServeProcess;
let handler: (event: unknown, context: unknown) => Promise<any>;

beforeAll(async () => {
  const client = s3TestClient();
  const bucket = await freshBucket(client);
  const store = new S3ModelStore({ bucket, prefix: 'models', client });
  await putVersion(store, MODEL, '1', native ? join(HEAVY_DIR, '1') : HALF_PLUS_TWO_V1, { marker: true });
  const published = await rolloutVersion(store, MODEL, '1', { config: { heavy: native ? {} : { maxModelBytes: 100 } } });
  expect(published.state).toBe('AVAILABLE');
  await publishVersion(store, 'half_plus_two', 1n, HALF_PLUS_TWO_V1);
  target = await startServe([
    '--rest_api_port=0', '--host=127.0.0.1', `--model_name=${MODEL}`, `--engine=${native ? 'native' : 'portable'}`,
    `--model_base_path=${native ? HEAVY_DIR : join(HALF_PLUS_TWO_V1, '..')}`,
  ], { timeoutMs: 60_000 });
  Object.assign(process.env, {
    MODELS_BUCKET: bucket, MODELS_PREFIX: 'models', AWS_ENDPOINT_URL_S3: inject('s3Endpoint'), AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', HEAVY_TARGET_URL: target.url,
  });
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  handler = (await import('../../functions/api.ts')).handler as unknown as typeof handler;
}, 120_000);
afterAll(async () => {
  await target?.stop();
  vi.restoreAllMocks();
});

const predict = (model: string, body: string) => handler(httpApiEvent('POST', `/v1/models/${model}:predict`, body), lambdaContext());

describe('the api function forwards heavy versions to the heavy target', () => {
  it.skipIf(!native)('answers a version the portable engine refuses with TensorFlow\'s answers', async () => {
    for (const c of goldens) {
      const r = await predict(MODEL, c.request_body);
      expect(r.statusCode).toBe(200);
      expect(diffJson(parseJson(r.body), parseJson(JSON.stringify(c.response)), c.atol, c.rtol)).toBeUndefined();
    }
  });

  it.each([
    ['an answer', '{"instances": [[1.0, 2.0, 3.0]]}'],
    ['an error', '{"instances": "not a list"}'],
  ])('returns %s of the heavy target unchanged (status, body, content type)', async (_s, body) => {
    const direct = await fetch(`${target.url}/v1/models/${MODEL}:predict`, { method: 'POST', body });
    const r = await predict(MODEL, body);
    expect(r.statusCode).toBe(direct.status);
    expect(r.body).toBe(await direct.text());
    expect(r.headers['content-type']).toBe(direct.headers.get('content-type'));
  });

  it('answers the heavy model\'s status from the manifest', async () => {
    const r = await handler(httpApiEvent('GET', `/v1/models/${MODEL}`), lambdaContext());
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body).model_version_status).toEqual([{ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }]);
  });

  it('keeps a heavy model out of this container on a keep-warm: reported as forwarded, not loaded', async () => {
    const reply = await handler({ warmer: true, models: [MODEL, 'half_plus_two'] }, lambdaContext());
    expect(reply).toMatchObject({ warmed: true, loaded: ['half_plus_two'], forwarded: [MODEL], failed: [] });
  });

  it('answers a model that is not heavy itself', async () => {
    const r = await predict('half_plus_two', '{"instances": [1.0]}');
    expect(JSON.parse(r.body)).toEqual({ predictions: [2.5] });
  });

  it('answers 503 when the heavy target is down', async () => {
    await target.stop();
    const r = await predict(MODEL, '{"instances": [[1.0, 2.0, 3.0]]}');
    expect(r.statusCode).toBe(503);
    expect(JSON.parse(r.body).error).toMatch(/^the heavy target http:\/\/127\.0\.0\.1:\d+ did not answer/);
  });
});
