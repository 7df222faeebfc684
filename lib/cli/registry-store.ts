// Opens the model store a CLI command names (--registry, push's destination) for the length of one
// command: an S3 client with the SDK's standard settings (AWS_REGION, AWS_ENDPOINT_URL_S3, credentials
// chain) for s3:// URLs, destroyed afterwards so no keep-alive socket holds the process open.
import type { S3Client } from '@aws-sdk/client-s3';
import { defaultS3Client, openModelStore, type ModelStore } from '../registry/index.ts';

/** @example await withStore('s3://bucket/models', (store) => setLabel(store, 'digits', 'stable', 2n)); */
export async function withStore<T>(url: string, fn: (store: ModelStore, s3Client?: S3Client) => Promise<T>): Promise<T> {
  const s3Client = url.startsWith('s3://') ? await defaultS3Client() : undefined;
  try {
    return await fn(openModelStore(url, s3Client ? { s3Client } : {}), s3Client);
  } finally {
    s3Client?.destroy();
  }
}
