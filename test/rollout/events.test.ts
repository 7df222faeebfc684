// eventsToVersions over hand-written event shapes (no network). The same function over the S3 event JSON
// that moto really delivers through SQS is in s3-notifications.test.ts.
import { describe, expect, it } from 'vitest';
import { decodeS3Key, eventsToVersions } from '../../lib/rollout/index.ts';

/** An S3 notification record as AWS documents it (S3 user guide, "Event message structure", eventVersion 2.1). */
function s3Record(key: string, eventName = 'ObjectCreated:Put'): Record<string, unknown> {
  return {
    eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'us-east-1', eventTime: '2025-01-01T00:00:00.000Z', eventName,
    s3: { s3SchemaVersion: '1.0', configurationId: 'rollout', bucket: { name: 'bkt', arn: 'arn:aws:s3:::bkt' }, object: { key, size: 1, eTag: '0cc175b9c0f1b6a831c399e269772661', sequencer: '0055AED6DCD90281E5' } },
  };
}
const s3Event = (...keys: string[]) => ({ Records: keys.map((k) => s3Record(k)) });
const sqsEvent = (...bodies: unknown[]) => ({ Records: bodies.map((b, i) => ({ messageId: `m${i}`, eventSource: 'aws:sqs', body: typeof b === 'string' ? b : JSON.stringify(b) })) });

describe('eventsToVersions', () => {
  it.each([
    ['a direct S3 notification', s3Event('models/digits/3/saved_model.pb'), [{ model: 'digits', dirName: '3' }]],
    ['a nested file and a zero-padded version', s3Event('models/digits/00000003/variables/variables.index'), [{ model: 'digits', dirName: '00000003' }]],
    ['an SQS event carrying S3 notifications', sqsEvent(s3Event('models/a/1/x'), s3Event('models/b/2/y')), [{ model: 'a', dirName: '1' }, { model: 'b', dirName: '2' }]],
    ['S3 → SNS → SQS', sqsEvent({ Type: 'Notification', Message: JSON.stringify(s3Event('models/a/1/x')) }), [{ model: 'a', dirName: '1' }]],
    ['URL-encoded keys (%2F, + for space)', s3Event('models%2Fmy.model%2F7%2Fassets%2Fa+b.txt'), [{ model: 'my.model', dirName: '7' }]],
  ])('finds the version in %s', (_scenario, event, expected) => {
    expect(eventsToVersions(event, 'models')).toEqual(expected);
  });

  it('deduplicates the many events of one version, keeping first-seen order', () => {
    const event = sqsEvent(s3Event('models/m/2/saved_model.pb', 'models/m/1/a'), s3Event('models/m/2/variables/variables.index'), s3Event('models/m/2/.tf-serverless-commit.json'));
    expect(eventsToVersions(event, 'models')).toEqual([{ model: 'm', dirName: '2' }, { model: 'm', dirName: '1' }]);
  });

  it.each([
    ['the manifest', s3Event('models/m/manifest.json')],
    ['a key under another prefix', s3Event('other/m/1/saved_model.pb')],
    ['a non-version directory', s3Event('models/m/tmp/saved_model.pb')],
    ['a folder placeholder', s3Event('models/m/1/')],
    ['an invalid model name', s3Event('models/..%2F/1/x')],
    ['the s3:TestEvent S3 sends when notifications are configured', sqsEvent({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2025-01-01T00:00:00.000Z', Bucket: 'bkt' })],
    ['an SQS body that is not JSON', sqsEvent('hello')],
    ['an ObjectRemoved event', { Records: [s3Record('models/m/1/saved_model.pb', 'ObjectRemoved:Delete')] }],
    ['a malformed %-escape', s3Event('models/m/1/%E0%A4%A')],
    ['something that is not an event', 'models/m/1/x'],
  ])('skips %s', (_scenario, event) => {
    expect(eventsToVersions(event, 'models')).toEqual([]);
  });

  it('accepts a prefix with slashes around it, and the bucket root as prefix', () => {
    expect(eventsToVersions(s3Event('serving/models/m/1/x'), '/serving/models/')).toEqual([{ model: 'm', dirName: '1' }]);
    expect(eventsToVersions(s3Event('m/1/x'), '')).toEqual([{ model: 'm', dirName: '1' }]);
  });

  it('decodes keys as AWS encodes them', () => {
    expect(decodeS3Key('a+b%2Bc%3D%25.txt')).toBe('a b+c=%.txt');
  });
});
