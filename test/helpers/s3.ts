// S3 clients and buckets for tests against the moto_server that test/global-setup.ts starts.
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';

/** A client for the test endpoint: path-style, dummy credentials, us-east-1. */
export function s3TestClient(options: { endpoint?: string; maxAttempts?: number } = {}): S3Client {
  return new S3Client({
    endpoint: options.endpoint ?? inject('s3Endpoint'),
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
  });
}

/** Creates a new, empty bucket with a unique name (one per test file, so files never share state). */
export async function freshBucket(client: S3Client = s3TestClient()): Promise<string> {
  const bucket = `test-${randomBytes(6).toString('hex')}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}
