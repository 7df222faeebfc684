// The deployed pair under stress, over moto with real S3→SQS notifications: a new version is uploaded file by
// file, slowly, each upload's event delivered to functions/rollout.ts, while functions/api.ts answers
// predicts continuously. Every answer must come from a complete, validated version: v1 (2.5) until v2 is
// published, then v2 (3.5), never an error; a corrupt v3 ends FAILED and is never served.
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { S3ModelStore } from '../../lib/registry/index.ts';
import { httpApiEvent, lambdaContext } from '../helpers/apigw-event.ts';
import { halfPlusThreeFiles } from '../helpers/half-plus-three.ts';
import { HALF_PLUS_TWO_V1 } from '../helpers/model-dirs.ts';
import { freshBucket, s3TestClient } from '../helpers/s3.ts';
import { createQueue, drainQueue, lambdaSqsEvent, notifyQueueOnCreate } from '../helpers/sqs.ts';
import { putVersion } from '../helpers/version-upload.ts';

type Handler = (event: unknown, context: unknown) => Promise<any>;
let api: Handler;
let rollout: Handler;
let store: S3ModelStore;
let queue: { url: string; arn: string };

/** Delivers whatever S3 queued since the last call to the rollout function; returns its result states. */
async function deliverEvents(): Promise<string[]> {
  const messages = await drainQueue(queue.url);
  if (!messages.length) return [];
  const summary = await rollout(lambdaSqsEvent(messages, queue.arn), lambdaContext(300_000));
  return summary.results.map((r: { version: string; state: string }) => `${r.version}:${r.state}`);
}

beforeAll(async () => {
  const client = s3TestClient();
  const bucket = await freshBucket(client);
  store = new S3ModelStore({ bucket, prefix: 'models', client });
  queue = await createQueue(`rollout-${bucket}`);
  await notifyQueueOnCreate(client, bucket, queue.arn, 'models/');
  Object.assign(process.env, {
    MODELS_BUCKET: bucket, MODELS_PREFIX: 'models', MANIFEST_TTL_MS: '0', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1769',
    AWS_ENDPOINT_URL_S3: inject('s3Endpoint'), AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
  });
  vi.spyOn(console, 'log').mockImplementation(() => {});
  api = (await import('../../functions/api.ts')).handler as unknown as Handler;
  rollout = (await import('../../functions/rollout.ts')).handler as unknown as Handler;
  await putVersion(store, 'm', '1', HALF_PLUS_TWO_V1);
  expect(await deliverEvents()).toContain('1:AVAILABLE');
}, 60_000);
afterAll(() => vi.restoreAllMocks());

describe('upload while serving', () => {
  it('serves only complete, validated versions while v2 arrives file by file', async () => {
    const answers: string[] = [];
    let stop = false;
    const predicting = (async () => {
      while (!stop) {
        const r = await api(httpApiEvent('POST', '/v1/models/m:predict', '{"instances": [1.0]}'), lambdaContext());
        answers.push(r.statusCode === 200 ? String(JSON.parse(r.body).predictions[0]) : `HTTP ${r.statusCode}: ${r.body}`);
      }
    })();
    const states: string[] = [];
    for (const [path, bytes] of await halfPlusThreeFiles()) {
      await store.writeFile('m', '2', path, bytes);
      await new Promise((r) => setTimeout(r, 30)); // slow uploader: predicts interleave
      states.push(...(await deliverEvents()));
      if (!states.includes('2:AVAILABLE')) expect(answers.every((a) => a === '2.5'), answers.join(' ')).toBe(true);
    }
    const seenV2 = answers.length;
    while (answers.length < seenV2 + 5) await new Promise((r) => setTimeout(r, 10));
    stop = true;
    await predicting;

    expect(states.filter((s) => s.startsWith('2:')).slice(0, -1).every((s) => s === '2:PENDING'), states.join(' ')).toBe(true);
    expect(states.at(-1)).toBe('2:AVAILABLE');
    expect(answers.every((a) => a === '2.5' || a === '3.5'), answers.filter((a) => a !== '2.5' && a !== '3.5').join('\n')).toBe(true);
    const firstNew = answers.indexOf('3.5');
    expect(firstNew).toBeGreaterThan(0);
    expect(answers.slice(firstNew).every((a) => a === '3.5')).toBe(true);
  }, 120_000);

  it('records a corrupt upload FAILED and keeps serving the last good version', async () => {
    const files = await halfPlusThreeFiles();
    for (const [path, bytes] of files) await store.writeFile('m', '3', path, path === 'saved_model.pb' ? bytes.subarray(0, bytes.length - 7) : bytes);
    const states = await deliverEvents();
    expect(states).toContain('3:FAILED');
    const r = await api(httpApiEvent('POST', '/v1/models/m:predict', '{"instances": [1.0]}'), lambdaContext());
    expect(JSON.parse(r.body)).toEqual({ predictions: [3.5] });
    const status = JSON.parse((await api(httpApiEvent('GET', '/v1/models/m'), lambdaContext())).body).model_version_status;
    expect(status[0]).toMatchObject({ version: '3', state: 'END' });
    expect(status[0].status.error_message).not.toBe('');
  }, 60_000);
});
