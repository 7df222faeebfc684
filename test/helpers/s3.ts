// S3 clients and buckets for tests against the moto_server that test/global-setup.ts starts.
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, inject } from 'vitest';
import { S3ModelStore } from '../../lib/registry/index.ts';

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

export interface TestBucket {
  readonly client: S3Client;
  readonly bucket: string;
  /** An S3ModelStore under a fresh prefix of the bucket, so tests in one file never share state. */
  store(options?: { prefix?: string; pageSize?: number }): S3ModelStore;
}

/** One client and one bucket for the calling test file: made in beforeAll, the client destroyed in afterAll. */
export function useTestBucket(): TestBucket {
  let client: S3Client | undefined;
  let bucket: string | undefined;
  beforeAll(async () => {
    client = s3TestClient();
    bucket = await freshBucket(client);
  });
  afterAll(() => client?.destroy());
  return {
    get client() {
      return client!;
    },
    get bucket() {
      return bucket!;
    },
    store: (options = {}) =>
      new S3ModelStore({ bucket: bucket!, client: client!, prefix: options.prefix ?? `models-${randomBytes(4).toString('hex')}`, ...(options.pageSize ? { pageSize: options.pageSize } : {}) }),
  };
}
