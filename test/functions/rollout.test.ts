// functions/rollout.ts with its store on moto and a recording Lambda client: S3 ObjectCreated events (the
// shape S3 sends directly) → validate and publish, per-model rollout.json options, then one asynchronous
// warm-up invocation for the models that changed.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRolloutHandler, ROLLOUT_CONFIG_DOCUMENT } from '../../functions/rollout.ts';
import { ManifestCache, S3ModelStore } from '../../lib/registry/index.ts';
import { RecordingLambda } from '../deploy/recording-lambda.ts';
import { lambdaContext } from '../helpers/apigw-event.ts';
import { HALF_PLUS_TWO_V1 } from '../helpers/model-dirs.ts';
import { freshBucket, s3TestClient } from '../helpers/s3.ts';
import { putVersion } from '../helpers/version-upload.ts';

let store: S3ModelStore;
let bucket: string;
const lambda = new RecordingLambda(() => ({ reply: null }));

/** An S3 event notification record as S3 delivers it to Lambda (eventVersion 2.1; keys URL-encoded). */
function s3Event(keys: string[]): unknown {
  return {
    Records: keys.map((key) => ({
      eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'us-east-1', eventTime: '2026-11-21T03:30:00.000Z', eventName: 'ObjectCreated:Put',
      s3: { s3SchemaVersion: '1.0', configurationId: 'rollout', bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size: 1, eTag: 'x', sequencer: '0A1B' } },
    })),
  };
}

beforeAll(async () => {
  const client = s3TestClient();
  bucket = await freshBucket(client);
  store = new S3ModelStore({ bucket, prefix: 'models', client });
  vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterAll(() => vi.restoreAllMocks());

describe('functions/rollout.ts', () => {
  const handler = () => createRolloutHandler({ store, prefix: 'models', warmerFunctionName: 'tfs-warmer', client: lambda }) as unknown as (e: unknown, c: unknown) => Promise<any>;

  it('publishes a version once for all its events, applies rollout.json and warms the model', async () => {
    await store.writeDocument('m', ROLLOUT_CONFIG_DOCUMENT, new TextEncoder().encode('{"autoLabels": {"canary": "latest"}}'), { ifNoneMatch: '*' });
    const files = await putVersion(store, 'm', '1', HALF_PLUS_TWO_V1);
    const summary = await handler()(s3Event(files.map((f) => `models/m/1/${f.path}`)), lambdaContext());
    expect(summary.results).toEqual([expect.objectContaining({ model: 'm', version: '1', state: 'AVAILABLE' })]);
    const manifest = (await new ManifestCache(store).get('m'))!;
    expect(manifest.labels.get('canary')).toBe(1n);
    expect(manifest.versions.get(1n)?.validatedBy).toBe('req-1');
    expect(lambda.calls).toEqual([{ functionName: 'tfs-warmer', invocationType: 'Event', payload: { warmer: true, models: ['m'], concurrency: 1 } }]);
  });

  it('does nothing for a duplicate event, and never warms for it', async () => {
    const summary = await handler()(s3Event(['models/m/1/saved_model.pb']), lambdaContext());
    expect(summary.results.map((r: { state: string }) => r.state)).toEqual(['UNCHANGED']);
    expect(lambda.calls).toHaveLength(1);
  });

  it('refuses a malformed rollout.json with a message naming it', async () => {
    await putVersion(store, 'bad', '1', HALF_PLUS_TWO_V1);
    await store.writeDocument('bad', ROLLOUT_CONFIG_DOCUMENT, new TextEncoder().encode('{"autoLabel": {}}'), { ifNoneMatch: '*' });
    await expect(handler()(s3Event(['models/bad/1/saved_model.pb']), lambdaContext())).rejects.toThrow(/bad\/rollout\.json: RolloutConfig: unknown option autoLabel/);
  });
});
