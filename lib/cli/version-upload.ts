// Uploads a local version's files to a model store for `push`: to S3 as parallel multipart uploads
// (`@aws-sdk/lib-storage` Upload: parts of `partSizeBytes`, 4 in flight per file, aborted on error), to
// a local directory store through ModelStore.writeFile. Knows nothing about commit markers or manifests.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { s3ServingError, type ModelStore } from '../registry/index.ts';
import { forEachLimit } from '../io/index.ts';
import type { LocalFile } from './local-version.ts';
import type { ProgressBar } from './progress-bar.ts';

export interface UploadDestination {
  store: ModelStore;
  model: string;
  dirName: string;
  /** For an S3 store: the client, bucket and key prefix the store uses (keys `<prefix>/<model>/<dirName>/<path>`). */
  s3?: { client: S3Client; bucket: string; prefix: string };
}

export interface UploadOptions {
  /** Files uploaded at once. Integer ≥ 1. Default 8. */
  concurrency?: number;
  /** Multipart part size, bytes; S3's minimum is 5 MiB. Default 8 MiB. */
  partSizeBytes?: number;
  progress?: ProgressBar;
}

/** Part uploads in flight per file (lib-storage's queueSize). */
const PARTS_IN_FLIGHT = 4;

/**
 * @example await uploadFiles(files, { store, model: 'digits', dirName: '3', s3: { client, bucket: 'b', prefix: 'models' } });
 */
export async function uploadFiles(files: readonly LocalFile[], dest: UploadDestination, options: UploadOptions = {}): Promise<void> {
  const partSize = options.partSizeBytes ?? 8 * 1024 * 1024;
  await forEachLimit(files, options.concurrency ?? 8, async (file) => {
    if (dest.s3) await uploadToS3(file, dest.s3, `${dest.model}/${dest.dirName}/${file.path}`, partSize, options.progress);
    else {
      await dest.store.writeFile(dest.model, dest.dirName, file.path, new Uint8Array(await readFile(file.fullPath)));
      options.progress?.advance(file.size);
    }
    options.progress?.fileDone(file.path);
  });
}

async function uploadToS3(file: LocalFile, s3: NonNullable<UploadDestination['s3']>, rel: string, partSize: number, progress?: ProgressBar): Promise<void> {
  const key = s3.prefix ? `${s3.prefix}/${rel}` : rel;
  // Small files go as one buffer (one PutObject); larger ones stream, so memory stays ~ partSize × parts in flight.
  const body = file.size < partSize ? await readFile(file.fullPath) : createReadStream(file.fullPath);
  const upload = new Upload({ client: s3.client, params: { Bucket: s3.bucket, Key: key, Body: body }, partSize, queueSize: PARTS_IN_FLIGHT });
  let reported = 0;
  upload.on('httpUploadProgress', (p) => {
    const loaded = Math.min(p.loaded ?? 0, file.size);
    if (loaded > reported) {
      progress?.advance(loaded - reported);
      reported = loaded;
    }
  });
  try {
    await upload.done();
  } catch (e) {
    throw s3ServingError(e, `s3://${s3.bucket}/${key}`, s3.bucket);
  }
  progress?.advance(file.size - reported);
}
