// Picks the ModelStore for a location: `s3://bucket/prefix` → S3ModelStore, anything else → a local directory.
import type { S3Client } from '@aws-sdk/client-s3';
import { LocalModelStore } from './local-store.ts';
import { S3ModelStore } from './s3-store.ts';
import type { ModelStore } from './store.ts';

export interface OpenModelStoreOptions {
  /** The S3 client for s3:// URLs. Default: defaultS3Client(). */
  s3Client?: S3Client;
}

/**
 * @example openModelStore('s3://my-bucket/models'); openModelStore('/srv/models');
 */
export function openModelStore(url: string, options: OpenModelStoreOptions = {}): ModelStore {
  if (url.startsWith('s3://')) return S3ModelStore.fromUrl(url, options.s3Client ? { client: options.s3Client } : {});
  return new LocalModelStore({ root: url.startsWith('file://') ? new URL(url).pathname : url });
}
