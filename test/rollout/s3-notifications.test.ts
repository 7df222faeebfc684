// End to end with the S3 event JSON moto really sends: `tf-serverless push` uploads to a bucket whose
// ObjectCreated notifications go to an SQS queue; the queued messages, as the SQS event Lambda would
// hand the rollout function, drive eventsToVersions + rolloutVersion.
import { randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_DOCUMENT, ManifestCache, S3ModelStore } from '../../lib/registry/index.ts';
import { COMMIT_MARKER_PATH, decodeS3Key, eventsToVersions, rolloutVersion } from '../../lib/rollout/index.ts';
import { runCli } from '../helpers/cli.ts';
import { freshBucket, s3TestClient } from '../helpers/s3.ts';
import { createQueue, drainQueue, lambdaSqsEvent, notifyQueueOnCreate, type SqsMessage } from '../helpers/sqs.ts';
import { localFiles } from '../helpers/version-upload.ts';
import { HALF_PLUS_TWO_V1 } from '../helpers/model-dirs.ts';

let client: S3Client;
let bucket: string;
let queue: { url: string; arn: string };
beforeAll(async () => {
  client = s3TestClient();
  bucket = await freshBucket(client);
  queue = await createQueue(`rollout-${randomBytes(4).toString('hex')}`);
  await notifyQueueOnCreate(client, bucket, queue.arn, 'models/');
  await drainQueue(queue.url); // the s3:TestEvent
});
afterAll(() => client.destroy());

const s3KeysOf = (messages: SqsMessage[]): string[] =>
  messages.flatMap((m) => ((JSON.parse(m.Body) as { Records?: { s3: { object: { key: string } } }[] }).Records ?? []).map((r) => decodeS3Key(r.s3.object.key)!));

describe('push → S3 notification → SQS → rollout', () => {
  it('publishes a pushed version from the queued events, the commit marker being the last event', async () => {
    const pushed = await runCli(['push', HALF_PLUS_TWO_V1, `s3://${bucket}/models/hpt/1`]);
    expect(pushed.code, pushed.stderr).toBe(0);
    const messages = await drainQueue(queue.url);
    const keys = s3KeysOf(messages);
    expect([...keys].sort()).toEqual([...localFiles(HALF_PLUS_TWO_V1).map((f) => `models/hpt/1/${f.path}`), `models/hpt/1/${COMMIT_MARKER_PATH}`].sort());
    expect(keys.at(-1)).toBe(`models/hpt/1/${COMMIT_MARKER_PATH}`);
    expect(JSON.parse(messages[0].Body)).toMatchObject({ Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucket } } }] });

    const event = lambdaSqsEvent(messages, queue.arn);
    expect(eventsToVersions(event, 'models')).toEqual([{ model: 'hpt', dirName: '1' }]);
    const store = new S3ModelStore({ bucket, prefix: 'models', client });
    expect(await rolloutVersion(store, 'hpt', '1')).toMatchObject({ state: 'AVAILABLE', version: 1n });
    expect((await new ManifestCache(store, { ttlMs: 0 }).get('hpt'))!.versions.get(1n)?.files).toEqual(localFiles(HALF_PLUS_TWO_V1));
  });

  it('publishes once (generation 1) when every event of a version runs its own rollout at the same time', async () => {
    const store = new S3ModelStore({ bucket, prefix: 'models', client });
    const pushed = await runCli(['push', HALF_PLUS_TWO_V1, `s3://${bucket}/models/burst/00000004`]);
    expect(pushed.code, pushed.stderr).toBe(0);
    // The queue also holds the event of the previous test's manifest write (S3 filters cannot exclude it).
    const refs = lambdaSqsEvent(await drainQueue(queue.url), queue.arn).Records.flatMap((r) => eventsToVersions({ Records: [r] }, 'models'));
    expect(refs.length).toBe(localFiles(HALF_PLUS_TWO_V1).length + 1);
    // One Lambda invocation per message, without the batch's deduplication: the worst case.
    const results = await Promise.all(refs.map((ref) => rolloutVersion(store, ref.model, ref.dirName)));
    const states = results.map((r) => r.state);
    expect(states.filter((s) => s === 'AVAILABLE')).toHaveLength(1);
    expect(states.filter((s) => s !== 'AVAILABLE').every((s) => s === 'UNCHANGED' || s === 'PENDING')).toBe(true);
    const manifest = (await new ManifestCache(store, { ttlMs: 0 }).get('burst'))!;
    expect(manifest.generation).toBe(1);
    expect(manifest.versions.get(4n)?.state).toBe('AVAILABLE');
    expect(await store.readDocument('other', MANIFEST_DOCUMENT)).toBeNull();
  });
});
